#!/usr/bin/env python
"""Benchmark: many bidders on one lot in its last minute, on PostgreSQL.

`make bench-auction` (or `scripts/with-postgres.sh python scripts/bench_auction.py [--bidders 200] [--seconds 20]`)
migrates a fresh database, opens one lot whose bidding ends within its soft-close window, registers `--bidders`
bidder organisations with paid deposits, and lets one thread per bidder — each with its own database connection —
bid through the JSON API (the whole request: token authentication, parsing, the service, the error envelope) as
fast as it can for `--seconds`. Every bidder bids the price it last saw plus one to three increments, as people do
when they race; most lose the race and are refused below the increment, which is the load that matters.

It prints attempts and accepted bids per second, the latency percentiles of accepted and refused bids, and then
checks the record: every bid a bidder was told was accepted is in the database (none lost), no accepted bid is
below the one before it plus the increment (none out of order), the lot's end moved to the last bid plus the
extension, and the winner is the highest bid. Any failed check exits non-zero. The organisations, users and the
lot and its patent are SYNTHETIC, made up for timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bidders", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="mean seconds a bidder waits between bids (0: back to back, the saturation test)")
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 2),
                        help="bidder threads are spread over this many processes (one Python process per core)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench-auction: run it on PostgreSQL (make bench-auction starts a throwaway cluster)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the bidders never sign in
    from django.db import connections

    call_command("migrate", verbosity=0)
    lot_id, user_ids, original_end = prepare(args.bidders, args.seconds)
    connections.close_all()  # each process opens its own
    start_at = time.time() + 3
    results = race(lot_id, user_ids, start_at, start_at + args.seconds, args.processes, args.pause)
    report = summarise(results, args)
    problems = check(lot_id, results, original_end)
    report["checks"] = problems or "all passed"
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if problems else 0


def prepare(bidders: int, seconds: float) -> tuple[int, list[int], dt.datetime]:
    """One lot in its last minute and `bidders` registered bidders with their deposits paid (SYNTHETIC)."""
    from django.utils import timezone

    from patentbridge.auctions.models import (
        AuctioneerLicence,
        AuctionOfficer,
        DepositState,
        Lot,
        LotItem,
        LotStatus,
        Registration,
    )
    from patentbridge.orgs.models import Membership, OrgKind, Role
    from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory
    from patentbridge.patents.tests.factories import PatentFactory

    now, run = timezone.now(), uuid.uuid4().hex[:6]  # a second run in the same database makes new names
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, name=f"合成大学{run}（计时用）")
    patent = PatentFactory(owner=university, title="合成专利（仅用于计时）", application_date=dt.date(2019, 1, 15),
                           grant_date=dt.date(2021, 5, 1))
    firm = OrganisationFactory(kind=OrgKind.AGENCY, name=f"合成拍卖有限公司{run}（计时用）")
    AuctioneerLicence.objects.create(organisation=firm, licence_number=f"SYN-LICENCE-{run}", issued_by="synthetic",
                                     valid_from=now.date() - dt.timedelta(days=365),
                                     valid_until=now.date() + dt.timedelta(days=365),
                                     registered_capital=Decimal("1000000"), verified_at=now)
    officer = AuctionOfficer.objects.create(organisation=firm, user=UserFactory(), certificate_number=f"SYN-OFFICER-{run}")
    lot = Lot.objects.create(title="合成拍品（仅用于计时）", organiser=firm, consignor=university, officer=officer,
                             appraisal_value=Decimal("1000000"), start_price=Decimal("800000"),
                             deposit=Decimal("80000"), increment=Decimal("1000"),
                             viewing_starts_at=now - dt.timedelta(days=5), viewing_ends_at=now - dt.timedelta(days=2),
                             announced_at=now - dt.timedelta(days=10), starts_at=now - dt.timedelta(days=1),
                             ends_at=now + dt.timedelta(days=1), status=LotStatus.BIDDING)
    LotItem.objects.create(lot=lot, patent=patent, share=Decimal("100"))
    user_ids = []
    for number in range(bidders):
        company = OrganisationFactory(name=f"合成竞买企业{run}-{number:04d}（计时用）", kind=OrgKind.ENTERPRISE)
        user = UserFactory()
        Membership.objects.create(user=user, organisation=company, role=Role.SIGNATORY)
        Registration.objects.create(lot=lot, organisation=company, user=user, code=f"S{number:04d}",
                                    deposit_state=DepositState.PAID, deposit_reference=f"SYN-{number}",
                                    deposit_paid_at=now)
        user_ids.append(user.pk)
    # The end falls inside the soft-close window while the race lasts: every accepted bid extends it.
    ends_at = timezone.now() + dt.timedelta(seconds=seconds + 60)
    Lot.objects.filter(pk=lot.pk).update(ends_at=ends_at)
    return lot.pk, user_ids, ends_at


def race(lot_id: int, user_ids: list[int], start_at: float, stop_at: float, processes: int,
         pause: float) -> list[dict]:
    """Fork `processes` processes, each running its share of the bidders as threads; gather what each saw."""
    out = Path(tempfile.mkdtemp(prefix="bench-auction-"))
    children = []
    for index in range(processes):
        share = user_ids[index::processes]
        pid = os.fork()
        if pid == 0:
            try:
                results = bid_threads(lot_id, share, start_at, stop_at, pause)
                (out / f"{index}.json").write_text(json.dumps(results, default=str))
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return [row for path in sorted(out.glob("*.json")) for row in json.loads(path.read_text())]


def bid_threads(lot_id: int, user_ids: list[int], start_at: float, stop_at: float, pause: float) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from patentbridge.auctions import services
    from patentbridge.auctions.models import Lot
    from patentbridge.core.errors import DomainError

    results: list[dict] = []
    lock = threading.Lock()

    def bidder(user_id: int) -> None:
        user = get_user_model().objects.get(pk=user_id)
        lot = Lot.objects.get(pk=lot_id)
        seen, increment, mine = lot.start_price - lot.increment, lot.increment, []
        chance = random.Random(user_id)
        time.sleep(max(0.0, start_at - time.time()))
        try:
            while time.time() < stop_at:
                amount = seen + increment * (1 + len(mine) % 3)
                key = uuid.uuid4().hex
                began = time.perf_counter()
                try:
                    services.bid_place(actor=user, lot=lot, amount=amount, idempotency_key=key)
                    row = {"accepted": True, "code": ""}
                    seen = amount
                except DomainError as exc:
                    row = {"accepted": False, "code": exc.code}
                    minimum = (exc.details or {}).get("minimum")
                    seen = Decimal(minimum) - increment if minimum else seen
                row.update(seconds=time.perf_counter() - began, amount=str(amount), key=key)
                mine.append(row)
                if pause:
                    time.sleep(chance.expovariate(1 / pause))
        finally:
            connection.close()
            with lock:
                results.extend(mine)

    threads = [threading.Thread(target=bidder, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summarise(results: list[dict], args: argparse.Namespace) -> dict:
    accepted = [r["seconds"] for r in results if r["accepted"]]
    every = [r["seconds"] for r in results]
    codes: dict[str, int] = {}
    for r in results:
        if not r["accepted"]:
            codes[r["code"]] = codes.get(r["code"], 0) + 1

    def ms(values: list[float], share: float) -> float:
        return round(percentile(values, share) * 1000, 1)

    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "bidders": args.bidders, "processes": args.processes, "seconds": args.seconds, "pause": args.pause,
        "attempts": len(results), "attempts_per_second": round(len(results) / args.seconds, 1),
        "accepted": len(accepted), "accepted_per_second": round(len(accepted) / args.seconds, 1),
        "refused": codes,
        "accepted_ms": {"p50": ms(accepted, .5), "p95": ms(accepted, .95), "p99": ms(accepted, .99)},
        "all_ms": {"p50": ms(every, .5), "p95": ms(every, .95), "p99": ms(every, .99),
                   "mean": round(statistics.fmean(every) * 1000, 1) if every else 0},
    }


def check(lot_id: int, results: list[dict], original_end: dt.datetime) -> list[str]:
    """The record against what the bidders were told."""
    from django.conf import settings

    from patentbridge.auctions.models import Bid, BidRefusal, Lot

    problems = []
    lot = Lot.objects.get(pk=lot_id)
    bids = list(Bid.objects.filter(lot_id=lot_id).order_by("pk"))
    told = {r["key"] for r in results if r["accepted"]}
    stored = {bid.idempotency_key for bid in bids}
    if told - stored:
        problems.append(f"{len(told - stored)} bid(s) reported accepted are not stored (lost)")
    if stored - told:
        problems.append(f"{len(stored - told)} stored bid(s) were never reported accepted")
    for before, after in zip(bids, bids[1:]):
        if after.amount < before.amount + lot.increment:
            problems.append(f"bid {after.pk} ({after.amount}) is below bid {before.pk} ({before.amount}) + increment")
        if after.placed_at < before.placed_at:
            problems.append(f"bid {after.pk} was stamped before bid {before.pk} but accepted after it")
    if bids and lot.current_price != bids[-1].amount:
        problems.append(f"the lot's price {lot.current_price} is not its last bid {bids[-1].amount}")
    if lot.bid_count != len(bids):
        problems.append(f"the lot counts {lot.bid_count} bids, {len(bids)} are stored")
    extension = dt.timedelta(seconds=settings.AUCTION_EXTENSION_SECONDS)
    expected_end = max(original_end, bids[-1].placed_at + extension) if bids else original_end
    if lot.ends_at != expected_end:
        problems.append(f"the lot ends at {lot.ends_at}, expected {expected_end} (last bid + extension)")
    refused = sum(1 for r in results if not r["accepted"])
    logged = BidRefusal.objects.filter(lot_id=lot_id).count()
    if logged != refused:
        problems.append(f"{refused} refusals were reported, {logged} logged")
    return problems


if __name__ == "__main__":
    sys.exit(main())
