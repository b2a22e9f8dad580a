"""The planned mode of a person on a day, and the on-site minimum of a unit: pure functions.

Order of precedence for one person and day:
  not a working day (schedule, holiday)      → libur / lepas shift
  an approved request (DL, cuti, sakit, ...)  → that request
  a unit head's assignment for the day        → that assignment
  the policy resolution                       → di kantor, or WFH when a policy requires it
"""

import datetime as dt
import math
from dataclasses import dataclass

from policy.plan import precedence

ONSITE = "onsite"
WFH = "wfh"
DL = "dl"
CUTI = "cuti"
SAKIT = "sakit"
IZIN = "izin"
LIBUR = "libur"
OFF = "off"  # off-shift

CHECKIN_MODES = (ONSITE, WFH)  # the modes whose check-ins decide the day

# Arrangement kind → planned mode
ARRANGEMENT_MODES = {"wfh": WFH, "wfa": WFH, "dl": DL, "cuti": CUTI, "sakit": SAKIT, "izin": IZIN}


@dataclass(frozen=True)
class Site:
    """A DL's activity site (SE BKPSDM 4/2025), from a request or a head's DL assignment: on the DL's days
    the check-ins are fenced there."""

    name: str
    latitude: float
    longitude: float
    radius_m: int


@dataclass(frozen=True)
class PlannedDay:
    mode: str
    source: str  # "schedule", "holiday", "arrangement", "assignment", "policy"
    resolution: precedence.Resolution | None = None
    arrangement_id: int | None = None
    shift_id: int | None = None
    holiday: str = ""
    site: Site | None = None  # a DL's activity site: its days ask for check-ins, fenced there

    @property
    def on_site(self) -> bool:
        return self.mode == ONSITE

    @property
    def activity_site(self) -> bool:
        return self.site is not None

    @property
    def checks_in(self) -> bool:
        """The day asks for check-ins: on site, WFH, or a DL at its activity site (checked in there)."""
        return self.mode in CHECKIN_MODES or self.site is not None

    @property
    def checks_break(self) -> bool:
        """The day may ask for a break check-in (on site or WFH; a DL at its site is DL whatever its check-ins)."""
        return self.mode in CHECKIN_MODES


def plan_day(
    *,
    working: bool,
    holiday: str = "",
    # (id, kind, activity site) of an approved arrangement covering the day
    arrangement: tuple[int, str, Site | None] | None = None,
    # (mode, shift id, activity site) set by the head
    assignment: tuple[str, int | None, Site | None] | None = None,
    resolution: precedence.Resolution = precedence.DEFAULT,
    shift_based: bool = False,
) -> PlannedDay:
    if holiday and not shift_based:
        return PlannedDay(LIBUR, "holiday", holiday=holiday)
    if not working and not shift_based:
        return PlannedDay(LIBUR, "schedule")
    if arrangement is not None:
        arrangement_id, kind, site = arrangement
        mode = ARRANGEMENT_MODES[kind]
        return PlannedDay(
            mode, "arrangement", resolution, arrangement_id=arrangement_id, site=site if mode == DL else None
        )
    if assignment is not None:
        mode, shift_id, site = assignment
        return PlannedDay(mode, "assignment", resolution, shift_id=shift_id, site=site if mode == DL else None)
    if shift_based:
        # Shift staff are on site only on the shifts their head assigns.
        return PlannedDay(OFF, "schedule", resolution, holiday=holiday)
    if resolution.rule == precedence.WFH_REQUIRED:
        return PlannedDay(WFH, "policy", resolution)
    return PlannedDay(ONSITE, "policy", resolution)


@dataclass(frozen=True)
class MinimumRule:
    policy_id: int
    policy_title: str
    service_role: str  # "" for all staff
    count: int | None
    percent: int | None


def required_on_site(rules: list[MinimumRule], staff_by_role: dict[str, int]) -> dict[str, int]:
    """Minimum on site per service role ("" = all staff) for one unit: the largest rule for each role."""
    needed: dict[str, int] = {}
    total = sum(staff_by_role.values())
    for rule in rules:
        pool = total if not rule.service_role else staff_by_role.get(rule.service_role, 0)
        value = max(rule.count or 0, math.ceil((rule.percent or 0) * pool / 100))
        needed[rule.service_role] = max(needed.get(rule.service_role, 0), value)
    return needed


@dataclass(frozen=True)
class Shortfall:
    service_role: str
    needed: int
    planned: int

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.planned)


def shortfalls(needed: dict[str, int], on_site_by_role: dict[str, int]) -> list[Shortfall]:
    """Roles (and "" for all staff) where the planned on-site count is below the minimum."""
    result = []
    for role, count in needed.items():
        planned = sum(on_site_by_role.values()) if role == "" else on_site_by_role.get(role, 0)
        if planned < count:
            result.append(Shortfall(role, count, planned))
    return result


def week_of(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=i) for i in range(7)]
