"""The patent filters: one definition drives the HTML list and the API list."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import City, OrgKind
from patentbridge.patents.models import LegalStatus, Patent, PatentApplicant, PatentClassification, PatentType

IPC_FILTER = re.compile(r"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?$")


def ipc_q(value: str) -> Q:
    """Patents with any IPC symbol under `value`: section `H`, class `H04`, subclass `H04R` or a group."""
    code = value.strip().upper().replace(" ", "")
    if len(code) <= 4:
        matches = PatentClassification.objects.filter(patent=OuterRef("pk"), subclass__startswith=code)
    elif "/" in code:
        matches = PatentClassification.objects.filter(patent=OuterRef("pk"), code=code)
    else:
        matches = PatentClassification.objects.filter(patent=OuterRef("pk"), code__startswith=code + "/")
    return Q(Exists(matches))


class IpcField(forms.CharField):
    def clean(self, value: str | None) -> str:
        value = (super().clean(value) or "").strip().upper().replace(" ", "")
        if value and not IPC_FILTER.match(value):
            raise forms.ValidationError(_("Not an IPC symbol, e.g. H, H04, H04R or H04R1/28."))
        return value


class IpcFilter(django_filters.CharFilter):
    field_class = IpcField

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return qs.filter(ipc_q(value)) if value else qs


class PatentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Title or number"), max_length=200)
    type = django_filters.ChoiceFilter(field_name="patent_type", choices=PatentType.choices, label=_("Type"))
    ipc = IpcFilter(label=_("IPC"), max_length=20)
    status = django_filters.ChoiceFilter(field_name="legal_status", choices=LegalStatus.choices, label=_("Legal status"))
    applicant = django_filters.CharFilter(method="filter_applicant", label=_("Applicant"), max_length=200)
    city = django_filters.ModelChoiceFilter(queryset=City.objects.all(), label=_("City"))
    year = django_filters.NumberFilter(field_name="application_date__year", label=_("Filing year"),
                                       min_value=1985, max_value=2100)
    organisation = django_filters.NumberFilter(method="filter_organisation", label=_("Organisation"), min_value=1)
    applicant_kind = django_filters.ChoiceFilter(method="filter_applicant_kind", choices=OrgKind.choices,
                                                 label=_("Applicant type"))

    class Meta:
        model = Patent
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return qs
        number = re.sub(r"^(CN|ZL)", "", text.upper().replace(" ", ""))
        return qs.filter(
            Q(title__icontains=text) | Q(application_number__startswith=number)
            | Q(publication_number__iexact=text.upper()) | Q(grant_number__iexact=text.upper())
        )

    def filter_applicant(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return qs
        return qs.filter(Exists(PatentApplicant.objects.filter(patent=OuterRef("pk"), name__icontains=text)))

    def filter_applicant_kind(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Exists(PatentApplicant.objects.filter(patent=OuterRef("pk"), organisation__kind=value)))

    def filter_organisation(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Exists(PatentApplicant.objects.filter(patent=OuterRef("pk"), organisation_id=value)))
