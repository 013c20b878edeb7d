"""Index generations shared through the database: every host serves the newest published one, whole and intact."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import IntegrityError, transaction

from patentbridge.search import generations, indexes
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.models import IndexGeneration, IndexGenerationChunk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.SEARCH_GENERATION_CHUNK_BYTES = 256  # several chunks per file, even for a tiny index
    settings.SEARCH_GENERATION_CHECK_SECONDS = 0
    indexes.forget()
    yield
    indexes.forget()


def lexical(*documents: list[str]) -> LexicalIndex:
    return LexicalIndex.build(list(range(1, len(documents) + 1)), list(documents))


def as_other_host(settings, tmp_path, name: str) -> None:
    """Another host: its own, empty cache folder and nothing loaded in memory."""
    settings.VAR_DIR = tmp_path / name
    indexes.forget()


def test_a_generation_published_on_one_host_is_served_on_another(settings, tmp_path):
    indexes.publish_lexical(lexical(["电池", "隔膜"], ["电机"]))
    as_other_host(settings, tmp_path, "host-2")

    served = indexes.current_lexical()

    assert [pk for pk, _ in served.search(["电机"], 5)] == [2]
    assert (tmp_path / "host-2" / "search").is_dir()


def test_the_newest_published_generation_replaces_the_served_one(settings, tmp_path):
    indexes.publish_lexical(lexical(["电池"]))
    as_other_host(settings, tmp_path, "host-2")
    assert len(indexes.current_lexical()) == 1

    indexes.publish_lexical(lexical(["电池"], ["电机"]))

    assert len(indexes.current_lexical()) == 2
    assert indexes.generation_info()["lexical"]["number"] == 2


def test_the_database_is_checked_at_most_every_check_interval(settings, tmp_path, django_assert_num_queries):
    settings.SEARCH_GENERATION_CHECK_SECONDS = 3600
    indexes.publish_lexical(lexical(["电池"]))
    indexes.current_lexical()

    with django_assert_num_queries(0):
        indexes.current_lexical()


def test_a_corrupt_chunk_is_refused_by_a_host_that_serves_nothing_yet(settings, tmp_path):
    indexes.publish_lexical(lexical(["电池"]))
    as_other_host(settings, tmp_path, "host-2")
    assert len(indexes.current_lexical()) == 1
    newer = indexes.publish_lexical(lexical(["电池"], ["电机"]))
    chunk = IndexGenerationChunk.objects.filter(generation=newer).order_by("name", "seq").first()
    IndexGenerationChunk.objects.filter(pk=chunk.pk).update(data=b"x" + bytes(chunk.data)[1:])
    indexes.forget()
    settings.VAR_DIR = tmp_path / "host-3"

    assert indexes.current_lexical() is None  # a host with nothing good to serve serves nothing
    assert not [p for p in (tmp_path / "host-3" / "search").iterdir() if p.name.startswith("lexical-")]


def test_a_host_serving_a_generation_keeps_it_when_the_next_one_is_corrupt(settings, tmp_path):
    indexes.publish_lexical(lexical(["电池"]))
    as_other_host(settings, tmp_path, "host-2")
    assert len(indexes.current_lexical()) == 1
    newer = generations.reserve("lexical")
    folder = tmp_path / "build"
    folder.mkdir()
    lexical(["电池"], ["电机"]).write(folder)
    generations.publish(newer, folder, documents=2)
    IndexGenerationChunk.objects.filter(generation=newer, name="ids.npy").delete()

    assert len(indexes.current_lexical()) == 1
    assert indexes.generation_info()["lexical"]["number"] == 1


def test_fetch_refuses_a_generation_whose_checksum_differs(tmp_path):
    generation = generations.reserve("lexical")
    folder = tmp_path / "build"
    folder.mkdir()
    lexical(["电池"]).write(folder)
    generation = generations.publish(generation, folder, documents=1)
    IndexGeneration.objects.filter(pk=generation.pk).update(checksum="0" * 64)
    generation.refresh_from_db()

    with pytest.raises(generations.GenerationUnusable):
        generations.fetch(generation, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_generation_still_building_is_never_served(settings, tmp_path):
    generation = generations.reserve("lexical")
    IndexGenerationChunk.objects.create(generation=generation, name="ids.npy", seq=0, data=b"half")

    assert generations.newest("lexical") is None
    assert indexes.current_lexical() is None


def test_racing_publishers_get_distinct_numbers(monkeypatch):
    first = generations.reserve("lexical")
    stale = iter([0])  # the second publisher read the highest number before the first one took its own
    real = generations.latest_number
    monkeypatch.setattr(generations, "latest_number", lambda kind: next(stale, None) or real(kind))

    second = generations.reserve("lexical")

    assert (first.number, second.number) == (1, 2)


def test_the_database_refuses_a_number_taken_twice():
    IndexGeneration.objects.create(kind="lexical", number=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexGeneration.objects.create(kind="lexical", number=7)


def test_numbers_count_per_kind():
    generations.reserve("lexical")
    assert generations.reserve("vectors").number == 1


def test_only_the_last_two_published_generations_keep_their_files():
    for n in range(4):
        indexes.publish_lexical(lexical(["电池"] * (n + 1)))

    states = dict(IndexGeneration.objects.filter(kind="lexical").values_list("number", "state"))
    assert states == {1: "retired", 2: "retired", 3: "published", 4: "published"}
    assert set(IndexGenerationChunk.objects.values_list("generation__number", flat=True)) == {3, 4}


def test_a_host_keeps_only_its_served_and_previous_generations(settings, tmp_path):
    for n in range(3):
        indexes.publish_lexical(lexical(["电池"] * (n + 1)))
        indexes.current_lexical()

    folders = sorted(p.name for p in (tmp_path / "var" / "search").iterdir() if p.name.startswith("lexical-"))
    assert [name.split("-")[1] for name in folders] == ["00000002", "00000003"]


def test_generation_info_describes_what_this_process_serves():
    assert indexes.generation_info() == {"lexical": {"number": 0, "built_at": None, "documents": 0},
                                         "vectors": {"number": 0, "built_at": None, "documents": 0}}
    indexes.publish_lexical(lexical(["电池"], ["电机"], ["隔膜"]))
    indexes.publish_vectors(np.array([1, 2], dtype=np.int64), np.eye(2, 384, dtype=np.float32), "test-model")
    indexes.current_lexical()
    indexes.current_vectors()

    info = indexes.generation_info()

    assert (info["lexical"]["number"], info["lexical"]["documents"]) == (1, 3)
    assert (info["vectors"]["number"], info["vectors"]["documents"]) == (1, 2)
    assert info["vectors"]["built_at"] is not None


def test_vectors_round_trip_through_the_database(settings, tmp_path):
    matrix = np.eye(3, 384, dtype=np.float32)
    indexes.publish_vectors(np.array([10, 20, 30], dtype=np.int64), matrix, "test-model")
    as_other_host(settings, tmp_path, "host-2")

    served = indexes.current_vectors()

    assert served.search(matrix[1], 1)[0][0] == 20


def test_a_failed_build_leaves_no_generation_behind(monkeypatch):
    def broken(folder):
        raise OSError("disk full")

    with pytest.raises(OSError):
        indexes._publish("lexical", broken, documents=0, model="")

    assert generations.newest("lexical") is None
    assert IndexGeneration.objects.get(kind="lexical").state == "retired"


def test_each_host_rebuilds_the_same_user_dictionary_from_the_database(settings, tmp_path):
    from patentbridge.search.text import write_userdict

    settings.VAR_DIR = tmp_path / "host-1"
    first = write_userdict().read_text(encoding="utf-8")
    settings.VAR_DIR = tmp_path / "host-2"
    second = write_userdict()

    assert first and second.read_text(encoding="utf-8") == first
    assert [p.name for p in second.parent.iterdir()] == ["userdict.txt"]  # no temporary file left behind
