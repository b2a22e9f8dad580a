"""The fast paths of issue 6 give the same plan and statuses as the plain ones: the lean evaluation (times
from the database, no CheckIn objects; people as plain rows), the plan read from the tables in memory,
and one person's check-in day."""

import datetime as dt

import pytest

from attendance.checkin import recording
from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from policy.models import Arrangement, PlanEntry, PolicyUnit
from policy.plan.building import build_plan, tables
from tests.attendance.evaluation.test_evaluate import MONDAY, TUESDAY, check, jakarta
from tests.conftest import make_employee
from tests.policy.plan.test_my_day import make_policy
from units import clock
from units.models import Employee, Holiday, Schedule, Shift

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
DAYS = [MONDAY - dt.timedelta(days=1), MONDAY, TUESDAY, WEDNESDAY]


@pytest.fixture
def varied(world, monkeypatch):
    """A week with most of what a plan and a status depend on: two policies (one naming a person), a
    holiday, an approved leave, a night shift assigned by the head, a correction, and people who never
    checked in."""
    monkeypatch.setattr(clock, "now", lambda: jakarta(WEDNESDAY, 10, 0))
    siti, operator, lurah = world.staff_alpha1, world.operator_alpha1, world.lurah_alpha1
    make_policy(world)
    named = make_policy(world, title="WFH Siti", rule="wfh_required", scope_city=False, decided_on=dt.date(2026, 2, 1))
    named.scope_employees.add(siti)
    office = make_policy(world, title="Kantor Alpha", scope_city=False, decided_on=dt.date(2026, 3, 1))
    PolicyUnit.objects.create(policy=office, unit=world.kel_alpha1, include_sub_units=True)
    Holiday.objects.create(date=WEDNESDAY, name="Libur uji", category=Holiday.Category.LOCAL)
    Arrangement.objects.create(
        employee=operator, kind="cuti", leave_type="sakit", start_date=TUESDAY, end_date=WEDNESDAY,
        working_days=2, reason="Sakit", status=Arrangement.Status.APPROVED,
    )
    shifts = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT)
    night = Shift.objects.create(schedule=shifts, code="malam", name="Malam", start=dt.time(21), end=dt.time(7))
    nurse = make_employee(world.kel_alpha1, "Perawat Uji", schedule=shifts)
    PlanEntry.objects.create(employee=nurse, date=MONDAY, mode="onsite", shift=night, set_by=lurah.user)
    check(nurse, MONDAY, "in", 20, 55)
    CheckIn.objects.create(employee=nurse, date=MONDAY, kind="out", at=jakarta(TUESDAY, 7, 5), created_by=lurah.user)
    wrong = check(siti, MONDAY, "in", 9, 45)
    check(siti, MONDAY, "in", 7, 25, method="correction", corrects=wrong)
    check(siti, MONDAY, "out", 15, 59, 30)
    check(lurah, TUESDAY, "in", 7, 31)
    for n in range(3):
        make_employee(world.kel_alpha1, f"Tanpa presensi {n}", login=False)
    return world


def test_the_lean_evaluation_equals_the_plain_one(varied):
    people = Employee.objects.filter(is_active=True)
    plain = evaluate(list(people.select_related("unit")), DAYS)
    lean = evaluate(people, DAYS, lean=True)
    assert lean.plan.cells == plain.plan.cells
    assert lean.statuses == plain.statuses
    assert lean.plan.minimums == plain.plan.minimums
    assert {e.pk for e in lean.plan.employees} == {e.pk for e in plain.plan.employees}
    assert lean.checkins == {} and plain.checkins


def test_the_plan_from_memory_equals_the_plan_from_the_database(varied):
    people = list(Employee.objects.filter(is_active=True).select_related("unit"))
    from_database = build_plan(people, DAYS)
    from_memory = build_plan(people, DAYS, tables=tables())
    assert from_memory.cells == from_database.cells
    assert from_memory.minimums == from_database.minimums
    for unit_id in {e.unit_id for e in people}:
        for day in DAYS:
            assert from_memory.on_site(unit_id, day) == from_database.on_site(unit_id, day)


def test_a_check_in_day_equals_the_bulk_plan(varied):
    for person in Employee.objects.filter(is_active=True).select_related("unit"):
        plan = build_plan([person], [TUESDAY, WEDNESDAY], minimums=False)
        day = recording.day_for(person, WEDNESDAY, jakarta(WEDNESDAY, 10, 0))
        assert day.cell == plan.cells[(person.pk, day.date)], person.full_name
