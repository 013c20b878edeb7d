"""The three routes each count a patent in GB/T 4754-2017 small classes, with weights that sum to 1 per route."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings

from patentbridge.industries import learning
from patentbridge.industries.concordance import rule_industries
from patentbridge.industries.counting import fractions
from patentbridge.industries.models import DeclaredIndustry, LearnedWeight, PatentIndustry, Route
from patentbridge.industries.reference import small_class_names
from patentbridge.industries.services import patents_classify, register_classify
from patentbridge.industries.tests.conftest import write_export
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents import services as patent_services
from patentbridge.patents.models import PatentApplicant
from patentbridge.patents.tests.factories import PatentFactory, application_number

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _route(patent, route: str) -> dict[str, Decimal]:
    return dict(PatentIndustry.objects.filter(patent=patent, route=route).values_list("industry_id", "weight"))


def _declare(organisation, *codes: str) -> None:
    for code in codes:
        DeclaredIndustry.objects.create(organisation=organisation, industry_id=code)


def test_the_applicant_route_counts_a_patent_in_its_owners_declared_industry(reference):
    owner = OrganisationFactory()
    _declare(owner, "3921")
    patent = PatentFactory(owner=owner)
    patents_classify([patent.pk])
    assert _route(patent, Route.APPLICANT) == {"3921": Decimal("1")}


def test_two_declaring_co_applicants_share_the_patent_equally(reference):
    first, second = OrganisationFactory(), OrganisationFactory()
    _declare(first, "3921")
    _declare(second, "6513", "3952")
    patent = PatentFactory(owner=first)
    PatentApplicant.objects.create(patent=patent, position=1, name=second.name, organisation=second)
    patents_classify([patent.pk])
    assert _route(patent, Route.APPLICANT) == {"3921": Decimal("0.5"), "6513": Decimal("0.25"),
                                               "3952": Decimal("0.25")}


def test_an_applicant_without_a_declaration_gives_no_applicant_industry(reference):
    patent = PatentFactory(owner=OrganisationFactory())
    patents_classify([patent.pk])
    assert _route(patent, Route.APPLICANT) == {}


def test_a_rules_keywords_map_to_the_small_classes_they_name_exactly(reference):
    names = small_class_names()
    assert rule_industries("生物药品制造；医疗器械研究", names) == ["2761"]


def test_an_example_list_ending_in_a_class_name_maps_to_that_class(reference):
    assert rule_industries("数字家庭智能终端设备、智能感知与控制设备等其他智能消费设备制造",
                           small_class_names()) == ["3969"]


def test_a_rule_naming_only_products_maps_to_no_industry(reference):
    assert rule_industries("节能空调；双工况太阳能热泵空调机组", small_class_names()) == []


def test_the_concordance_route_counts_a_patent_in_the_industries_its_rules_name(reference):
    patent = PatentFactory(ipc_main="G06F11/30")  # 1.1 rule 1: 计算机和辅助设备修理
    patents_classify([patent.pk])
    assert "8121" in _route(patent, Route.CONCORDANCE)


def test_the_empirical_route_takes_the_main_groups_learned_industries(learned):
    patent = PatentFactory(ipc_main="H04R1/10")
    patents_classify([patent.pk])
    assert _route(patent, Route.EMPIRICAL) == {"3952": Decimal("1")}


def test_a_main_group_with_too_few_training_patents_backs_off_to_its_subclass(learned):
    patent = PatentFactory(ipc_main="H04R5/02")  # one training patent (电视机制造): the subclass decides
    patents_classify([patent.pk])
    assert _route(patent, Route.EMPIRICAL) == {"3952": Decimal("1")}


def test_an_ipc_subclass_never_seen_in_training_gets_no_empirical_industry(learned):
    patent = PatentFactory(ipc_main="A01B1/00")
    patents_classify([patent.pk])
    assert _route(patent, Route.EMPIRICAL) == {}


def test_each_routes_weights_sum_to_one_for_a_patent_in_many_industries(learned):
    owner = OrganisationFactory()
    _declare(owner, "3921", "6513", "3952")
    patent = PatentFactory(owner=owner, ipc_main="G06F11/30", ipc_codes=["G06F11/30", "H04L1/00", "H04R1/28"])
    patents_classify([patent.pk])
    sums = PatentIndustry.objects.filter(patent=patent).values("route").annotate(total=Sum("weight"))
    assert {row["route"]: row["total"] for row in sums} == {r: Decimal("1") for r in Route.values}


def test_fractions_of_three_equal_weights_sum_to_exactly_one():
    assert sum(fractions({"a": 1.0, "b": 1.0, "c": 1.0}).values()) == Decimal("1")


def test_the_split_holds_back_about_one_record_in_five_and_always_the_same_ones():
    keys = [f"2019{i:08d}" for i in range(2000)]
    held = [k for k in keys if learning.held_back(k)]
    assert 0.15 < len(held) / len(keys) < 0.25 and held == [k for k in keys if learning.held_back(k)]


def test_held_back_records_are_not_learned(reference, tmp_path):
    write_export(tmp_path, [("丙公司", "A01B1/00", "C3951")] * 3, held=True)
    write_export(tmp_path, [("丁公司", "H04R1/28", "C3952")] * 3)
    from patentbridge.industries.reference import load_learned

    load_learned(tmp_path)
    assert not LearnedWeight.objects.filter(ipc_key__startswith="A01B").exists()


@override_settings(TASKS=IMMEDIATE)
def test_a_patent_created_on_the_register_is_classified(learned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        patent = patent_services.patent_create(actor=None, data={
            "application_number": application_number(990001), "patent_type": "invention", "title": "一种扬声器",
            "ipc_main": "H04R1/28", "ipc_codes": ["H04R1/28"]})
    assert _route(patent, Route.EMPIRICAL) == {"3952": Decimal("1")}


def test_the_command_classifies_only_unclassified_patents_unless_asked_for_all(learned):
    done, fresh = PatentFactory(ipc_main="H04R1/28"), PatentFactory(ipc_main="H04R1/28")
    patents_classify([done.pk])
    assert register_classify() == (1, 1)
    out = io.StringIO()
    call_command("classify_industries", "--all", stdout=out)
    assert out.getvalue().startswith("patents=2 industry links=2 ")
    assert fresh.industry_links.count() == 1


@pytest.mark.parametrize(("level", "top1"), [("small class", "50.0%"), ("division", "100.0%")])
def test_the_eval_command_prints_each_routes_figures_on_the_held_back_records(reference, tmp_path, level, top1):
    write_export(tmp_path, [("甲公司", "H04R1/28", "C3952")] * 3 + [("乙公司", "H04R5/02", "C3951")])
    write_export(tmp_path, [("甲公司", "H04R1/10", "C3952"), ("乙公司", "H04R1/20", "C3951"),
                            ("丙公司", "A01B1/00", "C0111")], held=True)
    out = io.StringIO()
    call_command("eval_industries", "--data", str(tmp_path), stdout=out)
    lines = {line[:29]: line for line in out.getvalue().splitlines()}
    assert lines[f"{'empirical':<12} {level:<16}"].endswith(
        f"coverage 66.7% (2/3)  top-1 {top1}  any-overlap {top1}")
