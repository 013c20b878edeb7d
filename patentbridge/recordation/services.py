"""Recordation drafts, the eleven refusal grounds of the 2011 recordation measures, filing and registration.
Technology-contract registration: recordation.contracts."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.context import set_actor
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.permissions import Action, Capability, authorize, user_ids_with
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.terms import runs_beyond_term

# The technology-contract writes live in recordation.contracts; these names stay importable from here.
from patentbridge.recordation.contracts import contract_confirm, contract_for_grant  # noqa: F401
from patentbridge.recordation.models import (
    RECORDATION_STEPS,
    LicenceType,
    Recordation,
    RecordationFiling,
    RecordationKind,
    RecordationStatus,
)
from patentbridge.recordation.selectors import recordation_page
from patentbridge.rights import selectors as rights
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import OWNERSHIP, Grant, GrantKind

DEADLINE_MONTHS = 3  # IR Art 15 ¶2; measures Art 5


LICENCE_TYPES = {GrantKind.ORDINARY_LICENCE: LicenceType.ORDINARY, GrantKind.SOLE_LICENCE: LicenceType.SOLE,
                 GrantKind.EXCLUSIVE_LICENCE: LicenceType.EXCLUSIVE, GrantKind.OPEN_LICENCE: LicenceType.OPEN}


def draft_for_grant(grant: Grant, *, effective_on: date) -> Recordation:
    """The grant's recordation (a licence) or transfer registration draft, due three months after the contract
    takes effect (IR Art 15 ¶2)."""
    recordation, _created = Recordation.objects.get_or_create(grant=grant, defaults={
        "kind": RecordationKind.TRANSFER if grant.kind in OWNERSHIP else RecordationKind.LICENCE,
        "patent": grant.patent, "licensor": grant.grantor, "licensee": grant.grantee,
        "licence_type": LICENCE_TYPES.get(grant.kind, ""), "starts_on": grant.starts_on,
        "ends_on": grant.ends_on or grant.starts_on, "contract_effective_on": effective_on,
        "deadline": effective_on + relativedelta(months=DEADLINE_MONTHS)})
    return recordation


def refusal_grounds(recordation: Recordation, today: date) -> list[dict[str, str]]:
    """The grounds of 专利实施许可合同备案办法 Art 12 that apply now, each with how to fix it."""
    patent = recordation.patent
    found: list[dict[str, str]] = []

    def ground(number: int, code: str, message: str, fix: str, **extra: Any) -> None:
        found.append({"ground": gettext("Art 12(%(number)s)") % {"number": number}, "rule": code, "message": message,
                      "fix": fix, **extra})

    if patent.legal_status in (LegalStatus.EXPIRED, LegalStatus.LAPSED_FEES, LegalStatus.LAPSED,
                               LegalStatus.INVALIDATED, LegalStatus.ABANDONED):
        ground(1, "patent_not_in_force", gettext("the patent has terminated or been invalidated"),
               gettext("cannot be recorded"))
    if recordation.licensor_id not in patent.owner_org_ids():
        ground(2, "not_patentee", gettext("the licensor is not the registered patentee"),
               gettext("file as the patentee or register the change first"))
    is_licence = recordation.kind == RecordationKind.LICENCE
    missing = art9_missing(recordation) if is_licence else []
    if missing:
        labels = ", ".join(str(ART9_ITEMS[item]) for item in missing)
        ground(3, "contents_missing", _("The contract lacks items required by Art 9: %(items)s.") % {"items": labels},
               _("Complete the missing items: %(items)s.") % {"items": labels}, items=missing)
    if recordation.ends_on and runs_beyond_term(patent, recordation.ends_on):
        ground(4, "term_beyond_patent", gettext("the licence term exceeds the patent term"),
               gettext("shorten the term"))
    if len(patent.applicant_names or []) > 1 and not _co_owners_consented(recordation):
        ground(5, "co_owner", gettext("no consent of the other co-owners on file"),
               _("Every co-owner confirms the signing on the platform (or, for an open licence, the declaration "
                 "states the co-owners' written consent)."))
    if rights.annual_fee_unpaid(patent, today):
        ground(6, "fee_late_period", gettext("the patent is in the annual-fee late period"),
               gettext("pay the fee and surcharge first"))
    if rights.is_suspended(patent, today):
        ground(7, "suspended", gettext("procedures are suspended"), gettext("wait for them to resume"))
    duplicate = Recordation.objects.filter(patent=patent, licensee=recordation.licensee,
                                           status=RecordationStatus.RECORDED,
                                           starts_on=recordation.starts_on).exclude(pk=recordation.pk)
    if duplicate.exists():
        ground(8, "duplicate", gettext("this contract is already recorded"), gettext("nothing to do"))
    if rights.is_pledged(patent, today) and not recordation.grant.pledgee_consent:
        ground(9, "pledged", gettext("pledged without the pledgee's consent"),
               gettext("obtain the pledgee's consent"))
    if is_licence and recordation.licence_type and _conflicting_licences(recordation):
        ground(10, "conflicting_licence", gettext("conflicts with a recorded licence"),
               _("Check the recorded licences of this patent: no ordinary or open licence over a sole or exclusive "
                 "one, and no sole or exclusive licence over any other licence, for the same period."))
    return found


ART9_ITEMS = {
    "licensor_name": gettext_lazy("the licensor's name"), "licensor_address": gettext_lazy("the licensor's address"),
    "licensee_name": gettext_lazy("the licensee's name"), "licensee_address": gettext_lazy("the licensee's address"),
    "application_date": gettext_lazy("the patent's application date"),
    "grant_date": gettext_lazy("the patent's grant-announcement date"),
    "licence_type": gettext_lazy("the licence type"), "territory": gettext_lazy("the territory"),
    "starts_on": gettext_lazy("the start of the licence term"), "ends_on": gettext_lazy("the end of the licence term"),
}


def art9_missing(recordation: Recordation) -> list[str]:
    """The Art 9 contract items the filing lacks. A pending application has no grant-announcement date, so under
    Art 9(2) its licence is refused until the grant is announced."""
    patent = recordation.patent
    licensor = recordation.licensor if recordation.licensor_id else None
    licensee = recordation.licensee if recordation.licensee_id else None
    territory = recordation.grant.territory_id if recordation.grant_id else None
    given = {"licensor_name": licensor and licensor.name, "licensor_address": licensor and licensor.address,
             "licensee_name": licensee and licensee.name, "licensee_address": licensee and licensee.address,
             "application_date": patent.application_date,
             "grant_date": patent.grant_date, "licence_type": recordation.licence_type, "territory": territory,
             "starts_on": recordation.starts_on, "ends_on": recordation.ends_on}
    return [item for item in ART9_ITEMS if not given[item]]


def _conflicting_licences(recordation: Recordation) -> list[Any]:
    """Recorded licences of an overlapping territory and period that this one cannot stand beside (Art 12(10);
    Patent Law Art 51 ¶3), by the one overlap rule of every grant kind (rights.rules)."""
    grant = recordation.grant
    return rights.clashes(patent=grant.patent, kind=grant.kind, territory_lo=grant.territory_lo,
                          territory_hi=grant.territory_hi, starts_on=grant.starts_on, ends_on=grant.ends_on,
                          exclude=grant.pk, recorded_only=True)


def _co_owners_consented(recordation: Recordation) -> bool:
    """Patent Law Art 14: a co-owner may grant an ordinary licence alone; anything else needs every co-owner
    (confirmed on the platform at signing, or stated in the open-licence declaration)."""
    grant = recordation.grant
    return grant.kind == GrantKind.ORDINARY_LICENCE or grant.co_owners_consent


def _notify_refused(recordation: Recordation, *, actor: Any) -> None:
    """Both parties' members who may file it again hear of the refusal and its grounds (the filer excepted)."""
    filing = recordation.filings.order_by("-pk").values_list("pk", flat=True).first()
    notify(recipients=user_ids_with(Capability.COMMIT, recordation.party_org_ids()),
           kind=NoticeKind.RECORDATION_REFUSED, link=recordation_page(recordation),
           key=f"recordation-refused:{filing}", actor=actor,
           params={"patent": str(recordation.patent), "count": str(len(recordation.refusals))})


def recordation_file(*, actor: Any, recordation: Recordation, today: date | None = None,
                     request: Any = None) -> Recordation:
    """File the draft for either party: refused, with every ground stored on it, when any applies; recorded
    otherwise. The caller reports a refusal after its transaction commits, so the refusal itself is kept."""
    authorize(actor, Action.RECORDATION_FILE, recordation, request=request)
    today = today or timezone.localdate()
    if recordation.status == RecordationStatus.RECORDED:
        raise Conflict(_("This recordation is already recorded."), code="already_recorded")
    grounds = refusal_grounds(recordation, today)
    to = RecordationStatus.REFUSED if grounds else RecordationStatus.RECORDED
    step_require(RECORDATION_STEPS, recordation.status, to, labels=dict(RecordationStatus.choices))
    RecordationFiling.objects.create(recordation=recordation, from_status=recordation.status, to_status=to,
                                     refusals=grounds, actor=actor, filed_on=today)
    recordation.refusals, recordation.filed_on, recordation.filed_by = grounds, today, actor
    recordation.days_late = max(0, (today - recordation.deadline).days)
    recordation.status = to
    with set_actor(actor):
        recordation.save()
    if recordation.status != RecordationStatus.RECORDED:
        _notify_refused(recordation, actor=actor)
        return recordation
    rights_services.grant_recorded_on(actor=actor, grant=recordation.grant, on=today)
    return recordation
