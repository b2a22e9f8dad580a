"""A check-in outside every place counts only once accepted (SE BKPSDM 4/2025): waiting, the day shows MV
instead of TK or PSW and the person is not present; rejected, the day is what the other check-ins make it;
check-ins flagged before the rule (no Verification) count as they did. The full and the lean evaluation
agree, and neither grows with the number of check-ins waiting."""

import datetime as dt

import pytest

from attendance.evaluation.bulk import evaluate
from attendance.evaluation.status import AWAITING, DayStatus, awaiting_verification
from attendance.models import Verification
from attendance.month import calendar
from tests.attendance.verification.test_verification_fixtures import (  # noqa: F401
    MONDAY,
    TODAY,
    april,
    check,
    legacy,
    outside,
)
from tests.conftest import make_employee
from units.models import Employee

pytestmark = pytest.mark.usefixtures("april")
BOTH = pytest.mark.parametrize("lean", [False, True], ids=["full", "lean"])


def status(employee, day=MONDAY, *, lean=False) -> DayStatus:
    people = Employee.objects.filter(pk=employee.pk) if lean else [employee]
    return evaluate(people, [day], lean=lean).status(employee.pk, day)


@BOTH
def test_a_check_in_waiting_makes_the_day_mv_not_tk_and_not_present(world, lean):
    siti = world.staff_alpha1
    outside(siti)
    check(siti, MONDAY, "out", 16, 5, location="inside")
    found = status(siti, lean=lean)
    assert found.codes == (AWAITING,) and found.awaiting
    assert not found.present and found.first_in is None


@BOTH
def test_it_shows_mv_today_before_the_day_is_over(world, lean):
    outside(world.staff_alpha1, TODAY, mm=25)
    assert status(world.staff_alpha1, TODAY, lean=lean).codes == ("MV",)


@BOTH
@pytest.mark.parametrize(("minute", "codes"), [(20, ("H",)), (41, ("TL1",))])
def test_an_accepted_check_in_counts_with_its_own_time(world, lean, minute, codes):
    siti = world.staff_alpha1
    outside(siti, mm=minute, status="approved")
    check(siti, MONDAY, "out", 16, 5, location="inside")
    found = status(siti, lean=lean)
    assert found.codes == codes and found.present and found.first_in == dt.datetime(2026, 4, 6, 7, minute)


@BOTH
def test_a_rejected_check_in_leaves_the_day_to_the_others(world, lean):
    siti = world.staff_alpha1
    outside(siti, status="rejected")
    check(siti, MONDAY, "out", 16, 5, location="inside")
    # The check-out stands without an arrival that counts: TL4 ("tidak presensi masuk"), not TK (issue 17).
    assert status(siti, lean=lean).codes == ("TL4",)


@BOTH
def test_a_rejected_check_out_gives_the_band_of_the_check_out_that_remains(world, lean):
    siti = world.staff_alpha1
    check(siti, MONDAY, "in", 7, 20, location="inside")
    early = check(siti, MONDAY, "out", 15, 0, location="inside")
    outside(siti, MONDAY, "out", 16, 5, status="rejected", supersedes=early)
    found = status(siti, lean=lean)
    assert found.codes == ("PSW2",) and found.early_minutes == 60
    outside(world.staff_alpha2, MONDAY, "out", 16, 5, status="rejected")
    check(world.staff_alpha2, MONDAY, "in", 7, 20, location="inside")
    assert status(world.staff_alpha2, lean=lean).codes == ("PSW4",)


@BOTH
def test_a_late_arrival_that_counts_stays_while_the_check_out_waits(world, lean):
    siti = world.staff_alpha1
    check(siti, MONDAY, "in", 7, 41, location="inside")
    outside(siti, MONDAY, "out", 15, 0)
    found = status(siti, lean=lean)
    assert found.codes == ("TL1", "MV") and found.present and found.late_minutes == 11
    assert found.early_minutes == 0 and not found.missing_out


@BOTH
def test_a_check_in_flagged_before_the_rule_counts_as_before(world, lean):
    siti = world.staff_alpha1
    legacy(siti)
    check(siti, MONDAY, "out", 16, 5, location="inside")
    found = status(siti, lean=lean)
    assert found.codes == ("H",) and found.present


def test_the_full_evaluation_keeps_the_void_event_to_show_it(world):
    siti = world.staff_alpha1
    waiting = outside(siti)
    [event] = evaluate([siti], [MONDAY]).checkins[(siti.pk, MONDAY)]
    assert event.pk == waiting.checkin_id and event.verification_status == "pending"
    assert event.waiting and not event.counts and event.flagged


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (("H",), ("MV",)),
        (("-",), ("MV",)),
        (("TK",), ("MV",)),
        (("PSW4",), ("MV",)),
        (("TL2", "PSW4"), ("TL2", "MV")),
        (("TL1", "TPI", "PSW1"), ("TL1", "MV")),
        (("DL",), ("DL",)),
        (("CT",), ("CT",)),
        (("S",), ("S",)),
        (("L",), ("L",)),
    ],
)
def test_awaiting_verification_replaces_only_what_a_check_in_could_change(codes, expected):
    found = awaiting_verification(DayStatus(codes, late_minutes=5, early_minutes=40, missing_out=True))
    assert found.codes == expected
    if expected != codes:
        assert (found.early_minutes, found.missing_out, found.late_minutes) == (0, False, 5)


def test_the_calendar_says_mv_in_words(world):
    outside(world.staff_alpha1)
    found = status(world.staff_alpha1)
    assert calendar.day_label(MONDAY, TODAY, found) == "MV · menunggu verifikasi"


@pytest.mark.parametrize("lean", [False, True], ids=["full", "lean"])
def test_it_keeps_the_query_count_flat(world, lean, django_assert_max_num_queries):
    unit = world.kel_alpha1

    def run():
        people = Employee.objects.filter(unit=unit)
        return evaluate(people if lean else list(people.select_related("unit")), [MONDAY], lean=lean)

    outside(world.staff_alpha1)
    with django_assert_max_num_queries(12) as small:
        run()
    for n in range(20):
        person = make_employee(unit, f"Tambahan {n}", login=False)
        person.user = world.staff_alpha1.user  # created_by of the check-in
        outside(person, status=Verification.Status.choices[n % 3][0])
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = run()
    assert sum(s.awaiting for s in result.statuses.values()) == 8  # every third of 20, and Siti
