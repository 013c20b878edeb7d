"""Demo requests: the demo inventor's answered request to see and copy their data (so the copy can be downloaded),
and a request to erase, received by letter from an outside co-inventor without an account (named on the demo
university's disclosures, casework/demo.py), waiting on the officer's desk. Nothing is erased. Running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.privacy import services
from patentbridge.privacy.models import PrivacyRequest, RequestKind

OUTSIDER = ("王晓红（演示）", "139-0000-0000（演示）")


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, officer: str = "demo-admin", inventor: str = "demo-inventor") -> None:
    """One answered access request of the demo inventor, one open erasure request of an outside inventor."""
    users = get_user_model().objects
    head, person = users.filter(username=officer).first(), users.filter(username=inventor).first()
    if head is None or person is None:
        say(_("Personal information requests: the demo officer or inventor is missing; none created."))
        return
    if not PrivacyRequest.objects.filter(subject_user=person, kind=RequestKind.ACCESS).exists():
        received = timezone.now() - dt.timedelta(days=10)
        filed = services.request_file(actor=person, subject_user=person, kind=RequestKind.ACCESS,
                                      details="请提供平台保存的我的全部个人信息副本（演示）。", received_at=received)
        services.request_verify(actor=head, privacy_request=filed, note="本人登录账号提出（演示）")
        services.request_answer(actor=head, privacy_request=filed, answer="副本已可下载（演示）。")
    name, contact = OUTSIDER
    if not PrivacyRequest.objects.filter(subject_user=None, subject_name=name).exists():
        services.request_file(actor=head, kind=RequestKind.ERASE, subject_name=name, subject_contact=contact,
                              details="来信要求删除其个人信息（演示）。",
                              received_at=timezone.now() - dt.timedelta(days=2))
    say(_("Personal information requests: %(n)s.") % {"n": PrivacyRequest.objects.count()})
