"""The listings' page forms: parsing only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import NotFound
from patentbridge.listings.models import LICENCE_CHOICES, ListingKind
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.patents.selectors import patent_get

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ListingForm(forms.Form):
    seller = forms.ModelChoiceField(label=_("Seller"), queryset=Organisation.objects.none(), empty_label=None)
    patent = forms.CharField(label=_("Patent number"), max_length=40,
                             help_text=_("The application or patent number of a patent the seller holds."))
    venue = forms.ModelChoiceField(label=_("Exchange (venue)"), queryset=Organisation.objects.filter(
        kind__in=(OrgKind.AGENCY, OrgKind.FINANCIAL)).order_by("name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ListingKind.choices)
    licence_kind = forms.ChoiceField(label=_("Licence kind"), choices=[("", "—"), *LICENCE_CHOICES], required=False)
    licence_starts_on = forms.DateField(label=_("Licence from"), widget=DATE, required=False)
    licence_ends_on = forms.DateField(label=_("Licence until"), widget=DATE, required=False)
    price = forms.DecimalField(label=_("Listing price (RMB)"), **MONEY)
    appraisal_value = forms.DecimalField(label=_("Appraisal value (RMB)"), required=False, **MONEY,
                                         help_text=_("Required for a state-owned enterprise; its first listing "
                                                     "price is at least this value."))
    appraisal_report = forms.CharField(label=_("Appraisal report reference"), max_length=200, required=False)
    approval_number = forms.CharField(label=_("Approval or filing number"), max_length=100, required=False,
                                      help_text=_("Required for a state-owned enterprise."))
    period_days = forms.IntegerField(label=_("Period (working days)"), min_value=1, max_value=250, required=False,
                                     help_text=_("Leave empty for the shortest: 10 working days, 20 above RMB 10 "
                                                 "million."))
    conditions = forms.CharField(label=_("Conditions for transferees"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    payment_terms = forms.CharField(label=_("Payment terms"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("In principle the price is paid in one lump sum."))
    pledgee_consent = forms.BooleanField(label=_("The pledgee consents (for a pledged patent)"), required=False)

    def __init__(self, *args: Any, sellers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = sellers

    def clean_patent(self) -> object:
        try:
            return patent_get(self.cleaned_data["patent"].strip())
        except NotFound as exc:
            raise forms.ValidationError(_("No patent has this number.")) from exc


class RelistForm(forms.Form):
    price = forms.DecimalField(label=_("New listing price (RMB)"), **MONEY)
    period_days = forms.IntegerField(label=_("Period (working days)"), min_value=1, max_value=250, required=False)
    conditions = forms.CharField(label=_("Conditions for transferees"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    payment_terms = forms.CharField(label=_("Payment terms"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = forms.CharField(label=_("Approved by"), max_length=200, required=False)
    approval_document = forms.CharField(label=_("Approval document number"), max_length=100, required=False)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    approval_file = forms.FileField(label=_("Approval document (scan)"), required=False)


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none(), empty_label=None)
    statement = forms.CharField(label=_("Qualification statement"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("How the organisation meets the listing's conditions."))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
