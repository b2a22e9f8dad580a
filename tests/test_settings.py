"""Settings: production-like variables pass `check --deploy`; production refuses to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    dropped = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_check_deploy_with_production_like_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="hadir.bengkulukota.go.id",
        DATABASE_URL="postgres://hadir@db.internal:5432/hadir",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_it_uses_a_psycopg_pool_for_postgres_urls():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], bool(d['OPTIONS'].get('pool')), d['CONN_MAX_AGE'], s.TIME_ZONE, s.USE_TZ)"
    )
    result = _manage(
        "shell", "--no-imports", "-c", code, DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x"
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "True",
        "0",
        "Asia/Jakarta",
        "True",
    ]
