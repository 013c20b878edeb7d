"""Import of filing lists from Excel: good rows filed for review, each bad row reported with its line and reason."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from patentbridge.core.errors import PermissionDenied
from patentbridge.patents.importing.readers import UnreadableFile
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.importing import COLUMNS, import_products, template_xlsx
from patentbridge.products.models import Product, ProductStatus
from patentbridge.products.tests.factories import clerk, enterprise, filer_user

pytestmark = pytest.mark.django_db
HEADER = [zh for zh, _en, _name in COLUMNS]


def _row(patents: str, **overrides):
    row = {"产品名称": "冷却模组", "型号": "A1", "产品类别": "汽车零部件", "行业代码": "3670", "产品描述": "",
           "上市日期": "2023-05-01", "专利号": patents, "数据年度": 2025, "销售额": 1000000, "产值": 1100000,
           "出口额": 0, "利润": 100000, "知识产权投入": 20000, "专利贡献占比(%)": 50, **overrides}
    return [row[name] for name in HEADER]


def _workbook(rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_good_rows_are_filed_and_bad_rows_reported_by_line():
    filer = enterprise()
    mine, theirs = PatentFactory(owner=filer), PatentFactory()
    upload = _workbook([_row(f"{mine.lookup_number}; {PatentFactory(owner=filer).lookup_number}"),
                        _row(theirs.lookup_number, 产品名称="别人的"),
                        _row(mine.lookup_number, 销售额="-3"),
                        _row(mine.lookup_number, 销售额="很多")])
    result = import_products(actor=filer_user(filer), filer=filer, upload=upload, name="list.xlsx")
    assert [p.name for p in result.filed] == ["冷却模组"]
    assert result.filed[0].status == ProductStatus.SUBMITTED and result.filed[0].patent_links.count() == 2
    assert [line for line, _reason in result.errors] == [3, 4, 5]
    assert theirs.display_number in result.errors[0][1] and "销售额" in result.errors[1][1]
    assert Product.objects.filter(filer=filer).count() == 1


def test_the_template_reads_back_with_its_header():
    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 2


def test_a_leading_zero_dropped_by_excel_is_restored():
    filer = enterprise()
    upload = _workbook([_row(PatentFactory(owner=filer).lookup_number, 行业代码=111)])
    result = import_products(actor=filer_user(filer), filer=filer, upload=upload, name="list.xlsx")
    assert result.filed[0].industry_id == "0111"


def test_a_sheet_without_the_required_columns_is_refused():
    filer = enterprise()
    with pytest.raises(UnreadableFile):
        import_products(actor=filer_user(filer), filer=filer, upload=_workbook([["x"]], header=["产品名称"]),
                        name="list.xlsx")


def test_the_regulator_does_not_import_for_an_enterprise():
    filer = enterprise()
    with pytest.raises(PermissionDenied):
        import_products(actor=clerk(), filer=filer, upload=_workbook([]), name="list.xlsx")
