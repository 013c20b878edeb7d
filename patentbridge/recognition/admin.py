"""Read-only back-office views: recognitions move only through their lifecycle (recognition.services) and the
criteria are edited on the criteria page, so each change is authorised and audited in one place."""

from typing import Any

from django.contrib import admin

from patentbridge.recognition.models import Criterion, Objection, Recognition, RecognitionSettings


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    can_delete = False
    readonly_fields = ("received_on", "objector", "grounds", "status", "resolution", "recorded_by", "resolved_by")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ("product", "year", "status", "notice_from", "notice_until", "recognised_on", "lapsed_on")
    list_filter = ("status", "year")
    search_fields = ("product__name", "product__filer__name")
    inlines = [ObjectionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("standard", "indicator", "category", "comparator", "threshold", "unit", "active", "updated_at")
    list_filter = ("standard", "active")


@admin.register(RecognitionSettings)
class RecognitionSettingsAdmin(ReadOnlyAdmin):
    list_display = ("notice_days", "updated_by", "updated_at")
