"""The bulk evaluation reads the break check-in too (SE BKPSDM 4/2025): the plain and the lean paths agree,
TPI comes from the same rows on both databases, and the query count stays flat."""

import datetime as dt

import pytest

from attendance.evaluation.bulk import evaluate, event_times
from attendance.rules_seed import MISSED_BREAK
from policy.models import PlanEntry
from tests.attendance.evaluation.test_evaluate import MONDAY, TUESDAY, check, jakarta
from tests.conftest import five_day_schedule, make_employee
from units import clock
from units.models import Employee, Schedule, Shift


@pytest.fixture
def three_moments(world, monkeypatch):
    """The test schedule asks for the break check-in from the SE's date; Tuesday evening now."""
    schedule = five_day_schedule()
    schedule.break_checkin_from = dt.date(2025, 3, 3)
    schedule.save()
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 21, 0))
    return world


def test_it_counts_a_break_check_in_and_gives_tpi_without_one(three_moments):
    siti, budi, lurah = three_moments.staff_alpha1, three_moments.staff_alpha2, three_moments.lurah_alpha1
    for person in (siti, budi, lurah):
        check(person, MONDAY, "in", 7, 20)
        check(person, MONDAY, "out", 16, 5)
    check(siti, MONDAY, "brk", 12, 10)
    check(lurah, MONDAY, "brk", 13, 5)  # after the window: does not count
    people = Employee.objects.filter(pk__in=[siti.pk, budi.pk, lurah.pk])
    for result in (evaluate(list(people.select_related("unit")), [MONDAY]), evaluate(people, [MONDAY], lean=True)):
        assert result.status(siti.pk, MONDAY).codes == ("H",)
        assert result.status(siti.pk, MONDAY).break_at == dt.datetime(2026, 4, 6, 12, 10)
        assert result.status(budi.pk, MONDAY).codes == (MISSED_BREAK,)
        assert result.status(lurah.pk, MONDAY).codes == (MISSED_BREAK,)
        assert result.status(lurah.pk, MONDAY).break_at is None


def test_a_break_added_by_a_correction_counts_and_replaces_the_original(three_moments):
    siti = three_moments.staff_alpha1
    check(siti, MONDAY, "in", 7, 20)
    check(siti, MONDAY, "out", 16, 5)
    wrong = check(siti, MONDAY, "brk", 13, 30)
    check(siti, MONDAY, "brk", 12, 15, method="correction", corrects=wrong)
    assert event_times([siti.pk], MONDAY, MONDAY)[0][(siti.pk, MONDAY)][2] == dt.datetime(2026, 4, 6, 12, 15)
    assert evaluate([siti], [MONDAY]).status(siti.pk, MONDAY).codes == ("H",)
    assert evaluate(Employee.objects.filter(pk=siti.pk), [MONDAY], lean=True).status(siti.pk, MONDAY).codes == ("H",)


def test_a_shift_with_a_break_asks_for_it_and_one_without_does_not(three_moments):
    shifts = Schedule.objects.create(
        code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT, break_checkin_from=dt.date(2025, 3, 3)
    )
    pagi = Shift.objects.create(
        schedule=shifts, code="pagi", name="Pagi", start=dt.time(7), end=dt.time(14),
        break_start=dt.time(12), break_end=dt.time(12, 30),
    )
    siang = Shift.objects.create(schedule=shifts, code="siang", name="Siang", start=dt.time(14), end=dt.time(21))
    first = make_employee(three_moments.kel_alpha1, "Perawat Pagi", schedule=shifts)
    second = make_employee(three_moments.kel_alpha1, "Perawat Siang", schedule=shifts)
    head = three_moments.lurah_alpha1.user
    PlanEntry.objects.create(employee=first, date=MONDAY, mode="onsite", shift=pagi, set_by=head)
    PlanEntry.objects.create(employee=second, date=MONDAY, mode="onsite", shift=siang, set_by=head)
    check(first, MONDAY, "in", 6, 50)
    check(first, MONDAY, "out", 14, 5)
    check(second, MONDAY, "in", 13, 50)
    check(second, MONDAY, "out", 21, 5)
    for lean in (False, True):
        result = evaluate(Employee.objects.filter(pk__in=[first.pk, second.pk]), [MONDAY], lean=lean)
        assert result.status(first.pk, MONDAY).codes == (MISSED_BREAK,)
        assert result.status(second.pk, MONDAY).codes == ("H",)


@pytest.mark.parametrize("lean", [False, True])
def test_it_keeps_the_query_count_flat_with_break_check_ins(three_moments, lean, django_assert_max_num_queries):
    def run():
        return evaluate(Employee.objects.filter(unit=three_moments.kel_alpha1), [MONDAY, TUESDAY], lean=lean)

    def day_of(person, with_break):
        check(person, MONDAY, "in", 7, 20)
        if with_break:
            check(person, MONDAY, "brk", 12, 5)
        check(person, MONDAY, "out", 16, 5)

    day_of(three_moments.staff_alpha1, True)
    with django_assert_max_num_queries(12) as small:
        run()
    for n in range(6):
        day_of(make_employee(three_moments.kel_alpha1, f"Tambahan {n}"), with_break=n % 2 == 0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = run()
    codes = [s.codes for (pk, day), s in result.statuses.items() if day == MONDAY]
    assert codes.count((MISSED_BREAK,)) == 3 and codes.count(("H",)) == 4
