"""Shared helpers for the correction and month tests: a frozen Friday 10 April 2026, check-ins,
corrections. Import what you use: `from tests.attendance.test_correction_fixtures import april, ...`.

April 2026: Wednesday 1 is the first day; Friday 3 is a holiday in these tests; the five-day test
schedule runs 07:30–16:00 (Friday 16:30).
"""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from attendance.models import CheckIn, Correction
from policy import audit
from policy.models import AuditEvent
from tests import conftest
from units import clock

TODAY = dt.date(2026, 4, 10)  # Friday
MONDAY = dt.date(2026, 4, 6)
TUESDAY = dt.date(2026, 4, 7)
WEDNESDAY = dt.date(2026, 4, 8)
THURSDAY = dt.date(2026, 4, 9)


def jakarta(day, hh, mm, ss=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm, ss)))


@pytest.fixture
def april(monkeypatch):
    """Now is Friday 10 April 2026, 12:00 in Bengkulu (clock.today follows clock.now)."""
    monkeypatch.setattr(clock, "now", lambda: jakarta(TODAY, 12, 0))
    monkeypatch.setattr(conftest, "_seq", itertools.count(1))
    return TODAY


def check(employee, day, kind, hh, mm, ss=0, **extra) -> CheckIn:
    return CheckIn.objects.create(
        employee=employee, date=day, kind=kind, at=jakarta(day, hh, mm, ss),
        created_by=employee.user, **extra,
    )


def pending(employee, day=MONDAY, kind="lupa_pulang", **extra) -> Correction:
    """A pending correction with its "requested" audit event, as the form would leave it."""
    extra.setdefault("reason", "Lupa menekan tombol pulang")
    if kind == "lupa_pulang":
        extra.setdefault("time_out", dt.time(16, 5))
    if kind == "lupa_masuk":
        extra.setdefault("time_in", dt.time(7, 25))
    if kind == "dl_mendadak":
        extra.setdefault("spt_number", "800/12/SPT/2026")
    correction = Correction.objects.create(employee=employee, date=day, kind=kind, **extra)
    audit.record(
        employee.user, AuditEvent.Action.REQUESTED, employee=employee, note=correction.reason,
        correction=str(correction.code), kind=kind, date=str(day),
    )
    return correction


def approve(client, correction, **data):
    return client.post(f"/koreksi/{correction.code}/setujui/", data)


def reject(client, correction, **data):
    return client.post(f"/koreksi/{correction.code}/tolak/", data)
