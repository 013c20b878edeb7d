"""Enterprises' answers as judgements of the engine's ranking (`patentbridge eval-matches`)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from patentbridge.demands.feedback import _pairwise, answer_examples, feedback_figures
from patentbridge.demands.models import Demand, DemandStatus, Match, MatchStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services
from patentbridge.search.training import held_out


@pytest.fixture
def answered(db, make_member):
    """A demand about compressor noise; the enterprise liked the compressor patent, not the battery one."""
    indexes.forget()
    _, university = make_member(name="华南理工大学")
    _, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")
    good = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                         owner=university)
    poor = PatentFactory(title="一种压缩机用锂电池散热装置", abstract="电池模组散热。", owner=university)
    services.documents_refresh()
    services.indexes_rebuild()
    demand = Demand.objects.create(organisation=enterprise, title="降低压缩机振动噪音", problem="压缩机振动噪音大",
                                   status=DemandStatus.MATCHED)
    Match.objects.create(demand=demand, patent=good, status=MatchStatus.INTERESTED)
    Match.objects.create(demand=demand, patent=poor, status=MatchStatus.NOT_RELEVANT, reason="不是电池")
    yield demand
    indexes.forget()


def test_a_pair_beyond_the_depth_counts_as_ranked_last():
    assert _pairwise([3, None], [5]) == [1.0, 0.0]
    assert _pairwise([None], [None]) == [0.5]


@pytest.mark.django_db
def test_answers_in_the_engines_order_score_one(answered):
    figures = feedback_figures()
    assert (figures.demands, figures.interested, figures.not_relevant) == (1, 1, 1)
    assert figures.pairwise_order == 1.0 and figures.interested_mrr == 1.0 and figures.interested_in_top10 == 1.0


@pytest.mark.django_db
def test_answers_against_the_engines_order_score_zero(answered):
    Match.objects.filter(demand=answered, patent__title__contains="电池").update(status=MatchStatus.INTERESTED)
    Match.objects.filter(demand=answered, patent__title__contains="降噪").update(status=MatchStatus.NOT_RELEVANT)
    assert feedback_figures().pairwise_order == 0.0


@pytest.mark.django_db
def test_unanswered_matches_are_not_judgements(answered):
    Match.objects.filter(demand=answered).update(status=MatchStatus.SENT)
    assert feedback_figures().demands == 0


@pytest.mark.django_db
def test_command_ends_with_the_figures_as_json(answered):
    out = StringIO()
    call_command("eval_matches", "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["pairwise_order"] == 1.0


@pytest.mark.django_db
def test_answers_become_training_queries_judged_only_where_answered(answered):
    example = answer_examples()[0]
    good, poor = (Match.objects.get(demand=answered, status=s).patent_id
                  for s in (MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT))
    assert (example.key, example.positives, example.negatives) == (f"demand:{answered.pk}", {good}, {poor})


@pytest.mark.django_db
def test_train_ranker_learns_from_answers_too(answered, capsys):
    demands = [answered]
    while all(held_out(f"demand:{d.pk}") for d in demands):  # the split is by a hash of the demand's id
        other = Demand.objects.create(organisation=answered.organisation, title="压缩机降噪", problem="压缩机噪音",
                                      status=DemandStatus.MATCHED)
        for match in answered.matches.all():
            Match.objects.create(demand=other, patent=match.patent, status=match.status)
        demands.append(other)
    fitted = sum(not held_out(f"demand:{d.pk}") for d in demands)
    call_command("train_ranker", "--dry-run")
    assert f"positives {fitted}" in capsys.readouterr().out
