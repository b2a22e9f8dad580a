"""The check-in hot path: the person's business day, where they are, one insert.

A check-in POST costs six queries in four round trips on PostgreSQL: the session, the user with the
employee (units.access), their own plan inputs for yesterday and today (approved arrangements and the
head's assignments, through the queryset methods `build_plan` uses) together with the events of those two
days in one round trip, and the insert. The slow-changing tables the plan needs (unit paths, policies,
holidays, schedules, shifts, deduction bands) come from memory (policy.plan.reference). The plan itself is
the bulk form with one element (policy.plan.building.person_cells). Nothing here reads boards or recaps.
The reads and the insert are the ORM's statements compiled once (attendance.checkin.sql).

Integrity: the database allows one "in" per person and day (checkin_one_in_per_day), one use of a form
token (CheckIn.token) and one use of a kiosk code per person (checkin_qr_once_per_person). The insert
runs in a savepoint; when a constraint refuses it, the row that won is returned instead, so double taps,
retries and concurrent requests all get the same first check-in back.

A check-out may be repeated (the latest one counts), but one departure is in effect per person and day:
a new check-out supersedes the day's departure (CheckIn.supersedes), and the database lets a day's
departures form one chain only (checkin_one_first_out_per_day, checkin_superseded_once). Concurrent
check-outs that read the same day collide there and get the winner back, and one within
DEPARTURE_REPEAT_WINDOW of the departure in effect is answered with it without writing: a storm of
taps stores one row.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError
from django.utils.translation import gettext as _

from attendance.checkin import geo, sql
from attendance.evaluation.bulk import counting, local, remembered_bands
from attendance.evaluation.status import CHECKOUT_WINDOW, DayStatus, evaluate_day
from attendance.models import FLAGGED_LOCATIONS, CheckIn
from policy.plan import day_plan
from policy.plan.building import person_cells, tables
from units.models import Employee, Unit
from units.schedule import Hours

IN, OUT = CheckIn.Kind.IN, CheckIn.Kind.OUT
Location = CheckIn.Location
CHECKIN_MODES = (day_plan.ONSITE, day_plan.WFH)
CORRECTION = CheckIn.Method.CORRECTION

# A check-out this soon after the departure in effect is the same departure tapped again (a double tap,
# a storm of retries with new forms): it is answered with that departure rather than replacing it.
DEPARTURE_REPEAT_WINDOW = dt.timedelta(seconds=60)

# What the browser reported (the form's hidden location_status field).
POSITION_OK = "ok"
POSITION_STATUSES = {
    "denied": Location.DENIED,
    "unavailable": Location.UNAVAILABLE,
    "timeout": Location.TIMEOUT,
}

# Outcomes of `record`.
RECORDED = "recorded"
DUPLICATE = "duplicate"  # a retry or a second "in": the first row is returned
NEEDS_REASON = "needs_reason"
REFUSED = "refused"
CONFIRM = "confirm"  # a kiosk scan that would check out before the end of the hours: ask first


# The pure part: where is the person, and what does that mean.


@dataclass(frozen=True)
class Position:
    """What the phone said; status is "ok", "denied", "unavailable", "timeout" or "" (no script)."""

    latitude: float | None = None
    longitude: float | None = None
    accuracy: float | None = None
    status: str = ""

    @property
    def known(self) -> bool:
        return self.status == POSITION_OK and self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Fence:
    place: str  # "office" or "home"
    latitude: float
    longitude: float
    radius_m: int
    refuse_outside: bool


def fence_for(employee: Employee, mode: str) -> Fence | None:
    """The office on an on-site day, the registered home on a WFH day; None when there is no point."""
    unit = employee.unit
    refuse = unit.outside_fence == Unit.OutsideFence.REFUSE
    if mode == day_plan.ONSITE and unit.latitude is not None and unit.longitude is not None:
        return Fence("office", float(unit.latitude), float(unit.longitude), unit.geofence_radius_m, refuse)
    if mode == day_plan.WFH and employee.home_latitude is not None and employee.home_longitude is not None:
        return Fence(
            "home", float(employee.home_latitude), float(employee.home_longitude), unit.geofence_radius_m, refuse
        )
    return None


def locate(position: Position, fence: Fence | None) -> tuple[str, int | None]:
    """(CheckIn.Location, distance in metres or None). A location that could not be read is
    flagged whether or not there is a fence: it is asked for on every check-in."""
    if not position.known or position.latitude is None or position.longitude is None:
        return POSITION_STATUSES.get(position.status, Location.UNAVAILABLE), None
    if fence is None:
        return Location.NOT_CHECKED, None
    distance = geo.distance_m(position.latitude, position.longitude, fence.latitude, fence.longitude)
    inside = geo.inside_fence(distance, fence.radius_m, position.accuracy)
    return (Location.INSIDE if inside else Location.OUTSIDE), round(distance)


def location_problem(location: str, distance: int | None, fence: Fence | None) -> str:
    """The flag in plain words ("Di luar radius kantor (320 m)"), or "" when nothing is wrong."""
    if location == Location.OUTSIDE:
        if fence and fence.place == "home":
            return _("Di luar radius rumah terdaftar (%(m)s m)") % {"m": distance}
        return _("Di luar radius kantor (%(m)s m)") % {"m": distance}
    if location == Location.DENIED:
        return _("Izin lokasi ditolak di peramban")
    if location == Location.TIMEOUT:
        return _("Lokasi tidak didapat (waktu habis)")
    if location == Location.UNAVAILABLE:
        return _("Lokasi tidak tersedia")
    return ""


# The person's day.


@dataclass
class Day:
    """One person's business day as the check-in page and the POST see it."""

    employee: Employee
    date: dt.date
    cell: day_plan.PlannedDay
    hours: Hours | None
    events: list[CheckIn]  # the events that count on `date`, in time order
    night_shift_out: bool = False  # a check-out for a shift that began yesterday
    status: DayStatus | None = field(default=None)
    # The end of the day's chain of phone and kiosk check-outs, corrected or not: what a new check-out
    # supersedes (a correction replaces a departure through `corrects`, outside the chain).
    departure: CheckIn | None = None

    @property
    def needs_checkin(self) -> bool:
        return self.cell.mode in CHECKIN_MODES

    @property
    def next_kind(self) -> str | None:
        if not self.needs_checkin:
            return None
        return OUT if self.first_in else IN

    @property
    def first_in(self) -> CheckIn | None:
        return next((e for e in self.events if e.kind == IN), None)

    @property
    def last_out(self) -> CheckIn | None:
        outs = [e for e in self.events if e.kind == OUT]
        return outs[-1] if outs else None

    def repeated_departure(self, now: dt.datetime) -> CheckIn | None:
        """The departure in effect when a check-out now would only repeat it (within the window)."""
        if self.next_kind == OUT and self.departure is not None:
            if now < self.departure.at + DEPARTURE_REPEAT_WINDOW:
                return self.departure
        return None

    @property
    def late_code(self) -> str:
        return next((c for c in self.status.codes if c.startswith("TL")), "") if self.status else ""

    @property
    def early_code(self) -> str:
        return next((c for c in self.status.codes if c.startswith("PSW")), "") if self.status else ""

    def evaluate(self, now: dt.datetime, late_bands=None, early_bands=None) -> DayStatus:
        """The day's status through attendance.evaluation.status.evaluate_day, as every board and recap does."""
        if late_bands is None:
            late_bands, early_bands = remembered_bands()
        ins = [local(e.at) for e in self.events if e.kind == IN]
        outs = [local(e.at) for e in self.events if e.kind == OUT]
        self.status = evaluate_day(
            day=self.date,
            planned=self.cell,
            hours=self.hours,
            first_in=min(ins) if ins else None,
            last_out=max(outs) if outs else None,
            now=local(now),
            late_bands=late_bands,
            early_bands=early_bands,
        )
        return self.status


def _departure(events: list[CheckIn], day: dt.date) -> CheckIn | None:
    """The end of the chain of the day's phone and kiosk check-outs (`events` in time order, corrected
    ones included): the departure no other supersedes."""
    outs = [e for e in events if e.date == day and e.kind == OUT and e.method != CORRECTION]
    superseded = {e.supersedes_id for e in outs}
    return next((e for e in reversed(outs) if e.pk not in superseded), None)


def day_for(employee: Employee, today: dt.date, now: dt.datetime) -> Day:
    """The business day a check-in made now belongs to: today, except a check-out during a night
    shift that started yesterday (yesterday's shift crosses midnight, yesterday has a check-in,
    today has none, and the shift's check-out window is still open)."""
    yesterday = today - dt.timedelta(days=1)
    arrangements, assignments, rows = sql.read(employee.pk, yesterday, today)
    found = tables()
    cells = person_cells(
        employee, [yesterday, today], arrangements=arrangements, assignments=assignments, tables=found
    )
    by_day = {day: cells[(employee.pk, day)] for day in (yesterday, today)}
    events = counting(rows)  # events_by_day for one person
    timetable = found.timetables[employee.effective_schedule_id]

    def hours(day):
        cell = by_day[day]
        return found.shifts.get(cell.shift_id) if cell.shift_id else timetable.hours_on(day)

    before, now_events = events.get((employee.pk, yesterday), []), events.get((employee.pk, today), [])
    night = hours(yesterday)
    if (
        night is not None
        and night.crosses_midnight
        and any(e.kind == IN for e in before)
        and not any(e.kind == IN for e in now_events)
        and local(now) < night.bounds(yesterday)[1] + CHECKOUT_WINDOW
    ):
        return Day(
            employee, yesterday, by_day[yesterday], night, before, night_shift_out=True,
            departure=_departure(rows, yesterday),
        )
    return Day(employee, today, by_day[today], hours(today), now_events, departure=_departure(rows, today))


# The write.


@dataclass
class Outcome:
    result: str  # RECORDED, DUPLICATE, NEEDS_REASON, REFUSED
    day: Day
    checkin: CheckIn | None = None
    message: str = ""  # the refusal or the flag, in plain words
    location: str = ""
    distance: int | None = None
    fence: Fence | None = None

    @property
    def ok(self) -> bool:
        return self.result in (RECORDED, DUPLICATE)


def _decimal(value: float | None, places: int = 6) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.{places}f}")


def not_needed_text(cell: day_plan.PlannedDay) -> str:
    if cell.mode == day_plan.LIBUR:
        return _("Hari ini libur; tidak perlu presensi.")
    if cell.mode == day_plan.OFF:
        return _("Hari ini Anda tidak dijadwalkan pada shift mana pun; tidak perlu presensi.")
    names = {day_plan.DL: _("dinas luar"), day_plan.CUTI: _("cuti"), day_plan.SAKIT: _("sakit"), day_plan.IZIN: _("izin")}
    return _("Hari ini Anda tercatat %(mode)s (pengajuan disetujui); tidak perlu presensi.") % {
        "mode": names.get(cell.mode, cell.mode)
    }


def record(
    employee: Employee,
    user,
    *,
    today: dt.date,
    now: dt.datetime,
    position: Position = Position(),
    reason: str = "",
    token=None,
    kiosk_unit: Unit | None = None,
    qr_nonce: str = "",
    intended: str = "",
    early_out_confirmed: bool = False,
) -> Outcome:
    """Check the person in (or out) now. `intended` is the button the person pressed: a "Presensi
    masuk" sent after the day's check-in exists (another tab, a retry with a new form) answers with
    that check-in rather than turning into a check-out. With `kiosk_unit` it is a QR check-in at that
    unit: the kiosk vouches for presence, so the position is not asked for; a scan has no button
    saying "pulang", so a check-out before the end of the hours waits for `early_out_confirmed`."""
    day = day_for(employee, today, now)
    if not day.needs_checkin:
        return Outcome(REFUSED, day, message=not_needed_text(day.cell))
    if intended == IN and day.first_in is not None:
        first = day.first_in
        return Outcome(DUPLICATE, day, first, location=first.location, distance=first.distance_m)
    reason = reason.strip()
    if kiosk_unit is not None:
        replayed = CheckIn.objects.filter(employee=employee, qr_nonce=qr_nonce).first()
        if replayed is not None:
            return _replay(day, replayed)
    repeated = day.repeated_departure(now)
    if repeated is not None:
        return _replay(day, repeated)
    kind = day.next_kind
    assert kind is not None  # needs_checkin was checked above
    location: str
    if kiosk_unit is not None:
        if day.next_kind == OUT and not early_out_confirmed and day.hours is not None:
            if local(now) < day.hours.bounds(day.date)[1]:
                return Outcome(CONFIRM, day)
        fence, location, distance = None, Location.NOT_CHECKED, None
    else:
        fence = fence_for(employee, day.cell.mode)
        location, distance = locate(position, fence)
        problem = location_problem(location, distance, fence)
        if location in FLAGGED_LOCATIONS:
            if fence is not None and fence.refuse_outside:
                return Outcome(REFUSED, day, message=_refusal(problem), location=location, distance=distance, fence=fence)
            if not reason:
                message = _("%(problem)s: alasan wajib diisi.") % {"problem": problem}
                if location == Location.DENIED:
                    message += " " + _(
                        "Agar tidak perlu alasan, izinkan akses lokasi untuk situs ini di pengaturan "
                        "peramban, lalu tekan tombol lagi."
                    )
                return Outcome(NEEDS_REASON, day, message=message, location=location, distance=distance, fence=fence)
    row = CheckIn(
        employee=employee,
        date=day.date,
        kind=kind,
        at=now,
        method=CheckIn.Method.QR if kiosk_unit else CheckIn.Method.PHONE,
        unit=kiosk_unit or employee.unit,
        planned_mode=day.cell.mode,
        latitude=None if kiosk_unit else _decimal(position.latitude),
        longitude=None if kiosk_unit else _decimal(position.longitude),
        accuracy_m=None if kiosk_unit or position.accuracy is None else round(position.accuracy),
        distance_m=distance,
        location=location,
        reason=reason,
        token=token,
        qr_nonce=qr_nonce,
        supersedes=day.departure if day.next_kind == OUT else None,
        created_by=user,
    )
    try:
        sql.insert(row)
    except IntegrityError:
        existing = _winner(row)
        if existing is None and qr_nonce:
            replayed = CheckIn.objects.filter(employee=employee, qr_nonce=qr_nonce).first()
            if replayed is not None:
                return _replay(day, replayed)
        if existing is None:
            raise
        if existing.employee_id != employee.pk:
            return Outcome(REFUSED, day, message=_("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu coba lagi."))
        _merge(day, existing)
        return Outcome(DUPLICATE, day, existing, location=existing.location, distance=existing.distance_m, fence=fence)
    _merge(day, row)
    return Outcome(RECORDED, day, row, location=location, distance=distance, fence=fence)


def _winner(row: CheckIn) -> CheckIn | None:
    """The row that made the insert fail: the same form token, the day's first check-in, or the
    departure that took the check-out's place in the day's chain."""
    if row.token is not None:
        found = CheckIn.objects.filter(token=row.token).first()
        if found is not None:
            return found
    if row.kind == IN:
        return (
            CheckIn.objects.filter(employee_id=row.employee_id, date=row.date, kind=IN)
            .exclude(method=CheckIn.Method.CORRECTION)
            .first()
        )
    if row.supersedes_id is not None:
        return CheckIn.objects.filter(supersedes_id=row.supersedes_id).first()
    return (
        CheckIn.objects.filter(employee_id=row.employee_id, date=row.date, kind=OUT, supersedes=None)
        .exclude(method=CheckIn.Method.CORRECTION)
        .first()
    )


def _merge(day: Day, row: CheckIn) -> None:
    if all(e.pk != row.pk for e in day.events) and row.date == day.date:
        day.events = sorted([*day.events, row], key=lambda e: (e.at, e.pk))
        extends = row.supersedes_id == (day.departure.pk if day.departure else None)
        if row.kind == OUT and row.method != CORRECTION and extends:
            day.departure = row


def _refusal(problem: str) -> str:
    return _(
        "%(problem)s. Unit Anda hanya menerima presensi dari dalam radius, jadi presensi ini tidak "
        "dicatat. Izinkan akses lokasi dan dekati titik kantor lalu coba lagi, atau pindai kode QR di "
        "kios kantor."
    ) % {"problem": problem}


def _replay(day: Day, used: CheckIn) -> Outcome:
    """The same kiosk code scanned again by the same person: usually a retry whose answer was lost
    (a 503 after the commit, a dropped connection). Like a retry of the phone form, it gets the row
    already saved back ("Sudah tercatat sebelumnya"), never a second one and never a refusal. Also
    the answer to a check-out repeated within DEPARTURE_REPEAT_WINDOW: the departure in effect."""
    _merge(day, used)
    return Outcome(DUPLICATE, day, used, location=used.location, distance=used.distance_m)
