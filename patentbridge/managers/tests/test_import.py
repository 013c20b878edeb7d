"""The office imports a training list: good rows are kept, each bad row is told with its line and reason."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from patentbridge.core.errors import PermissionDenied
from patentbridge.core.spreadsheets import Sheet, xlsx_bytes
from patentbridge.managers import importing
from patentbridge.managers.models import TrainingRecord
from patentbridge.managers.tests.factories import admin_of, manager_of, university
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of
from patentbridge.patents.importing.readers import UnreadableFile

pytestmark = pytest.mark.django_db
HEADER = "用户名,课程,培训机构,学时,日期,证书编号"


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO("\n".join([HEADER, *lines]).encode("utf-8-sig"))


def _import(actor, organisation, upload, name="training.csv"):
    return importing.import_training(actor=actor, organisation=organisation, upload=upload, name=name)


def test_good_rows_are_kept_and_each_bad_row_is_told_with_its_line():
    uni = university()
    admin, li = admin_of(uni), manager_of(uni)
    stranger = manager_of(university())
    result = _import(admin, uni, _csv(
        f"{li.username},技术经理人中级培训,广东省技术经理人协会,16,2026-03-15,JS-01",
        f"{li.username},专利许可实务,广东省知识产权保护中心,0,2026-03-16,",
        "nobody,专利许可实务,广东省知识产权保护中心,4,2026-03-16,",
        f"{stranger.username},专利许可实务,广东省知识产权保护中心,4,2026-03-16,",
        f"{li.username},作价入股实务,华南技术转移中心,6.5,2026/4/2,"))
    assert [r.hours for r in result.recorded] == [Decimal("16"), Decimal("6.5")]
    assert [line for line, _reason in result.errors] == [3, 4, 5]
    assert "学时" in result.errors[0][1] and "nobody" in result.errors[1][1]
    assert TrainingRecord.objects.filter(profile__user=li).count() == 2


def test_importing_the_same_file_again_records_nothing_twice():
    uni = university()
    admin, li = admin_of(uni), manager_of(uni)
    line = f"{li.username},技术经理人中级培训,广东省技术经理人协会,16,2026-03-15,"
    _import(admin, uni, _csv(line))
    again = _import(admin, uni, _csv(line))
    assert not again.recorded and again.errors[0][0] == 2
    assert TrainingRecord.objects.count() == 1


def test_a_bad_date_is_told():
    uni = university()
    result = _import(admin_of(uni), uni, _csv(f"{manager_of(uni).username},课程,机构,4,明天,"))
    assert result.errors[0][0] == 2 and "日期" in result.errors[0][1]


def test_the_template_round_trips():
    uni = university()
    li = manager_of(uni)
    header = [cell.value for cell in load_workbook(io.BytesIO(importing.template_xlsx())).active[1]]
    assert header == [zh for zh, _en, _key in importing.COLUMNS]
    workbook = xlsx_bytes(Sheet("培训记录", [[li.username, "技术经理人初级培训", "协会", 8, dt.date(2026, 2, 1), ""]],
                                header=header))
    result = _import(admin_of(uni), uni, io.BytesIO(workbook), "training.xlsx")
    assert not result.errors and result.recorded[0].taken_on == dt.date(2026, 2, 1)


def test_a_file_without_the_columns_is_refused_whole():
    uni = university()
    with pytest.raises(UnreadableFile):
        _import(admin_of(uni), uni, io.BytesIO("姓名,时间\n张三,8\n".encode()))


def test_only_the_organisations_administrator_imports():
    uni = university()
    li = manager_of(uni)
    for actor in (li, member_of(uni, Role.INVENTOR), admin_of(university())):
        with pytest.raises(PermissionDenied):
            _import(actor, uni, _csv(f"{li.username},课程,机构,4,2026-03-15,"))
    assert not TrainingRecord.objects.exists()
