"""Forms of product filing: they shape what a person types (types, limits, pickers); the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PastDateField
from patentbridge.products.services import AMOUNT_FIELDS


def _amount(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=30,
                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class YearDataForm(forms.Form):
    """One year's figures, in yuan (the share in per cent)."""

    year = forms.IntegerField(label=_("Year of the data"), min_value=1985, max_value=2100)
    # Figures are text here and parsed by the service, so that a wrong figure is reported together with every other
    # problem of the filing (its patents included), each next to its field.
    sales = _amount(_("Sales (yuan)"))
    output = _amount(_("Output value (yuan)"))
    exports = _amount(_("Exports (yuan)"), required=False)
    profit = _amount(_("Profit (yuan, a loss is negative)"), required=False)
    ip_input = _amount(_("IP input (yuan)"), required=False)
    patent_share = _amount(_("Share attributable to the patents (%)"))

    def year_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"year": data["year"], **{name: data.get(name) for name in AMOUNT_FIELDS}}


class ProductForm(YearDataForm):
    """A product, its patents and its first year's figures."""

    field_order = ["name", "model", "category", "industry", "description", "launched_on", "patents", "year"]

    name = forms.CharField(label=_("Product name"), max_length=200)
    model = forms.CharField(label=_("Model"), max_length=100, required=False)
    category = forms.CharField(label=_("Product category"), max_length=100,
                               help_text=_("As the product is known in its trade, e.g. lithium battery module"))
    industry = forms.CharField(label=_("Industry (GB/T 4754 small class)"), max_length=250,
                               help_text=_("Type a code or a word and pick the four-digit small class"),
                               widget=forms.TextInput(attrs={"list": "industry-choices", "autocomplete": "off",
                                                             "placeholder": "3670"}))
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    launched_on = PastDateField(label=_("Launched on"))
    patents = forms.CharField(label=_("Patents it embodies"), max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 3, "placeholder": "202110000001.X; CN113000001A"}),
                              help_text=_("Application or publication numbers, separated by ; or a new line. Each "
                                          "must be in force and yours: owned, licensed to you, or transferred to "
                                          "you by a recorded transfer."))

    def product_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("name", "model", "category", "industry", "description",
                                                                "launched_on")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(ReasonForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("filed", _("File it")),
                                                               ("returned", _("Return it for changes")),
                                                               ("refused", _("Refuse it"))])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filing list (.xlsx)"))
