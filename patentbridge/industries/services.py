"""Classifying patents to GB/T 4754-2017 small classes by three routes, and organisations' declared industries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from patentbridge.core.errors import ValidationFailed
from patentbridge.industries import learning
from patentbridge.industries.concordance import concordance_weights, rule_industries
from patentbridge.industries.counting import fractions
from patentbridge.industries.models import DeclaredIndustry, PatentIndustry, Route
from patentbridge.industries.reference import SMALL_CLASS, learned_table, rule_refs, small_class_names
from patentbridge.industries.rules import RuleRef, compact, rule_takes
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Industry, Patent, PatentApplicant

CHUNK = 2000  # patents per transaction when classifying the whole register
MAX_DECLARED = 10


def _head(text: str) -> str:
    return text[:4]


@dataclass
class Classifier:
    """What the three routes need, read once per run: the SEI rules (indexed by their patterns' first four
    characters) with the industries they name, the learned table, and a cache of each IPC code's matching rules."""

    rules: list[RuleRef]
    industries_of: dict[tuple[str, int], list[str]]
    table: learning.Table
    _by_head: dict[str, list[RuleRef]] = field(default_factory=dict)
    _cache: dict[str, tuple[RuleRef, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for rule in self.rules:
            for head in {_head(text) for text, _ in rule.include}:
                self._by_head.setdefault(head, []).append(rule)

    @classmethod
    def load(cls) -> Classifier:
        rules, names = rule_refs(), small_class_names()
        return cls(rules, {(r.sei_code, r.rule_no): rule_industries(r.keywords, names) for r in rules}, learned_table())

    def rules_of(self, code: str) -> tuple[RuleRef, ...]:
        code = compact(code)
        if code not in self._cache:
            candidates = {id(r): r for n in (1, 3, 4) for r in self._by_head.get(code[:n], ())}.values()
            self._cache[code] = tuple(r for r in candidates if rule_takes(r, code))
        return self._cache[code]

    def concordance(self, ipc_codes: Iterable[str]) -> dict[str, float]:
        matched = {(r.sei_code, r.rule_no): r for code in ipc_codes if code for r in self.rules_of(code)}
        return concordance_weights(matched.values(), self.industries_of)

    def empirical(self, ipc_codes: Iterable[str]) -> dict[str, float]:
        return learning.predict(ipc_codes, self.table)


def applicant_weights(org_ids: Iterable[Hashable], declared: dict[Any, list[str]]) -> dict[str, float]:
    """Each applicant with declared industries counts equally, shared among its declared industries."""
    lists = [declared[o] for o in dict.fromkeys(org_ids) if declared.get(o)]
    weights: dict[str, float] = defaultdict(float)
    for codes in lists:
        for code in codes:
            weights[code] += 1 / (len(codes) * len(lists))
    return dict(weights)


def _declared_for(patent_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    owners: dict[int, list[int]] = defaultdict(list)
    for patent_id, org_id in PatentApplicant.objects.filter(
            patent_id__in=patent_ids, organisation__isnull=False).values_list("patent_id", "organisation_id"):
        owners[patent_id].append(org_id)
    declared: dict[int, list[str]] = defaultdict(list)
    for org_id, code in DeclaredIndustry.objects.filter(
            organisation_id__in={o for orgs in owners.values() for o in orgs}).values_list("organisation_id", "industry_id"):
        declared[org_id].append(code)
    return owners, declared


def _links(patent_ids: list[int], classifier: Classifier) -> Iterator[PatentIndustry]:
    owners, declared = _declared_for(patent_ids)
    for patent_id, ipc_main, ipc_codes in Patent.objects.filter(pk__in=patent_ids).values_list(
            "pk", "ipc_main", "ipc_codes").order_by():
        codes = list(dict.fromkeys([c for c in [ipc_main, *(ipc_codes or [])] if c]))
        for route, weights in ((Route.APPLICANT, applicant_weights(owners.get(patent_id, []), declared)),
                               (Route.CONCORDANCE, classifier.concordance(codes)),
                               (Route.EMPIRICAL, classifier.empirical(codes))):
            for code, weight in fractions(weights).items():
                yield PatentIndustry(patent_id=patent_id, industry_id=code, route=route, weight=weight)


def patents_classify(patent_ids: Iterable[int], *, classifier: Classifier | None = None) -> int:
    """Replace the patents' industries by every route; returns the rows written."""
    ids = list(dict.fromkeys(patent_ids))
    rows = list(_links(ids, classifier or Classifier.load()))
    PatentIndustry.objects.filter(patent_id__in=ids).delete()
    PatentIndustry.objects.bulk_create(rows, batch_size=CHUNK)
    return len(rows)


def register_classify(*, everything: bool = False) -> tuple[int, int]:
    """Classify the register a chunk per transaction: every patent, or those not classified yet. Returns
    (patents, rows)."""
    classifier = Classifier.load()
    pending = Patent.objects.order_by("pk")
    if not everything:
        pending = pending.exclude(pk__in=PatentIndustry.objects.values("patent_id"))
    ids = list(pending.values_list("pk", flat=True))
    rows = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            rows += patents_classify(ids[start:start + CHUNK], classifier=classifier)
    return len(ids), rows


def organisation_patent_ids(organisation: Organisation) -> list[int]:
    return list(PatentApplicant.objects.filter(organisation=organisation).values_list("patent_id", flat=True)
                .distinct())


def industries_declare(*, actor: Any, organisation: Organisation, industry_codes: list[str]) -> list[DeclaredIndustry]:
    """Set the organisation's declared industries (GB/T 4754-2017 small classes; an empty list withdraws them) and
    reclassify its patents after the commit. The caller has authorised the actor."""
    codes = list(dict.fromkeys(c.strip() for c in industry_codes if c.strip()))
    if len(codes) > MAX_DECLARED:
        raise ValidationFailed(details={"industries": gettext("Declare at most %(n)d industries.") % {"n": MAX_DECLARED}})
    known = set(Industry.objects.filter(code__in=codes, level=SMALL_CLASS).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationFailed(details={"industries": gettext("Not a GB/T 4754-2017 small class: %(codes)s")
                                        % {"codes": ", ".join(unknown)}})
    for row in organisation.declared_industries.exclude(industry_id__in=codes):
        row.delete()  # one by one, so the audit trail records each withdrawal
    have = set(organisation.declared_industries.values_list("industry_id", flat=True))
    for code in codes:
        if code not in have:
            DeclaredIndustry.objects.create(organisation=organisation, industry_id=code, declared_by=actor)
    transaction.on_commit(lambda: _queue_organisation(organisation.pk))
    return list(organisation.declared_industries.select_related("industry"))


def _queue_organisation(organisation_id: int) -> None:
    from patentbridge.industries.tasks import classify_organisation  # tasks import this module

    classify_organisation.enqueue(organisation_id)
