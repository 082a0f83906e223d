"""The starter personal-information regexes are now the PII layer (``safety/pii.py``), which
redacts a child's words and blocks solicitation with one tested set of patterns."""

from django.db import migrations


def remove(apps, schema_editor):
    SafetyRule = apps.get_model("safety", "SafetyRule")
    SafetyRule.objects.filter(
        note="starter rule", category__in=["pii", "pii_solicitation"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0004_lexicon")]
    operations = [migrations.RunPython(remove, migrations.RunPython.noop)]
