"""The managers' page forms: parsing only; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PastDateField
from patentbridge.managers.models import EVIDENCE_EXTENSIONS, Rank

LIST_HELP = _("Separate entries with commas or 、.")


class ProfileForm(forms.Form):
    bio = forms.CharField(label=_("Short bio"), max_length=2000, required=False,
                          widget=forms.Textarea(attrs={"rows": 3}))
    ipc_codes = forms.CharField(label=_("IPC fields"), max_length=500, required=False,
                                help_text=format_lazy("{} {}", _("IPC sections, classes or subclasses, e.g. H01M, G06."), LIST_HELP),
                                widget=forms.TextInput(attrs={"list": "ipc-choices", "autocomplete": "off",
                                                              "placeholder": "H01M, G06"}))
    industries = forms.CharField(label=_("Industries (GB/T 4754)"), max_length=1000, required=False,
                                 help_text=format_lazy("{} {}", _("Sections or divisions, e.g. 39 or C."), LIST_HELP),
                                 widget=forms.TextInput(attrs={"list": "industry-choices", "autocomplete": "off",
                                                               "placeholder": "39, 38"}))
    tags = forms.CharField(label=_("Other fields"), max_length=500, required=False, help_text=LIST_HELP,
                           widget=forms.TextInput(attrs={"placeholder": "新能源、专利运营"}))
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False, help_text=LIST_HELP,
                                widget=forms.TextInput(attrs={"placeholder": "中文、英语"}))
    public = forms.BooleanField(label=_("Show my name, grade and fields to enterprises"), required=False)


class RankForm(forms.Form):
    rank = forms.ChoiceField(label=_("Grade (T/CASTEM 1007—2022)"), required=False,
                             choices=[("", _("Not graded")), *Rank.choices])
    rank_since = PastDateField(label=_("Held since"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    certificate_issuer = forms.CharField(label=_("Certificate issued by"), max_length=200, required=False)


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Course"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.1"), max_value=1000, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))
    taken_on = PastDateField(label=_("Date"))
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    evidence = forms.FileField(label=_("Evidence (PDF, JPG or PNG, optional)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ",".join(
                                   f".{e}" for e in EVIDENCE_EXTENSIONS)}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Training list (CSV or XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
