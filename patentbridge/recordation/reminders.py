"""Daily reminders of recordation: both parties' members who may file it, of a draft or refused recordation, 30 and
7 days before its three-month deadline and once after it, by e-mail and in their inbox. Never twice for the same
recordation and lead time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.permissions import Capability, user_ids_with
from patentbridge.recordation.models import Recordation, RecordationStatus
from patentbridge.recordation.selectors import recordation_page

LEADS = (30, 7)
OVERDUE = -1


def _lead(deadline: date, today: date) -> int | None:
    days = (deadline - today).days
    return OVERDUE if days < 0 else min((lead for lead in LEADS if days <= lead), default=None)


def recordation_reminders_send(today: date) -> int:
    """Remind both parties of a recordation draft 30 and 7 days before its three-month deadline, and once after it."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    sent = 0
    for recordation in Recordation.objects.filter(status__in=[RecordationStatus.DRAFT, RecordationStatus.REFUSED]
                                                  ).select_related("patent", "licensor", "licensee"):
        lead = _lead(recordation.deadline, today)
        if lead is None or lead in recordation.reminded:
            continue
        who_files = user_ids_with(Capability.COMMIT, recordation.party_org_ids())
        notify(recipients=who_files, kind=NoticeKind.RECORDATION_DUE, link=recordation_page(recordation),
               key=f"recordation-due:{recordation.pk}:{lead}", mail=False,
               params={"patent": str(recordation.patent), "deadline": f"{recordation.deadline:%Y-%m-%d}",
                       "variant": "overdue" if lead == OVERDUE else ""})
        for user in users.filter(pk__in=who_files):
            send_mail(subject=f"PatentBridge 备案提醒：{recordation.patent.title} 须于 {recordation.deadline:%Y-%m-%d} 前备案",
                      message=render_to_string("recordation/reminder.txt", {
                          "user": user, "recordation": recordation, "overdue": lead == OVERDUE,
                          "base_url": settings.PUBLIC_BASE_URL}),
                      from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email])
            sent += 1
        recordation.reminded = [*recordation.reminded, lead]
        recordation.save(update_fields=["reminded"])
    return sent
