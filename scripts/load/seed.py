#!/usr/bin/env python
"""Accounts and sample data for the load test (`scripts/load/locustfile.py`), made through the platform's services.

Creates N enterprise accounts (each in its own organisation, labelled as load-test bodies), M tech-transfer-office
accounts (技术经理人, in the real universities whose inventories hold the most patents, so that they have patents to
assess) and one provincial regulator, each with a password and an API token; then picks the sample data the virtual
users request: real patent numbers, search queries cut from real bundled patent titles, the commonest IPC subclasses
and cities. Writes everything to one JSON file for locust. Run against the database to be loaded:
`python scripts/load/seed.py --enterprises 40 --offices 10 --out var/load-accounts.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")

LABEL = "（负载测试）"  # every organisation made here says it is a load-test body
PROVINCE_REGULATOR = "广东省市场监督管理局（知识产权局）"
CITIES = ("440100", "440300", "440600", "441900", "440400")
# Words that frame a title rather than name its technology ("一种……及其制备方法" → the technology).
_FRAME = re.compile(r"^(一种|一类|基于)|(及其制备方法和应用|及其制备方法与应用|及其制备方法|及其应用|的制备方法|制备方法|及方法|"
                    r"的方法|方法|装置|系统|及系统)$")


def query_from_title(title: str) -> str:
    """A searcher's words from a real patent title: the technology it names, without the framing words."""
    text = title.strip()
    for _ in range(2):
        text = _FRAME.sub("", text).strip("，, ")
    return text[:20] or title[:20]


def _account(username: str, organisation, roles: tuple[str, ...], password: tuple[str, str]) -> dict:
    """A user with the roles, the run's password and a fresh API token (both returned, neither stored in clear)."""
    from django.contrib.auth import get_user_model

    from patentbridge.core.services import api_token_create
    from patentbridge.orgs import services as org_services

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.password = password[1]
    user.save()
    for role in roles:
        org_services.membership_add(user=user, organisation=organisation, role=role)
    token = api_token_create(user=user, name="load test")
    return {"username": username, "password": password[0], "token": token, "organisation": organisation.name}


def _organisation(name: str, kind: str, **fields):
    from patentbridge.orgs import services as org_services
    from patentbridge.orgs.models import Organisation
    from patentbridge.orgs.names import normalize_name

    existing = Organisation.objects.filter(name_normalized=normalize_name(name)).first()
    return existing or org_services.organisation_create(name=name, kind=kind, **fields)


def _office_organisations(count: int) -> list:
    """The universities whose inventories hold the most patents still to assess (a load-test one if none has)."""
    from django.db.models import Count, Q

    from patentbridge.orgs.models import Organisation, OrgKind
    from patentbridge.pool.models import PoolState

    busiest = list(Organisation.objects.filter(kind=OrgKind.UNIVERSITY)
                   .annotate(waiting=Count("pool_entries", filter=Q(pool_entries__state=PoolState.ASSESSED)))
                   .filter(waiting__gt=0).order_by("-waiting", "pk")[:count])
    return busiest or [_organisation(f"压测大学{LABEL}", OrgKind.UNIVERSITY, city_id="440100")]


def _run_password() -> tuple[str, str]:
    """One random password (it passes the whole policy) and its hash, shared by the run's accounts: hashing one per
    account would cost seconds of CPU each on the benchmark machine."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from patentbridge.home.demo import generate_password

    with warnings.catch_warnings():  # the password-history validator notes that this user is not saved: none is
        warnings.simplefilter("ignore", UserWarning)
        password = generate_password(get_user_model()(username="load-test"))
    return password, make_password(password)


def seed_accounts(*, enterprises: int, offices: int) -> dict[str, list[dict]]:
    from django.db import transaction

    from patentbridge.orgs.models import OrgKind, Role, SizeClass

    password = _run_password()
    with transaction.atomic():
        firms = [_account(f"load-enterprise-{i:03d}",
                          _organisation(f"压测企业{i:03d}{LABEL}", OrgKind.ENTERPRISE, size_class=SizeClass.SMALL,
                                        city_id=CITIES[i % len(CITIES)]),
                          (Role.ENTERPRISE_USER,), password) for i in range(enterprises)]
        universities = _office_organisations(offices)
        office_accounts = [_account(f"load-office-{i:03d}", universities[i % len(universities)],
                                    (Role.TECH_TRANSFER_MANAGER,), password) for i in range(offices)]
        regulator = _account("load-regulator", _organisation(PROVINCE_REGULATOR, OrgKind.REGULATOR),
                             (Role.REGULATOR,), password)
    return {"enterprises": firms, "offices": office_accounts, "regulators": [regulator]}


def sample_data(*, size: int = 200, seed: int = 17) -> dict[str, list]:
    """What the virtual users ask for: real numbers, queries from real titles, common IPC subclasses and cities."""
    from django.db.models import Count

    from patentbridge.patents.models import LegalStatus, Patent

    rng = random.Random(seed)
    real = Patent.objects.exclude(source__startswith="SYNTHETIC").exclude(application_number=None)
    ids = list(real.filter(legal_status=LegalStatus.IN_FORCE).values_list("pk", flat=True)[:20000]) or \
        list(real.values_list("pk", flat=True)[:20000])
    picked = rng.sample(ids, min(size, len(ids)))
    rows = list(Patent.objects.filter(pk__in=picked).values_list("application_number", "title", "abstract"))
    subclasses = (real.exclude(ipc_main="").values_list("ipc_main", flat=True)[:20000])
    ipc = [code for code, _ in _commonest(code[:4] for code in subclasses)[:20]]
    cities = list(real.exclude(city=None).values("city_id").annotate(n=Count("pk")).order_by("-n")
                  .values_list("city_id", flat=True)[:10])
    return {
        "patents": [number for number, _, _ in rows],
        "queries": sorted({query_from_title(title) for _, title, _ in rows if title}),
        "demands": [{"title": f"寻求{query_from_title(title)}技术", "problem": (abstract or title)[:300]}
                    for _, title, abstract in rows if title],
        "ipc": ipc,
        "cities": cities,
        "years": [str(year) for year in range(2015, 2025)],
    }


def _commonest(values) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=40)
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    import django

    django.setup()
    data = {"accounts": seed_accounts(enterprises=args.enterprises, offices=args.offices), **sample_data()}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    os.chmod(args.out, 0o600)  # passwords and tokens
    print(f"seed: {args.enterprises} enterprises, {args.offices} offices, 1 regulator; "
          f"{len(data['patents'])} patents, {len(data['queries'])} queries -> {args.out}")


if __name__ == "__main__":
    main()
