"""Events the committee sends up: higher apps (casework, deals' pages) listen instead of being imported here."""

from django.dispatch import Signal

# sender=ReviewRequest, review=the decided ReviewRequest (status approved or rejected)
review_decided = Signal()
