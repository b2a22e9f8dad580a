"""Seed the benchmark database: the demo organisation at N staff, a 200-staff unit, 150 units, a year of
history written server-side with SQL, today made a working day for everyone, and signed-in phones.

Runs inside the bench process after `django.setup()` with bench.settings (the same SECRET_KEY as the
gunicorn under test, so the session rows written here are valid there). Only ever touches the bench
database named in BENCH_DATABASE_URL.
"""

import datetime as dt
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

BIG_UNIT = "bench-200"  # the unit whose board is timed (200 staff, one of them its head)
BIG_UNIT_STAFF = 200
EXTRA_UNIT_PREFIX = "bench-upt-"
TARGET_UNITS = 150  # the city board's target is stated at 150 units
UNITS_WITHOUT_COORDINATES = 3  # some offices have no point yet: their check-ins are not fenced
HISTORY_DAYS = 365
SIGN_IN_EVERY = 10  # one in ten staff has no session and signs in during the rush
FLOOR_TABLE = "bench_floor_insert"


@dataclass
class Phone:
    """One staff member as the driver sees them."""

    employee_id: int
    user_id: int
    nip: str
    unit_code: str
    latitude: float | None
    longitude: float | None
    session: str | None  # None: signs in through the login form during the rush


def log(message: str) -> None:
    print(f"[seed] {message}", flush=True)


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- The organisation ---------------------------------------------------------------------------------


def load_organisation(n: int) -> None:
    started = time.monotonic()
    call_command("migrate", "--no-input", verbosity=0)
    log(f"migrated in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    call_command("load_demo", employees=n, history_days=0, verbosity=0, stdout=_Null())
    log(f"load_demo --employees {n} --history-days 0 in {time.monotonic() - started:.1f} s")


class _Null:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


def movable_staff(limit: int) -> list[int]:
    """Plain staff on the office-hours schedule, not demo accounts, in a stable pseudo-random order."""
    from units.demo import DEMO_ACCOUNTS

    demo = [a["nip"] for a in DEMO_ACCOUNTS]
    rows = fetch(
        """
        SELECT e.id FROM units_employee e
        JOIN units_unit u ON u.id = e.unit_id
        JOIN units_schedule s ON s.id = u.schedule_id
        WHERE e.role = 'staff' AND e.schedule_id IS NULL AND s.kind = 'weekly'
          AND u.code NOT LIKE 'bench-%%' AND NOT (e.nip = ANY(%s))
        ORDER BY md5(e.nip) LIMIT %s
        """,
        [demo, limit],
    )
    return [r[0] for r in rows]


def add_bench_units(n: int) -> dict:
    """The 200-staff unit (its head among them) and enough small UPT units to reach 150 units;
    staff are moved there from the demo's office units, so the total stays N."""
    from units.models import Schedule, Unit

    five_day = Schedule.objects.get(code="5-hari")
    parents = list(Unit.objects.filter(kind=Unit.Kind.DINAS, parent=None).order_by("code"))
    existing = Unit.objects.exclude(code__startswith="bench-").count()
    extra = max(TARGET_UNITS - existing - 1, 0)
    per_extra = max(3, min(25, n // 500))
    with transaction.atomic():
        big = Unit(
            code=BIG_UNIT,
            name="Unit Uji Beban (200 pegawai)",
            short_name="Uji Beban 200",
            kind=Unit.Kind.DINAS,
            latitude="-3.795600",
            longitude="102.259200",
            geofence_radius_m=100,
            schedule=five_day,
        )
        big.save()
        units = [big]
        for i in range(extra):
            has_point = i >= UNITS_WITHOUT_COORDINATES
            unit = Unit(
                code=f"{EXTRA_UNIT_PREFIX}{i + 1:02d}",
                name=f"UPT Uji Beban {i + 1:02d}",
                short_name=f"UPT Uji {i + 1:02d}",
                kind=Unit.Kind.UPT,
                parent=parents[i % len(parents)] if parents else None,
                latitude=f"{-3.80 + 0.002 * (i % 10):.6f}" if has_point else None,
                longitude=f"{102.26 + 0.002 * (i // 10):.6f}" if has_point else None,
                geofence_radius_m=75,
                schedule=five_day,
            )
            unit.save()
            units.append(unit)
        wanted = BIG_UNIT_STAFF + extra * per_extra
        people = movable_staff(wanted)
        if len(people) < wanted:
            raise RuntimeError(f"N={n} is too small: only {len(people)} movable staff for {wanted} places")
        head_id = people[0]
        execute("UPDATE units_employee SET unit_id = %s WHERE id = ANY(%s)", [big.pk, people[:BIG_UNIT_STAFF]])
        execute(
            "UPDATE units_employee SET role = 'head', position_category = 'struktural', "
            "service_role = 'pimpinan', position_title = 'Kepala Unit Uji Beban' WHERE id = %s",
            [head_id],
        )
        rest = people[BIG_UNIT_STAFF:]
        for index, unit in enumerate(units[1:]):
            chunk = rest[index * per_extra : (index + 1) * per_extra]
            execute("UPDATE units_employee SET unit_id = %s WHERE id = ANY(%s)", [unit.pk, chunk])
            if chunk:
                execute("UPDATE units_employee SET role = 'head' WHERE id = %s", [chunk[0]])
    log(f"units: {Unit.objects.count()} ({len(units)} bench units; {BIG_UNIT} has {BIG_UNIT_STAFF} staff)")
    return {"units": Unit.objects.count(), "big_unit": BIG_UNIT}


# --- Today is a working day for everyone ------------------------------------------------------------------


def make_working_days(days: list[dt.date]) -> None:
    """Whatever the calendar says, `days` (today and tomorrow, in case the run crosses midnight) are
    working days: no holiday, a one-day override of every weekly schedule with its Monday hours, and a
    morning-shift assignment for everyone on a shift pattern (shift staff are on site only when assigned)."""
    from units.models import Holiday, Schedule, ScheduleDay, ScheduleOverride

    admin_id = get_user_model().objects.filter(is_superuser=True).order_by("pk").values_list("pk", flat=True)[0]
    with transaction.atomic():
        Holiday.objects.filter(date__in=days).delete()
        for schedule in Schedule.objects.filter(kind=Schedule.Kind.WEEKLY):
            monday = schedule.days.filter(override=None).order_by("weekday").first()
            if monday is None:
                continue
            for day in days:
                if ScheduleOverride.objects.filter(schedule=schedule, name="Bench", start_date=day).exists():
                    continue
                override = ScheduleOverride.objects.create(
                    schedule=schedule, name="Bench", start_date=day, end_date=day
                )
                ScheduleDay.objects.create(
                    schedule=schedule,
                    override=override,
                    weekday=day.weekday(),
                    start=monday.start,
                    end=monday.end,
                    break_start=monday.break_start,
                    break_end=monday.break_end,
                )
        execute(
            f"""
            INSERT INTO policy_planentry (employee_id, date, mode, shift_id, set_by_id, set_at, site_name)
            SELECT e.id, d.day, 'onsite', sh.id, %s, now(), ''
            FROM {SHIFT_STAFF} JOIN unnest(%s::date[]) AS d(day) ON true
            ON CONFLICT (employee_id, date) DO UPDATE SET mode = 'onsite', shift_id = EXCLUDED.shift_id
            """,
            [admin_id, days],
        )
    log(f"working day for everyone on {', '.join(str(d) for d in days)}")


# Shift staff with their pattern's morning shift (e, sh).
SHIFT_STAFF = """
    units_employee e
    JOIN units_unit u ON u.id = e.unit_id
    JOIN units_schedule s ON s.id = COALESCE(e.schedule_id, u.schedule_id) AND s.kind = 'shift'
    JOIN LATERAL (SELECT id FROM units_shift WHERE schedule_id = s.id ORDER BY start LIMIT 1) sh ON true
"""


# --- A year of history, server-side -------------------------------------------------------------------

HISTORY_SQL = """
WITH days AS (
    SELECT d::date AS day FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
    WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT date FROM units_holiday)
),
staff AS (
    SELECT e.id, e.unit_id, e.user_id, u.latitude, u.longitude, (s.kind = 'shift') AS shift
    FROM units_employee e
    JOIN units_unit u ON u.id = e.unit_id
    JOIN units_schedule s ON s.id = COALESCE(e.schedule_id, u.schedule_id)
    WHERE e.is_active AND e.user_id IS NOT NULL
),
draws AS (
    SELECT st.*, days.day, abs(hashtext(st.id::text || ':' || days.day::text)) %% 1000 AS r
    FROM staff st CROSS JOIN days
)
INSERT INTO attendance_checkin (
    employee_id, date, kind, at, method, unit_id, planned_mode, latitude, longitude, accuracy_m,
    distance_m, location, reason, token, qr_nonce, created_by_id, place_name, photo, device
)
SELECT
    id, day, k.kind,
    CASE WHEN k.kind = 'in' THEN
        (day + CASE WHEN shift THEN time '06:40' ELSE time '07:00' END
            + make_interval(mins => CASE WHEN r %% 100 < 12 THEN 31 + (r * 7) %% 90 ELSE r %% 30 END)
        ) AT TIME ZONE %(tz)s
    ELSE
        (day + CASE WHEN shift THEN time '14:00' ELSE time '16:30' END
            + make_interval(mins => CASE WHEN r %% 100 BETWEEN 12 AND 14 THEN -(1 + r %% 60) ELSE (r * 3) %% 45 END)
        ) AT TIME ZONE %(tz)s
    END,
    -- A phone's position wanders around the office point (up to ~15 m each way) with an accuracy of 5-29 m,
    -- as real GPS does (the spoofing signals, attendance.integrity, are scored on these).
    'phone', unit_id, 'onsite',
    latitude + ((abs(hashtext(id::text || day::text || k.kind)) %% 271) - 135) * 0.000001,
    longitude + ((abs(hashtext(k.kind || day::text || id::text)) %% 271) - 135) * 0.000001,
    5 + (r * 13 + length(k.kind)) %% 25,
    CASE WHEN latitude IS NULL THEN NULL ELSE 8 + r %% 20 END,
    CASE WHEN latitude IS NULL THEN 'not_checked' ELSE 'inside' END,
    '', NULL, '', user_id, '', '', ''
FROM draws CROSS JOIN (VALUES ('in'), ('out')) AS k(kind)
WHERE r >= 30                                   -- 3%% of working days absent (TK)
  AND NOT (k.kind = 'out' AND r %% 50 = 7)      -- 2%% forget to check out
"""

HISTORY_PLAN_SQL = """
INSERT INTO policy_planentry (employee_id, date, mode, shift_id, set_by_id, set_at, site_name)
SELECT e.id, d::date, 'onsite', sh.id, %(admin)s, now(), ''
FROM {shift_staff}
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT date FROM units_holiday)
ON CONFLICT (employee_id, date) DO NOTHING
"""


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of a table's indexes that no constraint owns (the primary key and unique
    constraints stay)."""
    return fetch(
        """
        SELECT i.relname, pg_get_indexdef(ix.indexrelid)
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        WHERE t.relname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
        """,
        [table],
    )


def _try(sql: str) -> bool:
    try:
        with transaction.atomic():
            execute(sql)
    except DatabaseError:
        return False
    return True


def load_history(today: dt.date, days: int = HISTORY_DAYS) -> dict:
    """About 250 working days × every staff member: an "in" and an "out" a day, some late, some leaving
    early, a few absent or forgetting to check out; shift staff on the morning shift. One INSERT … SELECT
    (autocommit), with the secondary indexes dropped during it and built again after (much faster)."""
    from units import holidays

    first, last = today - dt.timedelta(days=days), today - dt.timedelta(days=1)
    holidays.sync(range(first.year, today.year + 1))
    admin_id = get_user_model().objects.filter(is_superuser=True).order_by("pk").values_list("pk", flat=True)[0]
    started = time.monotonic()
    execute("SET maintenance_work_mem = '512MB'")  # index builds in memory
    indexes = secondary_indexes("attendance_checkin")
    for name, _definition in indexes:
        execute(f'DROP INDEX "{name}"')
    # The rows are consistent by construction: skip the foreign-key triggers when allowed (superuser).
    replica = _try("SET session_replication_role = replica")
    rows = execute(HISTORY_SQL, {"first": first, "last": last, "tz": settings.TIME_ZONE})
    if replica:
        execute("SET session_replication_role = DEFAULT")
    inserted = time.monotonic() - started
    for _name, definition in indexes:
        execute(definition)
    plans = execute(
        HISTORY_PLAN_SQL.format(shift_staff=SHIFT_STAFF), {"first": first, "last": last, "admin": admin_id}
    )
    seconds = time.monotonic() - started
    log(f"history: {rows:,} check-ins ({first} – {last}) in {inserted:.1f} s, indexes in {seconds - inserted:.1f} s; "
        f"{plans:,} shift assignments")
    return {"checkins": rows, "shift_assignments": plans, "first": str(first), "last": str(last),
            "seconds": round(seconds, 1)}


# --- The framework floor's table -----------------------------------------------------------------------


def create_floor_table() -> None:
    execute(
        f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} ("
        "id bigserial PRIMARY KEY, user_id integer NOT NULL, at timestamptz NOT NULL DEFAULT now())"
    )



# --- Closed months ---------------------------------------------------------------------------------------


def lock_closed_months(export_year: int, export_month: int) -> dict:
    """BKPSDM locks each month once it is verified: lock January .. the month before the one the bench
    exports, through the app's own locking (MonthLock + its stored TK figures), as the lock page does."""
    from attendance.models import MonthLock
    from attendance.recap import monthly
    from attendance.recap.views import _city_staff
    from units import clock

    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    started = time.monotonic()
    months = list(range(1, export_month))
    for month in months:
        lock, _created = MonthLock.objects.get_or_create(
            year=export_year, month=month, defaults={"locked_by": admin, "note": "bench"}
        )
        monthly.freeze(_city_staff(), export_year, month, lock.pk, today=clock.today(), since=monthly.recorded_since())
    seconds = round(time.monotonic() - started, 1)
    log(f"locked {len(months)} closed months of {export_year} in {seconds:.1f} s")
    return {"locked_months": len(months), "lock_seconds": seconds}

# --- Phones: who holds a session, who signs in -------------------------------------------------------


def auth_backend() -> str:
    """The backend a sign-in records in the session: the first one that can load a user (an axes
    backend in front of it only refuses logins)."""
    return next(b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes."))


def make_phones(keep: set[int]) -> list[Phone]:
    """Every staff member with a login; nine in ten get a session row (bulk, through COPY), the tenth
    signs in during the rush. `keep` (employee ids: the board users) always hold a session.
    Sessions are recreated on every run; old ones are removed."""
    User = get_user_model()
    rows = fetch(
        """
        SELECT e.id, e.user_id, e.nip, u.code, u.latitude, u.longitude, au.password
        FROM units_employee e JOIN units_unit u ON u.id = e.unit_id JOIN auth_user au ON au.id = e.user_id
        WHERE e.is_active AND au.is_active ORDER BY e.id
        """
    )
    backend = auth_backend()
    hashes: dict[str, str] = {}  # the session hash depends only on the password hash and SECRET_KEY
    store = SessionStore()
    expire = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    phones, sessions = [], []
    for index, (employee_id, user_id, nip, code, lat, lon, password) in enumerate(rows):
        signs_in = index % SIGN_IN_EVERY == SIGN_IN_EVERY - 1 and employee_id not in keep
        key = None
        if not signs_in:
            if password not in hashes:
                hashes[password] = User(password=password).get_session_auth_hash()
            key = secrets.token_hex(16)
            data = {"_auth_user_id": str(user_id), "_auth_user_backend": backend,
                    "_auth_user_hash": hashes[password]}
            sessions.append((key, store.encode(data), expire))
        phones.append(Phone(employee_id, user_id, nip, code,
                            None if lat is None else float(lat), None if lon is None else float(lon), key))
    execute("TRUNCATE django_session")
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy("COPY django_session (session_key, session_data, expire_date) FROM STDIN") as copy:
            for row in sessions:
                copy.write_row(row)
    log(f"phones: {len(phones):,} staff, {len(sessions):,} with a session, "
        f"{len(phones) - len(sessions):,} sign in during the rush")
    return phones


def board_users() -> dict:
    """Employee ids of the admin (city board, recap) and of the 200-staff unit's head."""
    from units.models import Employee

    admin = Employee.objects.filter(role=Employee.Role.ADMIN, user__isnull=False).order_by("pk").first()
    head = Employee.objects.filter(unit__code=BIG_UNIT, role=Employee.Role.HEAD).order_by("pk").first()
    return {"admin": admin.pk, "head": head.pk}


def touch_big_unit() -> None:
    """A change the boards must show: one person of the big unit edited (their updated_at moves)."""
    execute(
        "UPDATE units_employee SET updated_at = now() WHERE id = (SELECT e.id FROM units_employee e "
        "JOIN units_unit u ON u.id = e.unit_id WHERE u.code = %s ORDER BY e.id LIMIT 1)",
        [BIG_UNIT],
    )


def set_photo_required(on: bool) -> None:
    """Every unit asks for a face photo at a phone check-in (on), or none does: the check-in rush runs
    without photos (comparable with earlier runs), the photo rush with them (bench/run.py)."""
    execute("UPDATE units_unit SET photo_required = %s", [on])


def reset_day(since: dt.datetime) -> float:
    """Forget what the bench wrote since `since`: the day's check-ins and the floor's rows; then build the day's
    kept presence again (attendance.presence.kept, as the minute task does after midnight), so that the rush's
    check-ins update rows that exist, as in production. Returns the build's seconds."""
    from attendance.presence import kept

    # The date bound lets the (date, employee) index find the rows in a year of history.
    execute("DELETE FROM attendance_checkin WHERE date >= %s AND at >= %s", [since.date() - dt.timedelta(days=1), since])
    execute(f"TRUNCATE {FLOOR_TABLE}")
    started = time.monotonic()
    kept.build()
    return time.monotonic() - started


def analyze() -> None:
    started = time.monotonic()
    execute("ANALYZE")
    log(f"ANALYZE in {time.monotonic() - started:.1f} s")


def counts() -> dict:
    return dict(
        zip(
            ["staff", "units", "checkins", "users"],
            fetch(
                "SELECT (SELECT count(*) FROM units_employee), (SELECT count(*) FROM units_unit), "
                "(SELECT count(*) FROM attendance_checkin), (SELECT count(*) FROM auth_user)"
            )[0],
            strict=True,
        )
    )
