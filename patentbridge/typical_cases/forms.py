"""The office's case form and the regulator's decision form; the rules themselves are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import ForwardDateField, PastDateField, check_ordered
from patentbridge.orgs.models import City

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


def _city_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((city.code, city.name) for city in City.objects.all())]


class TypicalCaseForm(forms.Form):
    title = forms.CharField(label=_("Case title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Two or three sentences for the public list."))
    background = forms.CharField(label=_("Background"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    approach = forms.CharField(label=_("How it was done"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Products, sales, jobs: in words, and in figures below where known."))
    products_launched = forms.IntegerField(label=_("Products launched"), required=False, min_value=0)
    sales = forms.DecimalField(label=_("Sales from it (RMB)"), required=False, **MONEY)
    jobs_created = forms.IntegerField(label=_("Jobs created"), required=False, min_value=0)
    lessons = forms.CharField(label=_("What others can learn"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    counterparty_consents = forms.BooleanField(label=_("The other party consents in writing to publishing its name"),
                                               required=False)
    counterparty_alias = forms.CharField(label=_("Name shown without consent"), max_length=60, required=False,
                                         help_text=_("e.g. 佛山某家电企业; 某企业 when left empty"))
    amount = forms.DecimalField(label=_("Amount (RMB)"), required=False, **MONEY)
    amount_consented = forms.BooleanField(label=_("Both parties consent to publishing the amount"), required=False)
    concluded_on = PastDateField(label=_("Concluded on"), required=False)
    starts_on = ForwardDateField(label=_("Starts on"), required=False)
    ends_on = ForwardDateField(label=_("Ends on"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    industry = forms.CharField(label=_("Industry (GB/T 4754 code)"), max_length=5, required=False,
                               help_text=_("A section letter or a code, e.g. C or 3841."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = _city_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_ordered(self, "starts_on", "ends_on")
        return cleaned


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Reasons"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
