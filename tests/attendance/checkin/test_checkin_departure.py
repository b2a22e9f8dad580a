"""One departure in effect per person and day: a later check-out supersedes the earlier one (an
appended row pointing at it), a repeat within the window is answered with the departure in effect,
and storms of concurrent check-outs store one row (issue 11, item 7)."""

import datetime as dt
import importlib
import re
import threading
import uuid

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from attendance.checkin import recording
from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    JAKARTA,
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    post,
    text,
)
from tests.attendance.checkin.test_kiosk_qr import code_for
from tests.conftest import login

STORM = 50
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs PostgreSQL (set DATABASE_URL)"
)


def at(hh, mm, ss=0, day=MONDAY):
    return dt.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=JAKARTA)


def stored(employee, kind, hh, mm, ss=0, day=MONDAY, **extra) -> CheckIn:
    extra.setdefault("created_by", employee.user)
    return CheckIn.objects.create(employee=employee, date=day, kind=kind, at=at(hh, mm, ss, day), **extra)


def departures(employee):
    return list(CheckIn.objects.filter(employee=employee, kind="out").order_by("at", "id"))


def check_out(employee, now, **extra):
    return recording.record(
        employee, employee.user, today=MONDAY, now=now, position=recording.Position(*OFFICE, 10, "ok"),
        token=uuid.uuid4(), **extra,
    )


# (a) Storms and double taps store one row.


def storm(employee, count):
    """`count` phones of the same person press "Presensi pulang" at the same moment, each with its own
    form; returns (status, body) per request."""
    clients = []
    for _ in range(count):
        client = Client()
        login(client, employee)
        clients.append(client)
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            data = {
                "token": str(uuid.uuid4()), "kind": "out", "location_status": "ok",
                "latitude": f"{OFFICE[0]:.6f}", "longitude": f"{OFFICE[1]:.6f}", "accuracy": "8",
            }
            response = clients[index].post("/saya/presensi/", data, headers={"HX-Request": "true"})
            results[index] = (response.status_code, response.content.decode())
        except Exception as error:  # reported by the assertions
            results[index] = (None, repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_stores_one_check_out_when_fifty_race(world, office, frozen):
    staff = world.staff_alpha1
    stored(staff, "in", 7, 24)
    frozen.set(MONDAY, 16, 5)
    results = storm(staff, STORM)
    [row] = departures(staff)
    assert row.supersedes is None
    for status, body in results:
        assert status == 200, body
        assert re.search(r'data-checkin="(\d+)"', body).group(1) == str(row.pk)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_stores_one_check_out_when_every_request_read_the_day_before_any_wrote(
    world, office, frozen, monkeypatch
):
    """The worst interleaving, forced (8 requests: fewer than the pool's connections): all read the same
    departure in effect, then all insert a check-out superseding it. The database takes one; each
    other request answers with it."""
    staff = world.staff_alpha1
    stored(staff, "in", 7, 24)
    first = stored(staff, "out", 15, 0)
    frozen.set(MONDAY, 16, 5)
    threads = 8
    read_all = threading.Barrier(threads)
    original_day_for, original_winner = recording.day_for, recording._winner
    lost = []

    def day_for_then_wait(*args, **kwargs):
        day = original_day_for(*args, **kwargs)
        read_all.wait(timeout=10)
        return day

    monkeypatch.setattr(recording, "day_for", day_for_then_wait)
    monkeypatch.setattr(recording, "_winner", lambda row: lost.append(row) or original_winner(row))
    results = storm(staff, threads)
    assert len(lost) == threads - 1
    older, row = departures(staff)
    assert older == first and row.supersedes == first
    for status, body in results:
        assert status == 200, body
        assert f'data-checkin="{row.pk}"' in body


def test_it_answers_a_double_tap_with_the_departure_just_stored(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    frozen.set(MONDAY, 16, 5)
    post(client, OFFICE, htmx=True)
    frozen.set(MONDAY, 16, 5, 59)
    page = text(post(client, OFFICE, htmx=True))  # a new form, 59 s later
    [row] = departures(world.staff_alpha1)
    assert "Sudah tercatat sebelumnya: Presensi pulang pukul 16:05." in page
    assert row.at == at(16, 5)


def test_it_answers_a_kiosk_scan_right_after_a_check_out_with_that_check_out(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    frozen.set(MONDAY, 16, 5)
    post(client, OFFICE)
    response = client.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 16, 5, 40)))
    [row] = departures(world.staff_alpha1)
    assert response.status_code == 200 and f'data-checkin="{row.pk}"' in response.content.decode()
    assert "Sudah tercatat sebelumnya: Presensi pulang pukul 16:05." in text(response)


def test_it_answers_a_check_out_that_read_the_day_before_another_was_stored_with_that_one(
    world, office, frozen
):
    """The race on any database: the second request read the day before the first check-out was
    stored, so it saw no departure and is not caught by the window; the database refuses its row."""
    staff = world.staff_alpha1
    stored(staff, "in", 7, 24)
    stale_day = recording.day_for(staff, MONDAY, frozen.set(MONDAY, 16, 5))
    first = check_out(staff, frozen.set(MONDAY, 16, 5))
    original = recording.day_for
    recording.day_for = lambda *args, **kwargs: stale_day
    try:
        second = check_out(staff, frozen.set(MONDAY, 16, 5, 1))
    finally:
        recording.day_for = original
    assert (first.result, second.result) == (recording.RECORDED, recording.DUPLICATE)
    assert second.checkin.pk == first.checkin.pk
    assert departures(staff) == [first.checkin]


# (b) A later departure supersedes the earlier one and counts.


@pytest.mark.parametrize("lean", [False, True])
def test_it_keeps_a_later_check_out_as_a_row_superseding_the_earlier_one(world, office, frozen, lean):
    staff = world.staff_alpha1
    stored(staff, "in", 7, 24)
    early = check_out(staff, frozen.set(MONDAY, 15, 30))
    exactly_after = check_out(staff, frozen.set(MONDAY, 15, 31))  # the window is over
    later = check_out(staff, frozen.set(MONDAY, 16, 5))
    assert [o.result for o in (early, exactly_after, later)] == [recording.RECORDED] * 3
    first, second, third = departures(staff)
    assert (first.supersedes, second.supersedes, third.supersedes) == (None, first, second)
    assert third == later.checkin and later.day.departure == third
    status = evaluate([staff], [MONDAY], now=at(20, 0), lean=lean).status(staff.pk, MONDAY)
    assert status.codes == ("H",) and status.last_out == at(16, 5).replace(tzinfo=None)
    assert recording.day_for(staff, MONDAY, at(20, 0)).departure == third


def test_it_supersedes_a_corrected_departure_and_leaves_corrections_out_of_the_chain(world, office, frozen):
    """A correction replaces a departure through `corrects`; a check-out after it still supersedes the
    end of the chain of phone and kiosk check-outs (here the corrected one)."""
    staff = world.staff_alpha1
    stored(staff, "in", 7, 24)
    phone = stored(staff, "out", 15, 0, location="outside")
    fixed = stored(
        staff, "out", 15, 0, method="correction", corrects=phone, created_by=world.lurah_alpha1.user
    )
    later = check_out(staff, frozen.set(MONDAY, 16, 5))
    assert later.result == recording.RECORDED and later.checkin.supersedes == phone
    assert fixed.supersedes is None
    assert evaluate([staff], [MONDAY], now=at(20, 0)).status(staff.pk, MONDAY).codes == ("H",)


# (c) The invariant is in the database.


def test_the_database_refuses_a_second_first_departure(world):
    staff = world.staff_alpha1
    stored(staff, "out", 16, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored(staff, "out", 16, 5, method="qr")
    stored(staff, "out", 16, 5, method="correction")  # corrections keep their own rule
    stored(staff, "out", 16, 0, day=MONDAY + dt.timedelta(days=1))  # another day


def test_the_database_refuses_a_second_row_superseding_the_same_departure(world):
    staff = world.staff_alpha1
    first = stored(staff, "out", 16, 0)
    stored(staff, "out", 16, 5, supersedes=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored(staff, "out", 16, 10, supersedes=first)


@pytest.mark.parametrize("kind, method", [("in", "phone"), ("out", "correction")])
def test_the_database_refuses_a_superseding_row_that_is_not_a_phone_or_kiosk_check_out(world, kind, method):
    staff = world.staff_alpha1
    first = stored(staff, "out", 16, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored(staff, kind, 16, 5, method=method, supersedes=first)


# (d) The migration links the departures already stored.


def test_the_migration_links_stored_duplicate_departures_into_chains(world):
    migration = importlib.import_module("attendance.migrations.0005_checkin_supersedes")
    constraint = next(c for c in CheckIn._meta.constraints if c.name == "checkin_one_first_out_per_day")
    with connection.cursor() as cursor:  # as before 0006 (rolled back with the test)
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(constraint.name)}")
    siti, operator = world.staff_alpha1, world.operator_alpha1
    tuesday = MONDAY + dt.timedelta(days=1)
    stored(siti, "in", 7, 24)
    late = stored(siti, "out", 16, 30)  # stored first, latest in time
    early = stored(siti, "out", 15, 0)
    middle = stored(siti, "out", 16, 0, method="qr")
    fixed = stored(siti, "out", 16, 45, method="correction", corrects=late)
    alone = stored(operator, "out", 16, 0)
    next_day = [stored(siti, "out", 16, 1, day=tuesday), stored(siti, "out", 16, 2, day=tuesday)]

    migration.link_departures(apps, None)
    migration.link_departures(apps, None)  # again: nothing more to link

    links = dict(CheckIn.objects.values_list("pk", "supersedes_id"))
    assert (links[early.pk], links[middle.pk], links[late.pk]) == (None, early.pk, middle.pk)
    assert links[fixed.pk] is None and links[alone.pk] is None
    assert (links[next_day[0].pk], links[next_day[1].pk]) == (None, next_day[0].pk)
    with connection.cursor() as cursor:  # the data now satisfies the constraint 0006 adds
        if connection.vendor == "postgresql":  # as between the two migrations' transactions
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(str(constraint.create_sql(CheckIn, connection.schema_editor())))
    assert evaluate([siti], [MONDAY], now=at(20, 0)).status(siti.pk, MONDAY).last_out == at(16, 45).replace(
        tzinfo=None
    )


# (e) A check-out costs what a check-in costs.


@pytest.mark.parametrize("repeat", [False, True])
def test_it_checks_out_with_the_same_number_of_queries_as_a_check_in(
    client, world, office, frozen, repeat, django_assert_num_queries
):
    """As tests/attendance/checkin/test_checkin_integrity.py: the session, the user with the employee, the
    plan inputs and the day's events (one round trip on PostgreSQL, three statements on SQLite), the insert
    in a savepoint. A repeat within the window writes nothing: the three statements of the insert are saved."""
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    frozen.set(MONDAY, 15, 59)
    post(client, OFFICE)
    frozen.set(MONDAY, 15, 59, 30) if repeat else frozen.set(MONDAY, 16, 5)
    client.get("/saya/")  # the session is read and cached like on a phone that opened the page
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    with django_assert_num_queries(2 + reads + (0 if repeat else 3)):
        response = post(client, OFFICE, htmx=True)
    assert response.status_code == 200
    assert len(departures(world.staff_alpha1)) == (1 if repeat else 2)
