from django_tasks import default_task_backend

from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.signals import announce_changed
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolEntry, PoolState
from patentbridge.pool.tasks import assess_register


def test_changed_institution_patents_join_the_inventory_and_queue_an_assessment(db, django_capture_on_commit_callbacks):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="某某科技有限公司")
    ours, theirs = PatentFactory(owner=university), PatentFactory(owner=company)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        announce_changed([ours.pk, theirs.pk], new_ids=[ours.pk, theirs.pk])
    assert list(PoolEntry.objects.values_list("patent_id", "state")) == [(ours.pk, PoolState.INVENTORIED)]
    assert any(r.task.name == assess_register.name for r in default_task_backend.results)


def test_a_burst_of_imports_queues_one_rescoring_while_one_waits(db, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    first, second = PatentFactory(owner=university), PatentFactory(owner=university)
    with django_capture_on_commit_callbacks(execute=True):
        announce_changed([first.pk], new_ids=[first.pk])
        announce_changed([second.pk], new_ids=[second.pk])
    waiting = DBTaskResult.objects.filter(task_path=assess_register.module_path, status="READY")
    assert waiting.count() == 1 and PoolEntry.objects.count() == 2
