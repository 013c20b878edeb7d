"""The pool keeps the fee schedule and the payments; the rights app keeps what they mean for the patent today."""

from __future__ import annotations

from collections.abc import Iterable

from patentbridge.patents.models import Patent
from patentbridge.pool.config import fee_schedule
from patentbridge.pool.fees import FeeSchedule, fee_due, last_fee_year, patent_year
from patentbridge.pool.models import FeePayment
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import FeeStatus


def fee_status_refresh(patent: Patent, schedule: FeeSchedule | None = None) -> None:
    """Write the patent's annual-fee position from the payments recorded here: the first unpaid year from the first
    recorded one (years before it were paid off the platform), its due date and late window."""
    paid = set(FeePayment.objects.standing().filter(patent=patent).values_list("year", flat=True))
    if not paid or patent.grant_date is None or patent.application_date is None:
        rights_services.fee_status_clear(patent)
        return
    first = max(min(paid), patent_year(patent.application_date, patent.grant_date))
    last = last_fee_year(patent.patent_type, patent.application_date)
    unpaid = next((year for year in range(first, last + 1) if year not in paid), None)
    if unpaid is None:
        rights_services.fee_status_set(patent=patent, next_year=None, next_due_on=None, late_until=None)
        return
    fee = fee_due(schedule or fee_schedule(), patent_type=patent.patent_type, application_date=patent.application_date,
                  grant_date=patent.grant_date, year=unpaid)
    rights_services.fee_status_set(patent=patent, next_year=unpaid, next_due_on=fee.due_date,
                                   late_until=fee.late_deadline)


def fee_statuses_refresh(patent_ids: Iterable[int] | None = None) -> int:
    """Every tracked patent again (after the fee schedule's late window changes)."""
    ids = set(FeeStatus.objects.values_list("patent_id", flat=True)) if patent_ids is None else set(patent_ids)
    schedule = fee_schedule()  # read once for them all
    for patent in Patent.objects.filter(pk__in=ids):
        fee_status_refresh(patent, schedule)
    return len(ids)
