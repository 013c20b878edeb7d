from django.contrib import admin

from patentbridge.deals.models import Deal


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ("patent", "kind", "owner", "counterparty", "status", "amount", "starts_on", "ends_on")
    list_filter = ("kind", "status")
    raw_id_fields = ("patent", "owner", "counterparty", "created_by")
