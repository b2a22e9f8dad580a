"""Which browser a phone check-in came from (issue 15): a random id kept in a long-lived cookie by the check-in
page, stored with each phone check-in (CheckIn.device). It identifies nothing about the phone or the person (no
fingerprinting): it only lets the spoofing signals see one browser used to check in several people
(attendance.integrity.signals.shared_devices). Clearing the browser's cookies gives it a new one."""

import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "hadir_device"
MAX_AGE = 2 * 365 * 24 * 3600
VALID = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def of(request: HttpRequest) -> str:
    """The browser's id, or "" when it has none (yet) or sent something else."""
    found = request.COOKIES.get(COOKIE, "")
    return found if VALID.match(found) else ""


def new() -> str:
    return secrets.token_urlsafe(16)


def keep(response: HttpResponse, device: str) -> None:
    response.set_cookie(
        COOKIE, device, max_age=MAX_AGE, httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
