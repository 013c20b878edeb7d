"""Every event that asks someone to act or tells them something changed notifies exactly the people who can act on
it, once, with a link to the thing to act on, and no one else (issue 13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.deals import services as deals
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.demands import services as demands
from patentbridge.demands.models import Demand, DemandStatus
from patentbridge.licensing import services as licensing
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services as pool
from patentbridge.pool.models import PoolState
from patentbridge.pool.reminders import fee_reminders_send
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.push import services as push
from patentbridge.push.models import Notification, Subscription
from patentbridge.recordation.models import Recordation
from patentbridge.recordation.reminders import recordation_reminders_send
from patentbridge.recordation.services import recordation_file
from patentbridge.revenue import services as revenue
from patentbridge.revenue.models import IncomeKind, JurisdictionFloor

TODAY = dt.date(2026, 11, 26)
POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50"}


def notified(kind: str) -> dict[int, list[str]]:
    """recipient id → the links of their notices of this kind."""
    found: dict[int, list[str]] = {}
    for recipient_id, link in Notice.objects.filter(kind=kind).values_list("recipient_id", "link"):
        found.setdefault(recipient_id, []).append(link)
    return found


@pytest.fixture
def campus(db):
    """A university with its office, an inventor and an org admin; an unrelated university's office."""
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY, address="广州市天河区五山路381号")
    patent = PatentFactory(owner=uni, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    return SimpleNamespace(uni=uni, patent=patent, entry=PoolEntryFactory(patent=patent, organisation=uni),
                           office=member_of(uni), inventor=member_of(uni, Role.INVENTOR),
                           other_inventor=member_of(uni, Role.INVENTOR), admin=member_of(uni, Role.ORG_ADMIN),
                           stranger=member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY)))


# ------------------------------------------------------------------ pool


def test_a_self_assessment_request_notifies_the_inventor_only(campus):
    pool.self_assessment_request(actor=campus.office, entry=campus.entry, inventor=campus.inventor)
    assert notified(NoticeKind.SELF_ASSESSMENT_REQUESTED) == {campus.inventor.pk: [f"/pool/entries/{campus.entry.pk}/"]}


def _self_assessed(campus):
    pool.self_assessment_request(actor=campus.office, entry=campus.entry, inventor=campus.inventor)
    return pool.self_assessment_submit(actor=campus.inventor, entry=campus.entry, market_prospects=4, maturity=3,
                                       willingness=5)


def test_an_answered_self_assessment_notifies_the_office_only(campus):
    _self_assessed(campus)
    assert notified(NoticeKind.SELF_ASSESSMENT_ANSWERED) == {campus.office.pk: [f"/pool/entries/{campus.entry.pk}/"]}


def test_a_review_decision_notifies_the_assigned_inventor_only(campus):
    entry = _self_assessed(campus)
    pool.office_review(actor=campus.office, entry=entry, comment="可入池")
    pool.entry_move(actor=campus.office, entry=entry, to=PoolState.POOLED)
    decisions = Notice.objects.filter(kind=NoticeKind.REVIEW_DECISION)
    assert {n.recipient_id for n in decisions} == {campus.inventor.pk} and decisions.count() == 2
    assert all(n.link == f"/pool/entries/{entry.pk}/" for n in decisions)


def test_a_fee_due_notifies_the_office_once(campus):
    fee_reminders_send(dt.date(2026, 12, 20))  # year 9 is due on 2027-01-15
    fee_reminders_send(dt.date(2026, 12, 21))
    assert notified(NoticeKind.FEE_DUE) == {campus.office.pk: ["/pool/fees/"]}


# ------------------------------------------------------------------ licensing and recordation


@pytest.fixture
def licensed(campus):
    declaration = licensing.declare(actor=campus.office, organisation=campus.uni, patent=campus.patent, today=TODAY,
                                    data={"payment_mode": "lump_sum", "lump_sum": Decimal("80000"), "term_years": 2})
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, address="深圳市南山区科技园科苑路15号")
    signer = signer_of(company)
    licence = licensing.licence_take(actor=signer, licensee=company, declaration=declaration, notice="通知",
                                     today=TODAY)
    return SimpleNamespace(**vars(campus), licence=licence, company=company, signer=signer,
                           employee=member_of(company, Role.ENTERPRISE_USER))


def test_a_licence_taken_notifies_the_patentees_office_only(licensed):
    assert notified(NoticeKind.LICENCE_TAKEN) == {licensed.office.pk: [f"/licensing/licences/{licensed.licence.pk}/"]}


def test_a_refused_recordation_notifies_both_parties_who_may_file_except_the_filer(licensed):
    Patent.objects.filter(pk=licensed.patent.pk).update(legal_status=LegalStatus.INVALIDATED)
    colleague = signer_of(licensed.company)
    recordation = Recordation.objects.get(pk=licensed.licence.recordation.pk)
    assert recordation_file(actor=licensed.signer, recordation=recordation, today=TODAY).status == "refused"
    link = f"/licensing/licences/{licensed.licence.pk}/"
    assert notified(NoticeKind.RECORDATION_REFUSED) == {licensed.office.pk: [link], colleague.pk: [link]}


def test_a_recordation_due_notifies_both_parties_who_may_file_once(licensed):
    recordation_reminders_send(dt.date(2027, 2, 1))  # the deadline is 2027-02-26
    recordation_reminders_send(dt.date(2027, 2, 2))
    link = f"/licensing/licences/{licensed.licence.pk}/"
    assert notified(NoticeKind.RECORDATION_DUE) == {licensed.office.pk: [link], licensed.signer.pk: [link]}


# ------------------------------------------------------------------ revenue


@pytest.fixture
def income(licensed):
    revenue.policy_save(actor=None, organisation=licensed.uni,
                        jurisdiction=JurisdictionFloor.objects.get(code="guangdong"), data=POLICY)
    pool.self_assessment_request(actor=licensed.office, entry=licensed.entry, inventor=licensed.inventor)
    recorder = member_of(licensed.uni)
    recorded = revenue.income_record(actor=recorder, organisation=licensed.uni, kind=IncomeKind.LICENCE,
                                     gross="80000", received_on=TODAY, description="开放许可费",
                                     open_licence=licensed.licence)
    return SimpleNamespace(**vars(licensed), income=recorded, recorder=recorder)


def test_income_recorded_notifies_the_other_office_members_and_the_patents_inventor(income):
    page = f"/revenue/income/{income.income.pk}/"
    assert notified(NoticeKind.INCOME_RECORDED) == {income.office.pk: [page], income.inventor.pk: ["/revenue/"]}


def test_a_share_allocated_notifies_the_inventor_whose_share_it_is(income):
    revenue.allocate(actor=income.recorder, income=income.income, shares=[
        revenue.ShareIn(name="张三", weight=Decimal("60"), main_contributor=True, inventor=income.inventor),
        revenue.ShareIn(name="李四", weight=Decimal("40"))])
    assert notified(NoticeKind.SHARE_ALLOCATED) == {income.inventor.pk: ["/revenue/"]}


# ------------------------------------------------------------------ deals


@pytest.fixture
def deal(campus):
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    signer, employee = signer_of(company), member_of(company, Role.ENTERPRISE_USER)
    made = deals.deal_create(actor=campus.office, patent=campus.patent, kind=DealKind.ORDINARY_LICENCE,
                             owner=campus.uni, counterparty=company,
                             data={"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2028, 12, 31),
                                   "amount": Decimal("100000")})
    return SimpleNamespace(**vars(campus), deal=made, company=company, signer=signer, employee=employee)


def test_a_proposed_deal_notifies_the_other_partys_deal_makers(deal):
    link = f"/deals/{deal.deal.pk}/"
    assert notified(NoticeKind.DEAL_STEP) == {deal.signer.pk: [link], deal.employee.pk: [link]}


def test_a_deal_step_by_one_party_notifies_the_other_partys_deal_makers(deal):
    Notice.objects.all().delete()  # the proposal's own notices
    deals.deal_transition(actor=deal.office, deal=deal.deal, to=DealStatus.NEGOTIATING, today=TODAY)
    link = f"/deals/{deal.deal.pk}/"
    assert notified(NoticeKind.DEAL_STEP) == {deal.signer.pk: [link], deal.employee.pk: [link]}


def test_a_confirmation_awaiting_the_other_party_notifies_those_who_may_confirm(deal):
    Deal.objects.filter(pk=deal.deal.pk).update(status=DealStatus.NEGOTIATING)
    Notice.objects.all().delete()  # the proposal's own notices
    deals.deal_transition(actor=deal.office, deal=Deal.objects.get(pk=deal.deal.pk), to=DealStatus.AGREED,
                          today=TODAY)
    notice = Notice.objects.get(kind=NoticeKind.DEAL_STEP)
    assert (notice.recipient_id, notice.params["variant"]) == (deal.signer.pk, "awaiting")


# ------------------------------------------------------------------ demands and push


@pytest.fixture
def demand(campus):
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    author = member_of(firm, Role.ENTERPRISE_USER)
    made = Demand.objects.create(organisation=firm, created_by=author, title="压缩机降噪", problem="振动大",
                                 status=DemandStatus.PUBLISHED)
    return SimpleNamespace(**vars(campus), firm=firm, author=author, colleague=member_of(firm, Role.ENTERPRISE_USER),
                           demand=made)


def test_a_patent_put_forward_notifies_the_demands_author_only(demand):
    demands.match_send(actor=demand.office, demand=demand.demand, patent=demand.patent, note="可提供样机")
    assert notified(NoticeKind.DEMAND_MATCHED) == {demand.author.pk: [f"/demands/{demand.demand.pk}/"]}


def test_an_enterprises_answer_notifies_the_patents_office_only(demand):
    demands.match_send(actor=demand.office, demand=demand.demand, patent=demand.patent, note="可提供样机")
    demands.match_answer(actor=demand.author, demand=demand.demand, patent=demand.patent, interested=True)
    assert notified(NoticeKind.MATCH_ANSWERED) == {demand.office.pk: [f"/patents/{demand.patent.lookup_number}/"]}


def test_a_pushed_patent_lands_in_the_subscribers_inbox_through_push_statistics(campus):
    Subscription.objects.create(user=campus.stranger, kind=Subscription.Kind.PROFILE, name="声学",
                                ipc_prefixes=["H04R"])
    push.notifications_create(push.events_record(patent_ids=[campus.patent.pk]))
    pushed = Notification.objects.get(user=campus.stranger)
    assert notified(NoticeKind.PATENT_PUSHED) == {campus.stranger.pk: [f"/push/inbox/{pushed.pk}/"]}
