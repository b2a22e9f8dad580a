"""The demo history of `manage.py load_demo`: believable, deterministic, idempotent attendance."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from attendance import demo_history
from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from policy.arrangements.requests import leave_balance
from policy.models import Arrangement, AuditEvent, PlanEntry
from tests.conftest import make_employee, make_unit
from units import clock
from units import holidays as holiday_calendar
from units.demo import DEMO_ACCOUNTS
from units.demo_org import ensure_default_schedules
from units.models import Employee, Holiday, Schedule, Unit

# A Wednesday morning: the 60 days before it hold weekends, Ramadan hours, Nyepi and Idul Fitri.
NOW = timezone.make_aware(dt.datetime(2026, 4, 15, 10, 0))
TODAY = NOW.date()
START = TODAY - dt.timedelta(days=demo_history.DAYS)
DEMO_NIPS = {a["nip"] for a in DEMO_ACCOUNTS}


@pytest.fixture(autouse=True)
def wednesday_morning(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def town(world):
    """The shared personas on the city's 5-day schedule, the national holidays, and a puskesmas with
    a head and four nakes on shifts."""
    ensure_default_schedules()
    holiday_calendar.sync([2026])
    shifts = Schedule.objects.get(code="shift-24-jam")
    five_day = Schedule.objects.get(code="5-hari")  # the city's, with its Ramadan hours
    Unit.objects.update(schedule=five_day)
    world.puskesmas = make_unit("pkm-uji", "Puskesmas Uji", Unit.Kind.PUSKESMAS, schedule=shifts)
    world.kapus = make_employee(
        world.puskesmas,
        "Kepala Puskesmas Uji",
        Employee.Role.HEAD,
        schedule=five_day,
    )
    world.nakes = [
        make_employee(
            world.puskesmas, f"Perawat {n}", service_role=Employee.ServiceRole.TENAGA_KESEHATAN
        )
        for n in range(4)
    ]
    return world


def load(seed=2026) -> str:
    return demo_history.load(seed)


def generated_counts() -> tuple[int, int, int, int]:
    return (
        CheckIn.objects.count(),
        Arrangement.objects.count(),
        PlanEntry.objects.count(),
        AuditEvent.objects.filter(arrangement__isnull=False).count(),
    )


def first_rows(n=25) -> list[tuple]:
    rows = CheckIn.objects.order_by("employee__nip", "date", "kind").values_list(
        "employee__nip", "date", "kind", "at", "latitude", "longitude", "location", "reason"
    )
    return list(rows[:n])


def test_it_gives_the_same_history_for_the_same_seed(town):
    load(seed=7)
    counts, rows = generated_counts(), first_rows()
    requests = list(
        Arrangement.objects.order_by("employee__nip", "start_date").values_list(
            "employee__nip", "kind", "start_date", "end_date", "reason"
        )
    )
    AuditEvent.objects.filter(arrangement__isnull=False).delete()
    for model in (CheckIn, Arrangement, PlanEntry):
        model.objects.all().delete()

    load(seed=7)
    assert counts[0] > 0 and generated_counts() == counts
    assert first_rows() == rows
    assert (
        list(
            Arrangement.objects.order_by("employee__nip", "start_date").values_list(
                "employee__nip", "kind", "start_date", "end_date", "reason"
            )
        )
        == requests
    )


def test_it_gives_another_history_for_another_seed(town):
    load(seed=7)
    rows = first_rows()
    CheckIn.objects.all().delete()
    load(seed=8)
    assert first_rows() != rows


def test_it_creates_nothing_new_when_run_twice(town):
    load()
    counts = generated_counts()
    assert load() == (
        f"Demo history {START}–{TODAY - dt.timedelta(days=1)} and today until 10:00: 0 check-ins, "
        "0 approved requests (DL, cuti, sakit), 0 shift roster days, "
        "0 verifications of check-ins outside the office created now.\n"
    )
    assert generated_counts() == counts


def test_it_leaves_a_recorded_check_in_alone(town):
    day = dt.date(2026, 4, 7)  # a Tuesday
    mine = CheckIn.objects.create(
        employee=town.staff_alpha1,
        date=day,
        kind="in",
        at=timezone.make_aware(dt.datetime(2026, 4, 7, 9, 45)),
        created_by=town.staff_alpha1.user,
    )
    load()
    ins = CheckIn.objects.filter(employee=town.staff_alpha1, date=day, kind="in")
    assert list(ins) == [mine]
    assert not Arrangement.objects.filter(
        employee=town.staff_alpha1, start_date__lte=day, end_date__gte=day
    ).exists()


def test_it_checks_five_day_staff_in_only_on_working_days(town):
    load()
    holidays = set(
        Holiday.objects.filter(date__range=(START, TODAY)).values_list("date", flat=True)
    )
    assert (
        dt.date(2026, 3, 19) in holidays and dt.date(2026, 3, 20) in holidays
    )  # Nyepi, Idul Fitri
    office = CheckIn.objects.exclude(employee__unit=town.puskesmas)
    days = set(office.values_list("date", flat=True))
    assert days and not {d for d in days if d.weekday() >= 5 or d in holidays}
    kapus_days = set(CheckIn.objects.filter(employee=town.kapus).values_list("date", flat=True))
    assert kapus_days and all(d.weekday() < 5 and d not in holidays for d in kapus_days)


def test_it_uses_ramadan_hours_for_arrivals(town):
    load()
    ramadan = dt.date(2026, 2, 19), dt.date(2026, 3, 20)  # 08:00 instead of 07:30
    after_half_past = {True: [], False: []}
    arrivals = CheckIn.objects.filter(employee__unit__kind=Unit.Kind.KELURAHAN, kind="in")
    for at, day in arrivals.values_list("at", "date"):
        during = ramadan[0] <= day <= ramadan[1]
        after_half_past[during].append(timezone.localtime(at).time() > dt.time(7, 30))
    assert len(after_half_past[True]) > 20 and len(after_half_past[False]) > 20
    assert sum(after_half_past[True]) > 0.8 * len(after_half_past[True])
    assert sum(after_half_past[False]) < 0.2 * len(after_half_past[False])


def test_it_rosters_shift_staff_and_checks_them_in_on_their_shifts(town):
    load()
    last = TODAY + dt.timedelta(days=demo_history.ROSTER_AHEAD)
    entries = PlanEntry.objects.filter(employee__in=town.nakes).select_related("shift")
    assert not PlanEntry.objects.exclude(employee__in=town.nakes).exists()
    by_person = Counter(e.employee_id for e in entries)
    span = (last - START).days + 1
    assert all(abs(n - span * 6 / 8) <= 2 for n in by_person.values()) and len(by_person) == 4
    assert {e.shift.code for e in entries} == {"pagi", "siang", "malam"}
    assert {e.set_by_id for e in entries} == {town.kapus.user_id}
    assert {e.mode for e in entries} == {PlanEntry.Mode.ONSITE}
    assert min(e.date for e in entries) == START and max(e.date for e in entries) == last
    # Every day of the period some nurse is on the morning shift, weekends and holidays too.
    mornings = {e.date for e in entries if e.shift.code == "pagi"}
    assert all(START + dt.timedelta(days=i) in mornings for i in range(span))

    shifts = {(e.employee_id, e.date): e.shift for e in entries}
    events = CheckIn.objects.filter(employee__in=town.nakes)
    assert events.exists()
    for event in events:
        shift = shifts[(event.employee_id, event.date)]  # only on a rostered shift
        local = timezone.localtime(event.at)
        if shift.code == "malam" and event.kind == "out":
            assert local.date() == event.date + dt.timedelta(days=1)
            assert local.time() < dt.time(9, 0)
        else:
            assert local.date() == event.date


def test_it_fills_only_the_part_of_today_that_has_happened(town):
    load()
    today = CheckIn.objects.filter(date=TODAY)
    assert today.filter(kind="in").exists()
    assert not today.filter(at__gt=NOW).exists()
    office = today.exclude(employee__unit=town.puskesmas)
    assert office.filter(kind="in").exists() and not office.filter(kind="out").exists()


def test_it_records_who_asked_and_who_approved(town):
    load(seed=3)
    requests = Arrangement.objects.select_related("employee__user")
    assert requests.exists()
    for request in requests:
        assert request.status == Arrangement.Status.APPROVED
        assert request.start_date >= START and request.end_date <= TODAY
        assert request.created_at < request.decided_at <= NOW
        assert request.decided_by_id not in (None, request.employee.user_id)
        assert request.working_days >= 1
        assert (request.kind == Arrangement.Kind.DL) == bool(request.spt_number)
        trail = list(request.audit.order_by("at").values_list("action", "actor_id", "at"))
        assert trail == [
            ("requested", request.employee.user_id, request.created_at),
            ("approved", request.decided_by_id, request.decided_at),
        ]
        days = CheckIn.objects.filter(
            employee=request.employee, date__range=(request.start_date, request.end_date)
        )
        assert not days.exists()


@pytest.fixture
def small_city(db) -> str:
    out = StringIO()
    call_command("load_demo", employees=60, stdout=out)
    return out.getvalue()


def test_it_gives_a_small_city_plausible_attendance(small_city):
    assert "Demo history 2026-02-14–2026-04-14 and today until 10:00: " in small_city
    staff = Employee.objects.active()
    days = [START + dt.timedelta(days=i) for i in range(demo_history.DAYS)]  # up to yesterday
    result = evaluate(staff, days)
    codes = [s.codes for s in result.statuses.values() if s.code != "L"]
    share = Counter()
    for day_codes in codes:
        share["H"] += day_codes == ("H",)
        share["TL"] += any(c.startswith("TL") for c in day_codes)
        share["PSW"] += any(c.startswith("PSW") for c in day_codes)
        share[day_codes[0]] += day_codes[0] in ("TK", "DL", "CT", "S")
    total = len(codes)
    assert total > 2000
    assert 0.75 < share["H"] / total < 0.92
    assert 0.03 < share["TL"] / total < 0.12
    assert 0.01 < share["PSW"] / total < 0.08
    assert 0 < share["TK"] / total < 0.02
    assert share["DL"] and share["CT"] and share["S"]
    # Under the demo policy nobody may work from home.
    assert not CheckIn.objects.filter(planned_mode="wfh").exists()
    assert not Arrangement.objects.filter(kind__in=["wfh", "wfa"]).exists()


def test_it_checks_in_near_the_office_with_a_few_flagged_outside(small_city):
    events = CheckIn.objects.select_related("unit")
    assert {e.method for e in events} == {CheckIn.Method.PHONE}
    outside = [e for e in events if e.location == CheckIn.Location.OUTSIDE]
    assert 0 < len(outside) < 0.05 * len(events)
    assert all(e.reason and e.distance_m > e.unit.geofence_radius_m for e in outside)
    inside = [e for e in events if e.location == CheckIn.Location.INSIDE]
    assert all(e.distance_m <= e.unit.geofence_radius_m and 5 <= e.accuracy_m <= 45 for e in inside)
    # SE BKPSDM 4/2025: inside means an accuracy no worse than the radius, and the office named.
    assert all(e.accuracy_m <= e.unit.geofence_radius_m and e.place_name == f"Kantor {e.unit.short_name}" for e in inside)
    assert all(e.place_name == "" for e in outside)


def test_it_leaves_today_to_the_demo_accounts(small_city):
    demo = CheckIn.objects.filter(employee__nip__in=DEMO_NIPS)
    assert demo.filter(date__lt=TODAY).exists()
    assert not demo.filter(date=TODAY).exists()
    # Besides the one DL with an activity site the demo gives on purpose (policy.demo.load_activity_site).
    ahead = Arrangement.objects.filter(employee__nip__in=DEMO_NIPS, end_date__gte=TODAY)
    assert list(ahead.values_list("kind", "site_name")) == [("dl", "Aula Kantor Gubernur Bengkulu")]


def test_it_gives_the_counter_clerk_a_dl_assignment_at_an_activity_site_once(small_city):
    from policy.demo import ASSIGNED_SITE_ACCOUNT

    entry = PlanEntry.objects.get(employee__nip=ASSIGNED_SITE_ACCOUNT["nip"], mode="dl")
    assert entry.date > TODAY and entry.site_name.startswith("Kantor Camat Selebar") and entry.site_radius_m == 15
    assert entry.set_by.employee.role == "head" and entry.set_by.employee.unit_id == entry.employee.unit_id
    assert f"A DL assignment at {entry.site_name}" in small_city
    call_command("load_demo", employees=60, stdout=StringIO())
    assert PlanEntry.objects.filter(employee__nip=ASSIGNED_SITE_ACCOUNT["nip"], mode="dl").count() == 1


def test_it_keeps_annual_leave_within_what_is_left(small_city):
    takers = Employee.objects.filter(
        arrangements__kind=Arrangement.Kind.CUTI, arrangements__start_date__year=2026
    ).distinct()
    assert takers.exists()
    for employee in takers.select_related("unit"):
        year = leave_balance(employee, 2026)
        assert 0 < year.used <= year.entitled + year.carried + year.bersama_added, employee


def test_it_makes_nothing_without_staff_and_says_so_without_an_admin(db):
    assert load() == "Demo history skipped: no admin account.\n"
    get_user_model().objects.create_superuser("admin", password="x")
    assert "0 check-ins" in load()
    assert generated_counts() == (0, 0, 0, 0)


def test_load_demo_refills_the_code_table_after_a_flush(db):
    from io import StringIO

    from django.core.management import call_command

    from attendance.models import DeductionRule, SanctionLevel

    DeductionRule.objects.all().delete()
    SanctionLevel.objects.all().delete()
    call_command("load_demo", "--employees", "0", "--history-days", "0", stdout=StringIO())
    assert DeductionRule.objects.filter(code="TL1", min_minutes=1, max_minutes=30).exists()
    assert SanctionLevel.objects.filter(min_days=28, max_days=None).exists()


def test_it_leaves_one_kelurahan_short_on_some_days(db):
    """The boards and trends have a short unit to show right after `make run`."""
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command

    from attendance.demo_history import THIN_EVERY, THIN_UNITS
    from attendance.models import CheckIn
    from units import clock
    from units.models import Employee, Holiday

    call_command("load_demo", "--employees", "600", "--history-days", "30", stdout=StringIO())
    code = THIN_UNITS[0]
    staff = Employee.objects.filter(unit__code=code).count()
    today = clock.today()
    holidays = set(Holiday.objects.values_list("date", flat=True))
    workdays = [
        today - dt.timedelta(days=n)
        for n in range(1, 30)
        if (today - dt.timedelta(days=n)).weekday() < 5 and today - dt.timedelta(days=n) not in holidays
    ]
    thin = [d for d in workdays if d.toordinal() % THIN_EVERY == 0]
    usual = [d for d in workdays if d.toordinal() % THIN_EVERY != 0]
    ins = CheckIn.objects.filter(employee__unit__code=code, kind="in")
    present = {d: ins.filter(date=d).count() for d in thin + usual}
    assert staff >= 4 and thin and usual
    assert sum(present[d] for d in thin) / len(thin) < 0.6 * sum(present[d] for d in usual) / len(usual)


def test_it_rosters_the_demo_nurse_on_two_cuti_bersama_so_her_leave_is_14_days(small_city):
    from policy.demo import LEAVE_ACCOUNT

    nurse = Employee.objects.select_related("unit").get(nip=LEAVE_ACCOUNT["nip"])
    assert nurse.unit.kind == "puskesmas" and nurse.asn_type == "PNS"
    year = leave_balance(nurse, 2026)
    assert (year.entitled, year.carried, year.bersama_worked, year.used, year.balance) == (12, 0, 2, 0, 14)
    assert "Rina Marlina (demo): on shift on 2 of the 8 cuti bersama of 2026" in small_city
    call_command("load_demo", employees=60, stdout=StringIO())
    assert leave_balance(nurse, 2026).balance == 14
