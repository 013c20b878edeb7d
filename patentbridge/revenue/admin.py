from django.contrib import admin

from patentbridge.revenue.models import JurisdictionFloor, RewardPolicy


@admin.register(JurisdictionFloor)
class JurisdictionFloorAdmin(admin.ModelAdmin):
    """Statutory floors per jurisdiction: correct Guangdong's here once its text is verified (rules.md §3)."""

    list_display = ("code", "name", "licence_floor", "equity_floor", "profit_floor", "main_contributor_floor",
                    "review_below", "verified")


@admin.register(RewardPolicy)
class RewardPolicyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "jurisdiction", "licence_share", "equity_share", "needs_review")
    readonly_fields = ("needs_review", "review_reason")
    autocomplete_fields = ("organisation", "updated_by")
