"""The expert committee's gate: a deal its institution's policy puts before the committee is not signed until the
committee approves it; the office puts it before the committee from the deal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.committee.models import CommitteePolicy, ReviewMatter, ReviewRequest, ReviewStatus
from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.deals import committee as gate
from patentbridge.deals import services
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def parties(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    CommitteePolicy.objects.create(organisation=university, deal_amount_above=Decimal("1000000"),
                                   equity_needs_review=True)
    return SimpleNamespace(university=university, company=company, patent=patent,
                           office=member_of(university, Role.TECH_TRANSFER_MANAGER),
                           signer=member_of(company, Role.SIGNATORY))


def _agreed(p, kind=DealKind.TRANSFER, amount="2000000"):
    deal = services.deal_create(actor=p.office, patent=p.patent, kind=kind, owner=p.university,
                                counterparty=p.company, data={"amount": Decimal(amount)})
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.AGREED)
    deal.refresh_from_db()
    return deal


def _sign(p, deal):
    deal = services.deal_transition(actor=p.office, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    return services.deal_transition(actor=p.signer, deal=deal, to=DealStatus.SIGNED, today=TODAY)


def test_a_deal_above_the_amount_is_not_signed_without_the_committee(parties):
    deal = _agreed(parties)
    with pytest.raises(Conflict) as refused:
        services.deal_transition(actor=parties.office, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    assert refused.value.code == "committee_approval_required"
    assert parties.university.name in refused.value.message


def test_the_other_party_cannot_sign_it_either(parties):
    with pytest.raises(Conflict):
        services.deal_transition(actor=parties.signer, deal=_agreed(parties), to=DealStatus.SIGNED, today=TODAY)


def test_a_deal_at_or_below_the_amount_signs_without_review(parties):
    assert _sign(parties, _agreed(parties, amount="1000000")).status == DealStatus.SIGNED


def test_an_equity_contribution_needs_review_at_any_amount(parties):
    deal = _agreed(parties, kind=DealKind.EQUITY, amount="10")
    assert [g.organisation for g in gate.gates(deal)] == [parties.university]
    assert gate.matter_of(deal) == ReviewMatter.EQUITY


def test_the_deal_signs_once_the_committee_approves(parties):
    deal = _agreed(parties)
    review = gate.deal_refer(actor=parties.office, deal=deal, organisation=parties.university)
    ReviewRequest.objects.filter(pk=review.pk).update(status=ReviewStatus.APPROVED)
    assert _sign(parties, deal).status == DealStatus.SIGNED


def test_a_rejected_deal_stays_unsigned(parties):
    deal = _agreed(parties)
    review = gate.deal_refer(actor=parties.office, deal=deal, organisation=parties.university)
    ReviewRequest.objects.filter(pk=review.pk).update(status=ReviewStatus.REJECTED)
    with pytest.raises(Conflict):
        _sign(parties, deal)


def test_putting_before_the_committee_carries_the_amount_and_the_link(parties):
    deal = _agreed(parties)
    review = gate.deal_refer(actor=parties.office, deal=deal, organisation=parties.university)
    assert (review.amount, review.matter, review.link) == (Decimal("2000000"), ReviewMatter.CONVERSION,
                                                           f"/deals/{deal.pk}/")


def test_the_enterprise_cannot_put_the_deal_before_the_universitys_committee(parties):
    with pytest.raises(PermissionDenied):
        gate.deal_refer(actor=parties.signer, deal=_agreed(parties), organisation=parties.university)


def test_the_office_offers_the_button_only_until_asked(parties):
    deal = _agreed(parties)
    assert [g.organisation for g in gate.referable(parties.office, deal)] == [parties.university]
    gate.deal_refer(actor=parties.office, deal=deal, organisation=parties.university)
    assert gate.referable(parties.office, deal) == []


def test_the_deal_page_shows_the_committee_status(parties, client):
    deal = _agreed(parties)
    client.force_login(parties.office)
    page = client.get(f"/deals/{deal.pk}/").content.decode()
    assert 'data-testid="deal-committee"' in page and 'data-testid="deal-refer"' in page
    client.post(f"/deals/{deal.pk}/committee/", {"organisation": parties.university.pk})
    assert ReviewRequest.objects.filter(subject_id=deal.pk, status=ReviewStatus.PENDING).exists()
