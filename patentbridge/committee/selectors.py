"""Reads of committee reviews that the apps above ask for."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from patentbridge.committee.models import ReviewMatter, ReviewRequest


def reviews_of(subject: Model, matter: ReviewMatter | str | None = None):
    """Every review of the subject, newest first (optionally of one matter)."""
    reviews = ReviewRequest.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                           subject_id=subject.pk)
    return reviews.filter(matter=matter) if matter else reviews


def decision_for(subject: Model, matter: ReviewMatter | str | None = None) -> ReviewRequest | None:
    """The latest review of the subject (live or decided), or None when none was asked."""
    return reviews_of(subject, matter).first()
