"""Shared helpers for the request and approval tests: a frozen Friday, policies, pending requests.

Import the fixtures you use by name: `from tests.policy.requests_fixtures import friday, make_policy`.
"""

import datetime as dt
import itertools

import pytest

from policy.models import Arrangement, Policy, StaffingMinimum
from tests import conftest
from units import clock
from units.models import Employee

FRIDAY = dt.date(2026, 2, 27)
MONDAY = dt.date(2026, 3, 2)
TUESDAY = dt.date(2026, 3, 3)
WEDNESDAY = dt.date(2026, 3, 4)


@pytest.fixture
def friday(monkeypatch):
    """Today is Friday 27 February 2026; requests are for the week of Monday 2 March.

    Also restarts the NIP sequence of tests.conftest for the test: its three-digit serial overflows
    (a 19-digit NIP) once the whole suite has built about a thousand people. Each test has its own
    database, so the numbers only need to be unique within it.
    """
    monkeypatch.setattr(clock, "today", lambda: FRIDAY)
    monkeypatch.setattr(conftest, "_seq", itertools.count(1))
    return FRIDAY


def make_policy(world, **extra) -> Policy:
    defaults = dict(
        title="Tidak menerapkan WFH bagi ASN",
        legal_basis_type="se_walikota",
        legal_basis_number="800/1/2026",
        decided_by="Wali Kota Bengkulu",
        decided_on=dt.date(2026, 1, 21),
        effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFO_REQUIRED,
        reason="Loket tidak boleh kosong",
        scope_city=True,
        status=Policy.Status.ACTIVE,
        created_by=world.admin_user,
    )
    return Policy.objects.create(**{**defaults, **extra})


def allow_wfh(world, days=2, **extra) -> Policy:
    return make_policy(
        world,
        title="Uji coba WFH",
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=days,
        legal_basis_type="se_bkpsdm",
        legal_basis_number="800/9/BKPSDM/2026",
        decided_on=dt.date(2026, 2, 1),
        **extra,
    )


def minimum(policy, unit, count, role="") -> StaffingMinimum:
    return StaffingMinimum.objects.create(
        policy=policy, unit=unit, service_role=role, min_count=count
    )


def pending(employee, kind="wfh", start=MONDAY, end=None, **extra) -> Arrangement:
    return Arrangement.objects.create(
        employee=employee,
        kind=kind,
        start_date=start,
        end_date=end or start,
        working_days=extra.pop("working_days", 1),
        **extra,
    )


def staff(world, unit, name, **extra) -> Employee:
    from tests.conftest import make_employee

    extra.setdefault("home_address", f"Jl. {name} 1")
    return make_employee(unit, name, **extra)
