"""Disclosure: the inventors' shares, who is an inventor, planned publications, attachments, and the prior-art check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from patentbridge.casework import selectors, services
from patentbridge.casework.models import CaseEvent, Disclosure, EventKind, Stage
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes
from patentbridge.search import services as search_services

pytestmark = pytest.mark.django_db
Line = services.InventorLine


@pytest.fixture
def uni():
    return institution()


def test_a_disclosure_opens_its_case_at_the_disclosure_stage(uni):
    case = disclosed(uni)
    assert case.stage == Stage.DISCLOSURE and case.organisation == uni.org
    assert CaseEvent.objects.filter(case=case, kind=EventKind.DISCLOSED, actor=uni.inventor).exists()


def test_shares_must_add_up_to_exactly_100(uni):
    with pytest.raises(ValidationFailed) as error:
        disclosed(uni, inventors=[Line(uni.inventor.username, Decimal("60")), Line("校外专家张三", Decimal("39.99"))])
    assert "inventors" in error.value.details
    assert not Disclosure.objects.exists()


def test_the_refusal_says_what_the_shares_add_up_to_in_plain_figures(uni):
    with pytest.raises(ValidationFailed) as error, translation.override("en"):
        disclosed(uni, inventors=[Line(uni.inventor.username, Decimal("60")), Line("校外专家张三", Decimal("30"))])
    assert str(error.value.details["inventors"]) == "The shares add up to 90 %, not 100 %."


def test_a_share_of_zero_is_refused(uni):
    with pytest.raises(ValidationFailed):
        disclosed(uni, inventors=[Line(uni.inventor.username, Decimal("100")), Line("张三", Decimal("0"))])


def test_a_member_is_linked_and_an_outsider_is_kept_by_name(uni):
    case = disclosed(uni, inventors=[Line(uni.inventor.username, Decimal("70.5")), Line("校外专家张三", Decimal("29.5"))])
    rows = list(case.disclosure.inventors.order_by("pk"))
    assert rows[0].user == uni.inventor and rows[0].share == Decimal("70.50")
    assert rows[1].user is None and rows[1].name == "校外专家张三"


def test_a_user_of_another_organisation_is_only_a_name(uni):
    stranger = member_of(OrganisationFactory(), Role.INVENTOR)
    case = disclosed(uni, inventors=[Line(stranger.username, Decimal("100"))])
    assert case.disclosure.inventors.get().user is None


def test_the_same_member_twice_is_refused(uni):
    with pytest.raises(ValidationFailed):
        disclosed(uni, inventors=[Line(uni.inventor.username, Decimal("50")), Line(uni.inventor.username,
                                                                                  Decimal("50"))])


def test_an_enterprise_user_cannot_disclose():
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    user = member_of(firm, Role.ENTERPRISE_USER)
    with pytest.raises(PermissionDenied):
        services.disclosure_create(actor=user, organisation=firm, title="t", problem="p", solution="s",
                                   inventors=[Line(user.username, Decimal("100"))])


def test_the_office_may_disclose_for_an_inventor(uni):
    case = services.disclosure_create(actor=uni.office, organisation=uni.org, title="代披露", problem="p",
                                      solution="s", inventors=[Line(uni.inventor.username, Decimal("100"))])
    assert case.disclosure.disclosed_by == uni.office


def test_the_office_is_told_of_a_disclosure(uni):
    case = disclosed(uni)
    told = set(Notice.objects.filter(params__variant="case_disclosed").values_list("recipient_id", flat=True))
    assert told == {uni.office.pk, uni.manager.pk, uni.admin.pk}
    assert Notice.objects.filter(link__endswith=f"/casework/cases/{case.pk}/").exists()


def test_a_publication_planned_soon_is_warned_of(uni):
    soon = timezone.localdate() + dt.timedelta(days=20)
    case = disclosed(uni, publications=[services.PublicationLine(soon, "IEEE ICASSP")])
    assert [p.venue for p in selectors.publication_warnings(case)] == ["IEEE ICASSP"]


def test_a_publication_far_ahead_is_not_warned_of(uni):
    later = timezone.localdate() + dt.timedelta(days=400)
    case = disclosed(uni, publications=[services.PublicationLine(later, "期刊")])
    assert selectors.publication_warnings(case) == []


def test_an_attachment_of_a_refused_type_is_refused(uni):
    upload = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(ValidationFailed) as error:
        disclosed(uni, attachments=[upload])
    assert "attachments" in error.value.details


def test_an_attachment_over_the_size_limit_is_refused(uni, settings):
    settings.CASEWORK_ATTACHMENT_MAX_MB = 1
    upload = SimpleUploadedFile("data.pdf", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ValidationFailed):
        disclosed(uni, attachments=[upload])


def test_an_attachment_is_stored_with_the_disclosure(uni, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = disclosed(uni, attachments=[SimpleUploadedFile("图纸.pdf", b"%PDF-1.4")])
    item = case.disclosure.attachments.get()
    assert item.name == "图纸.pdf" and item.size == 8 and item.file.read() == b"%PDF-1.4"


@pytest.fixture
def register(uni):
    indexes.forget()
    near = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                         ipc_main="F04B39/00", owner=uni.org)
    PatentFactory(title="一种锂电池散热装置", abstract="电池模组散热。", ipc_main="H01M10/60", owner=uni.org)
    search_services.documents_refresh()
    search_services.indexes_rebuild()
    yield near
    indexes.forget()


def test_the_prior_art_check_stores_the_nearest_patents_with_the_search_explanation(uni, register):
    case = disclosed(uni)
    disclosure = case.disclosure
    assert disclosure.prior_art[0]["number"] == register.display_number
    assert disclosure.prior_art[0]["strength"] in {"strong", "moderate", "weak"}
    assert "压缩机" in disclosure.prior_art[0]["matched_terms"]
    assert disclosure.prior_art_checked_at is not None


def test_the_prior_art_check_suggests_ipc_subclasses(uni, register):
    assert "F04B" in disclosed(uni).disclosure.prior_art_ipc


def test_the_manager_re_runs_the_prior_art_check_and_finds_a_newer_patent(uni, register):
    case = disclosed(uni, title="隔振垫", problem="隔振", solution="隔振垫", advantages="")
    newer = PatentFactory(title="一种隔振垫", abstract="隔振垫结构。", owner=uni.org)
    search_services.documents_refresh()
    search_services.indexes_rebuild()
    services.manager_assign(actor=uni.office, case=case, manager=uni.manager)
    services.prior_art_check(actor=uni.manager, case=case)
    case.disclosure.refresh_from_db()
    assert newer.display_number in [p["number"] for p in case.disclosure.prior_art]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.PRIOR_ART, actor=uni.manager).exists()


def test_an_inventor_cannot_re_run_the_prior_art_check(uni):
    case = disclosed(uni)
    with pytest.raises(PermissionDenied):
        services.prior_art_check(actor=uni.inventor, case=case)
