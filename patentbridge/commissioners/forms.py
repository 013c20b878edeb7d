"""The commissioners' page forms: parsing only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from patentbridge.commissioners.models import Outcome
from patentbridge.orgs.models import City

DATE = forms.DateInput(attrs={"type": "date"})


class DesignationForm(forms.Form):
    username = forms.CharField(label=_("User name of the person"), max_length=150)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def __init__(self, *args: Any, cities: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cities is not None:  # a city bureau designates for its own city only (None: the province, every city)
            self.fields["city"].queryset = City.objects.filter(pk__in=cities)
            if len(cities) == 1:
                self.fields["city"].initial = next(iter(cities))

    def clean_username(self) -> object:
        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No such user."))
        return user


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    enterprise = forms.CharField(label=_("Enterprise name or unified social credit code"), max_length=200)


class RequestForm(forms.Form):
    need = forms.CharField(label=_("What do you need?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Needed by"), widget=DATE, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    people = forms.CharField(label=_("Who took part"), max_length=300)
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationForm(forms.Form):
    patent = forms.CharField(label=_("Patent number"), max_length=40, required=False)
    demand = forms.IntegerField(label=_("Demand number"), required=False, min_value=1)
    event = forms.CharField(label=_("Event"), max_length=300, required=False)
    note = forms.CharField(label=_("Why"), max_length=2000, required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    deal = forms.IntegerField(label=_("Deal number"), required=False, min_value=1)
    note = forms.CharField(label=_("Outcome in words"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ClaimForm(forms.Form):
    deal = forms.IntegerField(label=_("Deal"), min_value=1)
    recommendation = forms.IntegerField(label=_("Recommended patent"), required=False, min_value=1)
