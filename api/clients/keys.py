"""API keys: issued once (the caller shows the full key a single time), kept as a prefix and the SHA-256 of the
secret, expiring, rotated and revoked. A key reads `hadir_<prefix>_<secret>`."""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from api.models import ApiClient, ApiKey
from units import clock
from units.models import Unit

PREFIX = "hadir_"
DEFAULT_LIFETIME = dt.timedelta(days=365)
ROTATION_GRACE = dt.timedelta(days=7)  # the old key keeps working this long after a rotation
# The demo's known key (manage.py create_api_client --demo, printed by make run): accepted only with DEBUG on, so a
# demo database served in production does not open with it.
DEMO_KEY = "hadir_demo2026_bukan-untuk-produksi"
DEMO_PREFIX = "demo2026"


@dataclass(frozen=True)
class Issued:
    key: ApiKey
    plain: str  # the whole key, to show once; never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(client: ApiClient, *, lifetime: dt.timedelta = DEFAULT_LIFETIME, plain: str = "") -> Issued:
    """A new key for `client`. `plain`: a known key (the demo's, DEBUG only), else a random one."""
    if plain:
        prefix, secret = split(plain) or ("", "")
    else:
        prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = clock.now()
    key = ApiKey.objects.create(
        client=client, prefix=prefix, secret_hash=_hash(secret), created_at=now, expires_at=now + lifetime
    )
    return Issued(key, f"{PREFIX}{prefix}_{secret}")


def split(plain: str) -> tuple[str, str] | None:
    """(prefix, secret) of a key as given, or None when it has not the shape of one."""
    if not plain.startswith(PREFIX):
        return None
    prefix, _sep, secret = plain[len(PREFIX) :].partition("_")
    if not prefix or not secret or len(prefix) > 16:
        return None
    return prefix, secret


def find(plain: str) -> ApiKey | None:
    """The live key (not expired, not revoked, its client active) that `plain` is, with its client (1 query)."""
    parts = split(plain)
    if parts is None:
        return None
    prefix, secret = parts
    if prefix == DEMO_PREFIX and not settings.DEBUG:
        return None
    key = ApiKey.objects.select_related("client").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
        return None
    if key.revoked_at is not None or key.expires_at <= clock.now() or not key.client.is_active:
        return None
    return key


def service_user(client: ApiClient) -> None:
    """Give `client` its audit account (once): inactive, with no usable password."""
    if client.user_id is not None:
        return
    user = get_user_model().objects.create_user(username=f"api-{client.code}", password=None, is_active=False)
    ApiClient.objects.filter(pk=client.pk).update(user=user)
    client.user = user


@transaction.atomic
def register(
    name: str, contact: str, *, units: Iterable[Unit] = (), whole_city: bool = False, write: bool = False
) -> Issued:
    """A new client system with its first key (and its webhook secret and audit account)."""
    client = ApiClient.objects.create(
        name=name, contact=contact, whole_city=whole_city, can_write=write, webhook_secret=new_webhook_secret()
    )
    client.units.set(units)
    service_user(client)
    return issue(client)


@transaction.atomic
def rotate(client: ApiClient, *, grace: dt.timedelta = ROTATION_GRACE) -> Issued:
    """A new key; the client's other live keys end after `grace` (time to switch the other system over)."""
    ends = clock.now() + grace
    client.keys.filter(revoked_at__isnull=True, expires_at__gt=ends).update(expires_at=ends)
    return issue(client)


def revoke(key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=clock.now())


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)
