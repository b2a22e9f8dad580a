"""Double taps, retries and a second "in" never create a second check-in; the POST stays cheap."""

import uuid

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save

from attendance.models import CheckIn
from policy.models import StaffingMinimum
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    post,
)
from tests.conftest import login, make_employee
from tests.policy.plan.test_my_day import make_policy


def test_it_returns_the_same_row_when_the_same_form_is_sent_twice(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    first = post(client, OFFICE, token=token, htmx=True)
    frozen.set(MONDAY, 7, 26)
    again = post(client, OFFICE, token=token, htmx=True)
    row = CheckIn.objects.get()
    assert f'data-checkin="{row.pk}"' in first.content.decode()
    assert f'data-checkin="{row.pk}"' in again.content.decode()
    assert "pukul 07:24" in again.content.decode()


def test_it_returns_the_same_out_row_when_a_check_out_is_retried(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    token = uuid.uuid4()
    frozen.set(MONDAY, 16, 1)
    post(client, OFFICE, token=token)
    frozen.set(MONDAY, 16, 2)
    post(client, OFFICE, token=token)
    assert list(CheckIn.objects.values_list("kind", flat=True)) == ["in", "out"]


def test_it_answers_a_second_check_in_form_with_the_first_check_in(client, world, office, frozen):
    """A "Presensi masuk" form from another tab, sent after the day's check-in: no check-out is made."""
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 7, 30)
    response = post(client, north_of(OFFICE, 500), kind="in", htmx=True)
    row = CheckIn.objects.get()
    html = response.content.decode()
    assert f'data-checkin="{row.pk}"' in html
    assert "Sudah tercatat sebelumnya: Presensi masuk pukul 07:24." in html
    assert "Presensi pulang" in html


def test_it_returns_the_first_check_in_when_a_second_in_races_it(client, world, office, frozen):
    """Two forms opened before either was sent (two tabs): the database keeps one "in"; the request
    that lost the race is answered with the first row."""
    from attendance.checkin import recording

    staff = world.staff_alpha1
    stale_day = recording.day_for(staff, MONDAY, frozen.set(MONDAY, 7, 24))
    first = recording.record(staff, staff.user, today=MONDAY, now=frozen.set(MONDAY, 7, 24),
                           position=recording.Position(*OFFICE, 10, "ok"), token=uuid.uuid4())
    assert first.result == recording.RECORDED

    # The second request read the day before the first was written: it still thinks "in" is next.
    original = recording.day_for
    recording.day_for = lambda *args, **kwargs: stale_day
    try:
        second = recording.record(staff, staff.user, today=MONDAY, now=frozen.set(MONDAY, 7, 25),
                                position=recording.Position(*OFFICE, 10, "ok"), token=uuid.uuid4())
    finally:
        recording.day_for = original
    assert second.result == recording.DUPLICATE
    assert second.checkin.pk == first.checkin.pk
    assert CheckIn.objects.filter(kind="in").count() == 1


def test_it_does_not_show_another_persons_row_for_a_reused_token(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    post(client, OFFICE, token=token)
    login(client, world.operator_alpha1)
    response = post(client, OFFICE, token=token, htmx=True)
    assert "Formulir ini sudah tidak berlaku" in response.content.decode()
    assert not CheckIn.objects.filter(employee=world.operator_alpha1).exists()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("extra_staff", [0, 25])
def test_it_checks_in_with_a_small_fixed_number_of_queries(
    client, world, office, frozen, extra_staff, htmx, django_assert_num_queries
):
    """The session, the user with the employee (units.access), the person's own plan inputs (approved
    requests, the head's assignments) and the day's events (three statements: in one round trip on PostgreSQL,
    a pipeline of prepared statements), and the insert (in a savepoint here, inside the test's
    transaction) with the person's kept presence row (attendance.presence.kept: in the insert's own statement on
    PostgreSQL, a second statement on SQLite); the htmx answer renders without a query."""
    policy = make_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit=office, min_count=2)
    for n in range(extra_staff):
        make_employee(office, f"Pegawai {n}", login=False)
    login(client, world.staff_alpha1)
    client.get("/saya/")  # the session is read and cached like on a phone that opened the page
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    kept_row = 0 if connection.vendor == "postgresql" else 1
    with django_assert_num_queries(2 + reads + 3 + kept_row) as queries:
        response = post(client, north_of(OFFICE, 5), htmx=htmx)
    assert response.status_code == (200 if htmx else 302)
    assert CheckIn.objects.filter(employee=world.staff_alpha1).count() == 1
    insert = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "WITH")))
    assert "attendance_checkin" in insert and insert.count("INSERT") == 2 - kept_row
    assert ("attendance_presence" in insert) == (kept_row == 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_the_check_in_statements_are_prepared_once_per_connection(client, world, office, frozen):
    """attendance.checkin.sql.prepared_cursor: the reads and the insert are prepared on the connection by the first
    check-in, and later check-ins execute them without preparing again (their text is not parsed and planned
    each time)."""

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {statement for (statement,) in cursor.fetchall()}

    before = prepared()
    login(client, world.staff_alpha1)
    assert post(client, north_of(OFFICE, 5), htmx=True).status_code == 200
    after_first = prepared() - before
    assert any("policy_arrangement" in sql for sql in after_first)
    assert any("attendance_checkin" in sql and sql.lstrip().startswith("SELECT") for sql in after_first)
    assert any(sql.lstrip().startswith(("INSERT", "WITH")) for sql in after_first)
    colleague = make_employee(office, "Rekan Alpha Satu")
    login(client, colleague)
    assert post(client, north_of(OFFICE, 5), htmx=True).status_code == 200
    assert prepared() - before == after_first  # the second check-in prepared nothing new
    assert CheckIn.objects.filter(employee__in=[world.staff_alpha1, colleague]).count() == 2


def test_nothing_listens_to_check_in_saves():
    """attendance.checkin.sql.insert writes the row without Model.save() (no pre_save/post_save signals): a
    receiver for CheckIn would be skipped on every check-in, so it must not be added without changing it."""
    for signal in (pre_save, post_save):
        assert not signal.has_listeners(CheckIn)


def test_the_insert_stores_what_save_would(world, office, frozen):
    """The INSERT compiled once (attendance.checkin.sql) stores every field as Model.save() does (decimals, the UUID token, the
    aware time), and the row read back is the row that was written."""
    from attendance.checkin import recording

    staff = world.staff_alpha1
    token = uuid.uuid4()
    now = frozen.set(MONDAY, 7, 24, 31)
    outcome = recording.record(staff, staff.user, today=MONDAY, now=now, token=token,
                             position=recording.Position(*north_of(OFFICE, 5), 12.4, "ok"))
    row = CheckIn.objects.get()
    assert outcome.checkin.pk == row.pk and not outcome.checkin._state.adding
    assert (row.employee, row.date, row.kind, row.at, row.method, row.unit) == (
        staff, MONDAY, "in", now, "phone", office
    )
    assert (row.token, row.accuracy_m, row.distance_m, row.location, row.created_by) == (
        token, 12, 5, "inside", staff.user
    )
    assert str(row.latitude) == f"{north_of(OFFICE, 5)[0]:.6f}" and str(row.longitude) == "102.250000"
    assert (row.planned_mode, row.reason, row.qr_nonce) == ("onsite", "", "")
    assert row.corrects is None and row.correction is None
    day = recording.day_for(staff, MONDAY, now)
    assert [(e.pk, e.at, e.token, e.latitude) for e in day.events] == [(row.pk, now, token, row.latitude)]
