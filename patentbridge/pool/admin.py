from django.contrib import admin

from patentbridge.pool.models import ConfigVersion, FundedProject, PoolEntry, StandardDeclaration


@admin.register(ConfigVersion)
class ConfigVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: publish a new one or activate an old one through the API or the config page."""

    list_display = ("kind", "version", "is_active", "note", "created_by", "created_at")
    list_filter = ("kind", "is_active")
    readonly_fields = ("kind", "version", "data", "note", "is_active", "created_by", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PoolEntry)
class PoolEntryAdmin(admin.ModelAdmin):
    list_display = ("patent", "organisation", "state", "tier_override", "updated_at")
    list_filter = ("state", "tier_override")
    raw_id_fields = ("patent", "organisation", "inventor", "override_by", "reviewed_by", "approved_by")


@admin.register(StandardDeclaration)
class StandardDeclarationAdmin(admin.ModelAdmin):
    autocomplete_fields = ("patent", "declared_by")


@admin.register(FundedProject)
class FundedProjectAdmin(admin.ModelAdmin):
    autocomplete_fields = ("patent", "declared_by")
