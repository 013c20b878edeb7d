from django.contrib import admin

from patentbridge.licensing.models import (
    AdjustmentCoefficient,
    IndustryRoyaltyRate,
    OpenLicence,
    OpenLicenceDeclaration,
)


@admin.register(OpenLicenceDeclaration)
class OpenLicenceDeclarationAdmin(admin.ModelAdmin):
    list_display = ("patent", "organisation", "payment_mode", "status", "declared_on", "withdrawn_on")
    list_filter = ("status", "payment_mode")
    raw_id_fields = ("patent", "organisation", "declared_by")
    search_fields = ("patent__title", "patent__application_number")


@admin.register(OpenLicence)
class OpenLicenceAdmin(admin.ModelAdmin):
    list_display = ("declaration", "licensee", "status", "starts_on", "ends_on", "amount_due")
    list_filter = ("status",)
    raw_id_fields = ("declaration", "licensee", "noticed_by")


@admin.register(IndustryRoyaltyRate)
class IndustryRoyaltyRateAdmin(admin.ModelAdmin):
    """Enter the published CNIPA licence statistics here, with their source (rules.md §1.2)."""

    list_display = ("industry", "rate_low", "rate_typical", "rate_high", "source")
    search_fields = ("industry",)


@admin.register(AdjustmentCoefficient)
class AdjustmentCoefficientAdmin(admin.ModelAdmin):
    list_display = ("key", "label_zh", "minimum", "default", "maximum")
