import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3Y-" + "x7Qp9LmZ2vR8tW4nB6cD1fG5hJ0kS3aE" * 2


def run_check(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "key",
    ["", "django-insecure-dev-only-key-do-not-use-in-production", "change-me", "short-key"],
)
def test_production_refuses_missing_or_default_secret_key(key):
    result = run_check({"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean_with_realistic_settings(tmp_path):
    result = run_check(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "kennis.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "VAR_DIR": str(tmp_path),
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_boolean_setting_is_a_clear_error():
    result = run_check({"SECRET_KEY": GOOD_KEY, "DEBUG": "misschien"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_requires_two_factor_authentication_of_editors():
    env = {k: v for k, v in os.environ.items() if k != "TWO_FACTOR_REQUIRED_FOR_EDITORS"}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": GOOD_KEY})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "print(settings.TWO_FACTOR_REQUIRED_FOR_EDITORS)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "True", result.stderr


def test_the_suite_runs_on_the_test_settings(settings):
    # `make` exports the dev settings for `make run`; the tests must not inherit them (outgoing
    # links, mail backend and the database would silently be the developer's).
    assert settings.SETTINGS_MODULE == "portal.settings.test"
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
