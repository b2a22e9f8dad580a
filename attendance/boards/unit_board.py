"""The unit board ("Kehadiran hari ini"): every person of a unit today, with the counts at the top.

The counts and the status filter are pure functions over (planned mode, DayStatus) pairs, so they are
tested on a table worked out by hand. `gather` reads everything in bulk: one call to
attendance.evaluation.bulk.evaluate for today (the slow-changing tables from memory), plus one query each for
the pending requests, the pending corrections and the check-ins waiting for verification, whatever the
number of staff. A check-in waiting for verification (or rejected) does not count: the person is not on
site, and the day reads "MV · menunggu verifikasi" until a head decides.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from attendance.boards import coverage
from attendance.boards.coverage import UnitCoverage
from attendance.evaluation.bulk import evaluate, local
from attendance.evaluation.status import DayStatus, on_site_now
from attendance.models import CheckIn, Correction, Verification
from attendance.month import calendar
from policy.models import Arrangement
from policy.plan import day_plan
from policy.plan.building import tables
from policy.plan.forms import DAY_OFF_LABEL, MODE_LABELS, shift_label
from units.models import Employee, Shift, Unit

# Status filter values (GET parameter "status"); "" shows everybody.
NOT_IN = "belum"
LATE = "terlambat"
WFH = "wfh"
AWAY = "cuti-dl"
STATUS_CHOICES = [
    ("", _("Semua")),
    (NOT_IN, _("Belum masuk")),
    (LATE, _("Terlambat")),
    (WFH, _("WFH")),
    (AWAY, _("Cuti, DL, sakit, izin")),
]
WORKING_MODES = (day_plan.ONSITE, day_plan.WFH)  # the check-ins decide the day
AWAY_MODES = (day_plan.DL, day_plan.CUTI, day_plan.SAKIT, day_plan.IZIN)  # away with an approved reason
OFF_MODES = (day_plan.LIBUR, day_plan.OFF)


def is_late(status: DayStatus) -> bool:
    return any(code.startswith("TL") for code in status.codes)


def matches(choice: str, mode: str, status: DayStatus) -> bool:
    """Whether a person with this planned mode and status is shown under the status filter."""
    if choice == NOT_IN:
        return mode in WORKING_MODES and not status.present
    if choice == LATE:
        return is_late(status)
    if choice == WFH:
        return mode == day_plan.WFH
    if choice == AWAY:
        return mode in AWAY_MODES
    return True


@dataclass(frozen=True)
class Counts:
    total: int = 0
    expected_on_site: int = 0  # planned on site today
    # On site now (attendance.evaluation.status.on_site_now, late ones included; and people still on last night's
    # shift): the same count as the city board and the public status page.
    present: int = 0
    gone: int = 0  # planned on site, checked in and already checked out
    late: int = 0  # checked in late (on site or WFH)
    not_in: int = 0  # planned on site or WFH, no check-in yet (TK once the day is over)
    wfh: int = 0  # planned WFH
    wfh_in: int = 0  # planned WFH and checked in
    away: int = 0  # DL, cuti, sakit, izin
    off: int = 0  # holiday, day off, off-shift


def count(days: Iterable[tuple[str, DayStatus]], *, on_night_shift: int = 0) -> Counts:
    """The counts at the top of the board, from each person's (planned mode, status) today, and the number of
    people still on a night shift that began yesterday (on site now too)."""
    tally: dict[str, int] = defaultdict(int)
    tally["present"] = on_night_shift
    for mode, status in days:
        tally["total"] += 1
        if mode == day_plan.ONSITE:
            tally["expected_on_site"] += 1
            tally["present"] += on_site_now(mode, status)
            tally["gone"] += status.present and status.last_out is not None
        if mode == day_plan.WFH:
            tally["wfh"] += 1
            tally["wfh_in"] += status.present
        if mode in WORKING_MODES and not status.present:
            tally["not_in"] += 1
        tally["late"] += is_late(status)
        tally["away"] += mode in AWAY_MODES
        tally["off"] += mode in OFF_MODES
    return Counts(**tally)


@dataclass
class Row:
    employee: Employee
    planned: day_plan.PlannedDay
    status: DayStatus
    mode_label: str
    label: str  # the day's codes in letters and words (attendance.month.calendar.day_label)
    checkin: CheckIn | None  # the day's first check-in that counts
    flagged_out: list[CheckIn] = field(default_factory=list)  # check-outs with a location flag
    requests: list[Arrangement] = field(default_factory=list)  # pending
    corrections: list[Correction] = field(default_factory=list)  # pending
    verifications: list[Verification] = field(default_factory=list)  # pending

    @property
    def needs_decision(self) -> bool:
        return bool(self.requests or self.corrections or self.verifications)

    @property
    def code_class(self) -> str:
        """The CSS class suffix of the day's code ("tl1", "h", "none")."""
        return slugify(self.status.code) or "none"


@dataclass
class Group:
    unit: Unit
    rows: list[Row]  # after the status filter
    staff: int  # before it


@dataclass
class Board:
    day: dt.date
    counts: Counts
    groups: list[Group]
    shown: int
    total: int
    coverage: list[UnitCoverage] = field(default_factory=list)  # each unit of the board now
    pending_requests: int = 0  # of everybody on the board, whatever the status filter
    pending_corrections: int = 0
    pending_verifications: int = 0
    # Set by the unit board's page (attendance.boards.views), which reads their rows only when some are counted:
    pending_swaps: int = 0  # shift swaps waiting for a head
    alerts: int = 0  # coverage alerts of the board's units shown today

    @property
    def day_off(self) -> bool:
        """Nobody on the board works today (weekend, holiday, everybody off-shift)."""
        return self.total > 0 and self.counts.off == self.total


def _mode_label(planned: day_plan.PlannedDay, shifts: dict[int, Shift]) -> str:
    if planned.shift_id in shifts:
        return shift_label(shifts[planned.shift_id])
    if planned.mode == day_plan.LIBUR and planned.holiday:
        return _("Libur: %(name)s") % {"name": planned.holiday}
    if planned.mode == day_plan.LIBUR and planned.source == "schedule":
        return str(DAY_OFF_LABEL)
    return str(MODE_LABELS[planned.mode])


def expected_first(row: Row) -> bool:
    """Sort key of a group's rows: people planned on site who have not arrived yet come first."""
    return not (row.planned.mode == day_plan.ONSITE and not row.status.present)


def gather(
    staff: QuerySet[Employee], units: list[Unit], moment: dt.datetime, *, status_filter: str = "",
    day: dt.date | None = None,
) -> Board:
    """The board of these people (a queryset with `unit` loaded, in display order) today, with the coverage
    of `units` (the board's units, `parent` loaded) at `moment`: each unit's on-site count against its
    minimum, counted from the same evaluation. `day`: an earlier day evaluated as it stands at `moment`
    (the daily attendance list of a past day, attendance.boards.daily); its counts mean nothing "now".

    About 10 queries whatever the number of people: one evaluation (the plan's own inputs and the day's
    events; policies, holidays, schedules, shifts and bands from memory, as the board only shows them), the
    people on a night shift that began yesterday, pending requests, pending corrections, check-ins waiting
    for verification. In each unit the people expected on site and not here yet come first."""
    day = day or local(moment).date()
    employees = list(staff)
    found = tables()
    covered = coverage.rows_for(units, moment, found)
    if not employees:
        return Board(day, Counts(), [], 0, 0, coverage=list(covered.values()))
    ids = [e.pk for e in employees]
    result = evaluate(employees, [day], now=moment, tables=found)
    night = coverage.night_shift_ids(staff, moment, found)
    coverage.tally(covered, result, night, day)
    requests = defaultdict(list)
    for a in Arrangement.objects.filter(employee_id__in=ids, status=Arrangement.Status.PENDING).order_by(
        "start_date", "created_at"
    ):
        requests[a.employee_id].append(a)
    corrections = defaultdict(list)
    for c in Correction.objects.filter(employee_id__in=ids, status=Correction.Status.PENDING).order_by(
        "date", "created_at"
    ):
        corrections[c.employee_id].append(c)
    verifications = defaultdict(list)
    for v in Verification.objects.filter(employee_id__in=ids, status=Verification.Status.PENDING).order_by(
        "date", "created_at"
    ):
        verifications[v.employee_id].append(v)
    shifts = found.shift_models
    groups: dict[int, Group] = {}
    pairs = []
    labels: dict[tuple, str] = {}  # the same codes and minutes read the same
    modes: dict[int, str] = {}  # id of a PlannedDay (people with the same plan share one) → its words
    for employee in result.plan.employees:
        planned = result.plan.cells[(employee.pk, day)]
        status = result.status(employee.pk, day)
        pairs.append((planned.mode, status))
        group = groups.setdefault(employee.unit_id, Group(employee.unit, [], 0))
        group.staff += 1
        if not matches(status_filter, planned.mode, status):
            continue
        events = result.checkins.get((employee.pk, day), [])
        ins = [e for e in events if e.kind == CheckIn.Kind.IN]
        flagged_out = [e for e in events if e.kind == CheckIn.Kind.OUT and e.flagged]
        key = (status.codes, status.late_minutes, status.early_minutes, status.missing_out, id(planned))
        if key not in labels:
            labels[key] = calendar.day_label(day, day, status, planned)
        if id(planned) not in modes:
            modes[id(planned)] = _mode_label(planned, shifts)
        group.rows.append(
            Row(
                employee=employee,
                planned=planned,
                status=status,
                mode_label=modes[id(planned)],
                label=labels[key],
                checkin=ins[0] if ins else None,
                flagged_out=flagged_out,
                requests=requests.get(employee.pk, []),
                corrections=corrections.get(employee.pk, []),
                verifications=verifications.get(employee.pk, []),
            )
        )
    for group in groups.values():
        group.rows.sort(key=expected_first)  # stable: the display order otherwise
    shown = sum(len(g.rows) for g in groups.values())
    return Board(
        day,
        count(pairs, on_night_shift=len(night)),
        list(groups.values()),
        shown,
        len(pairs),
        coverage=[row for row in covered.values() if row.staff or row.minimums],
        pending_requests=sum(map(len, requests.values())),
        pending_corrections=sum(map(len, corrections.values())),
        pending_verifications=sum(map(len, verifications.values())),
    )


class FilterForm(forms.Form):
    """The board's filters, read from the query string; a value it does not know is ignored."""

    status = forms.ChoiceField(label=_("Tampilkan"), choices=STATUS_CHOICES, required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, data, *, units: list[Unit], top: Unit):
        super().__init__(data)
        self.units = {u.code: u for u in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("Semua unit (%(name)s dan sub-unit)") % {"name": top.short_name})] + [
            (u.code, "\u00a0\u00a0" * (u.depth - top.depth) + u.name) for u in units
        ]

    def _value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        value = self.data.get(name, "")
        choices = cast(list[tuple[str, str]], cast(forms.ChoiceField, self.fields[name]).choices)
        return value if value in dict(choices) else ""

    @property
    def status_value(self) -> str:
        return self._value("status")

    @property
    def unit_value(self) -> Unit | None:
        """The unit chosen: only its own staff are shown (None: the whole board)."""
        return self.units.get(self._value("unit"))
