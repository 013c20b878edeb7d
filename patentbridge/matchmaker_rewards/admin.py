"""Back office: policies and the ledger are readable here but changed only on the matchmaker-rewards pages, because a
policy is the city regulator's to enter and approvals and payments are its acts, each through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patentbridge.matchmaker_rewards.models import MatchmakerApplication, MatchmakerPolicy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MatchmakerPolicy)
class MatchmakerPolicyAdmin(ReadOnlyAdmin):
    list_display = ("title", "city", "beneficiary", "basis", "first_year", "last_year", "rate", "budget",
                    "is_example")
    list_filter = ("city", "beneficiary", "is_example")


@admin.register(MatchmakerApplication)
class MatchmakerApplicationAdmin(ReadOnlyAdmin):
    list_display = ("deal", "commissioner", "city", "year", "status", "calculated_amount", "approved_amount",
                    "paid_amount")
    list_filter = ("city", "year", "status")
