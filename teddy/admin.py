from django.contrib import admin

from .models import Device


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "token_hint", "child", "created_at", "last_seen_at", "revoked_at"]
    search_fields = ["name"]
    readonly_fields = ["token_hint", "created_at", "last_seen_at"]
