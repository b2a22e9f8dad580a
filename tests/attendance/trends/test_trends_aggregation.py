"""Trend counts of a hand-made week, worked out by hand below; the pure tally as a table; the cache.

Kelurahan Tren Uji (under Kecamatan Alpha), Mon–Fri 07:30–16:00 (Fri –16:30), a policy with a minimum of 2
staff on site. Today is Saturday 11 April 2026; the week of 6–10 April:

          Ani              Budi           Citra          Dedi           Eka (starts Thu 9)
  Mon 6   07:20            07:45 TL1      07:20          —  TK          not counted
  Tue 7   07:20            07:20          sakit          —  TK          not counted
  Wed 8   WFH, 07:25       cuti           cuti           07:10          not counted
  Thu 9   08:10 TL2        07:20          —  TK          —  TK          07:20
  Fri 10  07:20            —  TK          —  TK          —  TK          —  TK

  day   expected present late wfh  planned on site  actual on site  short planned/actual
  Mon   4        3       1    0    4                3               no / no
  Tue   3        2       0    0    3                2               no / no
  Wed   2        2       0    1    1 (Dedi)         1               yes / yes
  Thu   5        3       1    0    5                3               no / no
  Fri   5        1       0    0    5                1               no / yes
  sum   19       11      2    1    5 unit-days with a minimum      1 / 2

Presence 11/19 = 57.9 %, lateness 2/11 = 18.2 %, WFH 1/19 = 5.3 %, short 1/5 = 20 % planned, 2/5 = 40 % actual.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from attendance.models import CheckIn
from attendance.trends import figures
from policy.models import Arrangement, Policy, StaffingMinimum
from policy.plan import day_plan
from tests.conftest import make_employee, make_unit
from units import clock
from units.models import Employee, Unit

MON, TUE, WED, THU, FRI = (dt.date(2026, 4, d) for d in range(6, 11))
WEEK = [MON, TUE, WED, THU, FRI]
SATURDAY = dt.date(2026, 4, 11)


def jakarta(day, hh, mm):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def check_in(employee, day, hh, mm):
    CheckIn.objects.create(employee=employee, date=day, kind="in", at=jakarta(day, hh, mm), created_by=employee.user)
    CheckIn.objects.create(employee=employee, date=day, kind="out", at=jakarta(day, 16, 35), created_by=employee.user)


def arrange(employee, kind, start, end, leave_type=""):
    Arrangement.objects.create(
        employee=employee, kind=kind, leave_type=leave_type, start_date=start, end_date=end,
        status=Arrangement.Status.APPROVED, reason="uji",
    )


def freeze(monkeypatch, day=SATURDAY, hh=10):
    monkeypatch.setattr(clock, "today", lambda: day)
    monkeypatch.setattr(clock, "now", lambda: jakarta(day, hh, 0))


@dataclass
class Week:
    unit: Unit
    ani: Employee
    budi: Employee
    citra: Employee
    dedi: Employee
    eka: Employee


def build_week(world) -> Week:
    unit = make_unit("17.99.01.1007", "Kelurahan Tren Uji", Unit.Kind.KELURAHAN, world.kec_alpha)
    policy = Policy.objects.create(
        title="Tidak menerapkan WFH bagi ASN", legal_basis_type="se_walikota", legal_basis_number="800/1/2026",
        decided_by="Wali Kota Bengkulu", decided_on=dt.date(2026, 1, 21), effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFO_REQUIRED, reason="Loket tidak boleh kosong", scope_city=True,
        status=Policy.Status.ACTIVE, created_by=world.admin_user,
    )
    StaffingMinimum.objects.create(policy=policy, unit=unit, service_role="", min_count=2)
    ani, budi, citra, dedi = (make_employee(unit, name) for name in ("Ani Tren", "Budi Tren", "Citra Tren", "Dedi Tren"))
    eka = make_employee(unit, "Eka Tren", start_date=THU)
    for day in (MON, TUE, FRI):
        check_in(ani, day, 7, 20)
    arrange(ani, "wfh", WED, WED)
    check_in(ani, WED, 7, 25)
    check_in(ani, THU, 8, 10)
    check_in(budi, MON, 7, 45)
    check_in(budi, TUE, 7, 20)
    arrange(budi, "cuti", WED, WED, "tahunan")
    check_in(budi, THU, 7, 20)
    check_in(citra, MON, 7, 20)
    arrange(citra, "sakit", TUE, TUE)
    arrange(citra, "cuti", WED, WED, "tahunan")
    check_in(dedi, WED, 7, 10)
    check_in(eka, THU, 7, 20)
    return Week(unit, ani, budi, citra, dedi, eka)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week(world, monkeypatch):
    freeze(monkeypatch)
    return build_week(world)


def unit_series(week, days=WEEK):
    staff = list(Employee.objects.filter(unit=week.unit).select_related("unit"))
    gathered = figures.gather(staff, [week.unit.pk], days, today=clock.today())
    return gathered, figures.series(gathered.counts, [week.unit.pk], days)


def test_it_counts_each_day_as_worked_out_by_hand(week):
    gathered, days = unit_series(week)
    assert gathered.complete
    assert [(c.expected, c.present, c.late, c.wfh) for c in days] == [
        (4, 3, 1, 0), (3, 2, 0, 0), (2, 2, 0, 1), (5, 3, 1, 0), (5, 1, 0, 0),
    ]
    assert [(c.with_minimum, c.short_planned, c.short_actual) for c in days] == [
        (1, 0, 0), (1, 0, 0), (1, 1, 1), (1, 0, 0), (1, 0, 1),
    ]
    assert [round(c.presence_rate, 1) for c in days] == [75.0, 66.7, 100.0, 60.0, 20.0]
    assert [round(c.lateness_rate, 1) for c in days] == [33.3, 0.0, 0.0, 33.3, 0.0]


def test_it_adds_up_the_week(week):
    _gathered, days = unit_series(week)
    week_total = figures.total(days)
    assert week_total == figures.Counts(expected=19, present=11, late=2, wfh=1, with_minimum=5, short_planned=1, short_actual=2)
    assert round(week_total.presence_rate, 1) == 57.9
    assert round(week_total.lateness_rate, 1) == 18.2
    assert round(week_total.wfh_share, 1) == 5.3
    assert (week_total.short_planned_rate, week_total.short_actual_rate) == (20.0, 40.0)


def test_it_counts_a_weekend_without_anybody_expected(week):
    _gathered, days = unit_series(week, [dt.date(2026, 4, 4), dt.date(2026, 4, 5)])
    assert days == [figures.ZERO, figures.ZERO]
    assert days[0].presence_rate is None and days[0].lateness_rate is None


def test_it_keeps_past_days_in_the_cache_and_counts_yesterday_afresh(week, django_assert_max_num_queries):
    unit_series(week)
    check_in(week.dedi, FRI, 7, 15)  # yesterday: counted again on every request
    check_in(week.dedi, THU, 7, 15)  # before yesterday: cached for T.FRESH_FOR
    _gathered, days = unit_series(week)
    assert days[4].present == 2
    assert days[3].present == 3
    cache.clear()
    _gathered, days = unit_series(week)
    assert days[3].present == 4


def test_it_counts_part_of_the_days_within_a_budget(week):
    staff = list(Employee.objects.filter(unit=week.unit).select_related("unit"))
    steps = []
    for _ in range(6):
        gathered = figures.gather(staff, [week.unit.pk], WEEK, today=clock.today(), budget=2 * len(staff))
        steps.append(gathered.done)
        if gathered.complete:
            break
    assert steps == [2, 4, 5]  # Fri is yesterday: never cached, counted on the last step
    assert figures.series(gathered.counts, [week.unit.pk], WEEK)[4].present == 1


def test_it_gives_units_without_staff_zero_counts(week, world):
    staff = list(Employee.objects.filter(unit=week.unit).select_related("unit"))
    empty = make_unit("17.99.01.1006", "Kelurahan Kosong", Unit.Kind.KELURAHAN, world.kec_alpha)
    gathered = figures.gather(staff, [week.unit.pk, empty.pk], [MON], today=clock.today())
    assert gathered.counts[(empty.pk, MON)] == figures.ZERO


def test_it_keeps_the_query_count_flat(week, django_assert_max_num_queries):
    def count():
        cache.clear()
        staff = list(Employee.objects.filter(unit=week.unit).select_related("unit"))
        figures.gather(staff, [week.unit.pk], WEEK, today=clock.today())

    with django_assert_max_num_queries(15) as small:
        count()
    for n in range(20):
        person = make_employee(week.unit, f"Tambahan {n}", login=False)
        CheckIn.objects.create(employee=person, date=MON, kind="in", at=jakarta(MON, 7, 0), created_by=week.ani.user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        count()


# --- the pure tally, as a table ----------------------------------------------------------------------------


def pd(mode=day_plan.ONSITE, present=True, late=False, counted=True, unit=1, day=MON, role=""):
    return figures.PersonDay(unit_id=unit, day=day, role=role, mode=mode, present=present, late=late, counted=counted)


@pytest.mark.parametrize(
    ("person_days", "needed", "expected"),
    [
        ([], {}, figures.ZERO),
        ([pd(), pd(late=True), pd(present=False)], {}, figures.Counts(3, 2, 1, 0, 0, 0, 0)),
        ([pd(mode=day_plan.WFH), pd()], {}, figures.Counts(2, 2, 0, 1, 0, 0, 0)),
        # DL, cuti, sakit and days off are not expected; a check-in on them does not count
        ([pd(mode=day_plan.DL), pd(mode=day_plan.CUTI), pd(mode=day_plan.LIBUR), pd(mode=day_plan.OFF)], {}, figures.ZERO),
        # before the start date: neither expected nor on site
        ([pd(counted=False, present=False), pd()], {"": 2}, figures.Counts(1, 1, 0, 0, 1, 1, 1)),
        # planned on site 2 (enough), 1 checked in (short in fact)
        ([pd(), pd(present=False)], {"": 2}, figures.Counts(2, 1, 0, 0, 1, 0, 1)),
        # WFH staff do not fill the on-site minimum
        ([pd(mode=day_plan.WFH), pd()], {"": 2}, figures.Counts(2, 2, 0, 1, 1, 1, 1)),
        # a role-specific minimum
        ([pd(role="petugas_layanan"), pd(role="administrasi")], {"petugas_layanan": 2}, figures.Counts(2, 2, 0, 0, 1, 1, 1)),
        # a minimum of zero is no minimum
        ([pd()], {"": 0}, figures.Counts(1, 1, 0, 0, 0, 0, 0)),
    ],
)
def test_it_tallies_one_unit_day(person_days, needed, expected):
    result = figures.tally(person_days, {(1, MON): needed} if needed else {})
    assert result.get((1, MON), figures.ZERO) == expected


def test_it_tallies_per_unit_and_day_in_one_pass():
    result = figures.tally([pd(unit=1), pd(unit=2, present=False), pd(unit=1, day=TUE, late=True)], {(3, MON): {"": 1}})
    assert result[(1, MON)] == figures.Counts(1, 1, 0, 0, 0, 0, 0)
    assert result[(2, MON)] == figures.Counts(1, 0, 0, 0, 0, 0, 0)
    assert result[(1, TUE)] == figures.Counts(1, 1, 1, 0, 0, 0, 0)
    assert result[(3, MON)] == figures.Counts(0, 0, 0, 0, 1, 1, 1)  # a unit with a minimum and nobody on site


def test_it_leaves_days_without_counts_out_of_a_series():
    counts = {(1, MON): figures.Counts(2, 1), (2, MON): figures.Counts(3, 3), (1, TUE): figures.Counts(1, 1)}
    assert figures.series(counts, [1, 2], [MON, TUE, WED]) == [figures.Counts(5, 4), figures.Counts(1, 1), None]


def test_it_keeps_only_finished_recorded_days():
    days = figures.days_between(dt.date(2026, 4, 1), SATURDAY)
    assert figures.counted_days(days, today=SATURDAY, since=MON) == WEEK
    assert figures.counted_days(days, today=SATURDAY, since=None) == []
