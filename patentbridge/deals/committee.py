"""The expert committee's gate on a deal: when an institution party's committee policy asks for review (a deal above
its amount, or an equity contribution), the deal is not signed until that committee approved it. Signing is the step
gated because it is the one that binds: it creates the grant in the patent and the technology contract, while
agreeing only fixes the terms the committee then reviews (its amount among them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from patentbridge.committee import selectors as committee
from patentbridge.committee import services as committee_services
from patentbridge.committee.models import ReviewMatter, ReviewRequest, ReviewStatus
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.orgs.models import INSTITUTION_KINDS, Organisation
from patentbridge.orgs.permissions import Action, authorize, is_allowed


@dataclass(frozen=True)
class Gate:
    """One institution's committee and where its review of the deal stands (None: not asked yet)."""

    organisation: Organisation
    review: ReviewRequest | None

    @property
    def approved(self) -> bool:
        return self.review is not None and self.review.status == ReviewStatus.APPROVED

    @property
    def live(self) -> bool:
        return self.review is not None and self.review.status in (ReviewStatus.PENDING, ReviewStatus.SCHEDULED)


def matter_of(deal: Deal) -> ReviewMatter:
    return ReviewMatter.EQUITY if deal.kind == DealKind.EQUITY else ReviewMatter.CONVERSION


def gates(deal: Deal) -> list[Gate]:
    """The institution parties whose policy puts this deal before their committee, with their latest review."""
    parties = list(Organisation.objects.filter(pk__in=deal.consenting_org_ids(), kind__in=INSTITUTION_KINDS)
                   .order_by("pk"))
    matter = matter_of(deal)
    policies = committee.policies_of(org.pk for org in parties)
    required = [org for org in parties if committee.policy_demands(policies.get(org.pk), matter, deal.amount)]
    if not required:
        return []
    latest: dict[int, ReviewRequest] = {}
    for review in committee.reviews_of(deal, matter):  # newest first
        latest.setdefault(review.organisation_id, review)
    return [Gate(org, latest.get(org.pk)) for org in required]


def refuse_unless_approved(deal: Deal) -> None:
    """Refuse signing while a committee whose policy requires review has not approved the deal."""
    waiting = [gate.organisation.name for gate in gates(deal) if not gate.approved]
    if waiting:
        raise Conflict(_("The expert committee of %(orgs)s must approve this deal before it is signed: put it before "
                         "the committee from the deal's page.") % {"orgs": "、".join(waiting)},
                       code="committee_approval_required", details={"organisations": waiting})


def referable(user: Any, deal: Deal) -> list[Gate]:
    """The gates this user may put the deal before (their own institution's, not yet asked or decided against)."""
    if deal.status in (DealStatus.SIGNED, DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED,
                       DealStatus.TERMINATED):
        return []
    return [gate for gate in gates(deal) if not gate.approved and not gate.live
            and is_allowed(user, Action.COMMITTEE_REFER, gate.organisation)]


def deal_refer(*, actor: Any, deal: Deal, organisation: Organisation, request: Any = None) -> ReviewRequest:
    """The institution's office puts the deal before its committee, with the contract amount."""
    authorize(actor, Action.COMMITTEE_REFER, organisation, request=request)
    if organisation.pk not in {gate.organisation.pk for gate in gates(deal)}:
        raise ValidationFailed(_("Your organisation's committee policy does not ask to review this deal."))
    title = f"{deal.get_kind_display()} · {deal.patent.title if deal.patent_id else deal.subject} → " \
            f"{deal.counterparty.name}"
    return committee_services.request_review(
        organisation=organisation, subject=deal, matter=matter_of(deal), title=title, by=actor, amount=deal.amount,
        summary=deal.terms, link=reverse("deals:detail", args=[deal.pk]))
