"""Rule and approved-phrase edits reach every process: bump the shared version once the edit
is committed (the engine reloads both with it)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .engine import RULES_VERSION
from .models import ApprovedPhrase, SafetyRule


@receiver(post_save, sender=SafetyRule)
@receiver(post_delete, sender=SafetyRule)
@receiver(post_save, sender=ApprovedPhrase)
@receiver(post_delete, sender=ApprovedPhrase)
def _rules_changed(**kwargs: object) -> None:
    rules_changed()


def rules_changed() -> None:
    """Bump the version once the current transaction commits: once, however many rows it
    changes (a restore replaces every rule), and not at all if it rolls back."""
    connection = transaction.get_connection()
    pending = [func for _, func, _ in connection.run_on_commit]
    if RULES_VERSION.bump not in pending:
        transaction.on_commit(RULES_VERSION.bump)
