"""The office's tender form, an agency's bid and registration forms, the award and the agency-list upload; the rules
themselves are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import ForwardDateField, PastDateField, check_ordered
from patentbridge.tendering.models import RegistrationStatus


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class TenderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.CharField(label=_("Scope of the services"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("e.g. invention applications in the fields of the school of computing, "
                                        "about 40 a year, with replies to office actions."))
    period_start = ForwardDateField(label=_("Service period from"))
    period_end = ForwardDateField(label=_("Service period to"))
    bid_deadline = forms.DateTimeField(label=_("Deadline for bids"), widget=_DateTimeInput(),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                       help_text=_("Public procurement of services gives at least 20 days from "
                                                   "the tender to the deadline."))
    price_weight = forms.IntegerField(label=_("Price weight (%)"), min_value=0, max_value=100, initial=30)
    quality_weight = forms.IntegerField(label=_("Quality weight (%)"), min_value=0, max_value=100, initial=70)
    min_quality = forms.DecimalField(label=_("Minimum quality score (optional)"), required=False, min_value=0,
                                     max_value=100, max_digits=5, decimal_places=2)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_ordered(self, "period_start", "period_end")
        price, quality = cleaned.get("price_weight"), cleaned.get("quality_weight")
        if price is not None and quality is not None and price + quality != 100:
            self.add_error("quality_weight", _("The price and quality weights must add up to 100 %."))
        return cleaned


class BidForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    price = forms.DecimalField(label=_("Price (RMB)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    offer = forms.CharField(label=_("Offer"), widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("The team, the agents' fields and credentials, how the work is done."))

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(str(pk), name) for pk, name in agencies]


class RegistrationForm(forms.Form):
    licence_number = forms.CharField(label=_("Practice licence number"), max_length=40)
    registered_on = PastDateField(label=_("Registered on"))
    status = forms.ChoiceField(label=_("Status"), choices=RegistrationStatus.choices)
    register_name = forms.CharField(label=_("Name in the patent register (if different)"), max_length=200,
                                    required=False)


class AwardForm(forms.Form):
    bid = forms.IntegerField(widget=forms.HiddenInput)
    reasons = forms.CharField(label=_("Reasons for the award"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AgencyListForm(forms.Form):
    file = forms.FileField(label=_("Agency list (CSV or XLSX)"),
                           help_text=_("Two columns with headers: a patent number (申请号 or 公开号) and the agency "
                                       "(代理机构)."))
