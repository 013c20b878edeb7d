"""Merging a burst of id-carrying tasks into the one run that still waits (django-tasks-db's table)."""

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from patentbridge.core import queue


@task()
def _touch(ids: list[int], kind: str = "new") -> int:
    return len(ids)


@pytest.fixture
def db_backend(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting() -> list[list]:
    return [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path=_touch.module_path, status="READY")]


def test_a_burst_adds_its_ids_to_the_run_that_waits(db_backend):
    assert queue.enqueue_merging_ids(_touch, [1, 2], "new") is True
    assert queue.enqueue_merging_ids(_touch, [2, 3], "new") is False
    assert _waiting() == [[[1, 2, 3], "new"]]


def test_other_arguments_make_another_run(db_backend):
    queue.enqueue_merging_ids(_touch, [1], "new")
    queue.enqueue_merging_ids(_touch, [1], "pooled")
    assert sorted(_waiting(), key=str) == [[[1], "new"], [[1], "pooled"]]


def test_a_claimed_run_is_left_alone(db_backend):
    queue.enqueue_merging_ids(_touch, [1], "new")
    DBTaskResult.objects.get().claim("worker-1")
    queue.enqueue_merging_ids(_touch, [2], "new")
    assert _waiting() == [[[2], "new"]]
    assert DBTaskResult.objects.get(status="RUNNING").args_kwargs["args"] == [[1], "new"]


def test_a_full_run_is_not_grown(db_backend, monkeypatch):
    monkeypatch.setattr(queue, "MERGED_IDS_MAX", 3)
    queue.enqueue_merging_ids(_touch, [1, 2], "new")
    queue.enqueue_merging_ids(_touch, [3, 4], "new")
    assert sorted(_waiting(), key=str) == [[[1, 2], "new"], [[3, 4], "new"]]


def test_the_merged_run_handles_every_id(db_backend):
    queue.enqueue_merging_ids(_touch, [1], "new")
    queue.enqueue_merging_ids(_touch, [2], "new")
    row = DBTaskResult.objects.get()
    assert _touch.call(*row.args_kwargs["args"]) == 2


def test_other_backends_queue_each_call(db):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    queue.enqueue_merging_ids(_touch, [1])
    queue.enqueue_merging_ids(_touch, [2])
    assert [r.args for r in default_task_backend.results] == [[[1]], [[2]]]
