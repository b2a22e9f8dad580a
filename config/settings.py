"""Hadir settings: one file, every knob an environment variable with a safe local default.

See README.md ("Environment variables") for the list.
"""

import datetime as dt
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (see README.md).")
    SECRET_KEY = "django-insecure-local-development-only"

# The demo clock (README.md, "Demo clock"): a date, a date and time, or "auto" (the next working morning when
# now is not within a working day's hours). Only for trying Hadir locally: refused when DEBUG is off.
DEMO_CLOCK = env("HADIR_DEMO_DATE")
DEMO_CLOCK_FROM = env("HADIR_DEMO_FROM")
if DEMO_CLOCK and not DEBUG:
    raise ImproperlyConfigured("HADIR_DEMO_DATE is only for the demo: it is refused when DEBUG is off.")
if DEMO_CLOCK and DEMO_CLOCK != "auto":
    try:
        dt.datetime.fromisoformat(DEMO_CLOCK)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"HADIR_DEMO_DATE must be YYYY-MM-DD, YYYY-MM-DDTHH:MM or auto, not {DEMO_CLOCK!r}"
        ) from error

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Served over HTTPS (behind a TLS-terminating proxy): secure cookies, HSTS and the HTTPS redirect.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, and take the client's address from the
# last X-Forwarded-For entry the proxy appended, for sign-in throttling; only for requests that come
# from TRUSTED_PROXIES (config.proxy drops these headers from anyone else).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
try:
    [ipaddress.ip_network(value, strict=False) for value in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (config.middleware.ContentSecurityPolicyMiddleware): only the app's own scripts,
# styles and images, no inline code. CSP_REPORT_ONLY=1 reports violations without refusing anything.
CSP = env_bool("CSP", True)
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # phones stay signed in for a month

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "units",
    "policy",
    "attendance",
    "api",  # last: api may import the three apps above, nothing imports it but config/urls.py
]

MIDDLEWARE = [
    "config.proxy.ProxyHeadersMiddleware",  # first: what follows never reads a forged forwarded header
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.NulByteMiddleware",  # inside the CSP one: its 400 carries the header too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.unavailable.DatabaseUnavailableMiddleware",  # 503 page; outside the session: sees its save
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "units.passwords.middleware.PasswordChangeRequiredMiddleware",
    "config.middleware.HtmxMessagesMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused sign-in into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Django's backend, with its check told about the i18n library below (config/i18n_tags.py); named
        # "django" as Django's is, so engines["django"] and django-template-partials find it.
        "BACKEND": "config.i18n_tags.Templates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.access",
                "units.context_processors.demo_clock",
            ],
            # Django's i18n tags, remembering each constant message's text per language (config/i18n_tags.py).
            "libraries": {"i18n": "config.i18n_tags"},
        },
    },
]

# DATABASE_URL selects the database; the default is a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker (`db_worker`) write to the same file: WAL lets readers
    # go on during a write, IMMEDIATE takes the write lock at BEGIN (no deadlock between two
    # transactions that both read first), and a writer waits up to 20 s for the other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's prepared statements, which Django turns off by default: only the check-in's cursor uses them
    # (attendance/checkin/sql.py, prepared_cursor); Django's own cursors bind on the client and never prepare.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", True
):
    # psycopg 3 connection pool (Django >= 5.1); persistent connections must stay off.
    # After a database restart (bench/faults.py; the figures: docs/performance.md, "Database
    # connections"):
    # - conn_health_checks makes Django give the pool check=check_connection: a connection the
    #   restart cut is dropped when taken (one empty query), never handed to a view; but each one
    #   dropped costs the waiting request a back-off pause (1 s, then 2 s), so a gunicorn sync
    #   worker, which needs one connection, keeps one idle (min_size 1; max_idle shrinks a pool
    #   that grew back within minutes);
    # - a request waits up to `timeout` for a connection: a short restart only slows the
    #   requests, a longer outage gives the 503 page (config.unavailable);
    # - reconnection backs off 1, 2, 4… s; ending each series after `reconnect_timeout` lets the
    #   next request start a new one, so the app is back soon after the database rather than at
    #   the end of psycopg's own back-off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(env("DATABASE_POOL_MAX", "10")),
        "max_idle": 60,
        "timeout": 5,
        "reconnect_timeout": 5,
    }



def cache_from_url(url: str) -> dict:
    """Django's cache settings from CACHE_URL:
    - locmem:// (the default): each process its own memory; fine for one worker or `make run`;
    - file:///var/cache/hadir: files shared by the workers of one machine;
    - redis://host:6379/0 (or rediss://): shared by every worker on every machine; needs the Redis client
      (`pip install -e '.[redis]'`).
    What lives there: board snapshots (attendance.boards.snapshot), the reference tables' generation
    (policy.plan.reference), the trends' per-day figures and the public status page."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ImproperlyConfigured(f"CACHE_URL must look like locmem://, file:///path or redis://host, not {url!r}")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "hadir"}
    if scheme == "file":
        if not rest.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL file:// needs an absolute path (file:///var/cache/hadir), not {url!r}")
        # Django's default of 300 entries would cull the city recap's kept days among the boards' snapshots.
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest,
                "OPTIONS": {"MAX_ENTRIES": 10_000}}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not one of locmem, file, redis, rediss")


CACHES = {"default": cache_from_url(env("CACHE_URL", "locmem://"))}
# Part of every cache key. Bump it when a class whose instances are cached moves or changes shape (a
# shared cache outlives a deploy: an entry pickled by the old code must be missed, not unpickled).
# 2: the feature packages of issue 12 moved attendance.coverage.UnitCoverage and attendance.trends.Counts.
CACHES["default"]["VERSION"] = 2

# Background work (README, "Background work"): tasks are rows in the database, run by
# `manage.py db_worker` (make run starts one beside the web server). TASKS_IMMEDIATE=1 runs each task
# inside the request that enqueues it (the tests do; never in production: a long import would hold the
# request).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Coverage alerts (attendance/alerts/scan.py, README "Coverage alerts"): a frontline unit below its on-site minimum
# raises an alert this many minutes after it opens, and the alert climbs to the unit above and BKPSDM when nobody
# has taken it on this many minutes after it was raised.
ALERT_GRACE_MINUTES = int(env("ALERT_GRACE_MINUTES", "10"))
ALERT_ESCALATE_MINUTES = int(env("ALERT_ESCALATE_MINUTES", "15"))
# Reminders to staff (attendance/alerts/reminders.py): minutes after the start of the hours with no arrival,
# before the break check-in window closes without one, and after the end with no departure.
REMIND_ARRIVAL_MINUTES = int(env("REMIND_ARRIVAL_MINUTES", "5"))
REMIND_BREAK_MINUTES = int(env("REMIND_BREAK_MINUTES", "15"))
REMIND_DEPARTURE_MINUTES = int(env("REMIND_DEPARTURE_MINUTES", "30"))

# Telegram deliveries of notices (units/notifications/deliveries.py): the bot's token (unset: no Telegram), and
# the Bot API's address (a stub in the tests).
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_URL = env("TELEGRAM_API_URL", "https://api.telegram.org")
# Web Push of notices to installed phones (units/notifications/push.py): the VAPID key pair (`vapid --gen`, the
# private key as its base64url text or PEM, the public key as the browser's applicationServerKey) and a contact.
# Without the private key there is no Web Push.
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY")
WEBPUSH_VAPID_SUBJECT = env("WEBPUSH_VAPID_SUBJECT", "mailto:bkpsdm@bengkulukota.go.id")

# Passkeys (units/passkeys/): the relying party is the site's own host and origin; set these only behind a proxy
# that changes the host the app sees (README, "Environment variables").
PASSKEY_RP_ID = env("PASSKEY_RP_ID", "")
PASSKEY_ORIGIN = env("PASSKEY_ORIGIN", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes, see config/throttle.py): a NIP is locked after LOGIN_FAILURE_LIMIT
# failures from any address, an address after LOGIN_FAILURE_LIMIT_IP failures for any NIP (higher: a
# whole office shares one address), each for LOGIN_COOLOFF_MINUTES after the last failure counted.
# Admins unlock earlier by deleting the "Access attempts" in the Django admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the employee record and unit with the user (one query fewer on every page).
    "units.auth.EmployeeBackend",
    # Its path before the move: sessions signed in earlier name it (units.access.EmployeeBackend).
    "units.access.EmployeeBackend",
    # Sessions signed in before EmployeeBackend existed name ModelBackend; they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_IP = int(env("LOGIN_FAILURE_LIMIT_IP", "20"))
LOGIN_COOLOFF_MINUTES = int(env("LOGIN_COOLOFF_MINUTES", "15"))
if min(LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_LIMIT_IP, LOGIN_COOLOFF_MINUTES) < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT(_IP) and LOGIN_COOLOFF_MINUTES must be 1 or more.")
AXES_HANDLER = "config.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_FAILURE_LIMIT = "config.throttle.failure_limit"
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time the lockout page gives stays true
AXES_LOCKOUT_CALLABLE = "config.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.throttle.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only (no log of every sign-in's address)

LOGIN_URL = "login"
# A one-time password code (units.passwords) is good this long after a head or admin issues it.
PASSWORD_RESET_MINUTES = int(env("PASSWORD_RESET_MINUTES", "60"))
# A phone check-in whose reported accuracy is worse than the place's radius is asked to wait for a better fix
# (attendance.checkin.recording): after this many attempts it may be sent as outside the radius, with a reason.
CHECKIN_ACCURACY_TRIES = int(env("CHECKIN_ACCURACY_TRIES", "3"))
# A check-out more than this many minutes before the end of the hours asks "Presensi pulang sekarang?" first (the
# phone and the kiosk), and a person may take back their check-out for this many minutes after it (issue 16).
CHECKOUT_CONFIRM_MINUTES = int(env("CHECKOUT_CONFIRM_MINUTES", "30"))
CHECKOUT_UNDO_MINUTES = int(env("CHECKOUT_UNDO_MINUTES", "10"))
# The address Hadir is reached at, for links in e-mails (a password code's page).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# E-mail (a password code to a person who has an address): SMTP when EMAIL_HOST is set; otherwise
# the message is written to the log output (the console), which is what `make run` wants.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Hadir <hadir@localhost>")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Personal data retention (UU 27/2022 Pasal 43-44: delete what is no longer needed). Raw check-in coordinates
# and uploaded letters (sick letters are health data) are kept this many days after the day they concern;
# `manage.py purge_personal_data` (daily, see README) then clears them, keeping the status codes, the distance
# and the inside/outside flag. 92 = 31 (the TPP month) + 31 (the month in which it is verified and closed)
# + 30 (an appeal window after the closing): a record from the 1st of a month outlives its month's appeals.
PERSONAL_DATA_RETENTION_DAYS = int(env("PERSONAL_DATA_RETENTION_DAYS", "92"))
if PERSONAL_DATA_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("PERSONAL_DATA_RETENTION_DAYS must be 1 or more (see README.md).")

# Uploads: letters and attachments (PDF/JPG/PNG, checked by content) and the staff import (CSV/XLSX).
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(2 * 1024 * 1024)))
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields besides files
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger files are spooled to a temporary file

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
