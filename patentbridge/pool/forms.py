"""Forms of the pool's upkeep pages: they parse a request; the rules live in maintenance_services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import ForwardDateField, PastDateField, with_prompt
from patentbridge.core.validators import PATENT_LAW_IN_FORCE
from patentbridge.pool.models import FeeReduction, ImplementationMode

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class FeeReductionForm(forms.Form):
    reduction = forms.ChoiceField(label=_("Annual-fee reduction"), choices=FeeReduction.choices)


def _decimal_input(placeholder: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "placeholder": placeholder})


class _OnEntryPage(forms.Form):
    """A form shown on the pool entry page beside others: its ids carry its own prefix so none repeats."""

    id_prefix = "id"

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class FeePaymentForm(_OnEntryPage):
    id_prefix = "fee"
    # A patent lasts 20 years at most (invention); the service checks the patent's own term.
    year = forms.IntegerField(label=_("Patent year"), min_value=1, max_value=20,
                              widget=forms.NumberInput(attrs={"placeholder": _("Patent year")}))
    amount = forms.DecimalField(label=_("Amount (RMB)"), **MONEY, widget=_decimal_input(_("Amount (RMB)")))
    surcharge = forms.DecimalField(label=_("Late surcharge (RMB)"), required=False, **MONEY,
                                   widget=_decimal_input(_("Late surcharge (RMB)")))
    paid_on = PastDateField(label=_("Paid on"), required=False, help_text=_("Today when left empty"))

    def clean_surcharge(self) -> Decimal:
        return self.cleaned_data.get("surcharge") or Decimal("0.00")

    def clean_paid_on(self) -> date:
        return self.cleaned_data.get("paid_on") or timezone.localdate()


class FeePaidForm(FeePaymentForm):
    """The fee calendar's "mark paid": the patent is named by its number."""

    number = forms.CharField(max_length=40)


class FeePaymentCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class FundedProjectForm(_OnEntryPage):
    id_prefix = "funded"
    project_name = forms.CharField(label=_("Project name"), max_length=300)
    project_number = forms.CharField(label=_("Project number"), max_length=100, required=False)
    funder = forms.CharField(label=_("Funder"), max_length=200)
    end_date = ForwardDateField(label=_("Project end date"), required=False)


class ImplementationReportForm(_OnEntryPage):
    id_prefix = "impl"
    year = forms.IntegerField(label=_("Year"), min_value=PATENT_LAW_IN_FORCE.year,
                              widget=forms.NumberInput(attrs={"placeholder": _("Year")}))
    mode = forms.ChoiceField(label=_("Implementation"), choices=with_prompt(ImplementationMode.choices))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A report records a year already lived: up to the current one, its limit shown on the input.
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
    description = forms.CharField(label=_("Description"), max_length=4000, required=False)


class StandardDeclarationForm(forms.Form):
    standard_number = forms.CharField(label=_("Standard number"), max_length=60)
    standard_title = forms.CharField(label=_("Standard title"), max_length=300, required=False)
