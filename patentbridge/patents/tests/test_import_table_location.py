"""Exports as offices have them: title and export-date rows above the header, a cover sheet before the table, a header
split over two rows with merged cells; the importer finds the table by its content, says where, and takes an
override."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.importing.headers import merge_two_rows
from patentbridge.patents.importing.layouts import header_score
from patentbridge.patents.importing.readers import UnreadableFile
from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import ImportBatch, Patent
from patentbridge.patents.tests.test_import_bad_rows import GOOD, HEADER

TITLES = {row[2] for row in GOOD}


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def sheet_with(rows_above: list[list], header: list[str] = HEADER, title: str = "专利列表") -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [*rows_above, header, *GOOD]:
        sheet.append(row)
    return workbook


def cover_sheet(workbook: Workbook) -> None:
    cover = workbook.create_sheet("封面", 0)
    for row in (["专利检索分析报告"], ["检索式", "申请人=(华南理工大学 OR 深圳大学)"], ["导出日期", dt.datetime(2026, 11, 2)],
                ["命中数", 3], ["说明", "数据来源：国家知识产权局专利检索及分析系统"]):
        cover.append(row)


@pytest.mark.django_db
def test_an_xlsx_with_a_title_row_above_its_header_is_imported(tmp_path):
    path = save(sheet_with([["华南理工大学专利检索结果"]]), tmp_path / "title.xlsx")
    batch = import_file(path).batch
    assert (batch.rows_created, batch.rows_rejected, batch.header_row, batch.header_depth) == (3, 0, 2, 1)
    assert set(Patent.objects.values_list("title", flat=True)) == TITLES


@pytest.mark.django_db
def test_title_and_export_date_rows_are_skipped_and_lines_keep_the_sheets_numbers(tmp_path):
    above = [["专利检索结果"], ["导出日期：2026-11-02", None, "检索式：申请人=深圳大学"], []]
    rows = [*GOOD, [*GOOD[0][:2], "", *GOOD[0][3:]]]
    workbook = sheet_with(above)
    workbook.active.append(rows[-1])
    batch = import_file(save(workbook, tmp_path / "export.xlsx")).batch
    assert (batch.header_row, batch.rows_created, batch.rows_rejected) == (4, 3, 1)
    assert batch.rejections.get().line == 8  # header in row 4, three good rows, then the bad one


@pytest.mark.django_db
def test_the_patent_table_is_found_behind_a_cover_sheet(tmp_path):
    workbook = sheet_with([["检索结果"]], title="检索结果")
    cover_sheet(workbook)
    batch = import_file(save(workbook, tmp_path / "report.xlsx")).batch
    assert (batch.sheet_name, batch.sheet_count, batch.header_row, batch.rows_created) == ("检索结果", 2, 2, 3)


def two_row_header_workbook() -> Workbook:
    """申请号 and 专利名称 merged downwards; 申请人 over 名称 + 地址 and 日期 over 申请日 + 公开日 merged across."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["广东省高校专利清单（2026 年 11 月导出）"])
    sheet.append(["申请号", "专利名称", "申请人", None, "日期", None, "专利类型"])
    sheet.append([None, None, "名称", "地址", "申请日", "公开日", None])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"):
        sheet.merge_cells(cells)
    sheet.append(["CN201410264351.3", "一种语音增强方法", "华南理工大学", "广东省广州市天河区五山路381号",
                  "2014-05-14", "2015-01-07", "发明申请"])
    sheet.append(["CN202111434680.4", "一种电池热管理系统", "深圳大学", "广东省深圳市南山区南海大道3688号",
                  "2021-11-29", "2022-03-01", "发明申请"])
    return workbook


def test_a_header_split_over_two_rows_is_read_as_one():
    names = merge_two_rows(["申请号", "专利名称", "申请人", "", "日期", "", "专利类型"],
                           ["", "", "名称", "地址", "申请日", "公开日", ""], header_score)
    assert names == ["申请号", "专利名称", "申请人名称", "申请人地址", "申请日", "公开日", "专利类型"]


@pytest.mark.django_db
def test_a_two_row_header_with_merged_cells_is_imported_with_the_applicants_address(tmp_path):
    batch = import_file(save(two_row_header_workbook(), tmp_path / "merged.xlsx")).batch
    assert (batch.header_row, batch.header_depth, batch.rows_created, batch.rows_rejected) == (2, 2, 2, 0)
    patent = Patent.objects.get(title="一种语音增强方法")
    assert (patent.address, patent.city.name_zh, str(patent.application_date)) == (
        "广东省广州市天河区五山路381号", "广州市", "2014-05-14")
    assert "2–3" in batch.table_location


@pytest.mark.django_db
def test_a_csv_with_a_title_line_is_imported(tmp_path):
    path = tmp_path / "cnipa.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("专利检索及分析系统 导出结果 2026-11-02\n")
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(GOOD)
    batch = import_file(path).batch
    assert (batch.header_row, batch.rows_created, batch.rows_rejected, batch.sheet_name) == (2, 3, 0, "")


@pytest.mark.django_db
def test_the_header_row_and_sheet_can_be_chosen_by_hand(tmp_path):
    # Row 1 names more known columns than the real header (row 2) would, yet the user knows better.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["申请号", "专利名称", "申请日"])
    sheet.append(["AppNo", "Name", "Filed"])
    sheet.append(["CN201410264351.3", "一种语音增强方法", "2014-05-14"])
    workbook.create_sheet("空白")
    path = save(workbook, tmp_path / "odd.xlsx")
    with pytest.raises(UnreadableFile, match="空白"):
        import_file(path, mapping={"title": "Name", "application_number": "AppNo"}, sheet="空白")
    batch = import_file(path, mapping={"title": "Name", "application_number": "AppNo"}, sheet="1",
                        header_row="2").batch
    assert (batch.sheet_name, batch.header_row, batch.rows_created) == ("Sheet", 2, 1)


@pytest.mark.django_db
def test_a_sheet_that_is_not_there_is_refused_with_the_sheets_named(tmp_path):
    with pytest.raises(UnreadableFile, match="专利列表"):
        import_file(save(sheet_with([]), tmp_path / "one.xlsx"), sheet="Sheet9")


@pytest.mark.django_db
def test_a_header_row_that_is_not_a_number_is_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="3-4"):
        import_file(save(sheet_with([]), tmp_path / "one.xlsx"), header_row="third")


@pytest.mark.django_db
def test_the_command_takes_the_sheet_and_header_row_and_says_which_it_read(tmp_path, capsys, settings):
    settings.IMPORT_REPORT_DIR = str(tmp_path)
    workbook = sheet_with([["检索结果"], ["导出日期", "2026-11-02"]], title="数据")
    cover_sheet(workbook)
    path = save(workbook, tmp_path / "cmd.xlsx")
    call_command("import_patents", str(path), "--no-progress", "--sheet", "数据", "--header-row", "3")
    out = capsys.readouterr().out
    assert "created=3" in out and "数据" in out and "3" in out
    assert ImportBatch.objects.get().header_row == 3


@pytest.mark.django_db
def test_the_upload_page_takes_the_overrides_and_shows_where_it_read(logged_in_client):
    import io

    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    buffer = io.BytesIO()
    workbook = two_row_header_workbook()
    cover_sheet(workbook)
    workbook.save(buffer)
    upload = SimpleUploadedFile("merged.xlsx", buffer.getvalue())
    response = client.post("/patents/imports/new/", {"file": upload, "sheet": "2", "header_row": "2-3"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.sheet_name, batch.header_row, batch.header_depth, batch.rows_created) == ("Sheet", 2, 2, 2)
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-location"' in page and "Sheet" in page


@pytest.mark.django_db
def test_the_upload_form_names_a_bad_header_row_next_to_its_field(logged_in_client):
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    upload = SimpleUploadedFile("a.csv", ",".join(HEADER).encode() + b"\n")
    page = client.post("/patents/imports/new/", {"file": upload, "header_row": "row three"}).content.decode()
    assert 'name="header_row"' in page and 'aria-invalid="true"' in page and "row three" in page


@pytest.mark.django_db
def test_a_refusal_says_where_the_header_was_looked_for(tmp_path):
    from patentbridge.patents.importing.layouts import LayoutError

    workbook = sheet_with([["清单"]], header=["编号", "说明"], title="数据")
    with pytest.raises(LayoutError, match="数据"):
        import_file(save(workbook, tmp_path / "unknown.xlsx"))


@pytest.mark.django_db
def test_the_api_takes_the_overrides_and_says_where_it_read(logged_in_client):
    import io

    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    buffer = io.BytesIO()
    workbook = sheet_with([["检索结果"], ["导出日期", "2026-11-02"]], title="数据")
    cover_sheet(workbook)
    workbook.save(buffer)
    body = client.post("/api/v1/imports", {"file": SimpleUploadedFile("api.xlsx", buffer.getvalue()),
                                           "sheet": "数据", "header_row": "3"}).json()
    assert (body["sheet_name"], body["header_row"], body["header_depth"], body["rows_created"]) == ("数据", 3, 1, 3)
