"""Reminders to staff (issue 14, item 4): once per person and moment, a missing arrival after the start, a break
check-in about to close without one, a missing departure after the end; only while it can still be made, and
only for days that ask for check-ins."""

import datetime as dt

import pytest

from attendance.alerts import reminders
from policy.plan import day_plan
from tests.attendance.boards.test_board_city import MONDAY, check, freeze
from tests.attendance.recap.test_recap_totals import jakarta
from units.models import Notification
from units.schedule import Hours

HOURS = Hours(dt.time(7, 30), dt.time(16, 0), dt.time(12, 0), dt.time(13, 0), break_checkin_from=dt.date(2025, 3, 3))
AFTER = reminders.Offsets(dt.timedelta(minutes=5), dt.timedelta(minutes=15), dt.timedelta(minutes=30))
ONSITE = day_plan.PlannedDay(day_plan.ONSITE, "policy")
SITE = day_plan.Site("Aula", -3.8, 102.3, 15)


def at(hh, mm):
    return dt.datetime.combine(MONDAY, dt.time(hh, mm))


NOT_IN = reminders.Moments()
IN = reminders.Moments(first_in=at(7, 20))
IN_BREAK = reminders.Moments(first_in=at(7, 20), first_break=at(12, 10))
IN_OUT = reminders.Moments(first_in=at(7, 20), last_out=at(16, 5), first_break=at(12, 10))
EARLY_BREAK = reminders.Moments(first_in=at(7, 20), first_break=at(11, 0))  # outside its window: does not count


@pytest.mark.parametrize(
    "cell, status, now, moments",
    [
        (ONSITE, NOT_IN, at(7, 34), []),
        (ONSITE, NOT_IN, at(7, 35), ["in"]),
        (ONSITE, NOT_IN, at(16, 0), []),  # the day is over: TK, nothing to do now
        (ONSITE, IN, at(12, 44), []),
        (ONSITE, IN, at(12, 45), ["brk"]),
        (ONSITE, IN_BREAK, at(12, 45), []),
        (ONSITE, EARLY_BREAK, at(12, 45), ["brk"]),
        (ONSITE, IN, at(13, 0), []),  # the window has closed
        (ONSITE, IN_BREAK, at(16, 29), []),
        (ONSITE, IN_BREAK, at(16, 30), ["out"]),
        (ONSITE, IN_OUT, at(16, 30), []),
        (ONSITE, IN_BREAK, at(20, 0), []),  # the check-out window has closed
        (day_plan.PlannedDay(day_plan.WFH, "arrangement"), NOT_IN, at(8, 0), ["in"]),
        (day_plan.PlannedDay(day_plan.DL, "arrangement"), NOT_IN, at(8, 0), []),
        (day_plan.PlannedDay(day_plan.DL, "assignment", site=SITE), NOT_IN, at(8, 0), ["in"]),
        (day_plan.PlannedDay(day_plan.DL, "assignment", site=SITE), IN, at(12, 50), []),  # no break at a site
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement"), NOT_IN, at(8, 0), []),
        (day_plan.PlannedDay(day_plan.LIBUR, "holiday"), NOT_IN, at(8, 0), []),
    ],
)
def test_what_is_due_for_one_person(cell, status, now, moments):
    assert reminders.due(cell, HOURS, status, MONDAY, now, AFTER) == moments


def test_without_hours_nothing_is_due():
    assert reminders.due(ONSITE, None, NOT_IN, MONDAY, at(8, 0), AFTER) == []


def test_it_reminds_once_whoever_has_not_checked_in(world, monkeypatch):
    freeze(monkeypatch, hh=7, mm=40)
    check(world.staff_alpha1, "in", 7, 20)
    counts = reminders.remind(jakarta(MONDAY, 7, 40))
    reminded = set(Notification.objects.filter(kind="reminder").values_list("user_id", flat=True))
    assert world.staff_alpha1.user_id not in reminded
    assert {world.staff_alpha2.user_id, world.lurah_alpha1.user_id, world.head_dukcapil.user_id} <= reminded
    assert counts["in"] == len(reminded)
    assert reminders.remind(jakarta(MONDAY, 7, 41)) == {"in": 0}  # once
    note = Notification.objects.filter(user_id=world.staff_alpha2.user_id).get()
    assert note.data == {"moment": "in", "date": "2026-04-13"} and note.url == "/saya/"


def test_the_list_says_the_reminder_in_words(client, world, monkeypatch):
    from tests.conftest import login

    freeze(monkeypatch, hh=7, mm=40)
    reminders.remind(jakarta(MONDAY, 7, 40))
    login(client, world.staff_alpha2)
    assert "Anda belum presensi masuk hari ini." in client.get("/pemberitahuan/").content.decode()
