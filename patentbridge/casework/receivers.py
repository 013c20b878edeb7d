"""What casework does when lower apps announce a change: a committee's decision on a filing, a patent registered."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from patentbridge.casework import services
from patentbridge.casework.models import TechnologyCase
from patentbridge.casework.progress import cases_for_patents
from patentbridge.committee.models import ReviewRequest
from patentbridge.committee.signals import review_decided
from patentbridge.patents.signals import patents_changed


def on_review_decided(sender: Any, review: ReviewRequest, **kwargs: Any) -> None:
    if review.subject_type_id != ContentType.objects.get_for_model(TechnologyCase).pk:
        return
    with transaction.atomic():
        services.review_outcome_apply(review)


def on_patents_changed(sender: Any, patent_ids: list[int], **kwargs: Any) -> None:
    with transaction.atomic():
        cases_for_patents(patent_ids)


def connect() -> None:
    review_decided.connect(on_review_decided, sender=ReviewRequest, dispatch_uid="casework.review_decided")
    patents_changed.connect(on_patents_changed, dispatch_uid="casework.patents_changed")
