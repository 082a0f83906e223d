from django.contrib import admin
from django.db import transaction

from . import audit
from .models import ApprovedPhrase


@admin.register(ApprovedPhrase)
class ApprovedPhraseAdmin(admin.ModelAdmin):
    """Approved phrases are few and reviewed; the admin keeps them, and the audit trail records
    every change (an approved phrase passes every filter, even in emergency mode)."""

    list_display = ["text", "note", "created_at"]
    search_fields = ["text"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "safety.approved_phrase.change" if change else "safety.approved_phrase.add"
        audit.record(action, actor=request.user, target=obj.text[:200], reason=obj.note)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit.record("safety.approved_phrase.delete", actor=request.user, target=obj.text[:200])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for phrase in queryset:
            self.delete_model(request, phrase)
