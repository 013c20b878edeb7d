"""What waits for a signed-in user on the home page: tasks, deadlines, notifications and their organisations' figures.

The home app is the top-most: it gathers each app's selectors; each role's part reads only what that role acts on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from patentbridge.core.selectors import QueueStatus, TaskCounts, queue_by_task, queue_status
from patentbridge.deals.models import Deal, DealStatus
from patentbridge.deals.selectors import deals_awaiting
from patentbridge.demands.models import DemandStatus
from patentbridge.demands.selectors import demands_with_unanswered_matches, published_demands_visible_to
from patentbridge.licensing.models import LicenceStatus, OpenLicence
from patentbridge.licensing.selectors import licences_taken_by, standing_declarations
from patentbridge.notices.selectors import recent, unread_count
from patentbridge.orgs.models import Organisation, Role
from patentbridge.orgs.permissions import (
    DEMAND_ROLES,
    Action,
    Capability,
    is_allowed,
    is_platform_admin,
    org_ids_with,
    org_ids_with_roles,
    roles_of,
)
from patentbridge.orgs.selectors import identity_changes_pending
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.pool.models import PoolEntry
from patentbridge.pool.selectors import (
    entries_awaiting_review,
    maintenance_for,
    office_org_ids,
    self_assessments_requested_of,
)
from patentbridge.products.models import ProductStatus
from patentbridge.products.selectors import own_products, update_state
from patentbridge.products.selectors import review_queue as product_review_queue
from patentbridge.recognition.selectors import review_queue as recognition_review_queue
from patentbridge.recordation.models import RecordationStatus
from patentbridge.recordation.selectors import contracts_held, recordations_to_file
from patentbridge.revenue.selectors import unpaid_shares_of
from patentbridge.rewards.models import ApplicationStatus
from patentbridge.rewards.selectors import applications_visible_to
from patentbridge.rights.selectors import pledges_held_by
from patentbridge.search.selectors import IndexFreshness, index_freshness
from patentbridge.typical_cases.selectors import review_queue as typical_case_review_queue

FEE_MONTHS = 3  # annual fees falling due within this many months are shown as deadlines
LICENCE_END_DAYS = 90  # licences ending within this many days are shown as deadlines
DEADLINES_SHOWN = 12
NOTIFICATIONS_SHOWN = 5


@dataclass(frozen=True)
class Task:
    """Something that waits for the user's action, with how many and where to act."""

    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Deadline:
    on: date
    label: str
    url: str
    overdue: bool


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class OrganisationFigures:
    organisation: Organisation
    figures: list[Figure]


@dataclass
class Agenda:
    tasks: list[Task] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def task(self, key: str, label: str, count: int, url: str) -> None:
        if count:
            self.tasks.append(Task(key, label, count, url))

    def deadline(self, on: date | None, label: str, url: str, today: date) -> None:
        if on is not None:
            self.deadlines.append(Deadline(on, label, url, on < today))


def _patent_url(patent: Any) -> str:
    return reverse("patents:detail", args=[patent.lookup_number])


def _office(user: Any, agenda: Agenda, today: date) -> None:
    """A tech-transfer office: answered self-assessments to review, recordations to file, annual fees due."""
    offices = office_org_ids(user)
    if not offices:
        return
    answered = entries_awaiting_review(offices).count()
    agenda.task("review", ngettext("self-assessment answered, awaiting your review",
                                   "self-assessments answered, awaiting your review", answered),
                answered, reverse("pool:inventory") + "?state=self_assessed")
    unpaid = [line for org in Organisation.objects.filter(pk__in=offices)
              for line in maintenance_for(org, today, months=FEE_MONTHS) if not line.paid]
    agenda.task("fees", ngettext("annual fee due within three months", "annual fees due within three months",
                                 len(unpaid)), len(unpaid), reverse("pool:fees"))
    for line in unpaid:
        agenda.deadline(line.fee.due_date, _("Annual fee of %(number)s") % {"number": line.patent.display_number},
                        _patent_url(line.patent), today)


def _recordations(user: Any, agenda: Agenda, today: date) -> None:
    """Recordations the user's organisations must file (or file again after a refusal)."""
    due = list(recordations_to_file(org_ids_with(user, Capability.COMMIT))[:50])
    refused = [r for r in due if r.status == RecordationStatus.REFUSED]
    drafts = len(due) - len(refused)
    agenda.task("recordations", ngettext("recordation to file", "recordations to file", drafts), drafts,
                reverse("deals:list"))
    agenda.task("refused", ngettext("recordation refused, to put right and file again",
                                    "recordations refused, to put right and file again", len(refused)),
                len(refused), reverse("deals:list"))
    for recordation in due:
        agenda.deadline(recordation.deadline, _("Recordation of %(number)s") % {"number": recordation.patent.display_number},
                        _patent_url(recordation.patent), today)


def _deals(user: Any, agenda: Agenda, today: date) -> None:
    waiting = deals_awaiting(user)
    url = reverse("deals:detail", args=[waiting[0].pk]) if len(waiting) == 1 else reverse("deals:list")
    agenda.task("deals", ngettext("deal waiting for your step", "deals waiting for your step", len(waiting)),
                len(waiting), url)


def _inventor(user: Any, agenda: Agenda, today: date) -> None:
    """An inventor: self-assessments asked of them, shares of income not yet paid."""
    requested = list(self_assessments_requested_of(user)[:50])
    url = reverse("pool:entry", args=[requested[0].pk]) if len(requested) == 1 else reverse("pool:inventory")
    agenda.task("self_assessment", ngettext("self-assessment requested of you", "self-assessments requested of you",
                                            len(requested)), len(requested), url)
    unpaid = unpaid_shares_of(user).count()
    agenda.task("shares", ngettext("share of income not yet paid to you", "shares of income not yet paid to you",
                                   unpaid), unpaid, reverse("revenue:statement"))


def _enterprise(user: Any, agenda: Agenda, today: date) -> None:
    """An enterprise: patents sent to its demands to answer, licences to pay for, licences ending soon."""
    enterprises = org_ids_with_roles(user, DEMAND_ROLES)
    if enterprises:
        to_answer = demands_with_unanswered_matches(enterprises).count()
        agenda.task("matches", ngettext("demand with patents sent to you to answer",
                                        "demands with patents sent to you to answer", to_answer),
                    to_answer, reverse("demands:list"))
    held = list(licences_taken_by(org_ids_with(user, Capability.READ))[:100])
    unpaid = [licence for licence in held if licence.status == LicenceStatus.AWAITING_PAYMENT]
    agenda.task("payments", ngettext("open licence awaiting your payment", "open licences awaiting your payment",
                                     len(unpaid)), len(unpaid), reverse("licensing:licences"))
    horizon = today + timedelta(days=LICENCE_END_DAYS)
    for licence in held:
        if licence.status == LicenceStatus.ACTIVE and licence.ends_on and licence.ends_on <= horizon:
            agenda.deadline(licence.ends_on, _("Open licence of %(number)s ends")
                            % {"number": licence.declaration.patent.display_number},
                            reverse("licensing:licence", args=[licence.pk]), today)


def _broker(user: Any, agenda: Agenda, today: date) -> None:
    if not org_ids_with_roles(user, frozenset({Role.AGENCY_BROKER})):
        return
    published = published_demands_visible_to(user).count()
    agenda.task("demands", ngettext("published demand you can answer with patents",
                                    "published demands you can answer with patents", published),
                published, reverse("demands:list"))


def _bank(user: Any, agenda: Agenda, today: date) -> None:
    pledges = list(pledges_held_by(org_ids_with_roles(user, frozenset({Role.BANK_OFFICER})))[:100])
    agenda.task("pledges", ngettext("pledge registered to your bank", "pledges registered to your bank",
                                    len(pledges)), len(pledges), reverse("patents:list"))
    for pledge in pledges:
        agenda.deadline(pledge.ends_on, _("Secured debt on %(number)s falls due") % {"number": pledge.patent.display_number},
                        _patent_url(pledge.patent), today)


def _regulator(user: Any, agenda: Agenda, today: date) -> None:
    if is_allowed(user, Action.KPI_CONFIRM):
        held = contracts_held().count()
        agenda.task("contracts", ngettext("technology contract held for your confirmation",
                                          "technology contracts held for your confirmation", held),
                    held, reverse("kpi:records", args=["held"]))


def _platform_admin(user: Any, agenda: Agenda, today: date) -> None:
    if is_platform_admin(user):
        pending = identity_changes_pending().count()
        agenda.task("identity", ngettext("organisation identity change to review",
                                         "organisation identity changes to review", pending),
                    pending, reverse("orgs:identity_changes"))


def _filer(user: Any, agenda: Agenda, today: date) -> None:
    """A product's filer: filings returned for changes, revocations to confirm, last year's data due this quarter."""
    if not is_allowed(user, Action.PRODUCTS_OWN_VIEW):
        return
    products = list(own_products(user).filter(status__in=(ProductStatus.RETURNED, ProductStatus.FILED))
                    .prefetch_related("years")[:200])
    returned = [p for p in products if p.status == ProductStatus.RETURNED]
    agenda.task("products_returned", ngettext("product filing returned for changes",
                                              "product filings returned for changes", len(returned)),
                len(returned), reverse("products:own"))
    prompted = [p for p in products if p.status == ProductStatus.FILED and p.revoke_prompted_on]
    agenda.task("products_revoke", ngettext("product whose patents have all lapsed or left you: confirm revocation",
                                            "products whose patents have all lapsed or left you: confirm revocation",
                                            len(prompted)), len(prompted), reverse("products:own"))
    for product in products:
        state = update_state(product, today)
        if product.status == ProductStatus.FILED and state.open_now(today) and state.reported is None:
            agenda.deadline(state.closes, _("%(year)s data of “%(product)s”") % {"year": state.year,
                                                                                 "product": product.name},
                            reverse("products:year", args=[product.pk]), today)


def _reviews(user: Any, agenda: Agenda, today: date) -> None:
    """A regulator's review queues: product filings, recognitions, typical cases, reward applications."""
    if is_allowed(user, Action.PRODUCT_REVIEW):
        waiting = product_review_queue().count()
        agenda.task("product_reviews", ngettext("product filing awaiting your review",
                                                "product filings awaiting your review", waiting),
                    waiting, reverse("products:review"))
    if is_allowed(user, Action.RECOGNITION_REVIEW):
        waiting = recognition_review_queue().count()
        agenda.task("recognitions", ngettext("patent-intensive product recognition awaiting your step",
                                             "patent-intensive product recognitions awaiting your step", waiting),
                    waiting, reverse("recognition:queue"))
    if is_allowed(user, Action.TYPICAL_CASE_REVIEW):
        waiting = typical_case_review_queue().count()
        agenda.task("typical_cases", ngettext("typical case awaiting your review", "typical cases awaiting your review",
                                              waiting), waiting, reverse("typical_cases:desk"))
    if org_ids_with_roles(user, frozenset({Role.REGULATOR})):
        waiting = applications_visible_to(user).filter(status=ApplicationStatus.APPLIED).count()
        agenda.task("rewards", ngettext("sales-based reward application to decide",
                                        "sales-based reward applications to decide", waiting),
                    waiting, reverse("rewards:index"))


PARTS: tuple[Callable[[Any, Agenda, date], None], ...] = (
    _office, _inventor, _deals, _recordations, _enterprise, _filer, _broker, _bank, _regulator, _reviews,
    _platform_admin)


def agenda_for(user: Any, today: date) -> Agenda:
    """The user's tasks (as counts with where to act) and deadlines, soonest first."""
    agenda = Agenda()
    for part in PARTS:
        part(user, agenda, today)
    agenda.deadlines.sort(key=lambda d: (d.on, d.label))
    del agenda.deadlines[DEADLINES_SHOWN:]
    return agenda


def organisation_figures(user: Any) -> list[OrganisationFigures]:
    """Each of the user's organisations with its figures on the platform (only those it has)."""
    org_ids = {org_id for org_id, _role in roles_of(user)}
    organisations = (Organisation.objects.filter(pk__in=org_ids).order_by("name").annotate(
        patents=Count("patent_links__patent", distinct=True),
        in_force=Count("patent_links__patent", distinct=True,
                       filter=Q(patent_links__patent__legal_status=LegalStatus.IN_FORCE))))
    return [entry for entry in (OrganisationFigures(org, _figures(org)) for org in organisations) if entry.figures]


def _figures(org: Organisation) -> list[Figure]:
    detail = reverse("orgs:detail", args=[org.pk])
    deals = Deal.objects.filter(Q(owner=org) | Q(counterparty=org))
    figures = [
        Figure(_("patents held"), org.patents, detail),
        Figure(_("of them in force"), org.in_force, detail),
        Figure(_("stock patents in the inventory"), PoolEntry.objects.filter(organisation=org).count()),
        Figure(_("open licences granted"), OpenLicence.objects.filter(declaration__organisation=org,
                                                                      status=LicenceStatus.ACTIVE).count()),
        Figure(_("open licences held"), OpenLicence.objects.filter(licensee=org, status=LicenceStatus.ACTIVE).count()),
        Figure(_("deals in negotiation"), deals.filter(status__in=(DealStatus.DRAFT, DealStatus.NEGOTIATING,
                                                                     DealStatus.AGREED)).count()),
        Figure(_("deals signed"), deals.filter(contract__isnull=False).count()),
        Figure(_("published demands"), org.demands.filter(status=DemandStatus.PUBLISHED).count()),
    ]
    return [f for f in figures if f.value]


def platform_figures(user: Any) -> list[Figure]:
    """The whole platform's figures, for those who watch it (the regulator, platform admins)."""
    if not is_allowed(user, Action.KPI_VIEW):
        return []
    return [
        Figure(_("patents in the register"), Patent.objects.count(), reverse("patents:list")),
        Figure(_("in force"), Patent.objects.filter(legal_status=LegalStatus.IN_FORCE).count()),
        Figure(_("standing open-licence declarations"), standing_declarations().count(), reverse("pool:open_licences")),
        Figure(_("open licences in force"), OpenLicence.objects.filter(status=LicenceStatus.ACTIVE).count()),
        Figure(_("deals signed"), Deal.objects.filter(contract__isnull=False).count()),
        Figure(_("stock patents in the inventory"), PoolEntry.objects.count()),
    ]


@dataclass(frozen=True)
class Notifications:
    unread: int
    recent: list[Any]


def notifications_for(user: Any) -> Notifications:
    """The user's unread count and latest notifications."""
    return Notifications(unread_count(user), recent(user, NOTIFICATIONS_SHOWN))


# --- the platform's health: background work and search freshness (the health page, `patentbridge status`) -----

@dataclass(frozen=True)
class Health:
    queue: QueueStatus
    tasks: list[TaskCounts]
    search: IndexFreshness

    @property
    def healthy(self) -> bool:
        return self.queue.state not in ("stalled", "failed", "no_worker") and self.search.state not in (
            "stalled", "failed")


# What each kind of background task does, in words (the page names no Python functions).
TASK_LABELS = {
    "index_patents": gettext_lazy("Index patents by words"),
    "embed_missing": gettext_lazy("Index patents by meaning"),
    "assess_register": gettext_lazy("Score the register"),
    "push_new_patents": gettext_lazy("Tell subscribers of new patents"),
    "push_patent_events": gettext_lazy("Tell subscribers of patent events"),
}


def task_label(name: str) -> str:
    return str(TASK_LABELS.get(name, name))


def platform_health() -> Health:
    """The background queue, its workers, and how fresh each search index is."""
    queue = queue_status()
    queue = replace(queue, recent_failures=[replace(f, name=task_label(f.name)) for f in queue.recent_failures])
    tasks = [replace(t, name=task_label(t.name)) for t in queue_by_task()]
    return Health(queue=queue, tasks=tasks, search=index_freshness())


def health_as_dict(health: Health) -> dict:
    """The same figures for `patentbridge status --json` and monitors."""
    queue, search = health.queue, health.search

    def when(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "healthy": health.healthy,
        "queue": {"state": queue.state, "waiting": queue.waiting, "due": queue.due, "retrying": queue.retrying,
                  "running": queue.running, "failed": queue.failed, "oldest_due_at": when(queue.oldest_due_at),
                  "last_finished_at": when(queue.last_finished_at),
                  "last_worker_seen_at": when(queue.last_worker_seen_at),
                  "workers": [{"id": w.worker_id, "host": w.host, "pid": w.pid, "seen_at": when(w.seen_at),
                               "tasks_run": w.tasks_run, "tasks_failed": w.tasks_failed} for w in queue.workers],
                  "recent_failures": [{"task": f.name, "error": f.error, "attempts": f.attempts,
                                       "finished_at": when(f.finished_at)} for f in queue.recent_failures]},
        "tasks": [{"task": t.name, "waiting": t.waiting, "running": t.running, "failed": t.failed,
                   "succeeded": t.succeeded, "last_finished_at": when(t.last_finished_at)} for t in health.tasks],
        "search": {"state": search.state, "patents": search.patents,
                   "words": {"indexed": search.words.size, "built_at": when(search.words.built_at)},
                   "meaning": {"indexed": search.meaning.size, "built_at": when(search.meaning.built_at)}},
    }
