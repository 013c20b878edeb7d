from django.contrib import admin

from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingStep


class InterestInline(admin.TabularInline):
    model = ExpressionOfInterest
    extra = 0
    raw_id_fields = ("organisation", "user")


class StepInline(admin.TabularInline):
    model = ListingStep
    extra = 0
    readonly_fields = ("from_status", "to_status", "note", "actor", "at")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("number", "seller", "patent", "price", "status", "starts_on", "ends_on")
    list_filter = ("status", "kind")
    search_fields = ("number", "seller__name", "patent__title", "patent__application_number")
    raw_id_fields = ("seller", "venue", "agent", "patent", "relist_of", "deal", "created_by")
    inlines = [InterestInline, StepInline]
