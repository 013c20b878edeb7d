"""Every setting read from the environment and every project command is documented; deploy check is clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_setting_is_documented():
    source = (ROOT / "patentbridge/settings.py").read_text()
    names = set(re.findall(r'env_(?:bool|list)\("([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = (ROOT / "docs/settings.md").read_text()
    assert names and not {n for n in names if f"`{n}`" not in documented}


def test_every_project_command_is_documented():
    commands = {p.stem.replace("_", "-") for p in ROOT.glob("patentbridge/*/management/commands/*.py")
                if not p.stem.startswith("_")}
    documented = (ROOT / "docs/commands.md").read_text()
    assert commands and not {c for c in commands if f"patentbridge {c}" not in documented}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "PATENTBRIDGE_ENV": "production", "SECRET_KEY": "x" * 64 + "-not-a-real-key-9Q!",
           "ALLOWED_HOSTS": "ip.example.gov.cn", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "PATENTBRIDGE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "patentbridge.settings"}
    result = subprocess.run([sys.executable, "-m", "patentbridge.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {**os.environ, "PATENTBRIDGE_ENV": "production", "PATENTBRIDGE_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "patentbridge.cli", "check"], env=env, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
