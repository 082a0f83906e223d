"""The slur ``kike*`` matched any word it begins ("kikeriki", the German cock's crow, in every
farmyard tale): it becomes the word and its plural. A rule an operator has changed since is
left as they made it."""

from django.db import migrations


def whole_word(apps, schema_editor):
    SafetyRule = apps.get_model("safety", "SafetyRule")
    old = SafetyRule.objects.filter(pattern="kike*", match="word", note="lexicon").first()
    if old is None:
        return
    old.pattern = "kike"
    old.save(update_fields=["pattern"])
    SafetyRule.objects.get_or_create(
        pattern="kikes",
        match="word",
        defaults={
            "category": old.category,
            "severity": old.severity,
            "action": old.action,
            "direction": old.direction,
            "age_groups": old.age_groups,
            "note": "lexicon",
        },
    )


def prefix_again(apps, schema_editor):
    SafetyRule = apps.get_model("safety", "SafetyRule")
    SafetyRule.objects.filter(pattern="kikes", match="word", note="lexicon").delete()
    SafetyRule.objects.filter(pattern="kike", match="word", note="lexicon").update(pattern="kike*")


class Migration(migrations.Migration):
    dependencies = [("safety", "0008_safety_event")]
    operations = [migrations.RunPython(whole_word, prefix_again)]
