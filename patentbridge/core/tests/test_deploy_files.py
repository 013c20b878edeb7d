"""The files in deploy/ stay true to the code: the commands they run exist, every scheduled command has a timer,
env.example names exactly the settings read, gunicorn and nginx accept their configurations, and the wheel that the
container installs carries every file the package reads."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
# `environ.get` too: settings.s3_storage reads the S3_* variables from the mapping it is given (os.environ).
ENV_READ = re.compile(r'(?:(?:os\.)?environ\.get|os\.getenv|env_bool|env_list|os\.environ\[)\(?\s*"([A-Z][A-Z0-9_]*)"')


def _commands_run() -> dict[str, str]:
    """Every `patentbridge COMMAND` in the units and the compose file, with the file that runs it."""
    found = {c: p.name for p in UNITS.glob("*.service") for c in re.findall(r"bin/patentbridge (\S+)", p.read_text())}
    compose = DEPLOY / "compose.yaml"
    text = compose.read_text()
    shell = [c for line in re.findall(r'\["sh", "-c", "([^"]+)"', text) for c in re.findall(r"patentbridge (\S+)", line)]
    return {**found, **{c: compose.name for c in re.findall(r'\["patentbridge", "([^"]+)"', text) + shell}}


def test_every_command_the_deployment_runs_exists():
    known = set(get_commands())
    commands = _commands_run()
    assert {"run-auctions", "db-worker", "migrate", "createcachetable"} <= set(commands)
    assert not {c: f for c, f in commands.items() if c.replace("-", "_") not in known}


def test_every_command_the_docs_say_to_schedule_has_a_timer():
    rows = re.findall(r"^\| `patentbridge ([a-z-]+)[^`]*` \| (.*) \|$", (ROOT / "docs/commands.md").read_text(), re.M)
    scheduled = {name for name, text in rows if re.search(r"schedule|^(daily|yearly|each minute)", text, re.I)}
    timed = {re.search(r"bin/patentbridge (\S+)", (UNITS / f"{t.stem}.service").read_text()).group(1)
             for t in UNITS.glob("*.timer")}
    assert len(scheduled) >= 10 and scheduled == timed


def test_every_timer_starts_a_oneshot_service_and_every_oneshot_service_has_a_timer():
    timers = {t.stem for t in UNITS.glob("*.timer")}
    oneshots = {s.stem for s in UNITS.glob("*.service") if "Type=oneshot" in s.read_text()}
    assert timers and timers == oneshots


def test_every_unit_reads_the_environment_file():
    units = list(UNITS.glob("*.service"))
    assert units and all("EnvironmentFile=/etc/patentbridge/env" in u.read_text() for u in units)


def _env_example_names() -> set[str]:
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", (DEPLOY / "env.example").read_text(), re.M))


def _names_read(*paths: Path) -> set[str]:
    return {name for path in paths for name in ENV_READ.findall(path.read_text())}


def test_env_example_names_every_setting_read_from_the_environment():
    read = _names_read(ROOT / "patentbridge/settings.py", DEPLOY / "gunicorn.conf.py")
    assert "DATABASE_REPLICA_URL" in read and not read - _env_example_names()


def test_env_example_names_nothing_that_is_not_read():
    read = _names_read(ROOT / "patentbridge/settings.py", DEPLOY / "gunicorn.conf.py")
    assert not _env_example_names() - read


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "GUNICORN_"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "patentbridge.settings", "PATENTBRIDGE_VAR_DIR": str(tmp_path),
            "SEARCH_WARM_ON_START": "0", "PYTHONPATH": str(ROOT), **extra}


def test_gunicorn_accepts_the_configuration(tmp_path):
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "-c", str(DEPLOY / "gunicorn.conf.py"),
                             "patentbridge.wsgi"], cwd=ROOT, env=_clean_env(tmp_path), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str], deadline: float) -> int:
    """One request once the server listens (the first one waits while Django loads)."""
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=90) as response:
                return response.status
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_gunicorn_logs_each_request_as_json_with_nginx_request_id(tmp_path):
    port = _free_port()
    env = _clean_env(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", GUNICORN_THREADS="2")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
                               "patentbridge.wsgi"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        status = _get(f"http://127.0.0.1:{port}/accounts/login/", {"X-Request-ID": "req-0123456789"},
                      time.monotonic() + 60)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    # gunicorn's own access lines (the application logs its own line per request too, without the user agent)
    lines = [x for x in (json.loads(line) for line in output.splitlines() if line.startswith("{")) if "user_agent" in x]
    assert status == 200 and [(x["request_id"], x["path"], x["status"]) for x in lines] == [
        ("req-0123456789", "/accounts/login/", 200)]


def test_the_container_health_check_asks_the_health_page():
    script = (DEPLOY / "healthcheck.py").read_text()
    assert '"/health/"' in script and resolve("/health/").url_name == "health"
    assert "healthcheck.py" in (DEPLOY / "Containerfile").read_text()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_site_with_a_certificate(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=ip.example.gov.cn", "-keyout", key, "-out", cert], check=True, capture_output=True)
    site = (DEPLOY / "nginx/patentbridge.conf").read_text()
    site = site.replace("/etc/patentbridge/tls/fullchain.pem", str(cert)).replace("/etc/patentbridge/tls/privkey.pem",
                                                                                 str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n"
                                         f"  include /etc/nginx/mime.types;\n  include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run(["nginx", "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_nginx_allows_the_largest_import_upload():
    site = (DEPLOY / "nginx/patentbridge.conf").read_text()
    limits = [int(m) for m in re.findall(r"client_max_body_size (\d+)m;", site)]
    assert max(limits) * 1024 * 1024 > settings.IMPORT_UPLOAD_MAX_BYTES
    assert min(limits) > settings.CASEWORK_ATTACHMENT_MAX_MB


def test_the_wheel_carries_every_file_the_package_reads():
    patterns = re.search(r'"\*" = \[(.*)\]', (ROOT / "pyproject.toml").read_text()).group(1)
    patterns = re.findall(r'"([^"]+)"', patterns)
    package_dirs = {p.parent for p in (ROOT / "patentbridge").rglob("__init__.py")}
    included = {Path(d, f) for d in package_dirs for pattern in patterns
                for f in glob.glob(pattern, root_dir=d, recursive=True)}
    needed = {p for p in (ROOT / "patentbridge").rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
              and "__pycache__" not in p.parts and "tests" not in p.parts}
    assert not {str(p.relative_to(ROOT)) for p in needed - included}
