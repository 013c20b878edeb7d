"""Demo records: the demo office's technology managers — its own profile and two colleagues (without a login), their
grades set by the office's administrator and a few courses each — all through the services, so the trail reads true.
Running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.managers import selectors, services
from patentbridge.managers.models import Rank
from patentbridge.orgs import services as org_services
from patentbridge.orgs.models import Role

# (user name, name shown, grade, bio, IPC fields, industries, other fields, public)
COLLEAGUES = (
    ("demo-tm-li", "李明（演示）", Rank.INTERMEDIATE, "负责新能源与材料方向的成果转化，熟悉专利许可与作价入股。",
     ["H01M", "C08"], ["38", "26"], ["新能源", "高分子材料"], True),
    ("demo-tm-chen", "陈静（演示）", Rank.JUNIOR, "负责信息技术方向的发明披露与专利布局。",
     ["G06", "H04"], ["39"], ["人工智能"], False),
)
# (course, provider, hours, days ago) for each colleague, in that order; the office's own courses after them.
COURSES = (
    (("技术经理人中级能力培训", "中国科技评估与成果管理研究会（演示）", "16", 40),
     ("专利许可合同实务", "广东省知识产权保护中心（演示）", "6", 12)),
    (("技术经理人初级能力培训", "广东省技术市场协会（演示）", "8", 25),),
    (("高校科技成果作价入股实务", "华南技术转移中心（演示）", "12", 30),),
)


def _day(days_ago: int) -> dt.date:
    """A day this year (so the office page shows this year's hours even early in January)."""
    today = timezone.localdate()
    return max(today - dt.timedelta(days=days_ago), dt.date(today.year, 1, 1))


def _colleague(username: str, shown: str, organisation: Any) -> Any:
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": shown})
    if created:
        user.set_unusable_password()  # a colleague on the page, not an account to sign in with
        user.save()
    org_services.membership_add(user=user, organisation=organisation, role=Role.TECH_TRANSFER_MANAGER)
    return user


def _train(actor: Any, user: Any, courses: tuple) -> None:
    profile = selectors.profile_of(user)
    for course, provider, hours, days_ago in courses:
        if profile is not None and profile.training.filter(course=course).exists():
            continue
        services.training_add(actor=actor, user=user, course=course, provider=provider, hours=hours,
                              taken_on=_day(days_ago))
        profile = selectors.profile_of(user)


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, office: str = "demo-ttm") -> None:
    """The office's managers: its own profile and training, two colleagues graded by it, with their training."""
    head = get_user_model().objects.filter(username=office).first()
    organisation = selectors.manager_organisations(head).first() if head else None
    if organisation is None:
        say(_("Technology managers: the demo office is missing; none created."))
        return
    services.profile_update(actor=head, data={
        "bio": "技术转移办公室负责人，统筹发明披露、评估与转化（演示数据）。", "ipc_codes": ["H", "G06"],
        "industries": ["M"], "tags": ["技术转移管理"], "languages": ["中文", "英语"], "public": True})
    _train(head, head, COURSES[2])
    for (username, shown, rank, bio, ipc, industries, tags, public), courses in zip(COLLEAGUES, COURSES, strict=False):
        user = _colleague(username, shown, organisation)
        profile = selectors.profile_of(user)
        if profile is None or not profile.rank:
            services.rank_set(actor=head, user=user, organisation=organisation, rank=rank,
                              rank_since=timezone.localdate() - dt.timedelta(days=400), certificate_number=f"DEMO-{username[-4:].upper()}-01",
                              certificate_issuer="中国科技评估与成果管理研究会（演示）")
        _train(head, user, courses)
        # The colleague's own words, as if they had typed them.
        services.profile_update(actor=user, data={"bio": bio, "ipc_codes": ipc, "industries": industries,
                                                  "tags": tags, "languages": ["中文"], "public": public})
    say(_("Technology managers: %(n)s at %(org)s.") % {"n": selectors.assignable_managers(organisation).count(),
                                                      "org": organisation.name})
