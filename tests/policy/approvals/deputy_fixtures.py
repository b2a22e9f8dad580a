"""Shared helpers for the deputy (Plh./Plt.) and withdrawal tests: a frozen Friday 10 April 2026 (the
april fixture of the correction tests), a deputy for Kelurahan Alpha Satu and pending requests."""

import datetime as dt

from tests.attendance.approvals.test_correction_fixtures import TODAY  # noqa: F401
from tests.conftest import make_employee
from units.deputies.appointing import appoint
from units.models import Deputy

NEXT_MONDAY = dt.date(2026, 4, 13)


def sekretaris(world):
    """The staff member of Kelurahan Alpha Satu who stands in for the lurah."""
    return make_employee(world.kel_alpha1, "Sekretaris Alpha Satu", position_title="Sekretaris Kelurahan")


def name_deputy(world, deputy, start, end, unit=None, kind=Deputy.Kind.PLH) -> Deputy:
    unit = unit or world.kel_alpha1
    head = world.lurah_alpha1 if unit == world.kel_alpha1 else None
    data = {"deputy": deputy, "kind": kind, "start_date": start, "end_date": end, "reason": "Cuti tahunan"}
    return appoint(unit, head, world.lurah_alpha1.user, data)
