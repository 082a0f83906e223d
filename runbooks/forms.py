from django import forms

from safety.models import SafetyRule


class SafetyRuleForm(forms.ModelForm):
    reason = forms.CharField(max_length=500, help_text="why: goes into the audit trail")

    class Meta:
        model = SafetyRule
        fields = [
            "pattern",
            "match",
            "category",
            "severity",
            "action",
            "direction",
            "age_groups",
            "enabled",
            "note",
        ]
