"""Forms of the rewards pages: they parse what is typed; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PROMPT, PastDateField, with_prompt
from patentbridge.orgs.models import City, SizeClass
from patentbridge.rewards.models import MONEY, RewardBasis, SalesRewardPolicy

AMOUNT = {"max_digits": MONEY["max_digits"], "decimal_places": MONEY["decimal_places"], "min_value": 0}
YEARS = {"min_value": 2020, "max_value": 2100}

# The one public example (rules.md §7): Shanghai, not a Guangdong city, so it is offered only as a labelled example.
SHANGHAI_EXAMPLE = {
    "title": _("Example: RMB 10,000 per product recognised for the first time (Shanghai)"),
    "basis": RewardBasis.FIRST_RECOGNITION, "rate": 0, "fixed_amount": 10000, "is_example": True,
    "source": _("Shanghai's incentive for products recognised for the first time: an example from outside "
                "Guangdong, not a Guangdong city's policy."),
}


class PolicyForm(forms.ModelForm):
    size_classes = forms.MultipleChoiceField(label=_("Enterprise sizes allowed (none ticked: every size)"),
                                             choices=SizeClass.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SalesRewardPolicy
        fields = ("city", "title", "basis", "first_year", "last_year", "rate", "fixed_amount", "product_cap",
                  "enterprise_cap", "budget", "filer_in_city", "on_time_only", "min_sales", "size_classes",
                  "is_example", "source")
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "rate": _("Of the product's sales in the reward year; 0 for a fixed amount only."),
            "product_cap": _("Empty: no cap."), "enterprise_cap": _("Empty: no cap."),
            "budget": _("For each reward year the version covers; empty: no limit."),
            "last_year": _("Empty: until a later version replaces it."),
            "is_example": _("An example takes no applications."),
        }

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["city"].empty_label = PROMPT[1]
        self.fields["basis"].choices = with_prompt(RewardBasis.choices)
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": YEARS["min_value"], "max": YEARS["max_value"]})
        for name in ("rate", "fixed_amount", "product_cap", "enterprise_cap", "budget", "min_sales"):
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
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, empty_label=_("— Choose —"))
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=None, empty_label=_("— Choose —"))
    year = forms.IntegerField(label=_("Reward year (the sales year)"), **YEARS)

    def __init__(self, *args: Any, products: QuerySet, policies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["policy"].queryset = policies
        self.fields["policy"].label_from_instance = lambda p: f"{p.city} · {p.get_basis_display()} · {p.title}"
        self.fields["year"].initial = timezone.localdate().year - 1


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount approved (RMB)"), required=False, **AMOUNT,
                                help_text=_("Empty: the calculated amount. Less only with the reason."))
    reason = forms.CharField(label=_("Why reduced"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reasons for refusing"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    paid_on = PastDateField(label=_("Paid on"))
    amount = forms.DecimalField(label=_("Amount paid (RMB)"), **AMOUNT)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class LedgerForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), **YEARS)

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
