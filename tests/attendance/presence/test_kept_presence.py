"""Kept presence (attendance.presence.kept, issue 14 item 7): the per-person rows of the day the coverage counts
read, kept up to date where the day changes, in the same transaction, and equal to a full evaluation.

The day is test_board_city's worked Monday at 10:00 (two kelurahan needing 2 on site each, Dukcapil needing 2
counter officers). After the day is built, each kind of change is made through the code people use (the
check-in, a decision, a roster cell, an edit of a person, a policy change), and the city's coverage read from
the kept rows must equal the coverage worked out by evaluating everyone."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.alerts import tasks
from attendance.approvals import corrections
from attendance.boards import coverage
from attendance.checkin import recording, undo
from attendance.models import Correction, Presence, PresenceDay, Verification
from attendance.presence import kept
from attendance.verification import decisions
from policy.models import Arrangement, PlanEntry, StaffingMinimum
from tests.attendance.boards.test_board_city import MONDAY, build_city, check, freeze
from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import make_employee
from units import clock
from units.models import Employee, Unit

KEL1, KEL2, DUKCAPIL = "17.99.01.1001", "17.99.01.1002", None


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    return build_city(world)


def figures(row: coverage.UnitCoverage) -> tuple:
    return (row.staff, row.present, row.planned, row.late, row.minimums, row.missing)


def coverage_now(*, full: bool = False) -> dict[str, tuple]:
    units = Unit.objects.active()
    staff = Employee.objects.active().filter(unit__is_active=True)
    if full:
        with mock.patch.object(kept, "counts", return_value=None):
            return {r.code: figures(r) for r in coverage.gather(units, staff)}
    assert kept.built(MONDAY)
    return {r.code: figures(r) for r in coverage.gather(units, staff)}


def assert_kept_equals_full() -> dict[str, tuple]:
    found = coverage_now()
    assert found == coverage_now(full=True)
    return found


def present(found: dict[str, tuple], code: str) -> int:
    return sum(found[code][1].values())


def kiosk(employee, intended, hh, mm, **extra):
    now = jakarta(MONDAY, hh, mm)
    outcome = recording.record(
        employee, employee.user, today=MONDAY, now=now, kiosk_unit=employee.unit, qr_nonce=f"{employee.pk}-{intended}",
        intended=intended, **extra,
    )
    assert outcome.ok, outcome.message
    return outcome


def test_the_built_day_counts_what_a_full_evaluation_counts(city):
    assert kept.build() == Employee.objects.active().filter(unit__is_active=True).count()
    found = assert_kept_equals_full()
    assert (present(found, KEL1), present(found, KEL2)) == (2, 1)  # as test_board_city works out by hand
    assert found[KEL2][4] == {"": 2} and found[KEL2][5] == 1  # a minimum of 2, one missing


def test_a_day_not_built_is_counted_by_evaluating_everyone(city):
    assert kept.counts(MONDAY, [city.world.kel_alpha1.pk]) is None
    assert coverage_now(full=True)[KEL1][1] == {"administrasi": 2}


def test_a_check_in_and_a_check_out_update_the_kept_row_in_their_own_write(city):
    kept.build()
    kiosk(city.andi, "in", 10, 0)  # Andi (Alpha Dua) arrives late: on site, late
    row = Presence.objects.get(employee=city.andi, date=MONDAY)
    assert (row.on_site, row.late) == (True, True)
    assert present(assert_kept_equals_full(), KEL2) == 2
    kiosk(city.world.staff_alpha2, "out", 10, 0, early_out_confirmed=True)  # Budi leaves early
    assert not Presence.objects.get(employee=city.world.staff_alpha2, date=MONDAY).on_site
    assert present(assert_kept_equals_full(), KEL2) == 1


def test_a_check_in_refused_by_the_database_leaves_the_kept_row_as_it_was(city):
    """Two arrivals racing: the loser's page did not see the winner's row, its insert is refused by the
    database, and the kept row it would have written goes with it (the winner's own row was made here behind
    the kept rows' back, so the kept row still says "not here": what the refused write would have changed)."""
    kept.build()
    check(city.andi, "in", 9, 59)  # the winner, unseen by the loser's page
    real = recording.day_for

    def unseen(*args, **kwargs):
        day = real(*args, **kwargs)
        day.events, day.departure = [], None
        return day

    with mock.patch.object(recording, "day_for", unseen):
        outcome = kiosk(city.andi, "in", 10, 0)
    assert outcome.result == recording.DUPLICATE
    assert not Presence.objects.get(employee=city.andi, date=MONDAY).on_site


def test_a_verified_check_in_counts_from_its_decision(city):
    kept.build()
    waiting = check(city.andi, "in", 9, 0, method="phone", location="outside", reason="GPS lemah")
    item = Verification.objects.create(checkin=waiting, employee=city.andi, date=MONDAY)
    assert present(assert_kept_equals_full(), KEL2) == 1  # waiting: not counted
    decisions.approve(item, city.world.admin_user)
    assert present(assert_kept_equals_full(), KEL2) == 2


def test_an_approved_correction_counts(city):
    kept.build()
    correction = corrections.submit(
        city.andi, city.andi.user, {"date": MONDAY, "kind": Correction.Kind.FORGOT_IN, "time_in": dt.time(7, 25), "reason": "Lupa"}
    )
    corrections.approve(correction, city.world.lurah_alpha1.user)
    assert present(assert_kept_equals_full(), KEL2) == 2


def test_a_decided_request_and_a_roster_change_move_the_plan(city):
    kept.build()
    wfh = Arrangement.objects.create(
        employee=city.world.staff_alpha2, kind="wfh", start_date=MONDAY, end_date=MONDAY, reason="uji"
    )
    wfh.decide(Arrangement.Status.APPROVED, city.world.admin_user, "")
    found = assert_kept_equals_full()
    assert present(found, KEL2) == 0 and found[KEL2][2] == {"administrasi": 1}  # Budi at home; Andi still planned
    PlanEntry.objects.create(employee=city.andi, date=MONDAY, mode=PlanEntry.Mode.WFH, set_by=city.world.admin_user)
    assert assert_kept_equals_full()[KEL2][2] == {}
    PlanEntry.objects.filter(employee=city.andi, date=MONDAY).delete()
    assert assert_kept_equals_full()[KEL2][2] == {"administrasi": 1}


def test_an_edited_moved_or_deactivated_person_is_counted_where_they_are_from_the_next_build(city):
    kept.build()
    lurah = city.world.lurah_alpha1
    lurah.unit = city.world.kel_alpha2
    lurah.save()
    assert not kept.built(MONDAY)  # an edit of a person: the next minute builds the day again
    kept.ensure()
    found = assert_kept_equals_full()
    assert (present(found, KEL1), present(found, KEL2)) == (1, 2)
    lurah.is_active = False
    lurah.save()
    kept.ensure()
    assert present(assert_kept_equals_full(), KEL2) == 1
    assert not Presence.objects.filter(employee=lurah, date=MONDAY).exists()
    newcomer = make_employee(city.world.kel_alpha1, "Pegawai Baru")
    kept.ensure()
    assert Presence.objects.filter(employee=newcomer, date=MONDAY).exists()
    assert_kept_equals_full()


def test_a_policy_change_is_counted_from_a_full_evaluation_until_the_next_build(city):
    kept.build()
    StaffingMinimum.objects.create(policy=StaffingMinimum.objects.first().policy, unit=city.world.kel_alpha1, min_count=3)
    assert not kept.built(MONDAY)
    assert coverage_now(full=True)[KEL1][4] == {"": 3}
    assert kept.ensure() is True and kept.ensure() is False
    assert assert_kept_equals_full()[KEL1][4] == {"": 3}


def test_the_minute_task_builds_the_day_once(city):
    minute = clock.now().isoformat()
    with mock.patch.object(tasks.reminders, "remind", return_value=0):
        first = tasks.scan_coverage.call(minute)
        second = tasks.scan_coverage.call(minute)
    assert (first["presence_built"], second["presence_built"]) == (True, False)
    assert PresenceDay.objects.filter(date=MONDAY).exists()


def test_the_command_rebuilds_the_day(city, capsys):
    kept.build()
    Presence.objects.filter(employee=city.world.lurah_alpha1).update(on_site=False)  # drifted
    call_command("rebuild_presence")
    assert "Kept presence of 2026-04-13:" in capsys.readouterr().out
    assert present(assert_kept_equals_full(), KEL1) == 2


def test_a_built_day_counts_without_reading_a_check_in_in_a_fixed_number_of_queries(city):
    kept.build()

    def read() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            coverage_now()
        return len(queries), " ".join(q["sql"] for q in queries.captured_queries)

    read()  # the reference tables are read once, then kept in memory (policy.plan.reference)
    small, sql = read()
    assert "attendance_checkin" not in sql
    for n in range(12):
        make_employee(city.world.kel_alpha1 if n % 2 else city.world.dukcapil, f"Tambahan {n}")
    kept.build()
    assert read()[0] == small


def test_a_save_of_a_person_naming_only_other_fields_keeps_the_day_built(city):
    kept.build()
    city.andi.save(update_fields=["updated_at"])  # e.g. a login linked to the record
    assert kept.built(MONDAY)
    city.andi.save(update_fields=["service_role"])
    assert not kept.built(MONDAY)


def test_a_check_out_taken_back_counts_the_person_on_site_again(city):
    """Issue 16: Budi's accidental check-out, taken back within the window, puts him back on the count."""
    kept.build()
    budi = city.world.staff_alpha2
    before = present(assert_kept_equals_full(), KEL2)
    out = kiosk(budi, "out", 10, 0, early_out_confirmed=True).checkin
    assert present(assert_kept_equals_full(), KEL2) == before - 1
    undo.undo(budi, budi.user, out.pk, jakarta(MONDAY, 10, 3))
    assert Presence.objects.get(employee=budi, date=MONDAY).on_site
    assert present(assert_kept_equals_full(), KEL2) == before
