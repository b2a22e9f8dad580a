"""Registered kiosk devices (issue 16, item 4): a counter tablet shows its unit's rotating QR code without anyone's
account signed in on it.

A head registers the tablet from the tablet itself: Hadir makes a random token, keeps only its SHA-256 in a
KioskDevice row bound to the unit, puts the token in a long-lived cookie scoped to /kios/ (HttpOnly, SameSite=Lax,
Secure over HTTPS) and signs the head out of that browser. The kiosk screen (/kios/layar/) then answers for the
device, not for a person: it shows the unit's code, name and clock, and nothing else. Signing the head out
elsewhere does not stop it; revoking the device does, at the next poll.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from attendance.models import KioskDevice
from units.models import Unit

COOKIE = "hadir_kiosk"
COOKIE_PATH = "/kios/"
COOKIE_AGE = 5 * 365 * 24 * 3600  # seconds: the tablet stays a kiosk until revoked
SEEN_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often (the screen polls every 5 s)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(unit: Unit, name: str, user, now: dt.datetime) -> tuple[KioskDevice, str]:
    """A new device of `unit` and the token its browser keeps (shown nowhere else, stored only hashed)."""
    token = secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(unit=unit, name=name, token_hash=digest(token), created_by=user, created_at=now)
    return device, token


def keep(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=COOKIE_AGE, path=COOKIE_PATH, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def of(request: HttpRequest, now: dt.datetime) -> KioskDevice | None:
    """The registered, unrevoked device this browser is (its unit read with it), or None."""
    token = request.COOKIES.get(COOKIE, "")
    if not token or len(token) > 200:
        return None
    device = (
        KioskDevice.objects.select_related("unit").filter(token_hash=digest(token), revoked_at__isnull=True).first()
    )
    if device is not None and (device.last_seen_at is None or now - device.last_seen_at >= SEEN_EVERY):
        KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return device
