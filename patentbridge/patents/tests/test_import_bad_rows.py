"""A file with deliberately broken rows keeps the good ones and reports every bad one with its reason."""

import csv
import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import ImportRejection, Patent

HEADER = ["申请号", "公开号", "专利名称", "申请日", "公开日", "专利类型", "主分类号", "分类号", "申请人", "发明人", "法律状态"]
GOOD = [
    ["CN201410264351.3", "CN104000001A", "一种语音增强方法", "2014-05-14", "2015-01-07", "发明申请", "G10L21/02", "G10L21/02;H04R3/00", "华南理工大学", "张三;李四", "实质审查"],
    ["CN202111434680.4", "CN114000002A", "一种电池热管理系统", "2021-11-29", "2022-03-01", "发明申请", "H01M10/613", "H01M10/613", "深圳大学", "王五", "实质审查"],
    ["CN201921898050.0", "CN211000003U", "一种散热装置", "2019-11-05", "2020-07-07", "实用新型", "H05K7/20", "H05K7/20", "广州某某科技有限公司", "赵六", "授权"],
]
# (row, expected field, expected words in the reason: the import runs in the default language, Chinese)
BAD = [
    (["CN201410264351.4", "CN104000009A", "校验位错误的专利", "2014-05-14", "2015-01-07", "发明申请", "G10L21/02", "", "华南理工大学", "", ""], "application_number", "校验位"),
    (["CN202111434681.9", "CN114000010A", "", "2021-11-29", "2022-03-01", "发明申请", "H01M10/613", "", "深圳大学", "", ""], "title", "缺少专利名称"),
    (["CN202111434682.3", "CN114000011A", "日期不存在的专利", "2021-02-30", "2022-03-01", "发明申请", "H01M10/613", "", "深圳大学", "", ""], "application_date", "日期无法识别或不存在"),
    (["CN202111434683.8", "CN114000012A", "公开早于申请的专利", "2021-11-29", "2020-03-01", "发明申请", "H01M10/613", "", "深圳大学", "", ""], "publication_date", "早于申请日"),
    (["CN202111434684.2", "CN114000013A", "未知分类号的专利", "2021-11-29", "2022-03-01", "发明申请", "Z99Z1/00", "", "深圳大学", "", ""], "ipc", "IPC"),
    (["CN202111434685.7", "CN114000014A", "分类号是CPC的专利", "2021-11-29", "2022-03-01", "发明申请", "Y02P90/02", "", "深圳大学", "", ""], "ipc", "IPC"),
    (GOOD[1][:], "publication_number", "与第 3 行相同"),
    (["CN201921898050.0", "CN211000004U", "类型与申请号不符", "2019-11-05", "2020-07-07", "发明申请", "H05K7/20", "", "深圳大学", "", ""], "patent_type", "与申请号类型位不符"),
    (["CN202111434686.1", "CN114000015A", "未来日期的专利", "2099-11-29", "", "发明申请", "H01M10/613", "", "深圳大学", "", ""], "application_date", "日期不可能"),
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def mixed_rows() -> list[list[str]]:
    return GOOD[:2] + [row for row, _, _ in BAD] + GOOD[2:]


@pytest.fixture
def broken_csv(tmp_path):
    return write_csv(tmp_path / "broken.csv", mixed_rows())


@pytest.mark.django_db
def test_good_rows_are_kept_beside_bad_ones(broken_csv):
    batch = import_file(broken_csv).batch
    assert (batch.rows_read, batch.rows_created, batch.rows_rejected) == (len(GOOD) + len(BAD), 3, len(BAD))
    assert set(Patent.objects.values_list("title", flat=True)) == {row[2] for row in GOOD}


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(BAD)), ids=[b[1] + "-" + b[2] for b in BAD])
def test_each_bad_row_is_reported_with_line_field_and_reason(broken_csv, index):
    import_file(broken_csv)
    _, field, words = BAD[index]
    line = 2 + len(GOOD[:2]) + index  # header is line 1
    rejection = ImportRejection.objects.filter(line=line).first()
    assert rejection is not None and rejection.field == field and words in rejection.reason


@pytest.mark.django_db
def test_rejections_are_written_to_a_report_file(broken_csv):
    batch = import_file(broken_csv).batch
    with open(batch.report_path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {int(r["line"]) for r in rows} == {4 + i for i in range(len(BAD))}


@pytest.mark.django_db
def test_xlsx_export_with_chinese_headers_is_imported(tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in mixed_rows():
        workbook.active.append(row)
    workbook.save(tmp_path / "list.xlsx")
    batch = import_file(tmp_path / "list.xlsx").batch
    assert (batch.file_format, batch.rows_created, batch.rows_rejected) == ("xlsx", 3, len(BAD))


@pytest.mark.django_db
def test_jsonl_with_a_broken_line_keeps_the_rest(tmp_path):
    path = tmp_path / "list.jsonl"
    lines = [json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) for row in GOOD]
    path.write_text("\n".join([lines[0], "{not json", *lines[1:]]), encoding="utf-8")
    batch = import_file(path).batch
    assert (batch.rows_created, batch.rows_rejected) == (3, 1)
    assert "JSON" in ImportRejection.objects.get(line=2).reason


@pytest.mark.django_db
def test_gb18030_csv_from_chinese_excel_is_decoded(tmp_path):
    batch = import_file(write_csv(tmp_path / "ansi.csv", GOOD, encoding="gb18030")).batch
    assert batch.rows_created == 3
    assert Patent.objects.filter(title="一种语音增强方法").exists()


@pytest.mark.django_db
def test_gzip_csv_is_read_directly(tmp_path):
    plain = write_csv(tmp_path / "plain.csv", GOOD)
    packed = tmp_path / "list.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert import_file(packed).batch.rows_created == 3


@pytest.mark.django_db
def test_explicit_column_mapping_imports_an_unknown_layout(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("AppNo,Name,IPC Code\nCN201410264351.3,一种语音增强方法,G10L21/02\n", encoding="utf-8")
    batch = import_file(path, mapping={"application_number": "AppNo", "title": "Name", "ipc": "IPC Code"}).batch
    assert (batch.layout, batch.rows_created) == ("custom", 1)


@pytest.mark.django_db
def test_command_prints_summary_line(broken_csv, capsys):
    call_command("import_patents", str(broken_csv), "--no-progress")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"read={len(GOOD) + len(BAD)} created=3 updated=0 rejected={len(BAD)}"


@pytest.mark.django_db
def test_command_fails_only_when_nothing_could_be_read(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command("import_patents", str(path), "--no-progress")


@pytest.mark.django_db
def test_command_succeeds_when_every_row_is_rejected(tmp_path):
    call_command("import_patents", str(write_csv(tmp_path / "bad.csv", [BAD[0][0]])), "--no-progress")
    assert Patent.objects.count() == 0


@pytest.mark.django_db
def test_unrecognised_layout_names_what_to_map(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command("import_patents", str(path), "--no-progress")
