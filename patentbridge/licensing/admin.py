from django.contrib import admin

from patentbridge.licensing.models import OpenLicenceDeclaration


@admin.register(OpenLicenceDeclaration)
class OpenLicenceDeclarationAdmin(admin.ModelAdmin):
    list_display = ("patent", "organisation", "status", "declared_on", "withdrawn_on")
    list_filter = ("status",)
    raw_id_fields = ("patent", "organisation", "declared_by")
    search_fields = ("patent__title", "patent__application_number")
