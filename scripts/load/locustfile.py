"""Locust load test: anonymous visitors, searchers, enterprises, tech-transfer offices and the regulator at once.

Run by `scripts/bench_load.py` (`make bench-load`), which seeds the accounts and sample data
(`scripts/load/seed.py`) and points LOAD_DATA at their JSON file. Every request is named after its page
("search page", "patent page", …) so that locust's per-name figures are per-page figures. The mix of users is set by
the classes' weights; think times are the pauses of a person reading a page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import KPI_FIGURES, PAGES  # noqa: E402

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _load() -> dict:
    path = os.environ.get("LOAD_DATA", "")
    if not path:
        return {"accounts": {"enterprises": [], "offices": [], "regulators": []}, "patents": [], "queries": [],
                "demands": [], "ipc": [], "cities": [], "years": []}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


DATA = _load()
_next_account = {kind: itertools.count() for kind in ("enterprises", "offices", "regulators")}


def account(kind: str) -> dict:
    """The accounts of a kind in turn, so that the virtual users spread over them."""
    accounts = DATA["accounts"][kind]
    return accounts[next(_next_account[kind]) % len(accounts)]


def page(name: str, **values) -> str:
    """The path of a page, its values percent-encoded (gunicorn refuses raw UTF-8 in a request line)."""
    return PAGES[name].format(**{key: quote(str(value), safe="") for key, value in values.items()})


def check_digit(digits: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    return "0123456789X"[sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11]


def import_csv(applicant: str, rows: int = 5) -> bytes:
    """A small export as an office has it: real titles, valid numbers in a serial range real filings do not reach."""
    lines = ["申请号,专利名称,主分类号,申请人"]
    for _ in range(rows):
        digits = f"20231{random.randrange(9_000_000, 10_000_000):07d}"
        title = random.choice(DATA["demands"])["title"].removeprefix("寻求").removesuffix("技术")
        lines.append(f"{digits}.{check_digit(digits)},一种{title},{random.choice(DATA['ipc'])}/00,{applicant}")
    return ("\n".join(lines) + "\n").encode()


def multipart(field: str, filename: str, content: bytes, content_type: str = "text/csv") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Visitor(FastHttpUser):
    """Anonymous browsing: home, patent lists with filters, patent pages, the pool, open licences, the market."""

    weight = 10
    wait_time = between(2, 10)

    @task(3)
    def home(self) -> None:
        self.client.get(page("home"), name="home")

    @task(3)
    def patent_list(self) -> None:
        self.client.get(page("patent list"), name="patent list")

    @task(3)
    def patent_list_filtered(self) -> None:
        if random.random() < 0.5:
            self.client.get(page("patent list (filtered)", ipc=random.choice(DATA["ipc"])),
                            name="patent list (filtered)")
        else:
            self.client.get(page("patent list (city, year)", city=random.choice(DATA["cities"]),
                                 year=random.choice(DATA["years"])), name="patent list (filtered)")

    @task(6)
    def patent_page(self) -> None:
        self.client.get(page("patent page", number=random.choice(DATA["patents"])), name="patent page")

    @task(2)
    def pool(self) -> None:
        self.client.get(page("pool"), name="pool")

    @task(2)
    def open_licences(self) -> None:
        self.client.get(page("open licences"), name="open licences")

    @task(2)
    def market(self) -> None:
        name = random.choice(("listings (market)", "auctions (market)", "events (market)"))
        self.client.get(page(name), name=name)


class Searcher(FastHttpUser):
    """Searching by page and by API with words cut from real patent titles, then opening a result."""

    weight = 5
    wait_time = between(2, 10)

    @task(3)
    def search_page(self) -> None:
        self.client.get(page("search page", query=random.choice(DATA["queries"])), name="search page")

    @task(2)
    def search_api(self) -> None:
        with self.client.get(page("search API", query=random.choice(DATA["queries"])), name="search API",
                             catch_response=True) as response:
            items = response.json().get("items", []) if response.status_code == 200 else []
        if items:
            number = items[0]["patent"]["application_number"] or random.choice(DATA["patents"])
            self.client.get(page("patent API", number=number), name="patent API")


class SignedIn(FastHttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        self.account = account(self.kind)
        self.token = {"Authorization": f"Bearer {self.account['token']}"}

    def sign_in(self) -> None:
        """Through the sign-in page, as a person does (CSRF token from the form)."""
        form = self.client.get(page("sign-in page"), name="sign-in page")
        token = _CSRF.search(form.text or "")
        self.client.post(page("sign-in page"), name="sign in", data={
            "csrfmiddlewaretoken": token.group(1) if token else "", "username": self.account["username"],
            "password": self.account["password"], "next": "/"})

    def csrf(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        found = _CSRF.search(response.text or "")
        return found.group(1) if found else ""


class EnterpriseByApi(SignedIn):
    """An enterprise's system posting demands through the API with its token and answering the matches."""

    weight = 2
    wait_time = between(3, 12)
    kind = "enterprises"

    @task(1)
    def post_demand(self) -> None:
        demand = random.choice(DATA["demands"])
        created = self.client.post(page("demands API"), name="demands API (create)", headers=self.token,
                                   json={**demand, "visibility": "public"})
        if created.status_code != 201:
            return
        demand_id = created.json()["id"]
        self.client.post(page("demand transition API", demand=demand_id), name="demand transition API",
                         headers=self.token, json={"to": "published"})
        matches = self.client.get(page("demand matches API", demand=demand_id), name="demand matches API",
                                  headers=self.token)
        items = matches.json().get("items", []) if matches.status_code == 200 else []
        if items and items[0]["patent"]["application_number"]:
            number = items[0]["patent"]["application_number"]
            self.client.post(page("demand answer API", demand=demand_id, number=number), name="demand answer API",
                             headers=self.token, json={"interested": True, "reason": ""})

    @task(2)
    def list_demands(self) -> None:
        self.client.get(page("demands API"), name="demands API (list)", headers=self.token)


class EnterpriseByPage(SignedIn):
    """An enterprise's staff member signed in: a demand through the form, its matches, an answer."""

    weight = 2
    wait_time = between(3, 12)
    kind = "enterprises"

    def on_start(self) -> None:
        super().on_start()
        self.sign_in()
        self.demands: list[int] = []

    @task(1)
    def post_demand(self) -> None:
        token = self.csrf(page("demand new page"), "demand new page")
        demand = random.choice(DATA["demands"])
        response = self.client.post(page("demand new page"), name="demand new (post) + demand page", data={
            "csrfmiddlewaretoken": token, "title": demand["title"], "problem": demand["problem"],
            "visibility": "public", "publish": "1"})
        found = re.search(r"/demands/(\d+)/", getattr(response, "url", "") or "")
        if found:
            self.demands.append(int(found.group(1)))

    @task(2)
    def answer(self) -> None:
        if not self.demands:
            return
        demand_id = random.choice(self.demands)
        detail = self.client.get(page("demand page", demand=demand_id), name="demand page")
        numbers = re.findall(r"/demands/\d+/matches/([^/]+)/answer/", detail.text or "")
        token = _CSRF.search(detail.text or "")
        if numbers and token:
            self.client.post(page("demand answer (page)", demand=demand_id, number=numbers[0]),
                             name="demand answer (page)",
                             data={"csrfmiddlewaretoken": token.group(1), "answer": "interested", "reason": ""})

    @task(2)
    def browse(self) -> None:
        self.client.get(page("search page", query=random.choice(DATA["queries"])), name="search page")


class Office(SignedIn):
    """A tech-transfer office (技术经理人): its inventory and its imports, assessing patents."""

    weight = 2
    wait_time = between(3, 12)
    kind = "offices"

    def on_start(self) -> None:
        super().on_start()
        self.sign_in()

    @task(3)
    def inventory(self) -> None:
        self.client.get(page("inventory page"), name="inventory page")

    @task(1)
    def imports(self) -> None:
        self.client.get(page("imports page"), name="imports page")

    @task(4)
    def review(self) -> None:
        listed = self.client.get(page("pool entries API", offset=random.randrange(0, 200)), name="pool entries API",
                                 headers=self.token)
        items = listed.json().get("items", []) if listed.status_code == 200 else []
        if not items:
            return
        entry = random.choice(items)
        if entry["patent_number"]:  # empty for an application not (yet) granted
            self.client.get(page("assessment API", number=entry["patent_number"]), name="assessment API")
        with self.client.post(page("office review API", entry=entry["id"]), name="office review API",
                              headers=self.token, json={"comment": "负载测试：技术经理人评估", "trl": 5},
                              catch_response=True) as response:
            if response.status_code == 409:  # another office user of the same university reviewed it first
                response.success()


class Importer(SignedIn):
    """One office importing a small CSV of its patents about once a minute. Each import queues the whole register's
    re-scoring, industry classification, push matching and an index update on the workers, so imports are kept to
    the rate offices have rather than one per office user."""

    fixed_count = 1
    wait_time = between(45, 75)
    kind = "offices"

    @task
    def import_patents(self) -> None:
        body, content_type = multipart("file", "load-test-synthetic.csv", import_csv(self.account["organisation"]))
        self.client.post(page("import API"), name="import API", data=body,
                         headers={**self.token, "Content-Type": content_type})


class Regulator(SignedIn):
    """The provincial regulator's dashboard and the records behind its figures."""

    weight = 1
    wait_time = between(3, 12)
    kind = "regulators"

    def on_start(self) -> None:
        super().on_start()
        self.sign_in()

    @task(3)
    def dashboard(self) -> None:
        if random.random() < 0.5:
            self.client.get(page("KPI dashboard"), name="KPI dashboard")
        else:
            self.client.get(page("KPI dashboard (city)", city=random.choice(DATA["cities"])), name="KPI dashboard")

    @task(2)
    def records(self) -> None:
        self.client.get(page("KPI records", figure=random.choice(KPI_FIGURES)), name="KPI records")

    @task(1)
    def summary(self) -> None:
        self.client.get(page("KPI summary API"), name="KPI summary API", headers=self.token)
