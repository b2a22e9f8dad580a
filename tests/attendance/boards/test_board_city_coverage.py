"""The pure core of the coverage pages (open or not, how many missing, the order, the words) as tables,
and `coverage.gather` on a night shift that began yesterday."""

import datetime as dt

import pytest

from attendance.boards import coverage
from attendance.presence import kept as presence
from policy.models import PlanEntry
from tests.attendance.boards.test_board_city import check, freeze
from tests.conftest import make_employee, make_unit
from units.models import Schedule, ScheduleDay, Shift, Unit
from units.schedule import Hours, Timetable

MONDAY = dt.date(2026, 4, 13)
SATURDAY = MONDAY + dt.timedelta(days=5)
OFFICE = Timetable({d: Hours(dt.time(7, 30), dt.time(16, 0)) for d in range(5)})
ROUND_THE_CLOCK = Timetable({d: Hours(dt.time(0), dt.time(0)) for d in range(7)})


def at(day, hh, mm=0):
    return dt.datetime.combine(day, dt.time(hh, mm))


@pytest.mark.parametrize(
    "timetable, shift_based, on_holidays, holiday, now, state, all_day",
    [
        (OFFICE, False, False, "", at(MONDAY, 7, 29), coverage.BEFORE, False),
        (OFFICE, False, False, "", at(MONDAY, 7, 30), coverage.OPEN, False),
        (OFFICE, False, False, "", at(MONDAY, 15, 59), coverage.OPEN, False),
        (OFFICE, False, False, "", at(MONDAY, 16, 0), coverage.AFTER, False),
        (OFFICE, False, False, "", at(SATURDAY, 10), coverage.CLOSED, False),
        (OFFICE, False, False, "Hari Buruh", at(MONDAY, 10), coverage.CLOSED, False),
        (OFFICE, False, True, "Hari Buruh", at(MONDAY, 10), coverage.OPEN, False),
        (ROUND_THE_CLOCK, True, True, "", at(SATURDAY, 3), coverage.OPEN, True),
        (ROUND_THE_CLOCK, True, True, "Hari Buruh", at(MONDAY, 23), coverage.OPEN, True),
        (Timetable({}), True, False, "Hari Buruh", at(SATURDAY, 12), coverage.OPEN, True),
    ],
)
def test_it_tells_whether_a_unit_is_open(timetable, shift_based, on_holidays, holiday, now, state, all_day):
    service = coverage.service_today(
        timetable=timetable, shift_based=shift_based, works_on_holidays=on_holidays,
        holiday=holiday, day=now.date(), now=now,
    )
    assert (service.state, service.all_day) == (state, all_day)
    assert service.holiday == (holiday if state == coverage.CLOSED else "")


OPEN_NOW = coverage.Service(coverage.OPEN, Hours(dt.time(7, 30), dt.time(16)))


def row(service=OPEN_NOW, **values) -> coverage.UnitCoverage:
    base = dict(
        code="u", name="Kelurahan Uji", short_name="Kel. Uji", kind=Unit.Kind.KELURAHAN, frontline=True,
        tree_path="/k/u/", kecamatan="Kecamatan Uji", kecamatan_path="/k/", service=service, staff=5,
    )
    return coverage.UnitCoverage(**{**base, **values})


@pytest.mark.parametrize(
    "minimums, present, missing",
    [
        ({"": 2}, {"staff": 2}, 0),
        ({"": 3}, {"staff": 1}, 2),
        ({"": 3}, {}, 3),
        # The all-staff rule overlaps the role rules; the role rules add up.
        ({"": 5, "a": 2, "b": 2}, {"b": 1, "c": 3}, 3),
        ({"": 6, "a": 1}, {"a": 2, "c": 1}, 3),
        ({}, {}, 0),
    ],
)
def test_it_counts_how_many_people_are_missing(minimums, present, missing):
    assert row(minimums=minimums, present=present).missing == missing


def test_it_is_never_short_while_closed():
    for state in (coverage.BEFORE, coverage.AFTER, coverage.CLOSED):
        closed = row(service=coverage.Service(state, Hours(dt.time(7, 30), dt.time(16))), minimums={"": 3})
        assert not closed.short and not closed.staffed


@pytest.mark.parametrize(
    "values, css, words",
    [
        (dict(minimums={"": 3}, present={"x": 5}), "ok", "Buka · ada petugas (5, minimal 3)"),
        (dict(minimums={}, present={"x": 2}), "ok", "Buka · ada petugas (2)"),
        (dict(minimums={"": 3}, present={"x": 1}), "short", "Buka · petugas kurang (1, minimal 3)"),
        (dict(minimums={"": 3}, present={}), "short", "Buka · belum ada petugas di tempat (minimal 3)"),
        (dict(minimums={}, present={}), "short", "Buka · belum ada petugas di tempat"),
        (
            dict(minimums={"petugas_layanan": 2}, present={"administrasi": 4, "petugas_layanan": 1}),
            "short",
            "Buka · petugas layanan kurang (1, minimal 2)",
        ),
        (
            dict(service=coverage.Service(coverage.CLOSED, holiday="Hari Buruh"), minimums={"": 3}),
            "closed",
            "Tutup hari ini · libur: Hari Buruh",
        ),
        (dict(service=coverage.Service(coverage.CLOSED)), "closed", "Tutup hari ini"),
        (
            dict(service=coverage.Service(coverage.BEFORE, Hours(dt.time(7, 30), dt.time(16)))),
            "closed",
            "Belum buka · buka pukul 07:30",
        ),
        (
            dict(service=coverage.Service(coverage.AFTER, Hours(dt.time(7, 30), dt.time(16)))),
            "closed",
            "Sudah tutup hari ini · jam layanan 07:30–16:00",
        ),
    ],
)
def test_it_says_the_public_status_in_words(values, css, words):
    marker = row(**values).public
    assert (marker.css, marker.headline) == (css, words)


def test_it_puts_short_units_first_then_frontline_groups_then_the_rest():
    kel_a = row(code="a", tree_path="/k1/a/", kecamatan_path="/k1/", kecamatan="Kec. Satu", minimums={"": 2}, present={"x": 2})
    kel_b = row(code="b", tree_path="/k1/b/", kecamatan_path="/k1/", kecamatan="Kec. Satu", minimums={"": 2}, present={"x": 1})
    kel_c = row(code="c", tree_path="/k2/c/", kecamatan_path="/k2/", kecamatan="Kec. Dua", minimums={"": 3})
    pkm = row(code="p", kind=Unit.Kind.PUSKESMAS, tree_path="/d/p/", kecamatan="", kecamatan_path="")
    office = row(code="o", kind=Unit.Kind.BADAN, frontline=False, tree_path="/o/", kecamatan="", kecamatan_path="")
    groups = coverage.group_rows([office, pkm, kel_c, kel_b, kel_a], short_first=True)
    assert [(g.label, [r.code for r in g.rows]) for g in groups] == [
        ("Kurang petugas sekarang", ["c", "b"]),
        ("Kec. Satu", ["a"]),
        ("Puskesmas", ["p"]),
        ("Badan", ["o"]),
    ]
    plain = coverage.group_rows([office, pkm, kel_c, kel_b, kel_a], short_first=False)
    assert [[r.code for r in g.rows] for g in plain] == [["a", "b"], ["c"], ["p"], ["o"]]


def make_puskesmas(world):
    """A 24-hour puskesmas whose nurse began Sunday's night shift (21:00–07:00) at 20:55."""
    schedule = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT, works_on_holidays=True)
    for weekday in range(7):
        ScheduleDay.objects.create(schedule=schedule, weekday=weekday, start=dt.time(0), end=dt.time(0))
    night = Shift.objects.create(schedule=schedule, code="malam", name="Malam", start=dt.time(21), end=dt.time(7))
    unit = make_unit("pkm-uji", "Puskesmas Uji", Unit.Kind.PUSKESMAS, schedule=schedule)
    nurse = make_employee(unit, "Perawat Malam")
    sunday = MONDAY - dt.timedelta(days=1)
    PlanEntry.objects.create(employee=nurse, date=sunday, mode="onsite", shift=night, set_by=world.admin_user)
    check(nurse, "in", 20, 55, day=sunday)
    return unit, nurse


@pytest.fixture
def puskesmas(world):
    return make_puskesmas(world)


@pytest.mark.parametrize("kept", [False, True], ids=["evaluated", "kept"])
def test_it_counts_a_night_shift_that_began_yesterday_until_it_ends(puskesmas, monkeypatch, kept):
    """From an evaluation of everyone, and from today's kept presence (attendance.presence.kept) once built."""
    unit, nurse = puskesmas
    units = Unit.objects.filter(pk=unit.pk)
    staff = nurse.__class__.objects.filter(pk=nurse.pk)
    freeze(monkeypatch, hh=2)
    if kept:
        presence.build()
    (found,) = coverage.gather(units, staff)
    assert (found.service.state, found.service.all_day, found.present_total) == (coverage.OPEN, True, 1)
    freeze(monkeypatch, hh=7, mm=1)
    (found,) = coverage.gather(units, staff)
    assert found.present_total == 0
