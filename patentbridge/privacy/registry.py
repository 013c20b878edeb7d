"""The inventory of personal data, as code: each source says how to find a person's rows, what is exported, what an
erasure does to each field (blank it, replace the name, delete the row) and what stays, on which legal ground and
until when. docs/privacy.md lists the same table; a test holds the two together."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from patentbridge.auctions.models import AuctionOfficer
from patentbridge.casework.models import DisclosureInventor
from patentbridge.commissioners.models import Designation
from patentbridge.committee.models import CommitteeMember
from patentbridge.core.models import ApiToken, SecurityEvent
from patentbridge.managers.models import ManagerProfile, TrainingRecord
from patentbridge.notices.models import Notice, NoticePreference
from patentbridge.orgs.models import Membership
from patentbridge.patents.models import Patent
from patentbridge.pool.models import PoolEntry
from patentbridge.privacy.models import PrivacyRequest
from patentbridge.push.models import Notification, Subscription
from patentbridge.revenue.models import InventorShare, RewardPayment

# What replaces an erased name where a row must keep a name (GB/T 35273-2020 3.14 删除: "使其保持不可被检索、访问").
ERASED = "已删除的个人信息"


@dataclass(frozen=True)
class Ground:
    """Why a record stays after an erasure request (PIPL Art 47 ¶2: a retention period the law sets)."""

    key: str
    label: Promise
    basis: str  # the law or rule, as cited in docs/privacy.md; [U] where not verified
    years: Callable[[], int | None]  # how long from the record's date; None: as long as the record itself lasts
    verified: bool
    days: Callable[[], int | None] = lambda: None  # a period set in days instead (the audit trail's)
    citation: Promise = ""  # the basis as the person reads it, in their language, without our verification marks

    @property
    def citation_shown(self) -> str:
        """The citation, and that the period is the platform's own where no law sets one."""
        if self.verified:
            return str(self.citation)
        platform_set = _("the period is set by the platform")
        return f"{self.citation}；{platform_set}"

    def until(self, since: dt.date | None) -> dt.date | None:
        """The last day the record must be kept, None when it has no end or no date to count from."""
        if since is None:
            return None
        days, years = self.days(), self.years()
        if days is not None:
            return since + dt.timedelta(days=days)
        if years is None:
            return None
        try:
            return since.replace(year=since.year + years)
        except ValueError:  # 29 February
            return since.replace(year=since.year + years, day=28)


GROUNDS: dict[str, Ground] = {g.key: g for g in (
    Ground("public_register", _("Public patent register: the inventor's name is part of the published patent "
                                "document"), "专利法 Art 16 (the inventor's right to be named), Arts 34, 39, 40 "
           "(publication and grant announcement); PIPL Art 13(6), Art 27", lambda: None, True,
           citation=_("Patent Law Art 16 (the inventor's right to be named), Arts 34, 39 and 40 (publication and grant); Personal Information Protection Law Art 13(6) and Art 27")),
    Ground("accounting", _("Payment and tax records (accounting vouchers and books)"),
           "会计档案管理办法 (2015) Art 14 and its annex: accounting vouchers 30 years",
           lambda: settings.PRIVACY_ACCOUNTING_YEARS, True,
           citation=_("Accounting Archives Measures (2015) Art 14 and annex: accounting vouchers are kept 30 years")),
    Ground("contract", _("Contracts, recordation filings and the acts done for an organisation"),
           "民法典 Arts 188, 594 (limitation periods); technology-contract registration [U: no statutory "
           "period found]", lambda: settings.PRIVACY_CONTRACT_YEARS, False,
           citation=_("Civil Code Arts 188 and 594 (limitation periods); technology-contract registration")),
    Ground("invention_record", _("Service-invention record: who invented, in what shares (ownership and the "
                                 "inventors' rewards)"), "专利法 Arts 6, 15; 促进科技成果转化法 Arts 44, 45 [U: no "
           "statutory period found]", lambda: settings.PRIVACY_INVENTION_RECORD_YEARS, False,
           citation=_("Patent Law Arts 6 and 15; Law on Promoting the Transformation of Scientific and Technological Achievements Arts 44 and 45")),
    Ground("official_record", _("Record of an official designation, grade or committee seat"),
           "档案法 Art 14 [U: period not found]", lambda: settings.PRIVACY_OFFICIAL_RECORD_YEARS, False,
           citation=_("Archives Law Art 14")),
    Ground("audit", _("Audit trail and security log"), "网络安全法 Art 21(3): logs at least six months; kept "
           "AUDIT_RETENTION_DAYS, then purged by purge-audit", lambda: None, True,
           lambda: settings.AUDIT_RETENTION_DAYS,
           citation=_("Cybersecurity Law Art 21(3): network logs are kept at least six months")),
    Ground("request_record", _("The record of this request and its answer"), "PIPL Art 50, Art 54 (compliance "
           "audit) [U: period not found]", lambda: settings.PRIVACY_REQUEST_RECORD_YEARS, False,
           citation=_("Personal Information Protection Law Arts 50 and 54 (compliance audits)")),
)}


@dataclass(frozen=True)
class Subject:
    """Whom a request is about: an account (and its name), or only a name for a person without one."""

    user: Any | None
    name: str

    @property
    def names(self) -> set[str]:
        found = {self.name.strip()}
        if self.user is not None:
            found.add(self.user.get_full_name().strip())
        return {n for n in found if n}


BLANK, PSEUDONYM, DELETE = "blank", "pseudonym", "delete"


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: Promise
    model: type[models.Model]
    find: Callable[[Subject], models.QuerySet]
    fields: tuple[str, ...]  # exported
    erase: dict[str, str] = field(default_factory=dict)  # field → BLANK / PSEUDONYM; {"*": DELETE} deletes the row
    ground: str | None = None  # why the fields not erased stay
    since: Callable[[Any], dt.date | None] = lambda row: None  # the day the retention period runs from
    on_erase: Callable[[Any], None] | None = None  # before the fields are blanked
    # What of a kept row goes once its ground's period has run out (PIPL Art 47 ¶1(2)); other kept fields name no one
    # once the account is pseudonymised.
    at_end: dict[str, str] = field(default_factory=dict)
    # A kept row that still names the person stops showing the name (PIPL Art 47 ¶2: only stored); returns the
    # fields it changed.
    withhold: Callable[[Any, Subject], list[str]] | None = None

    def find_rows(self, subject: Subject) -> list[Any]:
        return list(self.find(subject).order_by("pk"))

    @property
    def kept(self) -> tuple[str, ...]:
        return () if DELETE in self.erase.values() else tuple(f for f in self.fields if f not in self.erase)


def pseudonym(user_pk: int) -> str:
    """A stable name for an erased account: the same account always gets the same one, no one can reverse it."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:privacy:{user_pk}".encode()).hexdigest()[:10]
    return f"erased-{digest}"


def _none(model: type[models.Model]) -> models.QuerySet:
    return model.objects.none()


def _by_user(model: type[models.Model], path: str) -> Callable[[Subject], models.QuerySet]:
    return lambda s: model.objects.filter(**{path: s.user}) if s.user is not None else _none(model)


def _by_user_or_name(model: type[models.Model], user_path: str) -> Callable[[Subject], models.QuerySet]:
    def find(s: Subject) -> models.QuerySet:
        named = Q(**{f"{user_path}__isnull": True, "name__in": s.names})
        return model.objects.filter(Q(**{user_path: s.user}) | named if s.user is not None else named)
    return find


def _patents_naming(s: Subject) -> models.QuerySet:
    """Patents whose inventors include one of the person's names (JSON containment where the database has it)."""
    query = Q()
    for name in s.names:
        if connection.features.supports_json_field_contains:
            query |= Q(inventors__contains=[name])
        else:  # SQLite keeps the list as escaped JSON text: narrow by that text, then check exactly below
            query |= Q(inventors__icontains=json.dumps(name)[1:-1])
    if not query:
        return _none(Patent)
    rows = Patent.objects.filter(query)
    if connection.features.supports_json_field_contains:
        return rows
    return Patent.objects.filter(pk__in=[p.pk for p in rows.only("pk", "inventors") if s.names & set(p.inventors)])


def _withhold_row(row: Any, subject: Subject) -> list[str]:
    row.withheld = True
    return ["withheld"]


def _withhold_inventors(patent: Patent, subject: Subject) -> list[str]:
    named = [name for name in patent.inventors if name in subject.names and name not in patent.inventors_withheld]
    patent.inventors_withheld = [*patent.inventors_withheld, *named]
    return ["inventors_withheld"]


def _deactivate(user: Any) -> None:
    user.is_active = False
    user.set_unusable_password()


def _remove_evidence(record: TrainingRecord) -> None:
    if record.evidence:
        record.evidence.delete(save=False)


def _created(row: Any) -> dt.date | None:
    stamp = getattr(row, "created_at", None) or getattr(row, "timestamp", None) or getattr(row, "received_at", None)
    return timezone.localdate(stamp) if stamp else None


SOURCES: tuple[PersonalDataSource, ...] = (
    PersonalDataSource("account", _("User account"), get_user_model(),
                       lambda s: get_user_model().objects.filter(pk=getattr(s.user, "pk", None)),
                       ("username", "first_name", "last_name", "email", "date_joined", "last_login", "is_active"),
                       {"username": PSEUDONYM, "first_name": BLANK, "last_name": BLANK, "email": BLANK},
                       ground="contract", on_erase=_deactivate),
    PersonalDataSource("memberships", _("Roles in organisations"), Membership, _by_user(Membership, "user"),
                       ("organisation", "role"), ground="contract"),
    PersonalDataSource("manager_profile", _("Technology manager profile"), ManagerProfile,
                       _by_user(ManagerProfile, "user"),
                       ("organisation", "rank", "rank_since", "certificate_number", "certificate_issuer", "bio",
                        "tags", "languages", "public"),
                       {"certificate_number": BLANK, "certificate_issuer": BLANK, "bio": BLANK, "tags": BLANK,
                        "languages": BLANK, "public": BLANK}, ground="official_record",
                       since=lambda row: row.rank_since),
    PersonalDataSource("manager_training", _("Technology manager training"), TrainingRecord,
                       _by_user(TrainingRecord, "profile__user"),
                       ("course", "provider", "hours", "taken_on", "certificate_number", "evidence"),
                       {"certificate_number": BLANK, "evidence": BLANK}, ground="official_record",
                       since=lambda row: row.taken_on, on_erase=_remove_evidence),
    PersonalDataSource("disclosure_inventors", _("Inventor of an invention disclosure"), DisclosureInventor,
                       _by_user_or_name(DisclosureInventor, "user"), ("disclosure", "name", "share"),
                       ground="invention_record", since=lambda row: timezone.localdate(row.disclosure.disclosed_at),
                       at_end={"name": PSEUDONYM}, withhold=_withhold_row),
    PersonalDataSource("patent_inventors", _("Inventor named on a patent"), Patent, _patents_naming,
                       ("application_number", "title", "inventors"), ground="public_register",
                       withhold=_withhold_inventors),
    PersonalDataSource("pool_self_assessment", _("Inventor's self-assessment of a stock patent"), PoolEntry,
                       _by_user(PoolEntry, "inventor"),
                       ("patent", "self_market_prospects", "self_maturity", "self_willingness", "self_comment"),
                       {"self_comment": BLANK}, ground="invention_record", since=_created),
    PersonalDataSource("reward_shares", _("Inventor's share of transfer income"), InventorShare,
                       _by_user_or_name(InventorShare, "inventor"),
                       ("income", "name", "weight", "main_contributor", "amount", "paid"), ground="accounting",
                       since=lambda row: row.income.received_on, at_end={"name": PSEUDONYM},
                       withhold=_withhold_row),
    PersonalDataSource("reward_payments", _("Payments of an inventor's share"), RewardPayment,
                       lambda s: RewardPayment.objects.filter(share__in=_by_user_or_name(InventorShare, "inventor")(s)),
                       ("share", "amount", "paid_on", "reference"), ground="accounting",
                       since=lambda row: row.paid_on),
    PersonalDataSource("commissioner_designations", _("Designation as patent-operation commissioner"), Designation,
                       _by_user(Designation, "commissioner"), ("city", "organisation", "starts_on", "ends_on",
                                                               "revoked_at"),
                       ground="official_record", since=lambda row: row.ends_on or row.starts_on),
    PersonalDataSource("committee_seats", _("Seat on an expert committee"), CommitteeMember,
                       _by_user(CommitteeMember, "user"), ("organisation", "role", "starts_on", "ends_on"),
                       ground="official_record", since=lambda row: row.ends_on or row.starts_on),
    PersonalDataSource("auction_officers", _("Certified auction officer"), AuctionOfficer,
                       _by_user(AuctionOfficer, "user"), ("organisation", "certificate_number", "active"),
                       ground="official_record"),
    PersonalDataSource("notices", _("Notifications"), Notice, _by_user(Notice, "recipient"),
                       ("kind", "link", "created_at", "read_at"), {"*": DELETE}),
    PersonalDataSource("notice_preferences", _("Notification preferences"), NoticePreference,
                       _by_user(NoticePreference, "user"), ("kind", "delivery"), {"*": DELETE}),
    PersonalDataSource("subscriptions", _("Patent subscriptions"), Subscription, _by_user(Subscription, "user"),
                       ("name", "query", "frequency", "active", "created_at"), {"*": DELETE}),
    PersonalDataSource("push_notifications", _("Patent alerts sent"), Notification, _by_user(Notification, "user"),
                       ("patent", "created_at", "opened_at"), {"*": DELETE}),
    PersonalDataSource("api_tokens", _("API tokens"), ApiToken, _by_user(ApiToken, "user"),
                       ("name", "prefix", "created_at", "last_used_at", "revoked_at"), {"*": DELETE}),
    PersonalDataSource("security_events", _("Security log (sign-ins, refusals)"), SecurityEvent,
                       _by_user(SecurityEvent, "user"), ("kind", "username", "ip_address", "path", "detail",
                                                         "created_at"),
                       ground="audit", since=_created),
    PersonalDataSource("sign_in_attempts", _("Failed sign-ins counted for the lockout"), AccessAttempt,
                       lambda s: AccessAttempt.objects.filter(username=getattr(s.user, "username", None))
                       if s.user is not None else _none(AccessAttempt),
                       ("username", "ip_address", "user_agent", "attempt_time", "failures_since_start"),
                       {"*": DELETE}),
    PersonalDataSource("sign_in_log", _("Sign-in log"), AccessLog,
                       lambda s: AccessLog.objects.filter(username=getattr(s.user, "username", None))
                       if s.user is not None else _none(AccessLog),
                       ("username", "ip_address", "user_agent", "attempt_time", "logout_time"), ground="audit",
                       since=lambda row: timezone.localdate(row.attempt_time)),
    PersonalDataSource("change_log", _("Changes made (audit trail)"), LogEntry, _by_user(LogEntry, "actor"),
                       ("timestamp", "action", "content_type", "object_repr", "remote_addr"), ground="audit",
                       since=_created),
    PersonalDataSource("privacy_requests", _("Requests about one's personal information"), PrivacyRequest,
                       lambda s: PrivacyRequest.objects.filter(
                           Q(subject_user=s.user) if s.user is not None
                           else Q(subject_user__isnull=True, subject_name__in=s.names)),
                       ("kind", "state", "subject_name", "subject_contact", "received_at", "answer"),
                       ground="request_record", since=_created,
                       at_end={"subject_name": PSEUDONYM, "subject_contact": BLANK, "details": BLANK}),
)
SOURCE_KEYS = frozenset(s.key for s in SOURCES)
