from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.industries.reference import SMALL_CLASS
from patentbridge.industries.services import MAX_DECLARED
from patentbridge.patents.models import Industry


class IndustryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Industry) -> str:
        return f"{obj.code} {obj.name}"


class DeclareForm(forms.Form):
    industries = IndustryChoice(
        queryset=Industry.objects.filter(level=SMALL_CLASS).order_by("code"), required=False,
        label=_("GB/T 4754-2017 industries (small classes)"),
        help_text=_("Choose up to %(n)d; leave all unselected to withdraw the declaration.") % {"n": MAX_DECLARED},
        widget=forms.SelectMultiple(attrs={"size": 14}))
