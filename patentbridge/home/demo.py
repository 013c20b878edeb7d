"""The demo installation: reference tables, the bundled real patent data, one account per role, search and the pool."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.auctions import demo as auctions_demo
from patentbridge.casework import demo as casework_demo
from patentbridge.commissioners import demo as commissioner_demo
from patentbridge.committee import demo as committee_demo
from patentbridge.events import demo as events_demo
from patentbridge.finance import demo as finance_demo
from patentbridge.industries.demo import prepare_industries
from patentbridge.industries.models import PatentIndustry
from patentbridge.listings import demo as listings_demo
from patentbridge.managers import demo as managers_demo
from patentbridge.matchmaker_rewards import demo as matchmaker_rewards_demo
from patentbridge.monitoring import demo as monitoring_demo
from patentbridge.orgs import services as org_services
from patentbridge.orgs.models import Organisation, OrgKind, Role, SizeClass
from patentbridge.orgs.names import normalize_name
from patentbridge.patents import demo as patents_demo
from patentbridge.patents.importing.runner import file_sha256, import_file
from patentbridge.patents.models import ImportBatch, LegalStatus, Patent
from patentbridge.patents.reference import load_all, reference_loaded
from patentbridge.pool import services as pool_services
from patentbridge.pool.models import Assessment, PoolEntry, PoolState
from patentbridge.privacy import demo as privacy_demo
from patentbridge.products import demo as product_demo
from patentbridge.search import services as search_services
from patentbridge.search.tasks import queue_embedding
from patentbridge.tendering import demo as tender_demo
from patentbridge.typical_cases import demo as typical_case_demo

PATENT_FILES = (
    "patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz",
    "patents/cn_patent_db_exports/cn_patents_bibliographic.csv.gz",
    "patents/cn_patent_titles_ipc/cn_patent_titles_ipc.csv",
    "patents/cn_patent_fixtures/cnipa_full_schema_records.jsonl",
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str
    kind: str
    city: str = ""
    size_class: str = ""
    also: tuple[str, ...] = ()  # further roles in the same organisation


# Real applicants from the bundled data where the role has one; the rest are labelled as demo bodies.
DEMO_ACCOUNTS = (
    DemoAccount("demo-ttm", Role.TECH_TRANSFER_MANAGER, "华南理工大学", OrgKind.UNIVERSITY, "440100",
                also=(Role.ORG_ADMIN,)),
    DemoAccount("demo-inventor", Role.INVENTOR, "华南理工大学", OrgKind.UNIVERSITY, "440100"),
    DemoAccount("demo-enterprise", Role.ENTERPRISE_USER, "广州视源电子科技股份有限公司", OrgKind.ENTERPRISE, "440100",
                SizeClass.LARGE, also=(Role.SIGNATORY, Role.ORG_ADMIN)),
    DemoAccount("demo-broker", Role.AGENCY_BROKER, "演示知识产权运营服务机构（Demo）", OrgKind.AGENCY, "440300"),
    DemoAccount("demo-bank", Role.BANK_OFFICER, "演示银行广州分行（Demo）", OrgKind.FINANCIAL, "440100"),
    # The provincial regulator has no city (it sees and sets every city's figures); a city bureau has its city.
    DemoAccount("demo-regulator", Role.REGULATOR, "广东省市场监督管理局（知识产权局）", OrgKind.REGULATOR),
    DemoAccount("demo-city-regulator", Role.REGULATOR, "广州市市场监督管理局（知识产权局）", OrgKind.REGULATOR, "440100"),
    DemoAccount("demo-admin", Role.PLATFORM_ADMIN, "PatentBridge 平台运营（Demo）", OrgKind.AGENCY, "440100"),
    # A technology manager who is not the office's administrator: assigned cases, graded by the office.
    DemoAccount("demo-tm-li", Role.TECH_TRANSFER_MANAGER, "华南理工大学", OrgKind.UNIVERSITY, "440100"),
)


OFFICE_ACCOUNT, INVENTOR_ACCOUNT = DEMO_ACCOUNTS[0].username, DEMO_ACCOUNTS[1].username
DEMO_POOLED = 5  # so that the public pool is not empty on a fresh demo


def generate_password(user: AbstractBaseUser, length: int = 16) -> str:
    """A random password that passes the platform's whole password policy for this user."""
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#$%^&*-_=+")
    while True:
        chars = [secrets.choice(pool) for pool in pools]
        chars += [secrets.choice("".join(pools)) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def load_bundled_patents(say: Callable[[str], None], progress=None) -> None:
    """Import each bundled file unless the same file was already imported completely."""
    for relative in PATENT_FILES:
        path = Path(settings.DATA_DIR) / relative
        done = ImportBatch.objects.filter(file_sha256=file_sha256(path), status=ImportBatch.Status.FINISHED).exists()
        if done:
            say(f"{path.name}: already imported")
            continue
        outcome = import_file(path, progress=progress)
        say(f"{path.name}: {outcome.summary}")


def _organisation(account: DemoAccount) -> Organisation:
    existing = Organisation.objects.filter(name_normalized=normalize_name(account.organisation)).first()
    if existing is None:
        return org_services.organisation_create(name=account.organisation, kind=account.kind,
                                                size_class=account.size_class, city_id=account.city or None)
    changes = {"kind": account.kind, "size_class": account.size_class}
    if account.city and not existing.city_id:
        changes["city_id"] = account.city
    Organisation.objects.filter(pk=existing.pk).update(**changes)
    existing.refresh_from_db()
    return existing


@transaction.atomic
def ensure_demo_accounts(*, reset_passwords: bool = False) -> list[tuple[str, str, str, str | None]]:
    """Create the demo accounts; passwords are returned only when they were (re)set now."""
    user_model = get_user_model()
    rows = []
    for account in DEMO_ACCOUNTS:
        organisation = _organisation(account)
        user, created = user_model.objects.get_or_create(username=account.username)
        password = None
        if created or reset_passwords:
            password = generate_password(user)
            user.set_password(password)
            user.is_staff = user.is_superuser = account.role == Role.PLATFORM_ADMIN
            user.save()
        for role in (account.role, *account.also):
            org_services.membership_add(user=user, organisation=organisation, role=role)
        roles = "、".join(str(Role(r).label) for r in (account.role, *account.also))
        rows.append((account.username, roles, organisation.name, password))
    return rows


def prepare_search(say: Callable[[str], None]) -> None:
    """Both indexes now, the vectors from the shipped bundle; the worker embeds whatever the bundle lacks."""
    changed = search_services.documents_refresh()
    shipped = search_services.vectors_refresh(embed=False)
    if changed or shipped or not search_services.index_status()["documents"]:
        search_services.indexes_rebuild()
    status = search_services.index_status()
    if status["vectors"] < status["documents"]:
        queue_embedding()
    rest = " (the worker embeds the rest in the background)" if status["vectors"] < status["documents"] else ""
    say(f"search: {status['documents']} patents indexed by words, {status['vectors']} by meaning{rest}")


def prepare_pool(say: Callable[[str], None]) -> None:
    """Institutions' patents on their inventories and the register scored; on the first run, the demo university's
    five best patents walk the whole workflow into the pool, each step taken by the demo office or inventor."""
    added = pool_services.inventory_add_owned(Patent.objects.values_list("pk", flat=True))
    if added or Assessment.objects.count() != Patent.objects.count():
        summary = pool_services.assess_register()
        say(f"pool: {summary.assessed} patents assessed " + " ".join(f"{t}={n}" for t, n in summary.tier_counts.items()))
    # The import already put most institutions' patents on their inventories (a receiver of every import), so
    # what this run added is not what the inventories hold: say both.
    say(f"pool: {PoolEntry.objects.count()} patents on institutions' inventories ({added} added now)")
    university = Organisation.objects.filter(name_normalized=normalize_name(DEMO_ACCOUNTS[0].organisation)).first()
    if university is None or PoolEntry.objects.filter(organisation=university, state=PoolState.POOLED).exists():
        return
    best = list(PoolEntry.objects.filter(organisation=university, state=PoolState.ASSESSED,
                                         patent__legal_status=LegalStatus.IN_FORCE)
                .order_by("-patent__assessment__score")[:DEMO_POOLED])
    users = get_user_model().objects
    office, inventor = users.get(username=OFFICE_ACCOUNT), users.get(username=INVENTOR_ACCOUNT)
    with transaction.atomic():
        for entry in best:
            _walk_into_pool(entry, office=office, inventor=inventor)
    say(f"pool: {len(best)} demo patents of {university.name} taken through the workflow into the pool")


def _walk_into_pool(entry: PoolEntry, *, office: AbstractBaseUser, inventor: AbstractBaseUser) -> None:
    """Every step of the stock-patent workflow through the pool's services, as the transition table names its actor."""
    note = _("Demo data: step taken by demo-setup")
    pool_services.self_assessment_request(actor=office, entry=entry, inventor=inventor, note=note)
    pool_services.self_assessment_submit(actor=inventor, entry=entry, market_prospects=4, maturity=4,
                                         willingness=5, comment=note)
    pool_services.office_review(actor=office, entry=entry, comment=note, trl=6)
    pool_services.entry_move(actor=office, entry=entry, to=PoolState.POOLED, comment=note)


def prepare_demo(say: Callable[[str], None], progress=None, *, reset_passwords: bool = False) -> list:
    if not reference_loaded():
        counts = load_all()
        say("reference tables: " + " ".join(f"{k}={v}" for k, v in counts.items()))
    load_bundled_patents(say, progress)
    cited = patents_demo.seed_demo()
    say(f"citations: {cited.created} new, {cited.linked} linked to the register")
    if not PatentIndustry.objects.exists():  # the first run; later patents are classified as they come
        prepare_industries(say)
    prepare_search(say)
    accounts = ensure_demo_accounts(reset_passwords=reset_passwords)
    prepare_pool(say)
    prepare_products(say)
    prepare_office_chain(say)
    prepare_market(say)
    privacy_demo.seed_demo(say)
    return accounts


def prepare_market(say: Callable[[str], None]) -> None:
    """The market: two listed transfers, a licensed auctioneer's lots (one bidding now), a themed matchmaking event
    and a pledge in default waiting to be sent to sale."""
    listings_demo.seed_demo(say)
    auctions_demo.seed_demo(say)
    events_demo.seed_demo(say)
    finance_demo.seed_demo(say)


def prepare_office_chain(say: Callable[[str], None]) -> None:
    """The work around the university's patents: an agency tender, a designated 特派员 serving the demo enterprise."""
    university = Organisation.objects.filter(name_normalized=normalize_name(DEMO_ACCOUNTS[0].organisation)).first()
    enterprise = Organisation.objects.filter(name_normalized=normalize_name(DEMO_ACCOUNTS[2].organisation)).first()
    if university is not None:
        tender_demo.seed_demo(say, university=university)
    if enterprise is not None:
        commissioner_demo.seed_demo(say, enterprise=enterprise)
    casework_demo.seed_demo(say)  # before the committee's policy: its filed demo case was decided before there was one
    committee_demo.seed_demo(say)
    managers_demo.seed_demo(say)
    matchmaker_rewards_demo.seed_demo(say)


def prepare_products(say: Callable[[str], None]) -> None:
    """The demo enterprise's filed products, Guangzhou's entered industry accounts and a published typical case."""
    users = get_user_model().objects.filter(username__in=["demo-enterprise", "demo-regulator"]).in_bulk(
        field_name="username")
    enterprise = Organisation.objects.filter(
        name_normalized=normalize_name(DEMO_ACCOUNTS[2].organisation)).first()
    if enterprise is not None and len(users) == 2:
        filed = product_demo.seed_demo(enterprise=enterprise, enterprise_user=users["demo-enterprise"],
                                       regulator_user=users["demo-regulator"])
        if filed:
            say(f"patent products filed by the demo enterprise: {len(filed)}")
    monitoring_demo.seed_demo(say)
    typical_case_demo.seed_demo(say)
