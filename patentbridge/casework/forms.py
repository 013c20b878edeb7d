"""The casework page forms: parsing only; the services decide (the shares' 100 % rule included)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.casework.models import CaseRoute, FundingSource, ReleaseKind

DATE = forms.DateInput(attrs={"type": "date"})
INVENTOR_ROWS = 3
PUBLICATION_ROWS = 2


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(label=_("Problem solved"), widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solution"), widget=forms.Textarea(attrs={"rows": 4}))
    advantages = forms.CharField(label=_("Advantages"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    funding_source = forms.ChoiceField(label=_("Funding"), required=False,
                                       choices=[("", "—"), *FundingSource.choices])
    project_number = forms.CharField(label=_("Project number"), max_length=100, required=False)


class InventorForm(forms.Form):
    person = forms.CharField(label=_("Inventor (user name, or the name of an outsider)"), max_length=100,
                             required=False)
    share = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False,
                               min_value=0, max_value=100)


class PublicationForm(forms.Form):
    planned_on = forms.DateField(label=_("Planned publication date"), required=False, widget=DATE)
    venue = forms.CharField(label=_("Journal, conference or other venue"), max_length=300, required=False)


InventorFormSet = forms.formset_factory(InventorForm, extra=INVENTOR_ROWS, max_num=20)
PublicationFormSet = forms.formset_factory(PublicationForm, extra=PUBLICATION_ROWS, max_num=10)


class AssignForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("Technology manager"), queryset=None)

    def __init__(self, *args, managers=None, **kwargs) -> None:  # noqa: ANN001 - a QuerySet of users
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers


class AssessmentForm(forms.Form):
    novelty_doubts = forms.CharField(label=_("Doubts about novelty"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    doubtful_patents = forms.MultipleChoiceField(label=_("Prior patents in doubt"), required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    market = forms.CharField(label=_("Market: who would buy, in which fields"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    route = forms.ChoiceField(label=_("Proposed route"), choices=CaseRoute.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    release_kind = forms.ChoiceField(label=_("Release as"), required=False, choices=[("", "—"), *ReleaseKind.choices])
    release_share = forms.DecimalField(label=_("Inventors' ownership share (%)"), required=False, max_digits=5,
                                       decimal_places=2)
    release_years = forms.IntegerField(label=_("Term of the use right (years)"), required=False, min_value=1)
    income_split = forms.CharField(label=_("Income split"), max_length=300, required=False)
    cost_sharing = forms.CharField(label=_("Cost and fee sharing"), max_length=300, required=False)

    def __init__(self, *args, prior_numbers=(), **kwargs) -> None:  # noqa: ANN001
        super().__init__(*args, **kwargs)
        self.fields["doubtful_patents"].choices = [(n, n) for n in prior_numbers]


class DecisionForm(forms.Form):
    route = forms.ChoiceField(label=_("Decision"), choices=CaseRoute.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class ApplicationForm(forms.Form):
    application_number = forms.CharField(label=_("Application number"), max_length=30)
    filed_on = forms.DateField(label=_("Filing date"), widget=DATE)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
