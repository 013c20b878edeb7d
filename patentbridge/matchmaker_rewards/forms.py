"""Forms of the matchmaker-rewards pages: they parse what is typed; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PROMPT, PastDateField, with_prompt
from patentbridge.deals.models import DealKind
from patentbridge.matchmaker_rewards.models import MONEY, AmountBasis, Beneficiary, MatchmakerPolicy, PartyInCity
from patentbridge.orgs.models import City

AMOUNT = {"max_digits": MONEY["max_digits"], "decimal_places": MONEY["decimal_places"], "min_value": 0}
YEARS = {"min_value": 2020, "max_value": 2100}

# Public figures from outside any Guangdong city's matchmaker policy (rules-round2.md §6), offered only as labelled
# examples: a version filled from one is marked as an example and takes no applications until that box is unticked.
EXAMPLES: dict[str, dict[str, Any]] = {
    "longgang": {
        "title": _("Example: 5 per cent of the amount paid, at most RMB 500,000 per project and 5 million a year "
                   "(Shenzhen Longgang, platform operator)"),
        "beneficiary": Beneficiary.AGENCY, "basis": AmountBasis.PAID, "rate": 5, "fixed_amount": 0,
        "deal_cap": 500000, "beneficiary_cap": 5000000, "is_example": True,
        "source": _("Longgang district (Shenzhen) rewards the operator of its technology-transfer trading platform: "
                    "up to 5 per cent of last year's amount actually paid, at most RMB 500,000 per project and 5 million "
                    "a year. It rewards the platform operator, not individual brokers."),
    },
    "lanzhou": {
        "title": _("Example: 5 per cent of the amount paid, at most RMB 200,000 per broker a year (Lanzhou)"),
        "beneficiary": Beneficiary.COMMISSIONER, "basis": AmountBasis.PAID, "rate": 5, "fixed_amount": 0,
        "beneficiary_cap": 200000, "is_example": True,
        "source": _("Lanzhou (2025): brokers who close enterprise–university development or transfer deals get 5 per cent "
                    "of the actual payment, at most RMB 200,000 per broker a year. Not a Guangdong city."),
    },
}


class PolicyForm(forms.ModelForm):
    deal_kinds = forms.MultipleChoiceField(label=_("Deal kinds that count (none ticked: every kind)"),
                                           choices=DealKind.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = MatchmakerPolicy
        fields = ("city", "title", "beneficiary", "basis", "first_year", "last_year", "rate", "fixed_amount",
                  "deal_cap", "beneficiary_cap", "budget", "deal_kinds", "university_enterprise", "party_in_city",
                  "min_status", "contract_registered", "is_example", "source")
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "rate": _("Of the contract amount, or of what was paid in the reward year; 0 for a fixed amount only."),
            "deal_cap": _("Empty: no cap."), "beneficiary_cap": _("Empty: no cap."),
            "budget": _("For each reward year the version covers; empty: no limit."),
            "last_year": _("Empty: until a later version replaces it."),
            "is_example": _("An example takes no applications."),
        }

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["city"].empty_label = PROMPT[1]
        self.fields["beneficiary"].choices = with_prompt(Beneficiary.choices)
        self.fields["basis"].choices = with_prompt(AmountBasis.choices)
        self.fields["party_in_city"].choices = PartyInCity.choices
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": YEARS["min_value"], "max": YEARS["max_value"]})
        for name in ("rate", "fixed_amount", "deal_cap", "beneficiary_cap", "budget"):
            self.fields[name].widget.attrs["min"] = 0

    def clean_first_year(self) -> int:
        return _year(self.cleaned_data["first_year"])

    def clean_last_year(self) -> int | None:
        value = self.cleaned_data.get("last_year")
        return None if value is None else _year(value)

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "city"}


def _year(value: int) -> int:
    if not YEARS["min_value"] <= value <= YEARS["max_value"]:
        raise forms.ValidationError(_("A year from %(low)s to %(high)s.") % {"low": YEARS["min_value"],
                                                                          "high": YEARS["max_value"]})
    return value


class ApplyForm(forms.Form):
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=None, empty_label=_("— Choose —"))
    year = forms.IntegerField(label=_("Reward year"), **YEARS)
    team = forms.CharField(label=_("Team members (for a team reward)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, policies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies
        self.fields["policy"].label_from_instance = lambda p: f"{p.city} · {p.title}"


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount approved (RMB)"), required=False, **AMOUNT,
                                help_text=_("Empty: the calculated amount. Less only with the reason."))
    reason = forms.CharField(label=_("Why reduced"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reasons for refusing"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    paid_on = PastDateField(label=_("Paid out on"))
    amount = forms.DecimalField(label=_("Amount paid out (RMB)"), **AMOUNT)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class LedgerForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), **YEARS)

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
