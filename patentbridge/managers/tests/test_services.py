"""Who keeps what of a technology manager's record: the manager their bio, fields and training; the organisation's
administrator the grade and certificate (never their own); nobody another organisation's managers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.managers import selectors, services
from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.tests.factories import admin_of, manager_of, training, university
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
LAST_MONTH = dt.date.today() - dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rank(actor, user, rank=Rank.INTERMEDIATE, **fields):
    return services.rank_set(actor=actor, user=user, rank=rank, rank_since=fields.pop("rank_since", None), **fields)


def _train(actor, user, **fields):
    values = {"course": "技术经理人中级培训", "provider": "广东省技术经理人协会", "hours": "16", "taken_on": LAST_MONTH,
              **fields}
    return services.training_add(actor=actor, user=user, **values)


# assignable managers -------------------------------------------------------------------------------------------
def test_assignable_managers_are_the_organisations_active_members_with_the_manager_role():
    uni = university()
    with_profile, without = manager_of(uni, rank=Rank.SENIOR), manager_of(uni)
    gone = manager_of(uni)
    gone.is_active = False
    gone.save()
    member_of(uni, Role.INVENTOR), admin_of(uni), manager_of(university())
    assert set(selectors.assignable_managers(uni)) == {with_profile, without}


def test_a_manager_with_two_roles_is_listed_once():
    uni = university()
    user = manager_of(uni)
    MembershipFactory(user=user, organisation=uni, role=Role.ORG_ADMIN)
    assert list(selectors.assignable_managers(uni)) == [user]


def test_profile_of_is_none_until_a_profile_exists():
    uni = university()
    user = manager_of(uni)
    assert selectors.profile_of(user) is None
    assert selectors.profile_of(manager_of(uni, rank=Rank.JUNIOR)).rank == Rank.JUNIOR


# the manager's own profile -------------------------------------------------------------------------------------
def test_a_manager_keeps_their_own_bio_fields_and_visibility():
    user = manager_of(university())
    profile = services.profile_update(actor=user, data={
        "bio": "十年高校技术转移经验", "ipc_codes": "H01M、g06", "industries": "39 计算机、通信和其他电子设备制造业, C",
        "tags": "新能源，专利运营", "languages": "中文、英语", "public": True})
    profile.refresh_from_db()
    assert profile.ipc_codes == ["H01M", "G06"] and profile.tags == ["新能源", "专利运营"]
    assert {i.code for i in profile.industries.all()} == {"39", "C"}
    assert profile.public and profile.languages == ["中文", "英语"]


def test_an_unknown_ipc_code_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        services.profile_update(actor=manager_of(university()), data={"ipc_codes": "H01M, Z99"})
    assert "Z99" in str(refused.value.details["ipc_codes"])


def test_an_unknown_industry_code_is_refused():
    with pytest.raises(ValidationFailed):
        services.profile_update(actor=manager_of(university()), data={"industries": "9999"})


def test_someone_who_manages_for_no_organisation_has_no_profile_to_edit():
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=member_of(university(), Role.INVENTOR), data={"bio": "x"})
    assert not ManagerProfile.objects.exists()


def test_a_manager_cannot_give_themselves_a_grade_through_the_profile():
    user = manager_of(university())
    profile = services.profile_update(actor=user, data={"rank": Rank.SENIOR, "certificate_number": "X1"})
    assert profile.rank == "" and profile.certificate_number == ""


# the grade ------------------------------------------------------------------------------------------------------
def test_the_administrator_sets_the_grade_and_the_manager_is_told():
    uni = university()
    user = manager_of(uni)
    profile = _rank(admin_of(uni), user, rank_since=dt.date(2025, 6, 1), certificate_number="JSJL-2025-001",
                    certificate_issuer="中国科技评估与成果管理研究会")
    assert (profile.rank, profile.rank_since, profile.organisation) == (Rank.INTERMEDIATE, dt.date(2025, 6, 1), uni)
    assert Notice.objects.get(recipient=user).params["variant"] == "manager_rank_set"


def test_a_manager_cannot_raise_their_own_grade_even_as_administrator():
    uni = university()
    user = manager_of(uni)
    MembershipFactory(user=user, organisation=uni, role=Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        _rank(user, user, Rank.SENIOR)
    assert not ManagerProfile.objects.filter(rank=Rank.SENIOR).exists()


def test_a_colleague_manager_cannot_set_a_grade():
    uni = university()
    with pytest.raises(PermissionDenied):
        _rank(manager_of(uni), manager_of(uni))


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.TECH_TRANSFER_MANAGER])
def test_another_organisation_cannot_set_a_grade(role):
    with pytest.raises(PermissionDenied):
        _rank(member_of(university(), role), manager_of(university()))


def test_a_regulator_reads_but_cannot_set_a_grade():
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    with pytest.raises(PermissionDenied):
        _rank(regulator, manager_of(university()))


def test_a_grade_is_held_since_a_past_day():
    uni = university()
    with pytest.raises(ValidationFailed):
        _rank(admin_of(uni), manager_of(uni), rank_since=dt.date.today() + dt.timedelta(days=1))


def test_no_grade_has_no_since_day():
    uni = university()
    with pytest.raises(ValidationFailed):
        _rank(admin_of(uni), manager_of(uni), rank="", rank_since=dt.date(2025, 1, 1))


def test_a_grade_is_given_only_to_a_manager_of_the_organisation():
    uni = university()
    with pytest.raises(ValidationFailed):
        services.rank_set(actor=admin_of(uni), user=member_of(uni, Role.INVENTOR), rank=Rank.JUNIOR, rank_since=None,
                          organisation=uni)


def test_the_grade_history_tells_who_changed_it_and_when():
    uni = university()
    admin, user = admin_of(uni), manager_of(uni)
    _rank(admin, user, Rank.JUNIOR)
    profile = _rank(admin, user, Rank.INTERMEDIATE)
    history = selectors.rank_history(profile)
    assert [(h["old"], h["new"]) for h in history][-1] == (Rank.JUNIOR.label, Rank.INTERMEDIATE.label)
    assert {h["actor"] for h in history} == {admin}


# training -------------------------------------------------------------------------------------------------------
def test_a_manager_records_their_own_training():
    user = manager_of(university())
    record = _train(user, user, hours="1.5", certificate_number="PX-01")
    assert record.hours == Decimal("1.5") and record.recorded_by == user and record.profile.user == user


def test_the_administrator_records_training_for_a_manager():
    uni = university()
    assert _train(admin_of(uni), manager_of(uni)).profile.organisation == uni


def test_a_colleague_cannot_record_anothers_training():
    uni = university()
    with pytest.raises(PermissionDenied):
        _train(manager_of(uni), manager_of(uni))
    assert not TrainingRecord.objects.exists()


def test_another_organisations_administrator_cannot_record_training():
    with pytest.raises(PermissionDenied):
        _train(admin_of(university()), manager_of(university()))


@pytest.mark.parametrize("hours", ["0", "-2", "abc", "1001", "1.25", "NaN"])
def test_training_hours_are_positive_with_one_decimal(hours):
    user = manager_of(university())
    with pytest.raises(ValidationFailed):
        _train(user, user, hours=hours)


def test_the_database_refuses_hours_of_zero():
    user = manager_of(university())
    record = _train(user, user)
    with pytest.raises(IntegrityError):
        TrainingRecord.objects.filter(pk=record.pk).update(hours=Decimal("0"))


def test_training_in_the_future_is_refused():
    user = manager_of(university())
    with pytest.raises(ValidationFailed):
        _train(user, user, taken_on=dt.date.today() + dt.timedelta(days=1))


def test_the_same_course_on_the_same_day_is_recorded_once():
    user = manager_of(university())
    _train(user, user)
    with pytest.raises(Conflict):
        _train(user, user)
    assert TrainingRecord.objects.count() == 1


def test_evidence_is_kept_as_a_pdf_or_image():
    user = manager_of(university())
    record = _train(user, user, evidence=SimpleUploadedFile("证书.pdf", b"%PDF-1.4 demo", "application/pdf"))
    assert record.evidence.name.endswith(".pdf") and record.evidence.read() == b"%PDF-1.4 demo"


def test_evidence_of_another_type_is_refused():
    user = manager_of(university())
    with pytest.raises(ValidationFailed):
        _train(user, user, evidence=SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream"))
    assert not TrainingRecord.objects.exists()


def test_a_manager_removes_a_record_entered_by_mistake():
    user = manager_of(university())
    record = _train(user, user)
    services.training_delete(actor=user, record=record)
    assert not TrainingRecord.objects.exists()


def test_a_colleague_cannot_remove_a_record():
    uni = university()
    user = manager_of(uni)
    record = _train(user, user)
    with pytest.raises(PermissionDenied):
        services.training_delete(actor=manager_of(uni), record=record)


# the office's table ---------------------------------------------------------------------------------------------
def test_the_office_sees_hours_of_the_year_and_in_all():
    uni = university()
    user = manager_of(uni)
    this_year = dt.date.today().year
    training(user, "8", dt.date(this_year, 1, 2)), training(user, "4.5", dt.date(this_year - 1, 6, 1))
    row = next(r for r in selectors.office_rows(uni) if r.user == user)
    assert (row.hours_year, row.hours_total) == (Decimal("8"), Decimal("12.5"))


def test_a_manager_without_a_profile_is_listed_with_no_hours():
    uni = university()
    user = manager_of(uni)
    (row,) = selectors.office_rows(uni)
    assert row.user == user and row.profile is None and row.hours_total == 0


def test_without_a_target_nobody_is_below_it(settings):
    settings.MANAGER_TRAINING_HOURS_TARGET = ""
    uni = university()
    manager_of(uni)
    assert selectors.training_target() is None
    assert not any(r.below_target for r in selectors.office_rows(uni))


def test_with_a_target_the_office_sees_who_is_below_it(settings):
    settings.MANAGER_TRAINING_HOURS_TARGET = "24"
    uni = university()
    keen, behind = manager_of(uni), manager_of(uni)
    training(keen, "24", dt.date(dt.date.today().year, 1, 5)), training(behind, "23.5", dt.date(dt.date.today().year, 1, 5))
    below = {r.user for r in selectors.office_rows(uni) if r.below_target}
    assert below == {behind}


# the public directory and the regulator's figures ----------------------------------------------------------------
def test_the_directory_shows_only_public_profiles():
    uni = university()
    shown, hidden = manager_of(uni, public=True, tags=["新能源"]), manager_of(uni, public=False)
    assert [p.user for p in selectors.public_profiles()] == [shown]
    assert [p.user for p in selectors.public_profiles("新能源")] == [shown]
    assert hidden not in [p.user for p in selectors.public_profiles()]


def test_the_overview_counts_managers_by_city_and_grade_with_their_hours():
    guangzhou, shenzhen = university("440100"), university("440300")
    junior, _ungraded = manager_of(guangzhou, rank=Rank.JUNIOR), manager_of(guangzhou)
    manager_of(shenzhen, rank=Rank.SENIOR)
    training(junior, "6", dt.date.today())
    rows = {r.city: r for r in selectors.overview()}
    assert (rows["广州市"].managers, rows["广州市"].count(Rank.JUNIOR), rows["广州市"].count("")) == (2, 1, 1)
    assert rows["广州市"].hours_year == Decimal("6") and rows["深圳市"].count(Rank.SENIOR) == 1


def test_a_profile_created_without_a_grade_has_no_grade_history():
    user = manager_of(university())
    profile = services.profile_update(actor=user, data={"bio": "简介"})
    assert selectors.rank_history(profile) == []
