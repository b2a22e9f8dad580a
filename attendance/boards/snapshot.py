"""Board snapshots: the rendered body of a unit board or of the city board, kept for every request that
would render the same thing.

A board is a function of the data and of the minute: every time rule in Hadir falls on a whole minute
(working hours, service hours, shift ends, the check-out window), so two requests in the same minute over
the same data render the same board. A snapshot is kept under a key made of
- what is shown: the board, its filters, the viewer's role and the language;
- the minute (Asia/Jakarta), so nothing driven by the clock is ever late;
- a fingerprint of what people change during the day, read in one query (`fingerprint`): yesterday's and
  today's check-ins (append-only: their number and highest id), the requests and corrections waiting for a
  decision, the check-ins waiting for verification and the decisions on those of the days, the leave,
  permits and trips around today (and the last decision on them), yesterday's and today's assignments
  (their number and last change), the shift swaps waiting for a head, the staff (their number and last
  change), a unit board's coverage alerts raised or resolved, and the generation of the reference tables
  (policy.plan.reference).
So a check-in, a request, a decision, a roster change or an edit of a person shows at the next refresh, as
without snapshots; what the fingerprint does not watch (a unit renamed, a new policy seen by another
worker) shows within the minute, or within policy.plan.reference.TTL for the reference tables.

Snapshots live in Django's default cache: with the per-process memory cache each gunicorn worker keeps its
own; with CACHE_URL pointing at a shared cache (README, "Environment variables") the workers share them.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone

from attendance.checkin.sql import prepared_cursor
from attendance.models import CheckIn, CheckoutUndo, Correction, CoverageAlert, Verification
from policy.models import Arrangement, PlanEntry, ShiftSwap
from policy.plan import reference
from units import clock
from units.models import Employee

T = TypeVar("T")

# Seconds a snapshot stays in the cache: its key changes with the minute, so this only frees memory.
KEEP_SECONDS = 120
PREFIX = "hadir:snapshot"


def fingerprint(days: list[dt.date], unit_ids: Iterable[int] | None = None) -> tuple:
    """What a board of `days` (today; the city board also yesterday, for night shifts) reads that people
    change during the day, for the staff of `unit_ids` (None: the whole city), in one query. Equal
    fingerprints in the same minute mean equal boards."""
    days = sorted(set(days))
    on_days = f"date IN ({', '.join(['%s'] * len(days))})"  # one index probe per person and day
    staff_sql, ids, with_staff = "", [], ""
    if unit_ids is not None:
        ids = sorted(set(unit_ids)) or [0]
        marks = ", ".join(["%s"] * len(ids))
        # The staff, once for the four parts that need them (PostgreSQL materialises a CTE used twice).
        with_staff = f"WITH staff AS (SELECT id FROM {Employee._meta.db_table} WHERE unit_id IN ({marks})) "
        staff_sql = " AND employee_id IN (SELECT id FROM staff)"
    pending, approved = Arrangement.Status.PENDING, Arrangement.Status.APPROVED
    parts: list[tuple[str, list[Any]]] = [
        # Check-ins are never changed, only added (and purged of coordinates, which no board shows).
        (f"SELECT 1, count(*), max(id), NULL, NULL FROM {CheckIn._meta.db_table} WHERE {on_days}{staff_sql}",
         [*days]),
        # Requests waiting (shown), and leave, permits and trips around the days (they make the plan).
        (
            "SELECT 2, count(*), sum(CASE WHEN status = %s THEN id ELSE 0 END), "
            "sum(CASE WHEN status = %s THEN id ELSE 0 END), max(decided_at) "
            f"FROM {Arrangement._meta.db_table} "
            f"WHERE (status = %s OR (start_date <= %s AND end_date >= %s)){staff_sql}",
            [pending, approved, pending, days[-1], days[0]],
        ),
        (f"SELECT 3, count(*), sum(id), NULL, NULL FROM {Correction._meta.db_table} WHERE status = %s{staff_sql}",
         [Correction.Status.PENDING]),
        (f"SELECT 4, count(*), NULL, NULL, max(set_at) FROM {PlanEntry._meta.db_table} WHERE {on_days}{staff_sql}",
         [*days]),
        # Check-ins waiting for verification (shown), and the decisions on those of the days (they count).
        (
            "SELECT 6, count(*), sum(CASE WHEN status = %s THEN id ELSE 0 END), NULL, max(decided_at) "
            f"FROM {Verification._meta.db_table} WHERE (status = %s OR {on_days}){staff_sql}",
            [Verification.Status.PENDING, Verification.Status.PENDING, *days],
        ),
        # Shift swaps waiting for a head (the unit board's decisions read their rows only when some wait).
        (f"SELECT 8, count(*), sum(id), NULL, NULL FROM {ShiftSwap._meta.db_table} WHERE status = %s{staff_sql}",
         [ShiftSwap.Status.PENDING]),
        # Check-outs taken back (a few a day city-wide, each within minutes of its check-out: the newest one).
        (f"SELECT 7, count(*), max(id), NULL, NULL FROM {CheckoutUndo._meta.db_table}", []),
        # The unit's staff by their unit's index, not through the CTE (which would scan every employee).
        (f"SELECT 5, count(*), NULL, NULL, max(updated_at) FROM {Employee._meta.db_table}"
         + (f" WHERE unit_id IN ({marks})" if with_staff else ""), ids if with_staff else []),
    ]
    if with_staff:
        # The units' coverage alerts, raised or resolved (a unit board counts those it shows).
        parts.append((f"SELECT 9, count(*), max(id), NULL, max(resolved_at) FROM {CoverageAlert._meta.db_table} "
                      f"WHERE unit_id IN ({marks})", ids))
    sql = with_staff + " UNION ALL ".join(part for part, _params in parts)
    params = [*ids, *(p for _part, part_params in parts for p in part_params)]
    # Prepared on PostgreSQL: every board request and poll asks it, and its planning is a third of its time.
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall())
    return (reference.generation(), *(tuple(_plain(v) for v in row) for row in rows))


def _plain(value):
    """The same value whatever the database gave (SQLite: text dates, PostgreSQL: Decimal sums)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return int(value)


def minute() -> str:
    """This minute in Asia/Jakarta, as the boards show it."""
    return timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M")


def key(name: str, parts: Iterable, found: tuple) -> str:
    digest = hashlib.sha1(repr((tuple(parts), minute(), found)).encode()).hexdigest()
    return f"{PREFIX}:{name}:{digest}"


def kept(name: str, parts: Iterable, found: tuple, build: Callable[[], T]) -> T:
    """The snapshot of board `name` for `parts` (what is shown) and the fingerprint `found`: from the cache
    when this minute already built it over the same data, else `build()`, kept for the next requests."""
    full_key = key(name, parts, found)
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, KEEP_SECONDS)
    return value
