"""Assignment, the manager's assessment (赋权 terms included), the office's decision, and the committee's review of a
filing decision when its policy asks for one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.casework import services
from patentbridge.casework.models import CaseRoute, CaseTask, ReleaseKind, Stage, TaskKind, TechnologyCase
from patentbridge.casework.tests.factories import assessed, assigned, disclosed, institution
from patentbridge.committee import selectors as committee_selectors
from patentbridge.committee.models import ReviewMatter, ReviewRequest, ReviewStatus
from patentbridge.committee.services import request_review
from patentbridge.committee.signals import review_decided
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni():
    return institution()


@pytest.fixture
def filing_policy(monkeypatch):
    """The organisation's committee must review filing decisions (the committee app's answer, stood in for)."""
    approved: set[int] = set()
    monkeypatch.setattr(committee_selectors, "policy_requires",
                        lambda organisation, matter, amount=None: matter == ReviewMatter.FILING, raising=False)
    monkeypatch.setattr(committee_selectors, "is_approved", lambda subject, matter: subject.pk in approved,
                        raising=False)
    return approved


def test_assigning_a_manager_moves_the_case_to_assessment_with_a_task_due_in_the_set_days(uni, settings):
    settings.CASEWORK_ASSESS_DAYS = 10
    case = assigned(uni)
    assert case.stage == Stage.ASSESSMENT and case.manager == uni.manager
    task = CaseTask.objects.get(case=case)
    assert task.kind == TaskKind.ASSESS and task.assignee == uni.manager
    assert task.due_on == timezone.localdate() + dt.timedelta(days=10)


def test_the_assigned_manager_is_told(uni):
    assigned(uni)
    assert Notice.objects.filter(recipient=uni.manager, params__variant="case_assigned").exists()


def test_reassigning_hands_the_open_assessment_task_on(uni):
    case = assigned(uni)
    services.manager_assign(actor=uni.office, case=case, manager=uni.office)
    assert CaseTask.objects.get(case=case).assignee == uni.office


def test_only_a_tech_transfer_manager_of_the_organisation_is_assignable(uni):
    case = disclosed(uni)
    outsider = member_of(OrganisationFactory(), Role.TECH_TRANSFER_MANAGER)
    for person in (uni.inventor, uni.admin, outsider):
        with pytest.raises(ValidationFailed):
            services.manager_assign(actor=uni.office, case=case, manager=person)


def test_an_inventor_cannot_assign(uni):
    with pytest.raises(PermissionDenied):
        services.manager_assign(actor=uni.inventor, case=disclosed(uni), manager=uni.manager)


def test_the_assessment_closes_the_assessment_task(uni):
    case = assessed(uni)
    assert case.assessment.route == CaseRoute.FILE and case.assessment.assessed_by == uni.manager
    assert CaseTask.objects.get(case=case, key="assess").done_at is not None


def test_the_assessment_keeps_only_doubted_patents_of_the_prior_art_check(uni):
    case = assigned(uni)
    case.disclosure.prior_art = [{"number": "CN202110000001.X", "title": "t", "strength": "weak",
                                  "matched_terms": []}]
    case.disclosure.save()
    assessment = services.assessment_record(actor=uni.manager, case=case, route=CaseRoute.FILE, reasons="r",
                                            doubtful_patents=["CN202110000001.X", "CN000"])
    assert assessment.doubtful_patents == ["CN202110000001.X"]


def test_an_unassigned_case_cannot_be_assessed(uni):
    with pytest.raises(Conflict):
        services.assessment_record(actor=uni.office, case=disclosed(uni), route=CaseRoute.FILE, reasons="r")


def test_another_manager_of_the_office_who_is_not_assigned_may_still_assess_as_the_office(uni):
    case = assigned(uni)
    services.assessment_record(actor=uni.office, case=case, route=CaseRoute.PUBLISH, reasons="论文优先")
    assert case.assessment.route == CaseRoute.PUBLISH


def test_an_inventor_cannot_assess(uni):
    with pytest.raises(PermissionDenied):
        services.assessment_record(actor=uni.inventor, case=assigned(uni), route=CaseRoute.FILE, reasons="r")


def test_a_long_term_use_right_under_ten_years_is_refused(uni):
    with pytest.raises(ValidationFailed) as error:
        services.assessment_record(actor=uni.manager, case=assigned(uni), route=CaseRoute.RELEASE, reasons="r",
                                   release_kind=ReleaseKind.LONG_TERM_USE, release_years=9)
    assert "release_years" in error.value.details


def test_a_long_term_use_right_of_ten_years_is_accepted(uni):
    assessment = services.assessment_record(actor=uni.manager, case=assigned(uni), route=CaseRoute.RELEASE, reasons="r",
                                            release_kind=ReleaseKind.LONG_TERM_USE, release_years=10,
                                            income_split="7:3", cost_sharing="维持费由发明人承担")
    assert assessment.release_years == 10


def test_an_ownership_share_must_lie_between_0_and_100(uni):
    case = assigned(uni)
    for share in (None, Decimal("0"), Decimal("100")):
        with pytest.raises(ValidationFailed):
            services.assessment_record(actor=uni.manager, case=case, route=CaseRoute.RELEASE, reasons="r",
                                       release_kind=ReleaseKind.OWNERSHIP, release_share=share)


def test_a_release_without_its_kind_is_refused(uni):
    with pytest.raises(ValidationFailed):
        services.assessment_record(actor=uni.manager, case=assigned(uni), route=CaseRoute.RELEASE, reasons="r")


def test_the_office_cannot_decide_before_the_assessment(uni):
    with pytest.raises(Conflict):
        services.case_decide(actor=uni.office, case=assigned(uni), route=CaseRoute.FILE, reasons="r")


def test_a_decision_needs_reasons(uni):
    with pytest.raises(ValidationFailed):
        services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons=" ")


def test_without_a_committee_policy_a_filing_decision_is_final(uni):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="申请发明")
    assert case.stage == Stage.FILING_DECIDED and case.decided_by == uni.office
    assert not ReviewRequest.objects.exists()


def test_the_org_admin_decides_as_the_office(uni):
    case = services.case_decide(actor=uni.admin, case=assessed(uni), route=CaseRoute.SECRET, reasons="作为技术秘密")
    assert case.stage == Stage.CLOSED


def test_the_assigned_manager_who_is_not_of_the_office_cannot_decide(uni):
    case = assessed(uni)
    case.manager = member_of(OrganisationFactory(), Role.TECH_TRANSFER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.case_decide(actor=case.manager, case=case, route=CaseRoute.FILE, reasons="r")


@pytest.mark.parametrize("route", [CaseRoute.PUBLISH, CaseRoute.SECRET, CaseRoute.RELEASE])
def test_not_filing_closes_the_case(uni, route):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=route, reasons="r")
    assert case.stage == Stage.CLOSED


def test_the_inventors_and_the_manager_are_told_of_the_decision(uni):
    services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    told = set(Notice.objects.filter(params__variant="case_decided").values_list("recipient_id", flat=True))
    assert told == {uni.inventor.pk, uni.manager.pk}


def test_a_filing_the_policy_covers_goes_before_the_committee(uni, filing_policy):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="申请发明")
    assert case.stage == Stage.COMMITTEE
    review = ReviewRequest.objects.get()
    assert review.subject == case and review.matter == ReviewMatter.FILING and review.organisation == uni.org


def test_a_filing_the_committee_already_approved_does_not_go_again(uni, filing_policy):
    case = assessed(uni)
    filing_policy.add(case.pk)
    case = services.case_decide(actor=uni.office, case=case, route=CaseRoute.FILE, reasons="r")
    assert case.stage == Stage.FILING_DECIDED and not ReviewRequest.objects.exists()


def test_the_policy_does_not_hold_back_a_decision_not_to_file(uni, filing_policy):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.PUBLISH, reasons="r")
    assert case.stage == Stage.CLOSED and not ReviewRequest.objects.exists()


def _decide_review(status: str) -> ReviewRequest:
    review = ReviewRequest.objects.get()
    review.status, review.decided_at, review.decision_note = status, timezone.now(), "委员会意见"
    review.save()
    review_decided.send(sender=ReviewRequest, review=review)
    return review


def test_the_committee_approving_moves_the_case_to_filing_decided(uni, filing_policy):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    _decide_review(ReviewStatus.APPROVED)
    assert TechnologyCase.objects.get(pk=case.pk).stage == Stage.FILING_DECIDED


def test_the_committee_rejecting_sends_the_case_back_to_the_manager(uni, filing_policy):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    _decide_review(ReviewStatus.REJECTED)
    assert TechnologyCase.objects.get(pk=case.pk).stage == Stage.ASSESSMENT


def test_the_office_and_the_manager_are_told_the_committee_outcome(uni, filing_policy):
    services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    _decide_review(ReviewStatus.APPROVED)
    told = set(Notice.objects.filter(params__variant="case_committee").values_list("recipient_id", flat=True))
    assert told == {uni.office.pk, uni.manager.pk, uni.admin.pk}


def test_a_review_of_another_subject_leaves_cases_alone(uni, filing_policy):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    other = request_review(organisation=uni.org, subject=uni.org, matter=ReviewMatter.OTHER, title="t", by=uni.office)
    other.status = ReviewStatus.APPROVED
    other.subject_id = case.pk  # same id, another kind of record
    other.save()
    review_decided.send(sender=ReviewRequest, review=other)
    assert TechnologyCase.objects.get(pk=case.pk).stage == Stage.COMMITTEE


def test_a_case_before_the_committee_cannot_be_decided_again(uni, filing_policy, monkeypatch):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.FILE, reasons="r")
    monkeypatch.setattr(committee_selectors, "policy_requires", lambda organisation, matter, amount=None: False,
                        raising=False)
    with pytest.raises(Conflict) as error:
        services.case_decide(actor=uni.office, case=case, route=CaseRoute.FILE, reasons="绕过委员会")
    assert error.value.code == "not_under_assessment"
    assert TechnologyCase.objects.get(pk=case.pk).stage == Stage.COMMITTEE
