"""The recognition pages' forms: they parse and check fields; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PastDateField, with_prompt
from patentbridge.recognition.models import Criterion
from patentbridge.recognition.selectors import FIRST_YEAR


class ApplyForm(forms.Form):
    product = forms.ModelChoiceField(queryset=None, label=_("Product"), empty_label=_("— Choose —"))
    year = forms.TypedChoiceField(label=_("Recognition year"), coerce=int, choices=())

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].help_text = _("Judged on the previous year's data, reported in that year's first quarter.")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("recognise", _("Recognise: open the public notice")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Reasons"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required for a refusal; shown to the filer."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reasons for the refusal."))
        return data


class ObjectionForm(forms.Form):
    objector = forms.CharField(label=_("Objector"), max_length=200)
    received_on = PastDateField(label=_("Objection received on"))
    grounds = forms.CharField(label=_("Grounds"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DismissForm(forms.Form):
    resolution = forms.CharField(label=_("Why it is dismissed"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons for the refusal"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["standard", "indicator", "category", "comparator", "threshold", "unit", "active", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"category": _("Leave empty for every product category; a category's own row replaces the "
                                    "general row of the same indicator."),
                      "threshold": _("Leave empty until the standard's figure is verified.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("standard", "indicator"):
            self.fields[name].choices = with_prompt(self.fields[name].choices[1:])
        self.fields["threshold"].widget.attrs["min"] = "0"


class NoticeDaysForm(forms.Form):
    notice_days = forms.IntegerField(label=_("Public notice period (days)"), min_value=1, max_value=90)
