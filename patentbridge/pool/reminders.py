"""Daily reminders of the pool.

- Annual fees, to each institution's members who may pay them (by e-mail and in their inbox): 30 and 7 days before the due date, and once when a fee
  is overdue but still payable with a surcharge. Never twice for the same fee, person and lead time.
- State-funded patents unused for five years, once each, to the institution's office and the regulators.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import Organisation, Role
from patentbridge.orgs.permissions import Capability, user_ids_with
from patentbridge.pool.models import FeeReminder, FundedProject
from patentbridge.pool.selectors import FeeLine, institutions_with_entries, maintenance_for, unused_funded_projects

LEADS = (30, 7)
OVERDUE = -1


def _lead(line: FeeLine, today: date) -> int | None:
    if line.paid:
        return None
    if line.overdue:
        return OVERDUE
    days = (line.fee.due_date - today).days
    fitting = [lead for lead in LEADS if 0 <= days <= lead]
    return min(fitting) if fitting else None


def _notify_fee(line: FeeLine, lead: int, office: set[int], organisation: Organisation) -> None:
    """The fee in the office's inbox (the reminder e-mail lists it already, so the notice is not mailed again)."""
    notify(recipients=office, kind=NoticeKind.FEE_DUE, link=reverse("pool:fees"), organisation=organisation,
           key=f"fee:{line.patent.pk}:{line.fee.year}:{lead}", mail=False,
           params={"patent": str(line.patent), "year": str(line.fee.year), "due": f"{line.fee.due_date:%Y-%m-%d}",
                   "variant": "overdue" if lead == OVERDUE else ""})


def fee_reminders_send(today: date) -> int:
    """E-mail each office member one message listing their institution's newly due fees; returns mails sent."""
    sent = 0
    users = get_user_model().objects
    for organisation in institutions_with_entries():
        due = [(line, lead) for line in maintenance_for(organisation, today, months=2)
               if (lead := _lead(line, today)) is not None]
        if not due:
            continue
        office = user_ids_with(Capability.COMMIT, [organisation.pk])
        for line, lead in due:
            _notify_fee(line, lead, office, organisation)
        for user in users.filter(pk__in=office).exclude(email=""):
            done = set(FeeReminder.objects.filter(user=user, patent_id__in=[line.patent.pk for line, _ in due])
                       .values_list("patent_id", "year", "lead_days"))
            fresh = [(line, lead) for line, lead in due if (line.patent.pk, line.fee.year, lead) not in done]
            if not fresh:
                continue
            with transaction.atomic():
                FeeReminder.objects.bulk_create(
                    [FeeReminder(patent=line.patent, year=line.fee.year, user=user, lead_days=lead)
                     for line, lead in fresh], ignore_conflicts=True)
                context = {"user": user, "organisation": organisation, "lines": [line for line, _ in fresh],
                           "base_url": settings.PUBLIC_BASE_URL}
                send_mail(subject=f"PatentBridge 年费提醒：{len(fresh)} 件专利年费即将到期或已逾期",
                          message=render_to_string("pool/fee_reminder.txt", context),
                          from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email])
            sent += 1
    return sent


def unused_funded_alerts_send(today: date) -> int:
    """Alert once per funded patent that has gone five years without implementation; returns mails sent."""
    projects = list(unused_funded_projects(today).filter(unused_alerted_at=None))
    if not projects:
        return 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    regulators = list(users.filter(memberships__role=Role.REGULATOR).distinct())
    by_user: dict[int, tuple[object, list[FundedProject]]] = {}
    for project in projects:
        entry = getattr(project.patent, "pool_entry", None)
        office = list(users.filter(memberships__organisation_id=entry.organisation_id,
                                   memberships__role=Role.TECH_TRANSFER_MANAGER)) if entry else []
        for user in office + regulators:
            by_user.setdefault(user.pk, (user, []))[1].append(project)
    for user, items in by_user.values():
        send_mail(subject=f"PatentBridge 提醒：{len(items)} 件财政资助项目专利五年未实施",
                  message=render_to_string("pool/unused_alert.txt", {"user": user, "projects": items,
                                                                     "base_url": settings.PUBLIC_BASE_URL}),
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email])
    FundedProject.objects.filter(pk__in=[p.pk for p in projects]).update(unused_alerted_at=timezone.now())
    return len(by_user)

