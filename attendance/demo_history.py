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
some late arrivals (mostly TL1, fewer TL2–TL4), some early departures and forgotten check-outs, a break
check-in on days that ask for one (SE BKPSDM 4/2025; a few forgotten: TPI), a small
share of check-ins outside the office fence with a reason, each with its verification (SE BKPSDM 4/2025:
decided by the unit's head the next morning, mostly accepted; those of the last WAITING_DAYS working days
still waiting; see `load_verifications` for the story the Disdukcapil demo accounts tell); and approved requests (DL with an SPT, cuti
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
from attendance.checkin.recording import HOME_NAME, OFFICE_NAME
from attendance.evaluation.bulk import local
from attendance.models import FLAGGED_LOCATIONS, CheckIn, Verification
from policy.demo import LEAVE_ACCOUNT
from policy.models import Arrangement, AuditEvent, LeaveRules, PlanEntry
from policy.plan import day_plan
from policy.plan.building import build_plan
from units import clock, holidays
from units.demo import DEMO_ACCOUNTS
from units.models import Employee, Schedule, Shift, Unit
from units.schedule import Hours

DAYS = 60
ROSTER_AHEAD = 14
BATCH = 2000

# Rates per working day for a person with average habits. Late and early bands: (rate, minutes).
ABSENT = 0.008
LATE = [(0.05, 1, 30), (0.012, 31, 60), (0.005, 61, 90), (0.003, 91, 180)]
EARLY = [(0.03, 1, 30), (0.008, 31, 60), (0.003, 61, 90), (0.002, 91, 150)]
NO_CHECK_OUT = 0.005
# A day that asks for a break check-in (SE BKPSDM 4/2025, units.schedule.Hours.break_window): the share of
# them an average person lets pass without one (TPI).
NO_BREAK = 0.04
# A thinly staffed kelurahan: most of its staff are away on these days (every ninth day, and today), so
# the boards, the public page and the trends show a unit short of its minimum right after `make run`.
THIN_UNITS = ("17.71.03.1001",)
THIN_ABSENT = 0.7
THIN_EVERY = 9  # days; not 7, so the thin days move through the week
OUTSIDE = 0.015
# Check-ins outside every place (attendance.verification): those of the last WAITING_DAYS working days wait
# for the head; older ones were decided the next morning, REJECTED_SHARE of them rejected.
WAITING_DAYS = 3
REJECTED_SHARE = 0.15
ACCEPTED_NOTES = ["Sesuai undangan rapat", "Sesuai surat tugas", "Dikonfirmasi lewat telepon", ""]
REJECTED_NOTES = [
    "Tidak ada undangan atau surat tugas untuk kegiatan itu",
    "Alasan tidak sesuai dengan jadwal pelayanan hari itu",
]
# The story of the demo accounts (units.demo.DEMO_ACCOUNTS): the Disdukcapil staff member's arrival on each of
# her last three working days was outside the office; the first was accepted, the second rejected and the
# third waits for the demo head, with the latest outside arrival of two colleagues.
STORY_UNIT = "disdukcapil"
STORY = ("approved", "rejected", "pending")
STORY_COLLEAGUES = 2
STORY_REASONS = (
    "Rapat koordinasi di Kantor Wali Kota",
    "Jemput bola perekaman KTP-el di Kelurahan Pagar Dewa",
    "Mengantar berkas ke Pengadilan Negeri Bengkulu",
)
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
    "place_name",
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
_HABIT, _REQUEST, _DETAIL, _DAY, _BREAK = 1, 2, 3, 4, 5
_VERIFY = 6  # the decision on a check-in outside every place
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
    verifications: int = 0

    def line(self, start: dt.date, end: dt.date, today_until: str) -> str:
        return (
            f"Demo history {start:%Y-%m-%d}–{end:%Y-%m-%d}{today_until}: {self.checkins:,} check-ins, "
            f"{self.requests:,} approved requests (DL, cuti, sakit), {self.roster:,} shift roster days, "
            f"{self.verifications:,} verifications of check-ins outside the office created now.\n"
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
        for shift in Shift.objects.select_related("schedule").order_by("start"):
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
        story = self.outside_story(events)
        self.save_requests(requests)
        insert_rows(CheckIn, CHECKIN_COLUMNS, events)
        self.counts.checkins = len(events)
        self.counts.verifications = self.load_verifications(story)
        return self.counts

    def load_leave(self) -> None:
        """The base annual leave of the years of the period and the days used. Carried days and cuti bersama
        worked only add to a balance (policy.arrangements.rules.annual_leave), so staying within the base
        keeps every generated request within what the request form allows."""
        years = sorted({day.year for day in self.period})
        rules = LeaveRules.for_years(Employee.AsnType.values, years)
        self.leave_entitled = {year: min(r.base_days for (_t, y), r in rules.items() if y == year) for year in years}
        self.leave_used: dict[tuple[int, int], int] = defaultdict(int)
        for employee_id, start, days in Arrangement.objects.filter(
            kind=Arrangement.Kind.CUTI,
            leave_type=Arrangement.LeaveType.TAHUNAN,
            status__in=[Arrangement.Status.PENDING, Arrangement.Status.APPROVED],
            start_date__year__in=years,
        ).values_list("employee_id", "start_date", "working_days"):
            self.leave_used[(employee_id, start.year)] += days

    def leave_left(self, who: "Person", year: int) -> int:
        return max(0, self.leave_entitled[year] - self.leave_used[(who.id, year)])

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
        # Annual leave stays within what is left of the year's base entitlement (working days).
        left = (
            self.leave_left(who, day.year) if leave_type == Arrangement.LeaveType.TAHUNAN else None
        )
        if left is not None and employee.nip == LEAVE_ACCOUNT["nip"]:
            return None  # her page shows 12 + 2 cuti bersama worked = 14 days, whatever the day (policy.demo)
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
        """The check-in, break check-in (on days that ask for one) and check-out of one working day
        (CHECKIN_COLUMNS), leaving out those in the future and those already there. The break is drawn
        from its own generator, so the arrival and departure of a day are the same with or without it."""
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
        centre_name = HOME_NAME if cell.mode == day_plan.WFH else who.office_name
        result = []
        moments = [(CheckIn.Kind.IN, arrival, rng), (CheckIn.Kind.OUT, departure, rng)]
        window = hours.break_window(day)
        if window is not None:
            pause = random.Random(_mix(self.seed, who.nip, day.toordinal(), _BREAK))
            moments.append((CheckIn.Kind.BREAK, break_time(pause, window, arrival, departure, who.habit), pause))
        for kind, at, draws in moments:
            where = place(draws, centre, who.radius, centre_name)  # drawn for each, so later draws never shift
            if at is None or at > self.now or (who.id, day, kind) in self.existing_events:
                continue
            result.append(
                (who.id, day, kind, at.replace(tzinfo=self.tz), CheckIn.Method.PHONE)
                + (who.unit_id, cell.mode, who.user_id or self.admin_id)
                + where
            )
        return result


    # Check-ins outside every place (SE BKPSDM 4/2025: void until a head accepts the reason)

    def working_days(self, employee: Employee) -> list[dt.date]:
        """The person's on-site days of the period before today, in order."""
        return [
            day for day in self.period
            if day < self.today and self.cells[(employee.pk, day)].mode == day_plan.ONSITE
        ]

    def outside_story(self, events: list[tuple]) -> dict[tuple[int, dt.date], str]:
        """Move the arrivals of the demo story (STORY) outside the office, in `events` before they are
        inserted; returns {(employee id, day): the status of its verification}. Nothing on a second run:
        those arrivals exist already, with their verifications."""
        staff = [e for e in self.staff if e.unit.code == STORY_UNIT and e.role == Employee.Role.STAFF]
        cast = [(e, status) for e in staff if e.nip in self.demo_nips for status in STORY]
        colleagues = [e for e in staff if e.nip not in self.demo_nips][:STORY_COLLEAGUES]
        cast += [(e, STORY[-1]) for e in colleagues]
        arrivals = {(row[0], row[1]): i for i, row in enumerate(events) if row[2] == CheckIn.Kind.IN}
        column = {name: CHECKIN_COLUMNS.index(name) for name in CHECKIN_COLUMNS}
        story: dict[tuple[int, dt.date], str] = {}
        taken: dict[int, list[dt.date]] = {}
        for employee, status in cast:
            office = _point(employee.unit.latitude, employee.unit.longitude)
            days = taken.setdefault(employee.pk, self.working_days(employee)[-len(STORY):])
            if office is None or not days:
                continue
            day = days.pop(0) if employee.nip in self.demo_nips else days[-1]
            index = arrivals.get((employee.pk, day))
            if index is None:
                continue
            row = list(events[index])
            metres = 180 + 40 * len(story)
            row[column["latitude"]] = Decimal(f"{office[0] + metres / 111_320:.6f}")
            row[column["longitude"]] = Decimal(f"{office[1]:.6f}")
            row[column["accuracy_m"]], row[column["distance_m"]] = 10, metres
            row[column["location"]], row[column["place_name"]] = CheckIn.Location.OUTSIDE, ""
            row[column["reason"]] = STORY_REASONS[len(story) % len(STORY_REASONS)]
            events[index] = tuple(row)
            story[(employee.pk, day)] = status
        return story

    def load_verifications(self, story: dict[tuple[int, dt.date], str]) -> int:
        """A Verification for every phone check-in of the period outside every place that has none
        (attendance.verification.opening does it for a real one): waiting when it is one of the last
        WAITING_DAYS working days, else decided by the person's head the next morning (REJECTED_SHARE
        rejected), each decision with its audit event; the story's as `story` says, decided by the demo head.
        Returns how many were created."""
        found = list(
            CheckIn.objects.filter(
                date__range=(self.start, self.today),
                method=CheckIn.Method.PHONE,
                location__in=FLAGGED_LOCATIONS,
                verification__isnull=True,
            ).values_list("pk", "employee_id", "date", "kind", "at")
        )
        if not found:
            return 0
        people = {e.pk: e for e in self.staff}
        weekdays = [day for day in self.period if day.weekday() < 5]
        waiting_from = weekdays[-WAITING_DAYS] if len(weekdays) >= WAITING_DAYS else self.start
        head = Employee.objects.filter(
            nip__in=[a["nip"] for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == STORY_UNIT]
        ).values_list("user_id", flat=True).first()
        rows, decisions = [], {}
        for pk, employee_id, day, kind, at in found:
            employee = people.get(employee_id)
            if employee is None:
                continue
            status = story.get((employee_id, day)) if kind == CheckIn.Kind.IN else None
            rng = random.Random(_mix(self.seed, int(employee.nip), day.toordinal(), _VERIFY, ord(kind[0])))
            if status is None:
                waiting = day >= waiting_from
                status = "pending" if waiting else "rejected" if rng.random() < REJECTED_SHARE else "approved"
            decider = (head if (employee_id, day) in story else None) or self.decider(employee)
            note = rng.choice(REJECTED_NOTES if status == "rejected" else ACCEPTED_NOTES)
            decided = None
            if status != "pending":
                morning = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8, 30))
                decided = min(morning, self.now).replace(tzinfo=self.tz)
                decisions[pk] = (decided, decider, status, employee_id, note, day)
            rows.append(
                (pk, employee_id, day, status, decider if decided else None, decided, note if decided else "", at)
            )
        insert_rows(
            Verification,
            ["checkin_id", "employee_id", "date", "status", "decided_by_id", "decided_at", "decision_note", "created_at"],
            rows,
        )
        codes = dict(
            Verification.objects.filter(date__range=(self.start, self.today)).values_list("checkin_id", "code")
        )
        actions = {"approved": AuditEvent.Action.APPROVED, "rejected": AuditEvent.Action.REJECTED}
        insert_rows(
            AuditEvent,
            ["at", "actor_id", "action", "employee_id", "note", "data"],
            [
                (at, actor, actions[status], employee_id, note, {"verification": str(codes[pk]), "date": str(day)})
                for pk, (at, actor, status, employee_id, note, day) in decisions.items()
            ],
        )
        return len(rows)


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
    office_name: str = ""  # CheckIn.place_name of a check-in at the office

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
            office_name=OFFICE_NAME % {"unit": unit.short_name},
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


def break_time(
    rng: random.Random, window: tuple[dt.datetime, dt.datetime], arrival: dt.datetime, departure, habit: float
) -> dt.datetime | None:
    """The break check-in inside `window` (naive local), or None: a few forget it (NO_BREAK), and nobody
    has one who arrived after the window or left before it."""
    forgot = rng.random() < NO_BREAK * habit
    start, end = window
    at = start + dt.timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))
    if forgot or arrival >= end or (departure is not None and departure <= max(at, arrival)):
        return None
    return at if at > arrival else arrival + dt.timedelta(minutes=1)


def place(rng: random.Random, centre: tuple[float, float] | None, radius: int, name: str = "") -> tuple:
    """Where the phone said it was (the location columns of CHECKIN_COLUMNS): near the centre (the
    office, or the registered home on a WFH day, named `name`) with a realistic accuracy; a small share
    outside the fence, with the reason the person gave. Every draw is made even without a centre. Inside,
    the phone waited for a fix as good as the radius (the check-in page asks for one), so the accuracy
    stored is no worse than the radius."""
    accuracy = GPS_ACCURACY_M[
        bisect.bisect(GPS_ACCURACY_CUMULATIVE, rng.random() * GPS_ACCURACY_TOTAL)
    ]
    outside = rng.random() < OUTSIDE
    offset = radius + rng.uniform(40, 600) if outside else radius * 0.8 * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    reason = rng.choice(OUTSIDE_REASONS)
    if centre is None:
        return (None, None, None, None, CheckIn.Location.NOT_CHECKED, "", "")
    lat0, lon0 = centre
    lat = round(lat0 + offset * math.cos(bearing) / 111_320, 6)
    lon = round(lon0 + offset * math.sin(bearing) / (111_320 * math.cos(math.radians(lat0))), 6)
    distance = geo.distance_m(lat0, lon0, lat, lon)
    if not outside:
        accuracy = min(accuracy, radius)
    inside = geo.inside_fence(distance, radius, accuracy)
    return (
        Decimal(f"{lat:.6f}"),
        Decimal(f"{lon:.6f}"),
        accuracy,
        round(distance),
        CheckIn.Location.INSIDE if inside else CheckIn.Location.OUTSIDE,
        "" if inside else reason,
        name if inside else "",
    )
