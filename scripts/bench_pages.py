#!/usr/bin/env python
"""Benchmark: server time of every page in each demo role's navigation, at the demo's size.

Runs against an installed demo (`make demo` or `patentbridge demo-setup`; point PATENTBRIDGE_VAR_DIR at its folder)
through Django's test client, signed in as each demo account, so the figures are the view + template + database time
of one request without the network. Each page is fetched once to warm the process (caches, search index, model),
then `--repeat` times; prints the median and the slowest per page and lists pages whose median is over `--limit`
seconds (the issue's aim: no page over 1 s). Reads only: it changes nothing in the database.

Usage: `PATENTBRIDGE_VAR_DIR=var .venv/bin/python scripts/bench_pages.py [--repeat 5] [--limit 1.0]`
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")


NAV_PAGES = ("home", "search:search", "patents:list", "demands:list", "pool:list", "orgs:list", "patents:import_list",
             "licensing:licences", "deals:list", "revenue:statement", "kpi:dashboard", "recordation:contracts",
             "push:inbox", "notices:inbox", "health", "audit", "admin:index", "admin:patents_patent_changelist",
             "admin:patents_patent_add")
QUERIES = ("锂电池正极材料", "图像识别 神经网络", "lithium battery cathode")


def _pages(patent_number: str, demand_id: int | None, organisation_id: int | None) -> list[str]:
    from django.urls import NoReverseMatch, reverse

    pages = []
    for name in NAV_PAGES:
        try:
            pages.append(reverse(name))
        except NoReverseMatch:
            continue  # a page this version does not have
    pages += [f"{reverse('search:search')}?q={query}" for query in QUERIES]
    pages.append(reverse("patents:detail", args=[patent_number]))
    if demand_id:
        pages.append(reverse("demands:detail", args=[demand_id]))
    if organisation_id:
        pages.append(reverse("orgs:detail", args=[organisation_id]))
    return pages + _admin_add_pages()


def _admin_add_pages() -> list[str]:
    """Every admin add form: a foreign key to a big table once rendered tens of thousands of options."""
    from django.contrib import admin
    from django.urls import reverse

    return [reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            for model in admin.site._registry]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=float, default=1.0)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from patentbridge.demands.models import Demand
    from patentbridge.orgs.models import Organisation
    from patentbridge.patents.models import Patent

    patent = Patent.objects.order_by("pk").first()
    if patent is None:
        sys.exit("No patents: install the demo first (patentbridge demo-setup).")
    demand = Demand.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    pages = _pages(patent.lookup_number, demand.pk if demand else None, organisation.pk if organisation else None)
    users = list(get_user_model().objects.filter(username__startswith="demo-").order_by("username"))
    print(f"{Patent.objects.count():,} patents, {len(users)} demo accounts, {len(pages)} pages, repeat {args.repeat}")
    slow: list[tuple[str, str, float]] = []
    for user in [None, *users]:
        client = Client()
        if user is not None:
            client.force_login(user)
        who = user.username if user else "anonymous"
        for path in pages:
            response = client.get(path)
            if response.status_code != 200:
                continue  # not in this role's navigation (refused, redirected to sign-in or not found)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"{who:18} {path:40} median {median * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms")
            if median > args.limit:
                slow.append((who, path, median))
    print(f"\nPages over {args.limit:.1f} s: {len(slow)}")
    for who, path, median in slow:
        print(f"  {who} {path} {median:.2f} s")


if __name__ == "__main__":
    main()
