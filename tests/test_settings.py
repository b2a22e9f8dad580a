"""Settings: production-like variables pass `check --deploy`; production refuses to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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



def _production(*expressions, **env):
    """Each expression (over `s`, the settings) printed by a fresh process with production variables."""
    code = "from django.conf import settings as s;" + ";".join(f"print(repr({e}))" for e in expressions)
    production = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "hadir.example"}
    result = _manage("shell", "--no-imports", "-c", code, **{**production, **env})
    assert result.returncode == 0, result.stderr
    return [eval(line) for line in result.stdout.strip().splitlines()[-len(expressions) :]]


def test_production_throttles_sign_in_and_sends_a_content_security_policy():
    assert _production(
        "s.AUTHENTICATION_BACKENDS",
        "s.MIDDLEWARE[-1]",
        "'config.middleware.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE",
        "'axes' in s.INSTALLED_APPS",
        "s.AXES_LOCKOUT_PARAMETERS",
        "(s.LOGIN_FAILURE_LIMIT, s.LOGIN_FAILURE_LIMIT_IP, s.AXES_COOLOFF_TIME.total_seconds())",
        "(s.AXES_RESET_ON_SUCCESS, s.BEHIND_PROXY)",
        "(s.CSP, s.CSP_REPORT_ONLY)",
        "(s.UPLOAD_MAX_BYTES, s.IMPORT_MAX_BYTES)",
    ) == [
        [
            "axes.backends.AxesStandaloneBackend",
            "units.auth.EmployeeBackend",
            "units.access.EmployeeBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
        "axes.middleware.AxesMiddleware",
        True,
        True,
        ["ip_address", "username"],
        (5, 20, 900.0),
        (True, False),
        (True, False),
        (2 * 1024 * 1024, 5 * 1024 * 1024),
    ]


def test_the_security_knobs_follow_their_variables():
    assert _production(
        "(s.LOGIN_FAILURE_LIMIT, s.LOGIN_FAILURE_LIMIT_IP, s.AXES_COOLOFF_TIME.total_seconds())",
        "(s.CSP, s.CSP_REPORT_ONLY, s.BEHIND_PROXY)",
        "(s.UPLOAD_MAX_BYTES, s.IMPORT_MAX_BYTES)",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_FAILURE_LIMIT_IP="50",
        LOGIN_COOLOFF_MINUTES="60",
        CSP_REPORT_ONLY="1",
        BEHIND_PROXY="1",
        UPLOAD_MAX_BYTES="1048576",
        IMPORT_MAX_BYTES="10485760",
    ) == [(3, 50, 3600.0), (True, True, True), (1048576, 10485760)]
    assert _production("s.CSP", CSP="0") == [False]


def test_it_refuses_a_throttle_that_never_locks():
    result = _manage("check", DEBUG="1", LOGIN_FAILURE_LIMIT="0")
    assert result.returncode != 0 and "LOGIN_FAILURE_LIMIT" in result.stderr


def test_cache_url_chooses_the_cache():
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import cache_from_url

    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("file:///var/cache/hadir") == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/cache/hadir",
        "OPTIONS": {"MAX_ENTRIES": 10_000},  # not Django's 300: the recap's kept days would be culled
    }
    assert cache_from_url("redis://10.0.0.5:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.0.0.5:6379/1",
    }
    for wrong in ("redis", "file://relative/path", "memcached://x:11211"):
        with pytest.raises(ImproperlyConfigured):
            cache_from_url(wrong)


def _redis_url() -> str:
    """A Redis database of its own for this test run, on the machine's Redis (skipped without one)."""
    import socket

    import pytest

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/13"


@pytest.mark.parametrize("kind", ["file", "redis"])
def test_a_shared_cache_is_shared_by_two_processes(tmp_path, kind):
    """With CACHE_URL=file://… or redis://… an admin's change seen by one worker (the reference tables'
    generation) reaches another process at once."""
    url = f"file://{tmp_path / 'cache'}" if kind == "file" else _redis_url()
    if kind == "redis":
        import redis

        redis.Redis.from_url(url).flushdb()
    bump = "from policy.plan import reference; reference.bump(); reference.bump(); print(reference.generation())"
    read = "from policy.plan import reference; print(reference.generation())"
    first = _manage("shell", "-c", bump, DEBUG="1", CACHE_URL=url)
    second = _manage("shell", "-c", read, DEBUG="1", CACHE_URL=url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split()[-1] == second.stdout.split()[-1] == "2"


def _serve_commands(*overrides: str) -> str:
    """What `make serve` would run (make -n prints the commands without running them)."""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        ["make", "-n", "serve", *overrides], cwd=root, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_make_serve_listens_on_this_machine_only_unless_told_otherwise():
    """Issue 11, finding 8: gunicorn reachable from the network let a client forge X-Forwarded-For."""
    assert "--bind 127.0.0.1:8000 " in _serve_commands()
    assert "--bind 0.0.0.0:8080 " in _serve_commands("BIND=0.0.0.0", "PORT=8080")
    assert "manage.py db_worker" in _serve_commands()


def test_make_run_and_make_serve_start_the_worker_and_the_minute_scheduler():
    """Issue 14: the coverage scan needs both, with no other service."""
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(["make", "-n", "run"], cwd=root, capture_output=True, text=True, check=True).stdout
    for commands in (run, _serve_commands()):
        assert "manage.py db_worker" in commands and "manage.py run_scheduler" in commands
        assert "kill $worker $scheduler" in commands
