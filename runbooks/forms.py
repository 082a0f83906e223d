from django import forms

from safety.models import SafetyRule

from .actions import RULE_FIELDS


class SafetyRuleForm(forms.ModelForm):
    reason = forms.CharField(max_length=500, help_text="why: goes into the audit trail")

    class Meta:
        model = SafetyRule
        fields = RULE_FIELDS
