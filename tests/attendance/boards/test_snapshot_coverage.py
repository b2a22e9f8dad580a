"""Guard: every table a board reads is watched by the snapshot (attendance.boards.snapshot), or is one
of the few whose change may show a minute late by design. A board that starts reading a new table
without the fingerprint covering it would serve a stale snapshot for up to a minute: this test fails
first, naming the table.

The boards are rendered with no snapshot (the cache emptied), as after any change, and every table
named in their queries is checked against the lists below.
"""

import re

from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_save
from django.test.utils import CaptureQueriesContext

from attendance.models import CheckIn, CheckoutUndo, Correction, Verification
from policy.models import Arrangement, PlanEntry
from policy.plan import reference
from tests.attendance.boards.test_board_city import URL as CITY
from tests.attendance.boards.test_board_city import build_city, freeze
from tests.attendance.boards.test_board_unit import KEL, ask, check_in, tuesday  # noqa: F401
from tests.conftest import forget_snapshots, login
from units.models import Employee

# What snapshot.fingerprint reads (a change to these shows at the next request).
FINGERPRINT = {m._meta.db_table for m in (CheckIn, CheckoutUndo, Arrangement, Correction, Verification, PlanEntry, Employee)}
WITHIN_THE_MINUTE = {
    # A unit renamed or moved shows within the minute (snapshot.py says so): the unit board keeps its
    # units for the minute on purpose.
    "units_unit",
}
# The signed-in request itself, read before any board (with the user: whether they stand in for a head today).
PLUMBING = {"django_session", "auth_user", "units_deputy"}
# Read on every request beside the snapshot, never kept in it: the coverage alerts ("Saya tangani" shows at once).
OUTSIDE_THE_SNAPSHOT = {
    "attendance_coveragealert",
    "attendance_suspicioncase",  # counted for "Menunggu keputusan Anda", beside the board, on every request
    "policy_shiftswap",  # the shift swaps waiting for a decision, beside the board (not in its polls)
}
# The kept presence (attendance.presence.kept): written only with a change the fingerprint watches (a check-in,
# a decision, a roster cell, a person) or when the day is built from those same tables, and equal to a full
# evaluation of them (tests/attendance/presence): a board reads the same counts from either.
KEPT = {"attendance_presence", "attendance_presenceday"}

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.IGNORECASE)


def watched_by_reference() -> set[str]:
    """The tables whose saves bump the reference generation (policy.plan.reference.watch and
    watch_m2m), read from the signal registry: a table watched later counts without editing this."""
    prefixes = ("hadir-reference-save-", "hadir-reference-m2m-")
    labels = [
        uid.removeprefix(prefix)
        for signal in (post_save, m2m_changed)
        for (uid, _sender), *_rest in signal.receivers
        for prefix in prefixes
        if isinstance(uid, str) and uid.startswith(prefix)
    ]
    return {apps.get_model(label)._meta.db_table for label in labels}


def tables_read(client, url: str) -> set[str]:
    forget_snapshots()
    reference.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return {t.lower() for q in queries.captured_queries for t in TABLE.findall(q["sql"])}


def unwatched(tables: set[str]) -> set[str]:
    return tables - FINGERPRINT - watched_by_reference() - WITHIN_THE_MINUTE - PLUMBING - OUTSIDE_THE_SNAPSHOT - KEPT - {"staff"}


def test_the_unit_board_reads_only_tables_the_snapshot_watches(client, world, tuesday):  # noqa: F811
    check_in(world.staff_alpha1, 7, 52)
    ask(world.staff_alpha2)
    login(client, world.lurah_alpha1)
    tables = tables_read(client, KEL)
    assert CheckIn._meta.db_table in tables  # the capture sees the board's own reads
    assert not unwatched(tables), f"board reads tables the snapshot does not watch: {unwatched(tables)}"


def test_the_city_board_reads_only_tables_the_snapshot_watches(client, world, monkeypatch):
    build_city(world)
    freeze(monkeypatch)
    login(client, world.admin_user)
    tables = tables_read(client, CITY)
    assert CheckIn._meta.db_table in tables
    assert not unwatched(tables), f"board reads tables the snapshot does not watch: {unwatched(tables)}"


def test_the_guard_notices_a_table_nobody_watches():
    assert unwatched({"attendance_checkin", "units_holiday", "policy_auditevent"}) == {"policy_auditevent"}
