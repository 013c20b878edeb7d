from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patentbridge.typical_cases.models import TypicalCase, TypicalCaseStep


class TypicalCaseStepInline(admin.TabularInline):
    model = TypicalCaseStep
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "note", "actor", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin):
    """Corrections of wording only: a case is drafted from its conversion and moves only by the review's steps."""

    list_display = ("title", "organisation", "route", "status", "city", "industry", "published_at")
    list_filter = ("status", "route", "city")
    search_fields = ("title", "summary", "organisation__name", "counterparty__name")
    raw_id_fields = ("organisation", "counterparty", "deal", "open_licence", "industry", "patents", "created_by")
    readonly_fields = ("organisation", "counterparty", "deal", "open_licence", "route", "status", "review_note",
                       "withdrawal_reason", "submitted_at", "published_at", "created_by", "created_at", "updated_at")
    inlines = [TypicalCaseStepInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
