"""What an import tells people is written in one language: the page's (Chinese by default) or the one asked for."""

import pytest
from django.utils import translation

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.importing.layouts import LayoutError, detect_layout
from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import ImportBatch, ImportRejection
from patentbridge.patents.tests.test_import_bad_rows import BAD, GOOD, write_csv


@pytest.fixture
def batch(tmp_path):
    return import_file(write_csv(tmp_path / "mixed.csv", GOOD + [BAD[2][0]])).batch


@pytest.mark.django_db
def test_the_import_list_says_what_happened_in_a_sentence(logged_in_client, batch):
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    page = client.get("/patents/imports/").content.decode()
    assert "读取 4 行：新增 3 条，更新 0 条，拒绝 1 条" in page and "read=" not in page


@pytest.mark.django_db
def test_the_import_page_names_the_layout_in_words(logged_in_client, batch):
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    page = client.get(f"/patents/imports/{batch.pk}/").content.decode()
    assert "国家知识产权局全字段导出" in page and "cnipa_full_schema" not in page


def test_a_layout_name_the_importer_no_longer_makes_is_shown_as_it_is():
    assert ImportBatch(layout="incopat_v1").layout_label == "incopat_v1"


@pytest.mark.django_db
def test_a_rejection_made_in_english_is_stored_in_english_only(tmp_path):
    with translation.override("en"):
        import_file(write_csv(tmp_path / "en.csv", [BAD[2][0]]))
    assert ImportRejection.objects.get().reason == "Not a real date"


def test_an_unmappable_file_is_refused_in_one_language_keeping_the_map_hint():
    with pytest.raises(LayoutError) as refused:
        detect_layout(["编号", "说明", "申请号"])
    assert str(refused.value) == "无法识别专利名称列，请用 --map title=列名 指定"
