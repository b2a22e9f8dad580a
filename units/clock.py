"""The one clock: every "now" and "today" in Hadir comes from here, so tests can freeze it."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's business date in Asia/Jakarta."""
    return timezone.localdate(now())
