"""The forms of the industry statistics: pick a region and year, enter an account row or a GDP, import, weights."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.monitoring.models import COMPONENTS
from patentbridge.monitoring.services import FIRST_YEAR, LAST_YEAR, AccountInput
from patentbridge.orgs.models import City

PROVINCE = ""


def city_choices(codes: set[str] | None, *, province: bool) -> list[tuple[str, str]]:
    """The cities a user may pick (None: all), the province first where it may be picked."""
    cities = City.objects.all() if codes is None else City.objects.filter(pk__in=codes)
    return ([(PROVINCE, _("Guangdong Province"))] if province else []) + [(c.pk, c.name) for c in cities]


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class RegionYearForm(forms.Form):
    city = forms.ChoiceField(label=_("City"), required=False)
    year = _year_field()

    def __init__(self, *args: Any, cities: set[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = city_choices(cities, province=cities is None)


def default_year() -> int:
    return timezone.localdate().year - 1


MONEY_FIELD = {"max_digits": 16, "decimal_places": 2, "required": False}


class AccountForm(forms.Form):
    code = forms.CharField(label=_("Industry code"), max_length=8,
                           help_text=_("A class (PA01), a middle class (PA101) or a GB/T 4754 small class (3921)."))
    city = forms.ChoiceField(label=_("City"))
    year = _year_field()
    employees = forms.IntegerField(label=_("Employees at year end"), min_value=0, required=False)
    compensation = forms.DecimalField(label=_("Compensation of employees (RMB 10,000)"), min_value=0, **MONEY_FIELD)
    net_taxes = forms.DecimalField(label=_("Net production taxes (RMB 10,000)"), **MONEY_FIELD)
    depreciation = forms.DecimalField(label=_("Depreciation of fixed assets (RMB 10,000)"), min_value=0,
                                      **MONEY_FIELD)
    surplus = forms.DecimalField(label=_("Operating surplus (RMB 10,000)"), **MONEY_FIELD)
    source = forms.CharField(label=_("Source"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Where the figures come from: the yearbook, table and page, or the survey."))

    def __init__(self, *args: Any, cities: set[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = city_choices(cities, province=False)

    def to_input(self) -> AccountInput:
        data = self.cleaned_data
        return AccountInput(code=data["code"], city=data["city"], year=data["year"], source=data["source"],
                            employees=data["employees"], components={name: data[name] for name in COMPONENTS})


class GdpForm(forms.Form):
    city = forms.ChoiceField(label=_("City"), required=False)
    year = _year_field()
    gdp = forms.DecimalField(label=_("GDP (RMB 10,000)"), max_digits=16, decimal_places=2, min_value=0)
    source = forms.CharField(label=_("Source"), max_length=500)

    def __init__(self, *args: Any, cities: set[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = city_choices(cities, province=cities is None)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


class WeightForm(forms.Form):
    industry = forms.CharField(label=_("Small class (GB/T 4754)"), max_length=4)
    weight = forms.DecimalField(label=_("Weight (blank: counted in full)"), max_digits=5, decimal_places=4,
                                required=False)
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
