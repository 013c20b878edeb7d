from django.contrib import admin

from patentbridge.patents.models import (
    ImportBatch,
    ImportRejection,
    Industry,
    IpcEntry,
    LegalEvent,
    Patent,
    PatentApplicant,
)
from patentbridge.patents.terms import expiry_date


class ApplicantInline(admin.TabularInline):
    model = PatentApplicant
    extra = 0
    autocomplete_fields = ("patent", "organisation")


class LegalEventInline(admin.TabularInline):
    model = LegalEvent
    extra = 0
    autocomplete_fields = ("patent",)


@admin.register(Patent)
class PatentAdmin(admin.ModelAdmin):
    list_display = ("display_number", "title", "patent_type", "legal_status", "application_date", "city")
    list_filter = ("patent_type", "legal_status", "city")
    search_fields = ("application_number", "publication_number", "grant_number", "title")
    readonly_fields = ("expiry_date", "created_at", "updated_at", "source_rank")
    autocomplete_fields = ("city",)
    inlines = [ApplicantInline, LegalEventInline]

    def save_model(self, request, obj, form, change) -> None:
        obj.expiry_date = expiry_date(obj.patent_type, obj.application_date)
        super().save_model(request, obj, form, change)


@admin.register(IpcEntry)
class IpcEntryAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "title_zh", "title_en", "in_current_edition")
    list_filter = ("level", "in_current_edition")
    search_fields = ("code", "title_zh", "title_en")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "name", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "name")


class RejectionInline(admin.TabularInline):
    model = ImportRejection
    extra = 0
    can_delete = False
    readonly_fields = ("line", "field", "reason", "value")
    raw_id_fields = ("batch",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "layout", "status", "rows_read", "rows_created", "rows_updated", "rows_rejected",
                    "created_by", "started_at")
    list_filter = ("status", "layout")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    inlines = [RejectionInline]
