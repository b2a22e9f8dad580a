"""The one clock: every "now" and "today" in Hadir comes from here, so tests can freeze it."""

import datetime as dt

from django.utils import timezone

# The dates Hadir works with. Python's calendar stops at years 1 and 9999, where the week, month or year
# around a date does not exist (OverflowError): forms refuse a date outside this range instead.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's business date in Asia/Jakarta."""
    return timezone.localdate(now())
