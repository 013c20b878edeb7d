"""Forms of the pool's upkeep pages: they parse a request; the rules live in maintenance_services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.pool.models import FeeReduction, ImplementationMode

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class FeeReductionForm(forms.Form):
    reduction = forms.ChoiceField(label=_("Annual-fee reduction"), choices=FeeReduction.choices)


class FeePaymentForm(forms.Form):
    year = forms.IntegerField(label=_("Patent year"), min_value=1, max_value=100)
    amount = forms.DecimalField(label=_("Amount (RMB)"), **MONEY)
    surcharge = forms.DecimalField(label=_("Late surcharge (RMB)"), required=False, **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              help_text=_("Today when left empty"))

    def clean_surcharge(self) -> Decimal:
        return self.cleaned_data.get("surcharge") or Decimal("0.00")

    def clean_paid_on(self) -> date:
        return self.cleaned_data.get("paid_on") or timezone.localdate()


class FeePaidForm(FeePaymentForm):
    """The fee calendar's "mark paid": the patent is named by its number."""

    number = forms.CharField(max_length=40)


class FeePaymentCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class FundedProjectForm(forms.Form):
    project_name = forms.CharField(label=_("Project name"), max_length=300)
    project_number = forms.CharField(label=_("Project number"), max_length=100, required=False)
    funder = forms.CharField(label=_("Funder"), max_length=200)
    end_date = forms.DateField(label=_("Project end date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ImplementationReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    mode = forms.ChoiceField(label=_("Implementation"), choices=ImplementationMode.choices)
    description = forms.CharField(label=_("Description"), max_length=4000, required=False)


class StandardDeclarationForm(forms.Form):
    standard_number = forms.CharField(label=_("Standard number"), max_length=60)
    standard_title = forms.CharField(label=_("Standard title"), max_length=300, required=False)
