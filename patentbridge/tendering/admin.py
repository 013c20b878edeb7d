from django.contrib import admin

from patentbridge.tendering.models import AgencyRegistration, Bid, Tender


@admin.register(AgencyRegistration)
class AgencyRegistrationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "licence_number", "registered_on", "status")
    search_fields = ("organisation__name", "licence_number")
    raw_id_fields = ("organisation",)


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "bid_deadline", "status")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "awarded_bid", "decided_by", "created_by")


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ("tender", "agency", "price", "submitted_at")
    raw_id_fields = ("tender", "agency", "submitted_by")
