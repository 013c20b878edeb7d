"""Background classification, run by `patentbridge db_worker` (or at once under the immediate backend)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from patentbridge.industries import services
from patentbridge.orgs.models import Organisation


@task()
def classify_patents(patent_ids: list[int]) -> dict[str, int]:
    """Classify patents the register created or changed."""
    with transaction.atomic():
        rows = services.patents_classify(patent_ids)
    return {"patents": len(patent_ids), "rows": rows}


@task()
def classify_organisation(organisation_id: int) -> dict[str, int]:
    """Reclassify an organisation's patents after its declared industries changed."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    ids = services.organisation_patent_ids(organisation) if organisation else []
    rows = 0
    for start in range(0, len(ids), services.CHUNK):
        with transaction.atomic():
            rows += services.patents_classify(ids[start:start + services.CHUNK])
    return {"patents": len(ids), "rows": rows}
