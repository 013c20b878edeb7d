"""Who may do what: the one place where roles and organisations grant or refuse an action."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import security_event_record
from patentbridge.orgs.models import ENTERPRISE_KINDS, INSTITUTION_KINDS, City, Membership, Organisation, OrgKind, Role
from patentbridge.orgs.names import normalize_name


class Capability(StrEnum):
    """What a role lets its holder do for the organisation the membership is in."""

    READ = "read"  # the organisation's deals, licence contracts, recordations and members
    PROPOSE = "propose"  # open and negotiate deals, post demands: nothing that binds
    COMMIT = "commit"  # agree, sign, declare, take a licence, file a recordation: binds the organisation
    ADMINISTER = "administer"  # the organisation's record and its identity (name changes are reviewed)


# The one table of what each role may do for its own organisation. The institution's office commits for a
# university; an authorised signatory for an enterprise; an inventor, a regulator or a platform administrator
# never commits for anyone (the regulator and the platform read everything through READ_ALL_ROLES instead).
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.TECH_TRANSFER_MANAGER: frozenset({Capability.READ, Capability.PROPOSE, Capability.COMMIT}),
    Role.SIGNATORY: frozenset({Capability.READ, Capability.PROPOSE, Capability.COMMIT}),
    Role.ENTERPRISE_USER: frozenset({Capability.READ, Capability.PROPOSE}),
    Role.AGENCY_BROKER: frozenset({Capability.READ, Capability.PROPOSE}),
    Role.BANK_OFFICER: frozenset({Capability.READ, Capability.PROPOSE, Capability.COMMIT}),
    Role.ORG_ADMIN: frozenset({Capability.READ, Capability.ADMINISTER}),
    Role.REGULATOR: frozenset({Capability.READ}),
    Role.PLATFORM_ADMIN: frozenset({Capability.READ}),
    Role.INVENTOR: frozenset(),
}


class Action(StrEnum):
    PATENT_CREATE = "patent.create"
    PATENT_CHANGE = "patent.change"
    PATENT_IMPORT = "patent.import"
    ORG_CREATE = "org.create"
    ORG_CHANGE = "org.change"
    ORG_VIEW_MEMBERS = "org.view_members"
    AUDIT_VIEW = "audit.view"
    HEALTH_VIEW = "health.view"  # the background queue and the search indexes' freshness
    DEMAND_CREATE = "demand.create"
    DEMAND_CHANGE = "demand.change"
    MATCH_SEND = "match.send"
    ORG_IDENTITY_REVIEW = "org.identity_review"
    KPI_CONFIRM = "kpi.confirm"
    DEAL_PROPOSE = "deal.propose"
    DEAL_COMMIT = "deal.commit"
    LICENCE_DECLARE = "licence.declare"
    LICENCE_TAKE = "licence.take"
    RECORDATION_FILE = "recordation.file"
    TECH_CONTRACT_REGISTER = "tech_contract.register"  # enter its registration, or cancel it
    PLEDGE_RECORD = "pledge.record"
    PLEDGE_RELEASE = "pledge.release"
    SUSPENSION_RECORD = "suspension.record"
    POOL_MAINTAIN = "pool.maintain"  # fee reduction, fee payments, funded projects and reports, standard declarations
    POOL_RECORDS_VIEW = "pool.records_view"  # read those records
    # Opening whole pages (what the navigation offers each user).
    KPI_VIEW = "kpi.view"  # the regulator's dashboard
    REVENUE_VIEW = "revenue.view"  # an office's income and rewards, an inventor's own shares
    INVENTORY_VIEW = "pool.inventory_view"  # the stock-patent inventory: its office, its inventors, admins
    AGREEMENTS_VIEW = "agreements.view"  # the deals and licences of the user's organisations
    # products (专利产品备案)
    PRODUCT_FILE = "product.file"  # file a product for an organisation (obj: the filer), or import a filing list
    PRODUCT_CHANGE = "product.change"  # change and resubmit, report yearly data, apply to revoke (obj: the product)
    PRODUCT_VIEW = "product.view"  # read a product's filing with its economic data (obj: the product)
    PRODUCT_REVIEW = "product.review"  # the filing clerk: file, return, refuse, confirm revocation and flagged data
    PRODUCTS_OWN_VIEW = "products.own_view"  # open "our products" (the navigation)
    # recognition (专利密集型产品认定)
    RECOGNITION_APPLY = "recognition.apply"  # apply for (or withdraw) a product's recognition: its filer
    RECOGNITION_REVIEW = "recognition.review"  # review, decide, record objections, confirm: a regulator
    RECOGNITION_CRITERIA = "recognition.criteria"  # the criteria and the notice period: the platform admin
    # rewards: each city's sales-based reward policy and its application → approval → payment ledger.
    REWARDS_VIEW = "rewards.view"  # the rewards pages: a city's regulator, or an enterprise that applies
    REWARD_POLICY_EDIT = "rewards.policy_edit"  # a city's policy (obj: the City; None: any city the user regulates)
    REWARD_APPLY = "rewards.apply"  # apply for a product's reward (obj: the Product; None: for any own product)
    REWARD_DECIDE = "rewards.decide"  # approve, refuse, record payment (obj: the application or its City)
    # industries
    INDUSTRY_DECLARE = "industry.declare"  # the organisation's declared GB/T 4754 industries (its admin)
    # monitoring: industry statistics, entered accounts and the yearly report (obj: a City, or None for the province)
    MONITORING_VIEW = "monitoring.view"  # open the industry statistics pages
    MONITORING_ENTER = "monitoring.enter"  # enter or import accounts and GDP of a city (None: the province's GDP)
    MONITORING_REPORT = "monitoring.report"  # read and export the statistics and report of a city or the province
    MONITORING_WEIGHTS = "monitoring.weights"  # set the weights of partially included (*) small classes
    # kpi (issue 14)
    KPI_BASELINE_ENTER = "kpi.baseline_enter"  # enter a year's recordations the platform holds no records of
    # typical_cases
    TYPICAL_CASE_DRAFT = "typical_case.draft"  # write and submit its organisation's typical cases (the office)
    TYPICAL_CASE_REVIEW = "typical_case.review"  # publish, return or withdraw a typical case (the regulator)
    TYPICAL_CASE_READ = "typical_case.read"  # read a case not (or no longer) published
    TYPICAL_CASES_DESK = "typical_case.desk"  # open the drafts and review-queue page
    # tendering: a university office's tenders for patent-agency services, the agencies' bids, the award
    AGENCY_REGISTER = "tendering.agency_register"  # enter an agency's practice licence (obj: the agency)
    AGENCY_LIST_IMPORT = "tendering.agency_list_import"  # fill the register's agency field from a list
    TENDER_PUBLISH = "tendering.publish"  # publish a tender for an institution (obj: it; None: for any)
    TENDER_DECIDE = "tendering.decide"  # award or cancel, and read the scored bids (obj: the tender)
    TENDER_BID = "tendering.bid"  # bid for an agency (obj: the agency; None: for any)
    TENDER_BIDS_VIEW = "tendering.bids_view"  # read every bid of a tender (obj: the tender)
    TENDERS_PAGES = "tendering.pages"  # the navigation: institutions' offices, agencies' brokers, regulators
    # commissioners (专利运营特派员): designation by a regulator of a city, enterprises' service requests, attribution
    COMMISSIONER_DESIGNATE = "commissioner.designate"  # designate, revoke, assign enterprises (obj: City or with city_id)
    COMMISSIONERS_OVERSEE = "commissioner.oversee"  # the designations and overdue requests (obj: anything with city_id)
    COMMISSIONER_SERVE = "commissioner.serve"  # the desk (obj: own Designation); accept, visit, recommend, close (obj:
    # a service request served by the user, or open in the pool of a city the user is designated for)
    SERVICE_REQUEST_OPEN = "service_request.open"  # open (obj: the enterprise) or withdraw (obj: its request)
    SERVICE_REQUEST_VIEW = "service_request.view"  # read one request (obj: the request)
    ATTRIBUTION_CLAIM = "attribution.claim"  # claim a deal for a request the user served (obj: the request)
    ATTRIBUTION_CONFIRM = "attribution.confirm"  # confirm or refuse a claim (obj: the attribution, with its deal)
    COMMISSIONERS_PAGES = "commissioner.pages"  # the navigation: regulators, enterprises' requesters, agency brokers
    # committee (科技成果转移转化工作专家委员会): an institution's expert committee, its policy, meetings and votes
    COMMITTEE_MANAGE = "committee.manage"  # members, policy, meetings, agenda, presence (obj: the organisation, or
    # anything with organisation_id; None: for any)
    COMMITTEE_VIEW = "committee.view"  # the committee's page and meetings (obj: with organisation_id, member_user_ids())
    COMMITTEE_SIT = "committee.sit"  # declare conflicts and vote (obj: a meeting, with member_user_ids())
    COMMITTEE_DECIDE = "committee.decide"  # record a meeting's decision on an item (obj: a meeting, chair_user_ids())
    COMMITTEE_REFER = "committee.refer"  # put a matter before the organisation's committee (obj: the organisation)
    # managers (技术经理人): profiles, grades and training. obj: a ManagerProfile (saved or not: user_id and
    # organisation_id are read) or, for the office's pages, the Organisation
    MANAGERS_PAGES = "managers.pages"  # the navigation: offices, administrators, regulators, enterprises (directory)
    MANAGERS_OFFICE_VIEW = "managers.office_view"  # an organisation's managers with their training (obj: it)
    MANAGER_VIEW = "managers.view"  # a whole profile: certificate, training, grade history
    MANAGER_PUBLIC_VIEW = "managers.public_view"  # a profile's public part (name, grade, fields, bio)
    MANAGER_EDIT = "managers.edit"  # one's own bio, fields, languages and visibility
    MANAGER_RANK_SET = "managers.rank_set"  # grade and certificate: the organisation's administrator, never oneself
    MANAGER_TRAINING_ADD = "managers.training_add"  # add or remove a training record: oneself or the administrator
    MANAGERS_TRAINING_IMPORT = "managers.training_import"  # import an office's training list (obj: the Organisation)
    MANAGERS_OVERVIEW = "managers.overview"  # managers by grade and city, training hours: regulators
    # matchmaker_rewards: each city's rewards for the commissioners who brokered university–enterprise deals
    MM_REWARD_POLICY_EDIT = "mm_rewards.policy_edit"  # a city's policy (obj: City or with city_id; None: any governed)
    MM_REWARD_APPLY = "mm_rewards.apply"  # apply or withdraw (obj: the Attribution, or the application)
    MM_REWARD_DECIDE = "mm_rewards.decide"  # queue, approve, refuse, pay, ledger (obj: the application or its City)
    MM_REWARDS_PAGES = "mm_rewards.pages"  # the navigation: regulators, and brokers (who may be designated 特派员)
    MM_REWARDS_MINE = "mm_rewards.mine"  # the navigation to one's own attributed deals and applications: brokers
    # casework: invention disclosure and the technology case (obj: the TechnologyCase unless said otherwise)
    CASE_DISCLOSE = "casework.disclose"  # disclose for an institution (obj: the Organisation; None: for any)
    CASE_VIEW = "casework.view"  # read the disclosure, its case, timeline and tasks
    CASE_WORK = "casework.work"  # assess, re-run the prior-art check, add and close tasks: the manager or the office
    CASE_DECIDE = "casework.decide"  # assign a manager, decide the route, enter the application: the office
    CASES_PAGES = "casework.pages"  # the navigation: institutions' inventors and offices
    # listings (挂牌转让): a seller lists a patent at an exchange; others express interest
    LISTING_CREATE = "listings.create"  # list for an organisation (obj: the seller Organisation; None: for any)
    LISTING_MANAGE = "listings.manage"  # publish, withdraw, relist (obj: the listing: its seller or disposing party)
    LISTING_VIEW = "listings.view"  # read a listing (obj: it): anyone once listed, its parties while a draft
    LISTING_PARTIES_VIEW = "listings.parties_view"  # who is interested (obj: the listing): its parties and venue
    LISTING_INTEREST = "listings.interest"  # express interest for an organisation (obj: it; None: for any)
    LISTINGS_MINE = "listings.mine"  # the navigation to "my listings": whoever commits for an organisation
    # auctions (拍卖, 竞价): licences, lots, consignment, bidding, the sale confirmation
    AUCTION_LICENCE_ENTER = "auctions.licence_enter"  # enter the firm's licence and officers (obj: the Organisation)
    AUCTION_LICENCE_VERIFY = "auctions.licence_verify"  # verify an auctioneer's licence: a regulator, the platform
    AUCTION_RUN = "auctions.run"  # create, announce, close, default, sign for the auctioneer (obj: the organiser or
    # anything with organiser_id; None: for any)
    AUCTION_CONSIGN = "auctions.consign"  # confirm the consignment, withdraw (obj: anything with consignor_id)
    AUCTION_BID = "auctions.bid"  # register, pay the deposit, bid, sign and pay as the buyer (obj: the bidder
    # Organisation; None: for any)
    AUCTION_PRIVATE_VIEW = "auctions.private_view"  # the reserve, the consignment, the bidders' names (obj: the lot)
    AUCTION_RECORD_VIEW = "auctions.record_view"  # the auction record and the confirmation (obj: the lot, with
    # winner_org_id())
    AUCTIONS_DESK = "auctions.desk"  # the navigation: one's own lots, consignments and registrations
    # finance: pledge disposal (质押处置). obj: the Pledge for DISPOSAL_OPEN, else the disposal (bank_id, pledgor_id,
    # city_id, opened_by_id are read)
    DISPOSAL_OPEN = "finance.disposal_open"  # declare the default and open the disposal: the pledgee's committing member
    DISPOSAL_VIEW = "finance.disposal_view"  # read a case: its parties, the city's regulator, the platform
    DISPOSAL_ACT = "finance.disposal_act"  # the pledgee's steps: ruling, send, statement, withdrawal, release
    DISPOSAL_AGREE = "finance.disposal_agree"  # confirm the disposal agreement: the pledgor's committing member
    DISPOSAL_REPAID = "finance.disposal_repaid"  # show the debt repaid: a committing member of either party
    DISPOSALS_PAGES = "finance.pages"  # the navigation: bank officers, regulators
    DISPOSALS_OVERVIEW = "finance.overview"  # counts and amounts by city: regulators (their cities), the platform
    # events (供需对接活动, 推介会/拍卖会, 入园惠企): organisers are a regulator's people or a committing member of an
    # agency or a bank
    EVENT_ORGANISE = "events.organise"  # create (obj: the organiser; None: for any), edit, publish, close, cancel,
    # invite, schedule meetings (obj: the Event)
    EVENT_TAKE_PART = "events.take_part"  # register, cancel, ask for or answer a meeting (obj: the Organisation)
    EVENT_OUTCOME = "events.outcome"  # record a meeting's outcome (obj: the Meeting): its parties, the organiser
    EVENT_RESULTS_VIEW = "events.results_view"  # an event's results and export (obj: the Event)
    EVENTS_MINE = "events.mine"  # the navigation to "my events": organisers
    # privacy (个人信息保护法): a person's requests to see, copy, correct or erase their personal information; the
    # platform's data-protection officer (a platform administrator) handles them. obj: the PrivacyRequest
    PRIVACY_REQUEST_FILE = "privacy.request_file"  # file a request (obj: the person's account, None: a person
    # without one): about oneself, or (the officer) about anyone
    PRIVACY_REQUEST_VIEW = "privacy.request_view"  # read a request and its answer: the person, the officer
    PRIVACY_EXPORT = "privacy.export"  # download the copy of the person's data: the officer once verified, the
    # person once their request to see and copy it is done
    PRIVACY_HANDLE = "privacy.handle"  # verify, refuse, answer, erase: the officer, never on a request about themself
    PRIVACY_DESK = "privacy.desk"  # the navigation to the officer's queue


# What each action is called where a person reads it (the audit trail's refusals).
ACTION_LABELS = {
    Action.PATENT_CREATE: _("register a patent"), Action.PATENT_CHANGE: _("edit a patent"),
    Action.PATENT_IMPORT: _("import patents"), Action.ORG_CREATE: _("register an organisation"),
    Action.ORG_CHANGE: _("edit an organisation"), Action.ORG_VIEW_MEMBERS: _("see an organisation's members"),
    Action.AUDIT_VIEW: _("read the audit trail"), Action.HEALTH_VIEW: _("read the platform's health"),
    Action.DEMAND_CREATE: _("post a demand"), Action.DEMAND_CHANGE: _("change a demand"),
    Action.MATCH_SEND: _("put a patent forward for a demand"),
    Action.ORG_IDENTITY_REVIEW: _("review an organisation's identity change"),
    Action.KPI_CONFIRM: _("confirm a contract for the figures"), Action.DEAL_PROPOSE: _("propose a deal"),
    Action.DEAL_COMMIT: _("commit to a deal"), Action.LICENCE_DECLARE: _("declare an open licence"),
    Action.LICENCE_TAKE: _("take an open licence"), Action.RECORDATION_FILE: _("file a recordation"),
    Action.TECH_CONTRACT_REGISTER: _("register a technology contract"), Action.PLEDGE_RECORD: _("record a pledge"),
    Action.PLEDGE_RELEASE: _("release a pledge"), Action.SUSPENSION_RECORD: _("record a suspension"),
    Action.POOL_MAINTAIN: _("keep a patent's upkeep records"), Action.POOL_RECORDS_VIEW: _("read upkeep records"),
    Action.KPI_VIEW: _("open the KPI dashboard"), Action.REVENUE_VIEW: _("open the revenue pages"),
    Action.INVENTORY_VIEW: _("open the stock-patent inventory"), Action.AGREEMENTS_VIEW: _("open deals and licences"),
    Action.PRODUCT_FILE: _("file a patent product"), Action.PRODUCT_CHANGE: _("change a patent product's filing"),
    Action.PRODUCT_VIEW: _("read a patent product's filing"), Action.PRODUCT_REVIEW: _("review patent product filings"),
    Action.PRODUCTS_OWN_VIEW: _("open your patent products"),
    Action.RECOGNITION_APPLY: _("apply for a product's recognition"),
    Action.RECOGNITION_REVIEW: _("review a product's recognition"),
    Action.RECOGNITION_CRITERIA: _("edit the recognition criteria"),
    Action.REWARDS_VIEW: _("open the sales-based rewards"), Action.REWARD_POLICY_EDIT: _("edit a city's reward policy"),
    Action.REWARD_APPLY: _("apply for a sales-based reward"), Action.REWARD_DECIDE: _("decide or pay a reward"),
    # industries
    Action.INDUSTRY_DECLARE: _("declare an organisation's industries"),
    Action.MONITORING_VIEW: _("open the industry statistics"),
    Action.MONITORING_ENTER: _("enter industry accounts"),
    Action.MONITORING_REPORT: _("read or export a region's industry statistics"),
    Action.MONITORING_WEIGHTS: _("set partial-inclusion weights"),
    Action.KPI_BASELINE_ENTER: _("enter a year's recordation figures"),
    # typical_cases
    Action.TYPICAL_CASE_DRAFT: _("draft a typical case"), Action.TYPICAL_CASE_REVIEW: _("review a typical case"),
    Action.TYPICAL_CASE_READ: _("read an unpublished typical case"),
    Action.TYPICAL_CASES_DESK: _("open the typical-case desk"),
    # tendering
    Action.AGENCY_REGISTER: _("enter an agency's practice licence"),
    Action.AGENCY_LIST_IMPORT: _("import a list of patents' agencies"),
    Action.TENDER_PUBLISH: _("publish an agency tender"), Action.TENDER_DECIDE: _("award or cancel an agency tender"),
    Action.TENDER_BID: _("bid in an agency tender"), Action.TENDER_BIDS_VIEW: _("read the bids of an agency tender"),
    Action.TENDERS_PAGES: _("open the agency tenders"),
    # commissioners
    Action.COMMISSIONER_DESIGNATE: _("designate a patent-operation commissioner"),
    Action.COMMISSIONERS_OVERSEE: _("oversee patent-operation commissioners"),
    Action.COMMISSIONER_SERVE: _("serve an enterprise's service request"),
    Action.SERVICE_REQUEST_OPEN: _("open or withdraw a service request"),
    Action.SERVICE_REQUEST_VIEW: _("read a service request"),
    Action.ATTRIBUTION_CLAIM: _("claim a deal's attribution"),
    Action.ATTRIBUTION_CONFIRM: _("confirm a deal's attribution"),
    Action.COMMISSIONERS_PAGES: _("open the commissioners' pages"),
    # committee
    Action.COMMITTEE_MANAGE: _("manage an expert committee"),
    Action.COMMITTEE_VIEW: _("read an expert committee's work"),
    Action.COMMITTEE_SIT: _("declare a conflict or vote in an expert committee"),
    Action.COMMITTEE_DECIDE: _("record an expert committee's decision"),
    Action.COMMITTEE_REFER: _("put a matter before an expert committee"),
    # managers
    Action.MANAGERS_PAGES: _("open the technology managers' pages"),
    Action.MANAGERS_OFFICE_VIEW: _("read an organisation's technology managers"),
    Action.MANAGER_VIEW: _("read a technology manager's whole profile"),
    Action.MANAGER_PUBLIC_VIEW: _("read a technology manager's public profile"),
    Action.MANAGER_EDIT: _("edit a technology manager's profile"),
    Action.MANAGER_RANK_SET: _("set a technology manager's grade"),
    Action.MANAGER_TRAINING_ADD: _("record a technology manager's training"),
    Action.MANAGERS_TRAINING_IMPORT: _("import technology managers' training"),
    Action.MANAGERS_OVERVIEW: _("open the technology managers' overview"),
    Action.MM_REWARD_POLICY_EDIT: _("edit a city's matchmaker reward policy"),
    Action.MM_REWARD_APPLY: _("apply for a matchmaker reward"),
    Action.MM_REWARD_DECIDE: _("decide or pay a matchmaker reward"),
    Action.MM_REWARDS_PAGES: _("open the matchmaker rewards"),
    Action.MM_REWARDS_MINE: _("open one's matchmaker reward applications"),
    # casework
    Action.CASE_DISCLOSE: _("disclose an invention"),
    Action.CASE_VIEW: _("read an invention disclosure"),
    Action.CASE_WORK: _("work on a technology case"),
    Action.CASE_DECIDE: _("decide on a technology case"),
    Action.CASES_PAGES: _("open the technology cases"),
    # listings
    Action.LISTING_CREATE: _("list a patent for transfer"),
    Action.LISTING_MANAGE: _("publish, withdraw or relist a listing"),
    Action.LISTING_VIEW: _("read a listing"),
    Action.LISTING_PARTIES_VIEW: _("see who is interested in a listing"),
    Action.LISTING_INTEREST: _("express interest in a listing"),
    Action.LISTINGS_MINE: _("open your listings"),
    # auctions
    Action.AUCTION_LICENCE_ENTER: _("enter an auctioneer's licence"),
    Action.AUCTION_LICENCE_VERIFY: _("verify an auctioneer's licence"),
    Action.AUCTION_RUN: _("run an auction"),
    Action.AUCTION_CONSIGN: _("consign a lot to auction"),
    Action.AUCTION_BID: _("bid in an auction"),
    Action.AUCTION_PRIVATE_VIEW: _("read a lot's reserve and consignment"),
    Action.AUCTION_RECORD_VIEW: _("read an auction's record"),
    Action.AUCTIONS_DESK: _("open one's auctions"),
    # finance
    Action.DISPOSAL_OPEN: _("open a pledge disposal"),
    Action.DISPOSAL_VIEW: _("read a pledge disposal"),
    Action.DISPOSAL_ACT: _("act on a pledge disposal for the pledgee"),
    Action.DISPOSAL_AGREE: _("agree to a pledge disposal for the pledgor"),
    Action.DISPOSAL_REPAID: _("show a pledge's debt repaid"),
    Action.DISPOSALS_PAGES: _("open the pledge disposals"),
    Action.DISPOSALS_OVERVIEW: _("open the pledge disposals overview"),
    # events
    Action.EVENT_ORGANISE: _("organise a matchmaking event"),
    Action.EVENT_TAKE_PART: _("take part in a matchmaking event"),
    Action.EVENT_OUTCOME: _("record a meeting's outcome"),
    Action.EVENT_RESULTS_VIEW: _("read a matchmaking event's results"),
    Action.EVENTS_MINE: _("open the events one organises"),
    # privacy
    Action.PRIVACY_REQUEST_FILE: _("file a personal information request"),
    Action.PRIVACY_REQUEST_VIEW: _("read a personal information request"),
    Action.PRIVACY_EXPORT: _("download a copy of a person's personal information"),
    Action.PRIVACY_HANDLE: _("handle a personal information request"),
    Action.PRIVACY_DESK: _("open the personal information requests"),
}


def refusal_detail(action: Action, obj: Any = None) -> str:
    """The audit trail's line for a refused act: what was tried, on what, in words."""
    what = str(ACTION_LABELS.get(action, action))
    if obj is None:
        return what
    meta = getattr(obj, "_meta", None)
    kind = str(meta.verbose_name) if meta is not None else ""
    return f"{what}: {kind} {obj}".replace("  ", " ")[:500]


# Acts that bind an organisation: decided on the user's own COMMIT capability, never by a platform-wide role.
_BINDING_ACTIONS = frozenset({Action.DEAL_PROPOSE, Action.DEAL_COMMIT, Action.LICENCE_DECLARE, Action.LICENCE_TAKE,
                              Action.RECORDATION_FILE, Action.TECH_CONTRACT_REGISTER, Action.KPI_CONFIRM,
                              Action.POOL_MAINTAIN})


# Roles that act for their own organisation's patents (create, edit, import).
PATENT_OWNER_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.ENTERPRISE_USER})
READ_ALL_ROLES = frozenset({Role.REGULATOR, Role.PLATFORM_ADMIN})
# Roles that post and answer for their enterprise's technology demands.
DEMAND_ROLES = frozenset({Role.ENTERPRISE_USER})
# Roles that put patents forward to a demand: the patent's own office, or a broker.
MATCH_SENDER_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.AGENCY_BROKER})


def roles_of(user: Any) -> set[tuple[int, str]]:
    """(organisation id, role) pairs, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pb_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._pb_roles = cached
    return cached


def org_ids_with(user: Any, capability: Capability) -> set[int]:
    """The organisations for which the user's roles grant the capability."""
    return {org_id for org_id, role in roles_of(user) if capability in ROLE_CAPABILITIES.get(role, frozenset())}


def user_ids_with(capability: Capability, organisation_ids: Any) -> set[int]:
    """The active users whose roles grant the capability in any of these organisations (who can act on it)."""
    roles = [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]
    return set(Membership.objects.filter(organisation_id__in=[pk for pk in organisation_ids if pk is not None],
                                         role__in=roles, user__is_active=True).values_list("user_id", flat=True))


def can(user: Any, capability: Capability, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in org_ids_with(user, capability)


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r == Role.PLATFORM_ADMIN for _, r in roles_of(user))


def is_office_of(user: Any, organisation_id: int | None) -> bool:
    """The user runs the institution's technology-transfer office (its pool, its inventory, its inventors' cases)."""
    return bool(getattr(user, "is_superuser", False)) or (organisation_id, Role.TECH_TRANSFER_MANAGER) in roles_of(user)


def is_inventor_of(user: Any, organisation_id: int | None, inventor_id: int | None) -> bool:
    """The user is the named inventor, acting as an inventor of that institution."""
    return (inventor_id is not None and inventor_id == getattr(user, "pk", None)
            and (organisation_id, Role.INVENTOR) in roles_of(user))


def org_ids_with_roles(user: Any, roles: frozenset[str]) -> set[int]:
    return {org_id for org_id, role in roles_of(user) if role in roles}


def patentee_org_ids(user: Any, patent: Any) -> set[int]:
    """The user's organisations that own the patent and in which they act for its patents."""
    return set(patent.owner_org_ids()) & org_ids_with_roles(user, PATENT_OWNER_ROLES)


def signing_patentee_org_ids(user: Any, patent: Any) -> set[int]:
    """The patent's owners for which the user may commit (declare an open licence, sign a grant)."""
    return acting_org_ids(user, Capability.COMMIT, patent.owner_org_ids())


def reads_everything(user: Any) -> bool:
    """Regulators and platform admins read every deal, licence and figure (not only their own organisation's)."""
    return is_platform_admin(user) or any(role in READ_ALL_ROLES for _, role in roles_of(user))


def enterprise_of(user: Any) -> Organisation | None:
    """The enterprise a user acts for when posting demands, giving feedback or taking licences."""
    return (Organisation.objects.filter(pk__in=org_ids_with_roles(user, DEMAND_ROLES), kind__in=ENTERPRISE_KINDS)
            .order_by("pk").first())


def is_allowed(user: Any, action: Action, obj: Any = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if action in _BINDING_ACTIONS:
        return _may_bind(user, action, obj)
    if action in _PAGE_ACTIONS:
        return _may_open(user, action)
    if action in _PRODUCT_ACTIONS:
        return _may_product(user, action, obj)
    if action in _RECOGNITION_ACTIONS:
        return _may_recognise(user, action, obj)
    if action in _REWARD_ACTIONS:
        return _may_reward(user, action, obj)
    if action in _MONITORING_ACTIONS:
        return _may_monitor(user, action, obj)
    if action == Action.KPI_BASELINE_ENTER:  # the regulator's figure: not a platform administrator's
        return bool(org_ids_with_roles(user, frozenset({Role.REGULATOR})))
    if action in _TYPICAL_CASE_ACTIONS:
        return _may_typical_case(user, action, obj)
    if action in _TENDER_ACTIONS:
        return _may_tender(user, action, obj)
    if action in _COMMISSIONER_ACTIONS:
        return _may_commission(user, action, obj)
    if action in _COMMITTEE_ACTIONS:
        return _may_committee(user, action, obj)
    if action in _MANAGER_ACTIONS:
        return _may_manage(user, action, obj)
    if action in _MM_REWARD_ACTIONS:
        return _may_mm_reward(user, action, obj)
    if action in _CASEWORK_ACTIONS:
        return _may_casework(user, action, obj)
    if action in _LISTING_ACTIONS:
        return _may_list(user, action, obj)
    if action in _AUCTION_ACTIONS:
        return _may_auction(user, action, obj)
    if action in _FINANCE_ACTIONS:
        return _may_dispose(user, action, obj)
    if action in _EVENT_ACTIONS:
        return _may_event(user, action, obj)
    if action in _PRIVACY_ACTIONS:
        return _may_privacy(user, action, obj)
    if is_platform_admin(user):
        return True
    if action in (Action.PATENT_CREATE, Action.PATENT_IMPORT):
        return bool(org_ids_with_roles(user, PATENT_OWNER_ROLES))
    if action == Action.PATENT_CHANGE:
        return bool(patentee_org_ids(user, obj))
    if action == Action.ORG_CHANGE:
        return isinstance(obj, Organisation) and can(user, Capability.ADMINISTER, obj.pk)
    if action == Action.ORG_VIEW_MEMBERS:
        return isinstance(obj, Organisation) and can(user, Capability.READ, obj.pk)
    if action == Action.DEMAND_CREATE:
        return bool(org_ids_with_roles(user, DEMAND_ROLES))
    if action == Action.DEMAND_CHANGE:
        return obj.organisation_id in org_ids_with_roles(user, DEMAND_ROLES)
    if action == Action.MATCH_SEND:
        if org_ids_with_roles(user, frozenset({Role.AGENCY_BROKER})):
            return True
        return bool(set(obj.owner_org_ids()) & org_ids_with_roles(user, frozenset({Role.TECH_TRANSFER_MANAGER})))
    if action == Action.PLEDGE_RECORD:
        return bool(acting_org_ids(user, Capability.COMMIT, [obj.pledgor_id, obj.pledgee_id]))
    if action == Action.PLEDGE_RELEASE:
        return can(user, Capability.COMMIT, obj.pledgee_id)
    if action == Action.POOL_RECORDS_VIEW:
        return reads_everything(user) or bool(acting_org_ids(user, Capability.READ, obj.keeper_org_ids()))
    if action == Action.HEALTH_VIEW:
        return reads_everything(user)
    if action == Action.INDUSTRY_DECLARE:
        return isinstance(obj, Organisation) and can(user, Capability.ADMINISTER, obj.pk)
    if action == Action.AUDIT_VIEW:
        return reads_everything(user) or (
            obj is not None and is_allowed(user, Action.ORG_CHANGE, obj)
        )
    return False


_PAGE_ACTIONS = frozenset({Action.KPI_VIEW, Action.REVENUE_VIEW, Action.INVENTORY_VIEW, Action.AGREEMENTS_VIEW})


def _may_open(user: Any, action: Action) -> bool:
    """Pages that show a role's own work: offered only to those for whom the page holds something."""
    if action == Action.KPI_VIEW:
        return reads_everything(user)
    if action == Action.REVENUE_VIEW:
        return bool(org_ids_with_roles(user, frozenset({Role.TECH_TRANSFER_MANAGER, Role.INVENTOR})))
    if action == Action.INVENTORY_VIEW:
        return is_platform_admin(user) or bool(org_ids_with_roles(user, frozenset({Role.TECH_TRANSFER_MANAGER,
                                                                                    Role.INVENTOR})))
    if action == Action.AGREEMENTS_VIEW:
        return reads_everything(user) or bool(org_ids_with(user, Capability.READ))
    return False


# products: who files for an organisation (its enterprise users and signatories, an institution's office, since
# universities and institutes may file too: rules.md §7), and who reviews (the filing clerk is a regulator).
PRODUCT_FILER_ROLES = frozenset({Role.ENTERPRISE_USER, Role.SIGNATORY, Role.TECH_TRANSFER_MANAGER})
_PRODUCT_ACTIONS = frozenset({Action.PRODUCT_FILE, Action.PRODUCT_CHANGE, Action.PRODUCT_VIEW, Action.PRODUCT_REVIEW,
                              Action.PRODUCTS_OWN_VIEW})


def product_filer_org_ids(user: Any) -> set[int]:
    """The organisations for which the user files patent products."""
    return org_ids_with_roles(user, PRODUCT_FILER_ROLES)


def _may_product(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.PRODUCT_REVIEW:
        return bool(org_ids_with_roles(user, frozenset({Role.REGULATOR})))
    if action == Action.PRODUCTS_OWN_VIEW:
        return bool(product_filer_org_ids(user))
    if action == Action.PRODUCT_FILE:
        return isinstance(obj, Organisation) and obj.pk in product_filer_org_ids(user)
    if action == Action.PRODUCT_CHANGE:
        return obj is not None and obj.filer_id in product_filer_org_ids(user)
    if action == Action.PRODUCT_VIEW:
        return obj is not None and (reads_everything(user) or can(user, Capability.READ, obj.filer_id))
    return False


# recognition: the filer applies, a regulator decides, the platform admin keeps the criteria; none of them may take
# another's step (an administrator does not recognise products).
_RECOGNITION_ACTIONS = frozenset({Action.RECOGNITION_APPLY, Action.RECOGNITION_REVIEW, Action.RECOGNITION_CRITERIA})


def _may_recognise(user: Any, action: Action, obj: Any) -> bool:
    """RECOGNITION_APPLY's obj is the product (None: the page of one's own applications)."""
    if action == Action.RECOGNITION_CRITERIA:
        return is_platform_admin(user)
    if action == Action.RECOGNITION_REVIEW:
        return bool(org_ids_with_roles(user, frozenset({Role.REGULATOR})))
    filer_orgs = product_filer_org_ids(user) & org_ids_with(user, Capability.PROPOSE)
    return bool(filer_orgs) if obj is None else obj.filer_id in filer_orgs


def _may_bind(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.KPI_CONFIRM:
        return bool(org_ids_with_roles(user, frozenset({Role.REGULATOR})))
    if action == Action.DEAL_PROPOSE:
        return bool(acting_org_ids(user, Capability.PROPOSE, [obj.owner_id, obj.counterparty_id]))
    if action == Action.DEAL_COMMIT:
        return bool(acting_org_ids(user, Capability.COMMIT, obj.consenting_org_ids()))
    if action == Action.LICENCE_DECLARE:
        return bool(signing_patentee_org_ids(user, obj))
    if action == Action.LICENCE_TAKE:
        return isinstance(obj, Organisation) and obj.kind in ENTERPRISE_KINDS and can(user, Capability.COMMIT, obj.pk)
    if action in (Action.RECORDATION_FILE, Action.TECH_CONTRACT_REGISTER):
        return bool(acting_org_ids(user, Capability.COMMIT, obj.party_org_ids()))
    if action == Action.POOL_MAINTAIN:
        return bool(acting_org_ids(user, Capability.COMMIT, obj.keeper_org_ids()))
    return False


# rewards -----------------------------------------------------------------------------------------------------
_REWARD_ACTIONS = frozenset({Action.REWARDS_VIEW, Action.REWARD_POLICY_EDIT, Action.REWARD_APPLY,
                             Action.REWARD_DECIDE})
# Who applies for an enterprise's reward: its authorised signatories and its enterprise users.
REWARD_APPLICANT_ROLES = frozenset({Role.SIGNATORY, Role.ENTERPRISE_USER})
ALL_CITIES = None  # what regulated_city_ids returns for a provincial regulator


def regulated_city_ids(user: Any) -> set[str] | None:
    """The cities whose rewards the user governs, as a regulator member of a regulator organisation: that
    organisation's city, or every city (None) when the organisation is provincial (it has no city)."""
    org_ids = org_ids_with_roles(user, frozenset({Role.REGULATOR}))
    cities = set(Organisation.objects.filter(pk__in=org_ids, kind=OrgKind.REGULATOR).values_list("city_id", flat=True))
    return ALL_CITIES if None in cities else cities


def reward_applicant_org_ids(user: Any) -> set[int]:
    """The enterprises for which the user applies for rewards."""
    own = org_ids_with_roles(user, REWARD_APPLICANT_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=ENTERPRISE_KINDS).values_list("pk", flat=True))


def regulator_user_ids(city_id: str) -> set[int]:
    """The active regulators who govern the city's rewards: its own regulator organisations' and provincial ones'."""
    return set(Membership.objects.filter(role=Role.REGULATOR, user__is_active=True,
                                         organisation__kind=OrgKind.REGULATOR)
               .filter(Q(organisation__city_id=city_id) | Q(organisation__city__isnull=True))
               .values_list("user_id", flat=True))


def _reward_city(obj: Any) -> str | None:
    """The city an object of the rewards app belongs to (a City, or anything with a city_id)."""
    return obj.pk if isinstance(obj, City) else getattr(obj, "city_id", None)


def _may_reward(user: Any, action: Action, obj: Any) -> bool:
    """Money is decided by the city's own regulator (never the platform administrator) and applied for by the
    filer's own people."""
    if action == Action.REWARDS_VIEW:
        return bool(reward_applicant_org_ids(user)) or regulated_city_ids(user) != set()
    if action == Action.REWARD_APPLY:
        applicants = reward_applicant_org_ids(user)
        return bool(applicants) if obj is None else obj.filer_id in applicants
    cities = regulated_city_ids(user)  # REWARD_POLICY_EDIT, REWARD_DECIDE
    if obj is None:
        return cities is ALL_CITIES or bool(cities)
    return cities is ALL_CITIES or _reward_city(obj) in cities
# monitoring: a city bureau (a regulator organisation with a city) acts for its own city only; a provincial regulator
# (one without a city) for every city and the province.
_MONITORING_ACTIONS = frozenset({Action.MONITORING_VIEW, Action.MONITORING_ENTER, Action.MONITORING_REPORT,
                                 Action.MONITORING_WEIGHTS})


def regulated_city_codes(user: Any) -> set[str] | None:
    """The cities whose figures a regulator keeps: None for a provincial regulator (all), else its bureaus' cities."""
    org_ids = org_ids_with_roles(user, frozenset({Role.REGULATOR}))
    cities = set(Organisation.objects.filter(pk__in=org_ids).values_list("city_id", flat=True))
    return None if None in cities else cities


def _may_monitor(user: Any, action: Action, obj: Any) -> bool:
    regulator = bool(org_ids_with_roles(user, frozenset({Role.REGULATOR})))
    if action == Action.MONITORING_VIEW:
        return reads_everything(user)
    if action == Action.MONITORING_REPORT and is_platform_admin(user):
        return True
    if not regulator:
        return action == Action.MONITORING_WEIGHTS and is_platform_admin(user)
    cities = regulated_city_codes(user)
    if cities is None:
        return True
    if action == Action.MONITORING_WEIGHTS:
        return False
    return getattr(obj, "pk", None) in cities
# typical_cases: the office of the organisation that owned the patent writes; the regulator alone publishes (not a
# platform administrator, and never the office its own case).
_TYPICAL_CASE_ACTIONS = frozenset({Action.TYPICAL_CASE_DRAFT, Action.TYPICAL_CASE_REVIEW, Action.TYPICAL_CASE_READ,
                                   Action.TYPICAL_CASES_DESK})
TYPICAL_CASE_OFFICE_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER})
TYPICAL_CASE_REVIEWER_ROLES = frozenset({Role.REGULATOR})


def typical_case_office_org_ids(user: Any) -> set[int]:
    """The organisations whose typical cases the user writes."""
    return org_ids_with_roles(user, TYPICAL_CASE_OFFICE_ROLES)


def _may_typical_case(user: Any, action: Action, obj: Any) -> bool:
    """`obj`: an Organisation or a typical case (anything with organisation_id); None asks "for any organisation"."""
    reviewer = bool(org_ids_with_roles(user, TYPICAL_CASE_REVIEWER_ROLES))
    offices = typical_case_office_org_ids(user)
    org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    if action == Action.TYPICAL_CASE_REVIEW:
        return reviewer and (org_id is None or org_id not in offices)
    if action == Action.TYPICAL_CASES_DESK:
        return reviewer or bool(offices)
    if action == Action.TYPICAL_CASE_READ:
        return reads_everything(user) or org_id in offices
    return bool(offices) if obj is None else org_id in offices


# tendering: the institution's office tenders and decides; an agency's brokers bid; neither takes the other's step.
# Bids stay sealed from other bidders until the award (the office opens them after the deadline: see selectors).
_TENDER_ACTIONS = frozenset({Action.AGENCY_REGISTER, Action.AGENCY_LIST_IMPORT, Action.TENDER_PUBLISH,
                             Action.TENDER_DECIDE, Action.TENDER_BID, Action.TENDER_BIDS_VIEW, Action.TENDERS_PAGES})
TENDER_OFFICE_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER})
TENDER_BIDDER_ROLES = frozenset({Role.AGENCY_BROKER})


def tender_office_org_ids(user: Any) -> set[int]:
    """The institutions (universities, institutes) for which the user tenders."""
    own = org_ids_with_roles(user, TENDER_OFFICE_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=(OrgKind.UNIVERSITY, OrgKind.INSTITUTE))
               .values_list("pk", flat=True))


def bidding_agency_ids(user: Any) -> set[int]:
    """The agencies for which the user bids."""
    own = org_ids_with_roles(user, TENDER_BIDDER_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind=OrgKind.AGENCY).values_list("pk", flat=True))


def _may_tender(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.AGENCY_REGISTER:
        return (isinstance(obj, Organisation) and obj.kind == OrgKind.AGENCY
                and can(user, Capability.ADMINISTER, obj.pk))
    if action == Action.AGENCY_LIST_IMPORT:
        return is_platform_admin(user)
    if action == Action.TENDERS_PAGES:  # the tenders are public; the header offers them to those who take part
        return (bool(tender_office_org_ids(user)) or bool(bidding_agency_ids(user))
                or bool(org_ids_with_roles(user, frozenset({Role.REGULATOR}))))
    if action == Action.TENDER_PUBLISH:
        offices = tender_office_org_ids(user)
        return bool(offices) if obj is None else getattr(obj, "pk", None) in offices
    if action == Action.TENDER_DECIDE:
        return obj is not None and obj.organisation_id in tender_office_org_ids(user)
    if action == Action.TENDER_BID:
        agencies = bidding_agency_ids(user)
        return bool(agencies) if obj is None else getattr(obj, "pk", None) in agencies
    if obj is None:  # TENDER_BIDS_VIEW
        return False
    if obj.organisation_id in tender_office_org_ids(user):
        return True
    return obj.status == "awarded" and obj.bids.filter(agency_id__in=bidding_agency_ids(user)).exists()
# commissioners: a regulator designates within its city scope (a provincial one for every city); the designated person
# serves their own requests; the enterprise's own people open them; a party of the deal, binding it, confirms the
# attribution. Objects are read by their attributes, never by importing the commissioners app.
_COMMISSIONER_ACTIONS = frozenset({Action.COMMISSIONER_DESIGNATE, Action.COMMISSIONERS_OVERSEE,
                                   Action.COMMISSIONER_SERVE, Action.SERVICE_REQUEST_OPEN,
                                   Action.SERVICE_REQUEST_VIEW, Action.ATTRIBUTION_CLAIM, Action.ATTRIBUTION_CONFIRM,
                                   Action.COMMISSIONERS_PAGES})
SERVICE_REQUESTER_ROLES = frozenset({Role.ENTERPRISE_USER, Role.SIGNATORY})


def service_requester_org_ids(user: Any) -> set[int]:
    """The enterprises for which the user opens service requests."""
    own = org_ids_with_roles(user, SERVICE_REQUESTER_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=ENTERPRISE_KINDS).values_list("pk", flat=True))


def _in_regulated_city(user: Any, obj: Any) -> bool:
    """A regulator's city scope: any city for a provincial regulator, else its bureaus' own (None: any at all)."""
    cities = regulated_city_ids(user)
    if cities is ALL_CITIES:
        return True
    return bool(cities) if obj is None else _reward_city(obj) in cities


def _may_commission(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.COMMISSIONERS_PAGES:  # a designated person of another role reaches the desk by its notice
        return (_in_regulated_city(user, None) or bool(service_requester_org_ids(user))
                or bool(org_ids_with_roles(user, frozenset({Role.AGENCY_BROKER}))))
    if action in (Action.COMMISSIONER_DESIGNATE, Action.COMMISSIONERS_OVERSEE):
        return _in_regulated_city(user, obj)
    if action == Action.SERVICE_REQUEST_OPEN:
        org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "enterprise_id", None)
        requesters = service_requester_org_ids(user)
        return bool(requesters) if obj is None else org_id in requesters
    if action == Action.COMMISSIONER_SERVE:
        if hasattr(obj, "server_user_ids"):
            return user.pk in obj.server_user_ids()
        return obj is not None and getattr(obj, "commissioner_id", None) == user.pk and obj.is_active()
    if action == Action.SERVICE_REQUEST_VIEW:
        return (obj is not None and (obj.enterprise_id in org_ids_with(user, Capability.READ)
                or user.pk in obj.reader_user_ids() or _in_regulated_city(user, obj)))
    if action == Action.ATTRIBUTION_CLAIM:
        designation = getattr(obj, "designation", None)
        return designation is not None and designation.commissioner_id == user.pk
    if action == Action.ATTRIBUTION_CONFIRM:
        deal = getattr(obj, "deal", None)
        return (deal is not None and obj.claimed_by_id != user.pk
                and bool(acting_org_ids(user, Capability.COMMIT, [deal.owner_id, deal.counterparty_id])))
    return False


# committee: the institution's office (or its administrator) runs the committee; the members sitting today read its
# work, declare and vote; the chair or the office records decisions. The committee app hands its objects in with the
# member lists (member_user_ids, chair_user_ids), so that this module never reads its tables.
_COMMITTEE_ACTIONS = frozenset({Action.COMMITTEE_MANAGE, Action.COMMITTEE_VIEW, Action.COMMITTEE_SIT,
                                Action.COMMITTEE_DECIDE, Action.COMMITTEE_REFER})
COMMITTEE_OFFICE_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.ORG_ADMIN})


def committee_office_org_ids(user: Any) -> set[int]:
    """The institutions (universities, institutes, SOEs) whose committee the user runs."""
    own = org_ids_with_roles(user, COMMITTEE_OFFICE_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=INSTITUTION_KINDS).values_list("pk", flat=True))


def _committee_org_id(obj: Any) -> int | None:
    return obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)


def _may_committee(user: Any, action: Action, obj: Any) -> bool:
    offices = committee_office_org_ids(user)
    runs = bool(offices) if obj is None else _committee_org_id(obj) in offices
    if action == Action.COMMITTEE_MANAGE:
        return runs
    if action == Action.COMMITTEE_REFER:
        org_id = _committee_org_id(obj)
        return (obj is not None and can(user, Capability.COMMIT, org_id)
                and Organisation.objects.filter(pk=org_id, kind__in=INSTITUTION_KINDS).exists())
    if obj is None:
        return False
    if action == Action.COMMITTEE_DECIDE:
        return runs or user.pk in obj.chair_user_ids()
    if action == Action.COMMITTEE_SIT:  # only a member votes, never the office as such
        return user.pk in obj.member_user_ids()
    return runs or user.pk in obj.member_user_ids()  # COMMITTEE_VIEW
# managers (技术经理人): the office and the administrators of an organisation read its managers; a manager keeps their own
# bio, fields and training; the administrator sets grades and certificates, never their own; regulators and the
# platform read all; any signed-in user reads a profile its manager made public.
_MANAGER_ACTIONS = frozenset({Action.MANAGERS_PAGES, Action.MANAGERS_OFFICE_VIEW, Action.MANAGER_VIEW,
                              Action.MANAGER_PUBLIC_VIEW, Action.MANAGER_EDIT, Action.MANAGER_RANK_SET,
                              Action.MANAGER_TRAINING_ADD, Action.MANAGERS_TRAINING_IMPORT,
                              Action.MANAGERS_OVERVIEW})
MANAGER_OFFICE_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.ORG_ADMIN})
_MANAGERS_NAV_ROLES = MANAGER_OFFICE_ROLES | frozenset({Role.ENTERPRISE_USER, Role.SIGNATORY})


def manager_office_org_ids(user: Any) -> set[int]:
    """The institutions (universities, institutes, state-owned enterprises) whose technology managers the user runs or
    is one of; an enterprise's administrator runs no such office."""
    own = org_ids_with_roles(user, MANAGER_OFFICE_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=INSTITUTION_KINDS).values_list("pk", flat=True))


def _may_manage(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.MANAGERS_PAGES:
        return reads_everything(user) or bool(org_ids_with_roles(user, _MANAGERS_NAV_ROLES))
    if action == Action.MANAGERS_OVERVIEW:
        return reads_everything(user)
    org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    if action == Action.MANAGERS_OFFICE_VIEW:
        return reads_everything(user) or org_id in manager_office_org_ids(user)
    if action == Action.MANAGERS_TRAINING_IMPORT:
        return isinstance(obj, Organisation) and can(user, Capability.ADMINISTER, obj.pk)
    own = obj is not None and getattr(obj, "user_id", None) == user.pk
    if action == Action.MANAGER_EDIT:
        return own
    if action == Action.MANAGER_RANK_SET:
        return obj is not None and not own and can(user, Capability.ADMINISTER, org_id)
    if action == Action.MANAGER_TRAINING_ADD:
        return own or can(user, Capability.ADMINISTER, org_id)
    reads_whole = own or reads_everything(user) or org_id in org_ids_with_roles(user, MANAGER_OFFICE_ROLES)
    if action == Action.MANAGER_VIEW:
        return obj is not None and reads_whole
    return obj is not None and (reads_whole or bool(getattr(obj, "public", False)))  # MANAGER_PUBLIC_VIEW
# matchmaker_rewards: the city's own regulator (a provincial one for every city) enters the policy and decides and pays;
# the commissioner of a confirmed attribution applies for it. Never the platform administrator: money is the city's.
_MM_REWARD_ACTIONS = frozenset({Action.MM_REWARD_POLICY_EDIT, Action.MM_REWARD_APPLY, Action.MM_REWARD_DECIDE,
                                Action.MM_REWARDS_PAGES, Action.MM_REWARDS_MINE})


def _may_mm_reward(user: Any, action: Action, obj: Any) -> bool:
    brokers = bool(org_ids_with_roles(user, frozenset({Role.AGENCY_BROKER})))
    if action == Action.MM_REWARDS_MINE:
        return brokers
    if action == Action.MM_REWARDS_PAGES:
        return brokers or _in_regulated_city(user, None)
    if action == Action.MM_REWARD_APPLY:
        designation = getattr(obj, "designation", None)
        commissioner_id = designation.commissioner_id if designation is not None else getattr(
            obj, "commissioner_id", None)
        return commissioner_id is not None and commissioner_id == user.pk
    return _in_regulated_city(user, obj)
# casework: an institution's inventors disclose (the office may disclose for them); the office (its tech-transfer
# managers and its administrators) assigns and decides; the assigned manager works the case. Nobody else reads a
# disclosure — not a regulator, not a platform administrator — except committee members reviewing it (the case's
# `committee_reads`, so that this module does not import the committee).
_CASEWORK_ACTIONS = frozenset({Action.CASE_DISCLOSE, Action.CASE_VIEW, Action.CASE_WORK, Action.CASE_DECIDE,
                               Action.CASES_PAGES})
DISCLOSER_ROLES = frozenset({Role.INVENTOR, Role.TECH_TRANSFER_MANAGER})
CASE_OFFICE_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.ORG_ADMIN})


def discloser_org_ids(user: Any) -> set[int]:
    """The universities, institutes and state-owned enterprises for which the user discloses inventions."""
    own = org_ids_with_roles(user, DISCLOSER_ROLES)
    return set(Organisation.objects.filter(pk__in=own, kind__in=INSTITUTION_KINDS).values_list("pk", flat=True))


def case_office_org_ids(user: Any) -> set[int]:
    """The organisations whose technology cases the user runs as the office."""
    return org_ids_with_roles(user, CASE_OFFICE_ROLES)


def _may_casework(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.CASES_PAGES:
        return bool(discloser_org_ids(user) or case_office_org_ids(user))
    if action == Action.CASE_DISCLOSE:
        disclosers = discloser_org_ids(user)
        return bool(disclosers) if obj is None else getattr(obj, "pk", None) in disclosers
    if obj is None:
        return False
    office = obj.organisation_id in case_office_org_ids(user)
    if action == Action.CASE_DECIDE:
        return office
    manages = obj.manager_id is not None and obj.manager_id == user.pk
    if action == Action.CASE_WORK:
        return office or manages
    return office or manages or user.pk in obj.inventor_user_ids() or obj.committee_reads(user)


# listings: the seller's (or the disposing party's) committers act for a listing; any organisation but a regulator
# expresses interest through those who propose for it; the parties and the venue see who is interested.
_LISTING_ACTIONS = frozenset({Action.LISTING_CREATE, Action.LISTING_MANAGE, Action.LISTING_VIEW,
                              Action.LISTING_PARTIES_VIEW, Action.LISTING_INTEREST, Action.LISTINGS_MINE})


def listing_org_ids(user: Any, capability: Capability) -> set[int]:
    """The organisations (not regulators) for which the user lists (COMMIT) or expresses interest (PROPOSE)."""
    own = org_ids_with(user, capability)
    return set(Organisation.objects.filter(pk__in=own).exclude(kind=OrgKind.REGULATOR).values_list("pk", flat=True))


def _may_list(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.LISTINGS_MINE:
        return bool(listing_org_ids(user, Capability.COMMIT))
    if action in (Action.LISTING_CREATE, Action.LISTING_INTEREST):
        capability = Capability.COMMIT if action == Action.LISTING_CREATE else Capability.PROPOSE
        allowed = listing_org_ids(user, capability)
        return bool(allowed) if obj is None else getattr(obj, "pk", None) in allowed
    if obj is None:
        return False
    if action == Action.LISTING_MANAGE:
        return bool(acting_org_ids(user, Capability.COMMIT, obj.manager_org_ids()))
    party = reads_everything(user) or bool(acting_org_ids(user, Capability.READ, obj.party_org_ids()))
    if action == Action.LISTING_VIEW:
        return party or obj.status != "draft"
    return party  # LISTING_PARTIES_VIEW
# finance (pledge disposal): the pledgee's committing members open and run the case; the pledgor's committing members
# (never the one who opened it) confirm the agreement to dispose; either party shows a repayment; the parties read it,
# and so do the regulators of its city and the platform. Objects are read by their attributes.
_FINANCE_ACTIONS = frozenset({Action.DISPOSAL_OPEN, Action.DISPOSAL_VIEW, Action.DISPOSAL_ACT, Action.DISPOSAL_AGREE,
                              Action.DISPOSAL_REPAID, Action.DISPOSALS_PAGES, Action.DISPOSALS_OVERVIEW})


def _may_dispose(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.DISPOSALS_OVERVIEW:
        return is_platform_admin(user) or _in_regulated_city(user, obj)
    if action == Action.DISPOSALS_PAGES:
        return (bool(org_ids_with_roles(user, frozenset({Role.BANK_OFFICER}))) or is_platform_admin(user)
                or _in_regulated_city(user, None))
    if obj is None:
        return False
    if action == Action.DISPOSAL_OPEN:
        return obj.released_on is None and can(user, Capability.COMMIT, obj.pledgee_id)
    if action == Action.DISPOSAL_ACT:
        return can(user, Capability.COMMIT, obj.bank_id)
    if action == Action.DISPOSAL_AGREE:
        return obj.opened_by_id != user.pk and can(user, Capability.COMMIT, obj.pledgor_id)
    if action == Action.DISPOSAL_REPAID:
        return bool(acting_org_ids(user, Capability.COMMIT, [obj.bank_id, obj.pledgor_id]))
    return (bool(acting_org_ids(user, Capability.READ, [obj.bank_id, obj.pledgor_id])) or is_platform_admin(user)
            or _in_regulated_city(user, obj))  # DISPOSAL_VIEW
# events: the organiser's people run the event; the participants' own people (who may propose for them) register and
# ask for or answer meetings; the organiser, or a party of the meeting, records its outcome; the organiser and the
# regulators of the event's city (a provincial one for every city) read the results. Objects are read by their
# attributes, never by importing the events app.
_EVENT_ACTIONS = frozenset({Action.EVENT_ORGANISE, Action.EVENT_TAKE_PART, Action.EVENT_OUTCOME,
                            Action.EVENT_RESULTS_VIEW, Action.EVENTS_MINE})
ORGANISER_KINDS = (OrgKind.REGULATOR, OrgKind.AGENCY, OrgKind.FINANCIAL)


def event_organiser_org_ids(user: Any) -> set[int]:
    """The regulators, agencies and banks for which the user organises events: a regulator's people, an agency's
    brokers (running matchmaking is their work, and an event binds nobody), or a member who commits an agency or a
    bank."""
    own = (org_ids_with_roles(user, frozenset({Role.REGULATOR, Role.AGENCY_BROKER}))
           | org_ids_with(user, Capability.COMMIT))
    return set(Organisation.objects.filter(pk__in=own, kind__in=ORGANISER_KINDS).values_list("pk", flat=True))


def _may_event(user: Any, action: Action, obj: Any) -> bool:
    organisers = event_organiser_org_ids(user)
    if action == Action.EVENTS_MINE:
        return bool(organisers)
    if action == Action.EVENT_ORGANISE:
        if obj is None:
            return bool(organisers)
        return (obj.pk if isinstance(obj, Organisation) else getattr(obj, "organiser_id", None)) in organisers
    if action == Action.EVENT_TAKE_PART:
        participants = org_ids_with(user, Capability.PROPOSE)
        return bool(participants) if obj is None else isinstance(obj, Organisation) and obj.pk in participants
    if obj is None:
        return False
    if action == Action.EVENT_OUTCOME:
        return (obj.event.organiser_id in organisers
                or bool(acting_org_ids(user, Capability.PROPOSE, obj.party_ids())))
    return (obj.organiser_id in organisers or is_platform_admin(user)  # EVENT_RESULTS_VIEW
            or (bool(org_ids_with_roles(user, frozenset({Role.REGULATOR}))) and _in_regulated_city(user, obj)))


def acting_org_ids(user: Any, capability: Capability, org_ids: Any) -> set[int]:
    """Which of the given organisations the user may act for with the capability."""
    return org_ids_with(user, capability) & set(org_ids)


def signing_enterprise_of(user: Any) -> Organisation | None:
    """The enterprise for which the user may take a licence (an authorised signatory, not any employee)."""
    return (Organisation.objects.filter(pk__in=org_ids_with(user, Capability.COMMIT), kind__in=ENTERPRISE_KINDS)
            .order_by("pk").first())


def authorize(user: Any, action: Action, obj: Any = None, *, request: HttpRequest | None = None) -> None:
    """Raise NotAuthenticated or PermissionDenied (and record the refusal) unless the action is allowed."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAuthenticated()
    if is_allowed(user, action, obj):
        return
    security_event_record(
        kind=SecurityEvent.Kind.PERMISSION_DENIED, request=request, user=user, detail=refusal_detail(action, obj)
    )
    raise PermissionDenied(
        gettext("You do not have permission to do this."), details={"action": str(action)}
    )


def owner_for_new_patent(user: Any, organisation_id: int | None, *, request: HttpRequest | None = None) -> Any:
    """The organisation a new patent is registered for: the user's own, or one an admin names."""
    own = org_ids_with_roles(user, PATENT_OWNER_ROLES)
    if organisation_id is None:
        return Organisation.objects.filter(pk__in=own).order_by("pk").first()
    if organisation_id not in own and not is_platform_admin(user):
        security_event_record(kind=SecurityEvent.Kind.PERMISSION_DENIED, request=request, user=user,
                              detail=refusal_detail(Action.PATENT_CREATE, Organisation.objects.filter(pk=organisation_id).first()))
        raise PermissionDenied(gettext("you can register patents only for your own organisation"))
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationFailed(details={"organisation_id": gettext("no such organisation")})
    return organisation


@dataclass
class ImportScope:
    """Restricts which records an importer may create or change (None = everything: admins, the CLI)."""

    org_ids: set[int]
    org_names: set[str]


def import_scope_for(user: Any) -> tuple[ImportScope | None, Organisation | None]:
    """(scope, organisation) for an import by this user: admins import anything, others their own patents."""
    own = Organisation.objects.filter(pk__in=org_ids_with_roles(user, PATENT_OWNER_ROLES)).order_by("pk")
    first = own.first()
    if is_platform_admin(user):
        return None, first
    return ImportScope(org_ids={o.pk for o in own}, org_names={normalize_name(o.name) for o in own}), first


# auctions: the auctioneer's (or exchange's) staff run a lot; the consignor's committing members consign it; a bidder
# binds its organisation, so only its committing members register and bid. The reserve stays with the consignor and the
# auctioneer; the record is theirs, the buyer's, and the regulators'. Objects are read by their attributes.
_AUCTION_ACTIONS = frozenset({Action.AUCTION_LICENCE_ENTER, Action.AUCTION_LICENCE_VERIFY, Action.AUCTION_RUN,
                              Action.AUCTION_CONSIGN, Action.AUCTION_BID, Action.AUCTION_PRIVATE_VIEW,
                              Action.AUCTION_RECORD_VIEW, Action.AUCTIONS_DESK})


def _may_auction(user: Any, action: Action, obj: Any) -> bool:
    if action == Action.AUCTIONS_DESK:
        return reads_everything(user) or any(org_ids_with(user, c) for c in (Capability.PROPOSE, Capability.ADMINISTER))
    if action == Action.AUCTION_LICENCE_VERIFY:
        return reads_everything(user)
    if action == Action.AUCTION_LICENCE_ENTER:
        return isinstance(obj, Organisation) and can(user, Capability.ADMINISTER, obj.pk)
    if action == Action.AUCTION_BID:
        committing = org_ids_with(user, Capability.COMMIT)
        return bool(committing) if obj is None else getattr(obj, "pk", None) in committing
    if action == Action.AUCTION_RUN:
        staff = org_ids_with(user, Capability.PROPOSE)
        if obj is None:
            return bool(staff)
        return (obj.pk if isinstance(obj, Organisation) else getattr(obj, "organiser_id", None)) in staff
    if obj is None:
        return False
    if action == Action.AUCTION_CONSIGN:
        return can(user, Capability.COMMIT, obj.consignor_id)
    private = can(user, Capability.READ, obj.consignor_id) or can(user, Capability.PROPOSE, obj.organiser_id)
    if action == Action.AUCTION_PRIVATE_VIEW:
        return private
    return private or reads_everything(user) or can(user, Capability.READ, obj.winner_org_id())  # RECORD_VIEW


# privacy: anyone signed in asks about themself; the platform administrator is the data-protection officer (PIPL Art
# 52) and handles every request, also those received outside the platform for people without an account. No
# organisation's administrator reads a member's request: the request is the person's own. Objects are read by their
# attributes (subject_user_id, state, kind), never by importing the privacy app.
_PRIVACY_ACTIONS = frozenset({Action.PRIVACY_REQUEST_FILE, Action.PRIVACY_REQUEST_VIEW, Action.PRIVACY_EXPORT,
                              Action.PRIVACY_HANDLE, Action.PRIVACY_DESK})


def _may_privacy(user: Any, action: Action, obj: Any) -> bool:
    officer = is_platform_admin(user)
    if action == Action.PRIVACY_REQUEST_FILE:
        # obj: the person's account; None for a person without one, whose request only the officer records
        return officer or (obj is not None and getattr(obj, "pk", None) == user.pk)
    if action == Action.PRIVACY_DESK:
        return officer
    if obj is None:
        return False
    own = obj.subject_user_id is not None and obj.subject_user_id == user.pk
    if action == Action.PRIVACY_HANDLE:
        return officer and not own
    if action == Action.PRIVACY_EXPORT:
        return (officer and not own and obj.state in ("verified", "done")) or (
            own and obj.state == "done" and obj.kind == "access")
    return officer or own  # PRIVACY_REQUEST_VIEW
