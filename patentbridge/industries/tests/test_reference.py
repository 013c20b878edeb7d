"""The bundled classifications load whole and idempotently, and the SEI concordance's patterns match as written."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry, SeiIndustry, SeiRule
from patentbridge.industries.reference import load_intensive, load_sei, rule_refs
from patentbridge.industries.rules import RuleRef, compact, pattern_of, rule_takes, rules_for
from patentbridge.industries.tests.conftest import TRAINING, write_export


@pytest.fixture
def loaded(db):
    load_intensive()
    load_sei()


def test_the_2019_classification_has_its_7_classes_31_middle_classes_and_188_small_classes(loaded):
    assert IntensiveCategory.objects.filter(level="class").count() == 7
    assert IntensiveCategory.objects.filter(level="middle").count() == 31
    assert IntensiveIndustry.objects.count() == 188


def test_a_small_class_points_at_its_gbt4754_industry_and_middle_class(loaded):
    row = IntensiveIndustry.objects.select_related("industry", "category__parent").get(industry_id="3921")
    assert row.industry.name == "通信系统设备制造"
    assert (row.category.code, row.category.parent.name) == ("PA101", "信息通信技术制造业")


def test_loading_twice_changes_nothing(loaded):
    load_intensive()
    load_sei()
    assert (IntensiveIndustry.objects.count(), SeiRule.objects.count()) == (188, 303)


def test_the_concordance_has_40_industries_and_303_rules(loaded):
    assert SeiIndustry.objects.count() == 40 and SeiRule.objects.count() == 303


def test_the_command_reports_what_it_loaded(db, tmp_path):
    write_export(tmp_path, TRAINING)
    out = io.StringIO()
    call_command("load_industry_reference", "--data", str(tmp_path), stdout=out)
    assert out.getvalue().startswith("patent-intensive small classes=188 SEI rules=303 learned IPC → industry "
                                     "weights=4 (")


def _rule(include, exclude=()):
    return RuleRef("1.1", 1, tuple(include), tuple(exclude), "")


def test_a_main_group_wildcard_takes_its_groups_but_not_a_longer_main_group():
    rule = _rule([pattern_of("G06F1*", wildcard=True, level="main_group", match_prefix="G06F1/")])
    assert rule_takes(rule, "G06F1/16") and not rule_takes(rule, "G06F12/08")


def test_an_excluded_group_is_left_out_of_its_wildcard():
    rule = _rule([pattern_of("G06F11*", wildcard=True, level="main_group", match_prefix="G06F11/")],
                 [pattern_of("G06F11/14", wildcard=False, level="group", match_prefix="G06F11/14")])
    assert rule_takes(rule, "G06F11/30") and not rule_takes(rule, "G06F11/14")


def test_a_group_written_without_a_wildcard_is_that_group_only():
    rule = _rule([pattern_of("G06F9/44", wildcard=False, level="group", match_prefix="G06F9/44")])
    assert rule_takes(rule, "G06F 9/44") and not rule_takes(rule, "G06F9/445")


def test_a_subclass_written_without_a_wildcard_takes_the_whole_subclass():
    rule = _rule([pattern_of("G16H", wildcard=False, level="subclass", match_prefix="G16H")])
    assert rule_takes(rule, "G16H10/60")


def test_a_patent_falls_under_the_loaded_rules_of_its_codes(loaded):
    matched = {(r.sei_code, r.rule_no) for r in rules_for(["G06F11/30"], rule_refs())}
    assert ("1.1", 1) in matched
    assert ("1.1", 1) not in {(r.sei_code, r.rule_no) for r in rules_for(["G06F11/14"], rule_refs())}


def test_codes_are_compared_without_spaces():
    assert compact(" g06f 11/14 ") == "G06F11/14"
