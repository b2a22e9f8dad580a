"""Sign-in throttling with django-axes: a NIP is locked whatever the address, an address whatever the NIP.

Axes counts failed sign-ins (database, table axes_accessattempt) per NIP and per client address within
the cool-off window (settings.LOGIN_COOLOFF_MINUTES), and takes the larger of the two counts. Axes has
one limit; Hadir wants two, because a whole office shares one public address behind its NAT:

- a NIP is locked after settings.LOGIN_FAILURE_LIMIT failures (5), from any address;
- an address is locked after settings.LOGIN_FAILURE_LIMIT_IP failures (20), for any NIP.

`failure_limit` gives axes the NIP's limit once that NIP alone has reached it, and the address's limit
otherwise: "the larger count reaches the limit" then means exactly "the NIP reached 5 or the address
reached 20". A successful sign-in forgets that person's own failures from that address
(`LoginThrottleHandler`). A lock ends by itself after the cool-off; an admin ends it earlier by deleting
the "Access attempts" in the Django admin.
"""

import datetime as dt
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from config import proxy


def _failures(request, **lookup) -> int:
    since = get_cool_off_threshold(request)
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_limit(request, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: the NIP's limit when the NIP alone reached it, else the address's."""
    per_nip = settings.LOGIN_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    if _failures(request, username=username) >= per_nip:
        return per_nip
    return max(per_nip, settings.LOGIN_FAILURE_LIMIT_IP)


class LoginThrottleHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in, forget the person's own failures from this address only.

        Axes would forget every failure from the address and every failure for the NIP: someone with
        an account could then sign in between guesses at a colleague's password and never be locked.
        """
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        count, _ = attempts.delete()
        return count


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address that reached us (config.proxy: behind a trusted proxy, the
    one the proxy saw)."""
    return proxy.client_address(request)


def _unlocks_at(request, limit: int, **lookup) -> dt.datetime | None:
    """When the failures matching `lookup` drop below `limit`; None if they are below it already.

    Axes keeps one row per NIP, address and browser, stamped with its latest failure, and counts a row
    while that stamp is within the cool-off: the lock ends when enough rows, newest first, fall out."""
    since = get_cool_off_threshold(request)
    rows = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup).order_by("-attempt_time")
    total = 0
    for attempt_time, failures in rows.values_list("attempt_time", "failures_since_start"):
        total += failures
        if total >= limit:
            return attempt_time + get_cool_off(request)
    return None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page (429) saying why sign-in is refused and from when to try again."""
    username = get_client_username(request, credentials)
    by_nip = _unlocks_at(request, settings.LOGIN_FAILURE_LIMIT, username=username)
    by_address = _unlocks_at(
        request,
        max(settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_IP),
        ip_address=request.axes_ip_address,
    )
    now = timezone.now()
    until = max([t for t in (by_nip, by_address) if t] or [now + get_cool_off(request)])
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    context = {
        "by_nip": by_nip is not None,
        "until": timezone.localtime(until),
        "minutes": minutes,
        "limit": settings.LOGIN_FAILURE_LIMIT if by_nip else settings.LOGIN_FAILURE_LIMIT_IP,
        "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
