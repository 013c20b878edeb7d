"""Back office: policies and the ledger are readable here but changed only on the rewards pages, because a policy
is the city regulator's to enter and approvals and payments are its acts, each through the services (authorised,
checked, change-logged)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patentbridge.rewards.models import RewardApplication, SalesRewardPolicy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SalesRewardPolicy)
class SalesRewardPolicyAdmin(ReadOnlyAdmin):
    list_display = ("title", "city", "basis", "first_year", "last_year", "rate", "fixed_amount", "budget",
                    "is_example")
    list_filter = ("city", "basis", "is_example")


@admin.register(RewardApplication)
class RewardApplicationAdmin(ReadOnlyAdmin):
    list_display = ("product", "enterprise", "city", "year", "basis", "status", "calculated_amount",
                    "approved_amount", "paid_amount")
    list_filter = ("city", "year", "basis", "status")
