"""The bulk evaluation reads plan, schedule and check-ins in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from tests.conftest import make_employee
from units import clock
from units.models import Employee

MONDAY = dt.date(2026, 4, 6)
TUESDAY = MONDAY + dt.timedelta(days=1)


def jakarta(day, hh, mm, ss=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm, ss)))


def check(employee, day, kind, hh, mm, ss=0, **extra):
    return CheckIn.objects.create(
        employee=employee, date=day, kind=kind, at=jakarta(day, hh, mm, ss),
        created_by=employee.user, **extra,
    )


@pytest.fixture
def tuesday_evening(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 21, 0))


def test_it_evaluates_a_small_unit(world, tuesday_evening):
    siti, operator = world.staff_alpha1, world.operator_alpha1
    check(siti, MONDAY, "in", 7, 31)
    check(siti, MONDAY, "out", 16, 2)
    check(operator, MONDAY, "in", 7, 10)
    early = check(operator, MONDAY, "out", 14, 0)
    check(operator, MONDAY, "out", 16, 10, supersedes=early)  # the later check-out replaces it
    result = evaluate(Employee.objects.filter(unit=world.kel_alpha1), [MONDAY, TUESDAY])
    assert result.status(siti.pk, MONDAY).codes == ("TL1",)
    assert result.status(operator.pk, MONDAY).codes == ("H",)
    assert result.status(world.lurah_alpha1.pk, MONDAY).codes == ("TK",)
    assert result.status(siti.pk, TUESDAY).codes == ("TK",)


def test_it_uses_a_correcting_event_instead_of_the_original(world, tuesday_evening):
    siti = world.staff_alpha1
    wrong = check(siti, MONDAY, "in", 9, 45)
    check(siti, MONDAY, "out", 16, 0)
    check(siti, MONDAY, "in", 7, 25, method="correction", corrects=wrong)
    result = evaluate([siti], [MONDAY])
    assert result.status(siti.pk, MONDAY).codes == ("H",)


def test_it_keeps_the_query_count_flat(world, tuesday_evening, django_assert_max_num_queries):
    def run():
        return evaluate(Employee.objects.filter(unit=world.kel_alpha1), [MONDAY, TUESDAY])

    with django_assert_max_num_queries(11) as small:
        run()
    for n in range(30):
        person = make_employee(world.kel_alpha1, f"Tambahan {n}", login=False)
        CheckIn.objects.create(employee=person, date=MONDAY, kind="in", at=jakarta(MONDAY, 7, 0), created_by=world.admin_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        run()
