"""Demo attendance history: believable check-ins, shift rosters and approved requests for the staff,
over the last DAYS days and the part of today that has already happened.

Called by `manage.py load_demo` after the organisation and the policies, so a newcomer's `make run`
shows filled calendars, recaps and boards.

Deterministic: each person's day is drawn from a random.Random seeded with (seed, NIP, date), so the
same seed gives the same history for a day whenever the command runs and whoever else is in the
database. Idempotent: roster entries and check-ins that exist (per person, day and kind) are skipped,
and no request is created that would overlap one the person has or a day that already has check-ins,
so a second run creates nothing new.

What it draws, per working day of a person (rates scale with a per-person habit): a few absences (TK),
some late arrivals (mostly TL1, fewer TL2–TL4), some early departures and forgotten check-outs, a small
share of check-ins outside the office fence with a reason; and approved requests (DL with an SPT, cuti
tahunan, sakit) that start on a working day. Requests never reach past today: the days ahead belong to
whoever tries the demo. Shift staff (a schedule of kind "shift") get a rotating roster of plan entries
(pagi, pagi, siang, siang, malam, malam, two days off) up to ROSTER_AHEAD days ahead and check in on
their shifts; a night shift's check-out the next morning belongs to the shift's start date. The demo
accounts keep today to themselves, so their first check-in is their own.

Cost: one plan (policy.plan.building.build_plan) for everybody over the whole period, a few queries to see
what exists, and bulk inserts (its time: docs/performance.md, "Demo data").
"""

import bisect
import datetime as dt
import itertools
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from attendance.checkin import geo
from attendance.evaluation.bulk import local
from attendance.models import CheckIn
from policy.models import Arrangement, AuditEvent, LeaveAllowance, PlanEntry
from policy.plan import day_plan
from policy.plan.building import build_plan
from units import clock, holidays
from units.demo import DEMO_ACCOUNTS
from units.models import Employee, Holiday, Schedule, Shift, Unit
from units.schedule import Hours

DAYS = 60
ROSTER_AHEAD = 14
BATCH = 2000

# Rates per working day for a person with average habits. Late and early bands: (rate, minutes).
ABSENT = 0.008
LATE = [(0.05, 1, 30), (0.012, 31, 60), (0.005, 61, 90), (0.003, 91, 180)]
EARLY = [(0.03, 1, 30), (0.008, 31, 60), (0.003, 61, 90), (0.002, 91, 150)]
NO_CHECK_OUT = 0.005
# A thinly staffed kelurahan: most of its staff are away on these days (every ninth day, and today), so
# the boards, the public page and the trends show a unit short of its minimum right after `make run`.
THIN_UNITS = ("17.71.03.1001",)
THIN_ABSENT = 0.7
THIN_EVERY = 9  # days; not 7, so the thin days move through the week
OUTSIDE = 0.015
# (share of staff, multiplier of the absence and lateness rates)
HABITS = [(0.15, 3.0), (0.40, 1.0), (0.45, 0.4)]
# Requests that start on a working day: kind, leave type, rate, lengths (working days), their weights.
REQUESTS = [
    (Arrangement.Kind.DL, "", 0.008, (1, 2, 3), (5, 3, 2)),
    (Arrangement.Kind.CUTI, Arrangement.LeaveType.TAHUNAN, 0.008, (1, 2, 3, 4, 5), (3, 3, 2, 1, 1)),
    (Arrangement.Kind.SAKIT, "", 0.005, (1, 2, 3), (6, 3, 1)),
]
REQUEST_RATES = [r[2] for r in REQUESTS]
# Each shift twice in order of start, then two days off. Staff of a unit start at spread-out phases.
ROTATION_OFF_DAYS = 2
PHASES = (0, 4, 2, 6, 1, 5, 3, 7)
GPS_ACCURACY_M = (5, 8, 10, 12, 15, 20, 30, 45)
GPS_ACCURACY_CUMULATIVE = list(itertools.accumulate((10, 20, 25, 15, 12, 10, 5, 3)))
GPS_ACCURACY_TOTAL = GPS_ACCURACY_CUMULATIVE[-1]
# The columns of a generated check-in (History.day_events); the others take their defaults.
CHECKIN_COLUMNS = [
    "employee_id",
    "date",
    "kind",
    "at",
    "method",
    "unit_id",
    "planned_mode",
    "created_by_id",
    "latitude",
    "longitude",
    "accuracy_m",
    "distance_m",
    "location",
    "reason",
]

REASONS = {
    Arrangement.Kind.DL: [
        "Rapat koordinasi di Kantor Gubernur Bengkulu",
        "Bimbingan teknis di Jakarta",
        "Konsultasi ke Kementerian Dalam Negeri",
        "Monitoring dan evaluasi ke kelurahan",
        "Pelatihan di BPSDM Provinsi Bengkulu",
        "Sosialisasi program ke kecamatan",
    ],
    Arrangement.Kind.CUTI: [
        "Keperluan keluarga",
        "Mengantar orang tua berobat ke Padang",
        "Pulang kampung ke Curup",
        "Menghadiri pernikahan saudara",
        "Mengurus anak masuk sekolah",
    ],
    Arrangement.Kind.SAKIT: [
        "Demam, istirahat di rumah",
        "Flu dan batuk",
        "Sakit gigi, berobat ke dokter gigi",
        "Gangguan pencernaan",
        "Kontrol ke dokter setelah rawat jalan",
    ],
}
OUTSIDE_REASONS = [
    "Parkir di luar pagar kantor, sinyal GPS melompat",
    "Langsung dari rapat di kantor camat",
    "Mengantar berkas ke kantor pos terlebih dahulu",
    "Sinyal GPS lemah di dalam gedung",
    "Pelayanan jemput bola di rumah warga",
]

# Salts that keep the independent draws of one person and day apart.
_HABIT, _REQUEST, _DETAIL, _DAY = 1, 2, 3, 4
_MASK = (1 << 64) - 1


def _mix(*parts: int) -> int:
    """A 64-bit hash of integers (splitmix64 steps): stable across runs and Python versions."""
    z = 0
    for part in parts:
        z = (z ^ (part & _MASK)) + 0x9E3779B97F4A7C15 & _MASK
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _MASK
        z ^= z >> 31
    return z


def _uniform(*parts: int) -> float:
    return _mix(*parts) / 2**64


def _pick(u: float, rates) -> int | None:
    """The index of the band that `u` falls in, the bands laid end to end from 0; None past the last."""
    for index, rate in enumerate(rates):
        if u < rate:
            return index
        u -= rate
    return None


# Field types whose Python values the database drivers take as they are.
_PLAIN_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _saver(field: models.Field) -> Callable[[Any], Any]:
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows given as tuples of `columns` (attnames); the model's other fields take their
    defaults. What bulk_create does, minus a model instance per row and a field call per value, which
    take most of bulk_create's time at 100,000 rows: PostgreSQL gets one COPY, SQLite executemany.
    Values are adapted only where a driver needs it (the database backend's own adapters)."""
    ops = connection.ops
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    defaulted = [f for name, f in fields.items() if name not in columns]
    names = list(columns) + [f.attname for f in defaulted]
    # A callable default (uuid4) needs a new value for each row.
    per_row = any(f.has_default() and callable(f.default) for f in defaulted)
    fixed = [f.get_default() for f in defaulted]
    adapters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(names):
        field = fields[name]
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            adapters.append((index, ops.adapt_datetimefield_value))
        elif kind == "DateField":
            adapters.append((index, ops.adapt_datefield_value))
        elif kind == "DecimalField":
            adapters.append((index, ops.adapt_decimalfield_value))
        elif kind not in _PLAIN_FIELDS:
            adapters.append((index, _saver(field)))

    def prepared():
        for row in rows:
            values = [*row, *([f.get_default() for f in defaulted] if per_row else fixed)]
            for index, adapt in adapters:
                if values[index] is not None:
                    values[index] = adapt(values[index])
            yield values

    table = ops.quote_name(model._meta.db_table)
    column_list = ", ".join(ops.quote_name(fields[name].column) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
            return
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(names))})"
        batch = []
        for values in prepared():
            batch.append(values)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@dataclass
class NewRequest:
    """An approved request (Arrangement) to insert, with who asked and decided, and when."""

    employee_id: int
    kind: str
    leave_type: str
    start: dt.date
    end: dt.date
    working_days: int
    spt_number: str
    reason: str
    requested: dt.datetime
    decided: dt.datetime
    requester: int
    decider: int


@dataclass
class Counts:
    checkins: int = 0
    roster: int = 0
    requests: int = 0

    def line(self, start: dt.date, end: dt.date, today_until: str) -> str:
        return (
            f"Demo history {start:%Y-%m-%d}–{end:%Y-%m-%d}{today_until}: {self.checkins:,} check-ins, "
            f"{self.requests:,} approved requests (DL, cuti, sakit), {self.roster:,} shift roster days "
            "created now.\n"
        )


def load(seed: int = 2026, days: int = DAYS) -> str:
    """Generate what is missing of the history; returns one line for the command to print."""
    if days <= 0:
        return ""
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "Demo history skipped: no admin account.\n"
    now = local(clock.now())
    today = now.date()
    start = today - dt.timedelta(days=days)
    if start.year < today.year:
        holidays.sync(range(start.year, today.year))  # load_demo seeds this year and the next
    with transaction.atomic():
        counts = History(seed, start, now, admin.pk).run()
    return counts.line(start, today - dt.timedelta(days=1), f" and today until {now:%H:%M}")


class History:
    def __init__(self, seed: int, start: dt.date, now: dt.datetime, admin_id: int):
        self.seed, self.start, self.now, self.admin_id = seed, start, now, admin_id
        self.today = now.date()
        self.period = [start + dt.timedelta(days=i) for i in range((self.today - start).days + 1)]
        self.staff = list(Employee.objects.active().select_related("unit").order_by("nip"))
        self.demo_nips = {a["nip"] for a in DEMO_ACCOUNTS}
        self.schedules = {s.pk: s for s in Schedule.objects.all()}
        self.shifts: dict[int, list[Shift]] = defaultdict(list)
        for shift in Shift.objects.order_by("start"):
            self.shifts[shift.schedule_id].append(shift)
        self.shift_hours = {s.pk: s.hours() for shifts in self.shifts.values() for s in shifts}
        self.heads: dict[int, int] = {}  # unit id → user id of its head (the first by NIP)
        heads = Employee.objects.active().filter(role=Employee.Role.HEAD, user__isnull=False)
        for unit_id, user_id in heads.order_by("nip").values_list("unit_id", "user_id"):
            self.heads.setdefault(unit_id, user_id)
        self.tz = timezone.get_default_timezone()
        self.counts = Counts()
        self.thin_unit_ids = set(Unit.objects.filter(code__in=THIN_UNITS).values_list("pk", flat=True))

    def run(self) -> Counts:
        self.counts.roster = self.load_roster()
        plan = build_plan(self.staff, self.period)
        self.cells = plan.cells
        self.timetables = plan.timetables
        self.existing_events = set(
            CheckIn.objects.filter(date__range=(self.start, self.today)).values_list(
                "employee_id", "date", "kind"
            )
        )
        self.days_with_events = {(e, d) for e, d, _kind in self.existing_events}
        self.existing_requests = defaultdict(list)
        for emp_id, first, last in Arrangement.objects.filter(
            status__in=[Arrangement.Status.PENDING, Arrangement.Status.APPROVED],
            start_date__lte=self.today,
            end_date__gte=self.start,
        ).values_list("employee_id", "start_date", "end_date"):
            self.existing_requests[emp_id].append((first, last))
        self.load_leave()
        requests: list[NewRequest] = []
        events: list[tuple] = []
        for employee in self.staff:
            self.generate(employee, requests, events)
        self.save_requests(requests)
        insert_rows(CheckIn, CHECKIN_COLUMNS, events)
        self.counts.checkins = len(events)
        return self.counts

    def load_leave(self) -> None:
        """Annual leave entitled, taken by cuti bersama and used, for the years of the period."""
        years = sorted({day.year for day in self.period})
        self.leave_entitled = LeaveAllowance.days_for(years)
        bersama = set(
            Holiday.objects.filter(
                category=Holiday.Category.GOVERNMENT, date__year__in=years
            ).values_list("date", flat=True)
        )
        self.leave_bersama = {
            (schedule_id, year): sum(
                1
                for d in bersama
                if d.year == year
                and (
                    self.schedules[schedule_id].kind == Schedule.Kind.SHIFT
                    or timetable.hours_on(d) is not None
                )
            )
            for schedule_id, timetable in self.timetables.items()
            for year in years
        }
        self.leave_used: dict[tuple[int, int], int] = defaultdict(int)
        for employee_id, start, days in Arrangement.objects.filter(
            kind=Arrangement.Kind.CUTI,
            leave_type=Arrangement.LeaveType.TAHUNAN,
            status__in=[Arrangement.Status.PENDING, Arrangement.Status.APPROVED],
            start_date__year__in=years,
        ).values_list("employee_id", "start_date", "working_days"):
            self.leave_used[(employee_id, start.year)] += days

    def leave_left(self, who: "Person", year: int) -> int:
        entitled = self.leave_entitled[year] - self.leave_bersama[(who.schedule_id, year)]
        return max(0, entitled - self.leave_used[(who.id, year)])

    # Shift roster

    def load_roster(self) -> int:
        """Plan entries for shift staff from the start of the period to ROSTER_AHEAD days ahead."""
        shift_schedules = {
            pk
            for pk, s in self.schedules.items()
            if s.kind == Schedule.Kind.SHIFT and self.shifts[pk]
        }
        staff = [e for e in self.staff if e.effective_schedule_id in shift_schedules]
        if not staff:
            return 0
        last = self.today + dt.timedelta(days=ROSTER_AHEAD)
        taken = set(
            PlanEntry.objects.filter(
                employee__in=[e.pk for e in staff], date__range=(self.start, last)
            ).values_list("employee_id", "date")
        )
        days = [self.start + dt.timedelta(days=i) for i in range((last - self.start).days + 1)]
        position: dict[int, int] = defaultdict(int)  # unit id → staff placed so far
        entries, set_at = [], timezone.now()
        for employee in staff:
            cycle: list[Shift | None] = [
                s for s in self.shifts[employee.effective_schedule_id] for _ in (0, 1)
            ]
            cycle += [None] * ROTATION_OFF_DAYS
            n = position[employee.unit_id]
            position[employee.unit_id] += 1
            phase = PHASES[n % len(PHASES)] + n // len(PHASES)
            set_by = self.decider(employee)
            for day in days:
                shift = cycle[(day.toordinal() + phase) % len(cycle)]
                if shift is not None and (employee.pk, day) not in taken:
                    entries.append(
                        (employee.pk, day, PlanEntry.Mode.ONSITE, shift.pk, set_by, set_at)
                    )
        insert_rows(
            PlanEntry, ["employee_id", "date", "mode", "shift_id", "set_by_id", "set_at"], entries
        )
        return len(entries)

    def decider(self, employee: Employee) -> int:
        """Who approves or rosters this person: their unit's head, the parent unit's head for a head,
        else the city admin."""
        for unit_id in (employee.unit_id, employee.unit.parent_id):
            user_id = self.heads.get(unit_id) if unit_id is not None else None
            if user_id and user_id != employee.user_id:
                return user_id
        return self.admin_id

    # One person

    def generate(self, employee: Employee, requests: list, events: list) -> None:
        who = Person.of(employee, self.seed)
        last = self.today - dt.timedelta(days=1) if employee.nip in self.demo_nips else self.today
        covered: set[dt.date] = set()
        for day in self.period:
            if day > last:
                break
            if day < employee.start_date or day in covered:
                continue
            cell = self.cells[(who.id, day)]
            if cell.mode not in (day_plan.ONSITE, day_plan.WFH):
                continue  # a day off, off shift, or away on a request approved before
            made = self.request(employee, who, day, last)
            if made is not None:
                requests.append(made)
                covered.update(
                    made.start + dt.timedelta(days=i)
                    for i in range((made.end - made.start).days + 1)
                )
                continue
            events.extend(self.day_events(who, day, cell))

    def request(
        self, employee: Employee, who: "Person", day: dt.date, last: dt.date
    ) -> "NewRequest | None":
        """The approved request that starts on this working day, if one does."""
        if (who.id, day) in self.days_with_events or self.cells[
            (who.id, day)
        ].source == "arrangement":
            return None
        index = _pick(_uniform(self.seed, who.nip, day.toordinal(), _REQUEST), REQUEST_RATES)
        if index is None:
            return None
        kind, leave_type, _rate, lengths, weights = REQUESTS[index]
        rng = random.Random(_mix(self.seed, who.nip, day.toordinal(), _DETAIL))
        wanted = rng.choices(lengths, weights)[0]
        # Annual leave stays within what is left of the year's entitlement (as the request form
        # counts it: working days, cuti bersama taken off).
        left = (
            self.leave_left(who, day.year) if leave_type == Arrangement.LeaveType.TAHUNAN else None
        )
        end, counted, booked, cursor = day, 0, 0, day
        while cursor <= last and counted < wanted:
            cell = self.cells[(who.id, cursor)]
            if (who.id, cursor) in self.days_with_events or cell.source == "arrangement":
                break
            if cell.mode != day_plan.LIBUR:
                if booked == left:
                    break
                booked += 1
            if cell.mode in (day_plan.ONSITE, day_plan.WFH):
                counted, end = counted + 1, cursor
            cursor += dt.timedelta(days=1)
        if not counted or any(
            first <= end and day <= until for first, until in self.existing_requests[who.id]
        ):
            return None
        if kind == Arrangement.Kind.SAKIT:  # reported in the morning, approved soon after
            requested = dt.datetime.combine(day, dt.time(6, 30)) + dt.timedelta(
                minutes=rng.randint(0, 120)
            )
            decided = requested + dt.timedelta(minutes=rng.randint(30, 180))
        else:  # asked days ahead, decided in office hours that day or the next
            requested = dt.datetime.combine(
                day - dt.timedelta(days=rng.randint(3, 10)), dt.time(8, 0)
            ) + dt.timedelta(minutes=rng.randint(0, 420))
            decided = dt.datetime.combine(
                requested.date() + dt.timedelta(days=rng.randint(0, 1)), dt.time(8, 0)
            ) + dt.timedelta(minutes=rng.randint(0, 480))
            decided = max(decided, requested + dt.timedelta(minutes=rng.randint(20, 120)))
        if decided > self.now:
            return None
        span = [day + dt.timedelta(days=i) for i in range((end - day).days + 1)]
        working_days = sum(1 for d in span if self.cells[(who.id, d)].mode != day_plan.LIBUR)
        if left is not None:
            self.leave_used[(who.id, day.year)] += working_days
        spt = ""
        if kind == Arrangement.Kind.DL:
            spt = f"094/{rng.randint(100, 999)}/{employee.unit.short_name}/{day.year}"
        return NewRequest(
            employee_id=who.id,
            kind=kind,
            leave_type=leave_type,
            start=day,
            end=end,
            working_days=working_days,
            spt_number=spt,
            reason=rng.choice(REASONS[kind]),
            requested=requested.replace(tzinfo=self.tz),
            decided=decided.replace(tzinfo=self.tz),
            requester=who.user_id or self.admin_id,
            decider=self.decider(employee),
        )

    def save_requests(self, requests: list["NewRequest"]) -> None:
        """Insert the approved requests with the times they were asked and decided, and their trail."""
        columns = ["employee_id", "kind", "leave_type", "start_date", "end_date", "working_days"]
        columns += ["spt_number", "reason", "status", "decided_by_id", "decided_at", "created_at"]
        approved = Arrangement.Status.APPROVED
        insert_rows(
            Arrangement,
            columns,
            [
                (r.employee_id, r.kind, r.leave_type, r.start, r.end, r.working_days, r.spt_number)
                + (r.reason, approved, r.decider, r.decided, r.requested)
                for r in requests
            ],
        )
        ids = {
            (employee_id, start, kind): pk
            for pk, employee_id, start, kind in Arrangement.objects.filter(
                status=approved, start_date__range=(self.start, self.today)
            ).values_list("pk", "employee_id", "start_date", "kind")
        }
        trail = []
        for r in requests:
            pk = ids[(r.employee_id, r.start, r.kind)]
            data = {
                "kind": r.kind,
                "leave_type": r.leave_type,
                "start": str(r.start),
                "end": str(r.end),
                "working_days": r.working_days,
            }
            trail.append(
                (
                    r.requested,
                    r.requester,
                    AuditEvent.Action.REQUESTED,
                    r.employee_id,
                    pk,
                    r.reason,
                    data,
                )
            )
            trail.append(
                (
                    r.decided,
                    r.decider,
                    AuditEvent.Action.APPROVED,
                    r.employee_id,
                    pk,
                    "",
                    {"overridden": False},
                )
            )
        insert_rows(
            AuditEvent,
            ["at", "actor_id", "action", "employee_id", "arrangement_id", "note", "data"],
            trail,
        )
        self.counts.requests = len(requests)

    def day_events(self, who: "Person", day: dt.date, cell: day_plan.PlannedDay) -> list[tuple]:
        """The check-in and check-out of one working day (CHECKIN_COLUMNS), leaving out those in the
        future and those already there."""
        if cell.shift_id:
            hours = self.shift_hours.get(cell.shift_id)
        else:
            hours = self.timetables[who.schedule_id].hours_on(day)
        if hours is None:
            return []
        rng = random.Random(_mix(self.seed, who.nip, day.toordinal(), _DAY))
        absent = ABSENT * who.habit
        if who.unit_id in self.thin_unit_ids and (day == self.today or day.toordinal() % THIN_EVERY == 0):
            absent = THIN_ABSENT
        if rng.random() < absent:
            return []
        arrival, departure = times(rng, hours, day, who.habit)
        centre = who.home if cell.mode == day_plan.WFH else who.office
        result = []
        for kind, at in ((CheckIn.Kind.IN, arrival), (CheckIn.Kind.OUT, departure)):
            where = place(rng, centre, who.radius)  # drawn for both, so later draws never shift
            if at is None or at > self.now or (who.id, day, kind) in self.existing_events:
                continue
            result.append(
                (who.id, day, kind, at.replace(tzinfo=self.tz), CheckIn.Method.PHONE)
                + (who.unit_id, cell.mode, who.user_id or self.admin_id)
                + where
            )
        return result


@dataclass(frozen=True)
class Person:
    """What the generator needs of an employee, read once (plain values: the loops are hot)."""

    id: int
    nip: int
    unit_id: int
    user_id: int | None
    schedule_id: int
    office: tuple[float, float] | None
    home: tuple[float, float] | None
    radius: int
    habit: float  # multiplies the absence, lateness and early-leaving rates

    @classmethod
    def of(cls, employee: Employee, seed: int) -> "Person":
        unit, nip = employee.unit, int(employee.nip)
        habit = HABITS[_pick(_uniform(seed, nip, _HABIT), [h[0] for h in HABITS]) or 0][1]
        return cls(
            id=employee.pk,
            nip=nip,
            unit_id=unit.pk,
            user_id=employee.user_id,
            schedule_id=employee.effective_schedule_id,
            office=_point(unit.latitude, unit.longitude),
            home=_point(employee.home_latitude, employee.home_longitude),
            radius=unit.geofence_radius_m,
            habit=habit,
        )


def _point(lat, lon) -> tuple[float, float] | None:
    return None if lat is None or lon is None else (float(lat), float(lon))


def times(rng: random.Random, hours: Hours, day: dt.date, habit: float):
    """(arrival, departure or None), naive local: most arrive 0–40 minutes early and leave a little
    after the end; some come late or leave early by a band's minutes; a few forget to check out."""
    start, end = hours.bounds(day)
    band = _pick(rng.random(), [rate * habit for rate, _low, _high in LATE])
    if band is None:
        early = min(max(rng.gauss(16, 9), 0.2), 40)
        arrival = start - dt.timedelta(seconds=int(early * 60))
    else:
        _rate, low, high = LATE[band]
        arrival = start + dt.timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))
    if rng.random() < NO_CHECK_OUT * habit:
        return arrival, None
    band = _pick(rng.random(), [rate * habit for rate, _low, _high in EARLY])
    if band is None:
        departure = end + dt.timedelta(seconds=int(min(rng.expovariate(1 / 12), 90) * 60))
    else:
        _rate, low, high = EARLY[band]
        departure = end - dt.timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))
    return arrival, max(departure, arrival + dt.timedelta(hours=1))


def place(rng: random.Random, centre: tuple[float, float] | None, radius: int) -> tuple:
    """Where the phone said it was (the location columns of CHECKIN_COLUMNS): near the centre (the
    office, or the registered home on a WFH day) with a realistic accuracy; a small share outside the
    fence, with the reason the person gave. Every draw is made even without a centre."""
    accuracy = GPS_ACCURACY_M[
        bisect.bisect(GPS_ACCURACY_CUMULATIVE, rng.random() * GPS_ACCURACY_TOTAL)
    ]
    outside = rng.random() < OUTSIDE
    offset = radius + rng.uniform(40, 600) if outside else radius * 0.8 * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    reason = rng.choice(OUTSIDE_REASONS)
    if centre is None:
        return (None, None, None, None, CheckIn.Location.NOT_CHECKED, "")
    lat0, lon0 = centre
    lat = round(lat0 + offset * math.cos(bearing) / 111_320, 6)
    lon = round(lon0 + offset * math.sin(bearing) / (111_320 * math.cos(math.radians(lat0))), 6)
    distance = geo.distance_m(lat0, lon0, lat, lon)
    inside = geo.inside_fence(distance, radius, accuracy)
    return (
        Decimal(f"{lat:.6f}"),
        Decimal(f"{lon:.6f}"),
        accuracy,
        round(distance),
        CheckIn.Location.INSIDE if inside else CheckIn.Location.OUTSIDE,
        "" if inside else reason,
    )
