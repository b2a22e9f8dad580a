"""The demo history's break moment (SE BKPSDM 4/2025): break check-ins inside their window on the days that
ask for one, a few missing (TPI), none before the rule's date, and arrivals and departures unchanged by it."""

import datetime as dt
from collections import Counter

from django.utils import timezone

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from attendance.rules_seed import MISSED_BREAK
from tests.attendance.test_demo_history import (  # noqa: F401 (fixtures)
    START,
    TODAY,
    load,
    small_city,
    town,
    wednesday_morning,
)
from units import demo_org
from units.models import Employee, Schedule, ScheduleDay, Shift
from units.schedule import in_window


def moments():
    return set(CheckIn.objects.exclude(kind="brk").values_list("employee_id", "date", "kind", "at"))


def test_the_break_moment_leaves_arrivals_and_departures_as_they_were(town):  # noqa: F811
    load()
    before = moments()
    assert before and not CheckIn.objects.filter(kind="brk").exists()  # the rule is not set: two moments
    CheckIn.objects.all().delete()
    rule = START + dt.timedelta(days=30)
    Schedule.objects.filter(code__in=["5-hari", "shift-24-jam"]).update(break_checkin_from=rule)
    Shift.objects.filter(code="pagi").update(break_start=dt.time(12), break_end=dt.time(12, 30))
    load()
    assert moments() == before
    breaks = list(CheckIn.objects.filter(kind="brk").select_related("employee__unit"))
    assert breaks and min(b.date for b in breaks) >= rule
    staff = list(Employee.objects.active().select_related("unit"))
    days = [rule + dt.timedelta(days=i) for i in range((TODAY - rule).days)]
    result = evaluate(staff, days)
    for b in breaks:
        if b.date in result.plan.days:
            hours = result.plan.timetables[b.employee.effective_schedule_id].hours_on(b.date)
            cell = result.plan.cells[(b.employee_id, b.date)]
            if cell.shift_id:
                hours = Shift.objects.select_related("schedule").get(pk=cell.shift_id).hours()
            assert in_window(timezone.localtime(b.at).replace(tzinfo=None), hours.break_window(b.date))
    codes = Counter(code for s in result.statuses.values() for code in s.codes)
    assert 0 < codes[MISSED_BREAK] < codes["H"] / 5
    assert {b.employee_id for b in breaks} & {n.pk for n in town.nakes}  # the morning shift's break


def test_the_demo_asks_for_the_break_and_fills_only_what_is_empty(small_city):  # noqa: F811
    assert set(Schedule.objects.values_list("code", "break_checkin_from")) >= {
        ("5-hari", demo_org.BREAK_CHECKIN_FROM), ("6-hari", demo_org.BREAK_CHECKIN_FROM),
        ("shift-24-jam", demo_org.BREAK_CHECKIN_FROM),
    }
    ramadan = ScheduleDay.objects.filter(schedule__code="6-hari", override__isnull=False).order_by("weekday")
    assert [(d.weekday, d.break_start, d.break_end) for d in ramadan] == [
        (0, dt.time(12), dt.time(12, 30)), (1, dt.time(12), dt.time(12, 30)), (2, dt.time(12), dt.time(12, 30)),
        (3, dt.time(12), dt.time(12, 30)), (4, dt.time(11, 30), dt.time(12, 30)), (5, dt.time(12), dt.time(12, 30)),
    ]  # SE 04/2026: 12.00–12.30, Friday 11.30–12.30
    shifts = {s.code: (s.break_start, s.break_end) for s in Shift.objects.filter(schedule__code="shift-24-jam")}
    assert shifts == {"pagi": (dt.time(12), dt.time(12, 30)), "siang": (dt.time(18), dt.time(18, 30)), "malam": (None, None)}
    Schedule.objects.filter(code="5-hari").update(break_checkin_from=dt.date(2026, 1, 5))
    Shift.objects.filter(code="pagi").update(break_start=dt.time(11), break_end=dt.time(11, 30))
    demo_org.ensure_break_moments()
    assert Schedule.objects.get(code="5-hari").break_checkin_from == dt.date(2026, 1, 5)  # an admin's choice stays
    assert Shift.objects.get(code="pagi").break_start == dt.time(11)


def test_the_demo_history_shows_three_moments_and_a_few_missed_breaks(small_city):  # noqa: F811
    kinds = Counter(CheckIn.objects.filter(date__lt=TODAY).values_list("kind", flat=True))
    assert kinds["brk"] > 0.7 * kinds["in"]  # most days of most people (night shifts have no break)
    staff = Employee.objects.active()
    days = [START + dt.timedelta(days=i) for i in range((TODAY - START).days)]
    result = evaluate(staff, days)
    present = [s for s in result.statuses.values() if s.present and s.code not in ("DL",)]
    missed = sum(1 for s in present if s.missing_break)
    assert 0.01 < missed / len(present) < 0.10
