"""Writes of the committee: putting a matter before it (called by the apps above)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from patentbridge.committee.models import LIVE_REVIEW_STATUSES, ReviewMatter, ReviewRequest
from patentbridge.core.errors import Conflict
from patentbridge.orgs.models import Organisation


@transaction.atomic
def request_review(*, organisation: Organisation, subject: Model, matter: ReviewMatter | str, title: str,
                   by, summary: str = "", amount: Decimal | None = None) -> ReviewRequest:
    """Put a matter before the organisation's committee; refused while the same matter of the subject is live."""
    subject_type = ContentType.objects.get_for_model(subject)
    live = ReviewRequest.objects.filter(subject_type=subject_type, subject_id=subject.pk, matter=matter,
                                        status__in=LIVE_REVIEW_STATUSES).first()
    if live is not None:
        raise Conflict(_("This is already before the committee (since %(date)s).") % {
            "date": live.requested_at.date().isoformat()}, code="review_already_requested")
    return ReviewRequest.objects.create(organisation=organisation, subject_type=subject_type, subject_id=subject.pk,
                                        matter=matter, title=title[:300], summary=summary, amount=amount,
                                        requested_by=by)
