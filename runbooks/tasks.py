"""Celery tasks of the runbooks."""

from celery import shared_task

from . import config_backup


@shared_task
def backup_config() -> str:
    """The daily configuration backup (Celery beat, ``CONFIG_BACKUP_EVERY_S``): the file's path."""
    return str(config_backup.write_backup())
