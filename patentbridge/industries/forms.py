from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patentbridge.industries.reference import SMALL_CLASS
from patentbridge.industries.services import MAX_DECLARED
from patentbridge.patents.models import Industry

DIVISION = "大类"


def grouped_small_classes() -> list[tuple[str, list[tuple[str, str]]]]:
    """The small classes under their division (大类), for a list a person can find their way through."""
    divisions = dict(Industry.objects.filter(level=DIVISION).values_list("code", "name"))
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name in Industry.objects.filter(level=SMALL_CLASS).order_by("code").values_list("code", "name"):
        groups.setdefault(f"{code[:2]} {divisions.get(code[:2], '')}", []).append((code, f"{code} {name}"))
    return list(groups.items())


class DeclareForm(forms.Form):
    industries = forms.MultipleChoiceField(
        required=False, label=_("GB/T 4754-2017 industries (small classes)"),
        widget=forms.SelectMultiple(attrs={"size": 14}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industries"].choices = grouped_small_classes()
        self.fields["industries"].help_text = gettext(
            "Choose up to %(n)d; leave all unselected to withdraw the declaration.") % {"n": MAX_DECLARED}
