from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from patentbridge.core.models import ApiToken, CalendarDay, SecurityEvent

admin.site.site_header = _("PatentBridge administration")
admin.site.site_title = _("PatentBridge administration")
admin.site.index_title = _("Platform data")


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the trail is append-only."""

    list_display = ("created_at", "kind", "username", "ip_address", "path")
    list_filter = ("kind",)
    search_fields = ("username", "path", "detail")
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    """auditlog's admin, without the deletion it still allows when another object's deletion cascades."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("name", "user__username")
    autocomplete_fields = ("user",)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The holidays and adjusted working days: entered from each year's State Council notice, corrected here."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    search_fields = ("name",)
    date_hierarchy = "date"
