"""The city recap's finished days remembered (attendance.recap.remembered, issue 16 item 9): a second request
evaluates nobody again; a change to a finished day (a check-in, a correction's event, a decision, an edit of a
person, a reference table) shows at the next request; today is always evaluated."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from attendance.evaluation import bulk
from attendance.models import CheckIn
from attendance.recap import remembered
from tests.attendance.recap.test_recap_city import URL, unit_rows
from tests.attendance.recap.test_recap_totals import (
    AFTER_APRIL,
    arrange,
    build_april,
    freeze,
    working_days,
)
from tests.conftest import login, make_employee
from units import clock


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def evaluations(client, url, days=None):
    """(evaluate calls, the page's unit rows); `days`, a list, gets the days each call evaluated."""
    with mock.patch.object(remembered, "evaluate", wraps=bulk.evaluate) as spy:
        html = client.get(url).content.decode()
    if days is not None:
        days.extend(call.args[1] for call in spy.call_args_list)
    return spy.call_count, unit_rows(html)


def test_a_second_request_evaluates_nobody_again_and_says_the_same(client, world, april):
    login(client, world.admin_user)
    first, rows = evaluations(client, URL)
    again, same = evaluations(client, URL)
    assert (first, again) == (1, 0) and rows == same


def test_a_person_added_is_evaluated_alone(client, world, april):
    login(client, world.admin_user)
    evaluations(client, URL)
    newcomer = make_employee(april.unit, "Pegawai Baru")
    with mock.patch.object(remembered, "evaluate", wraps=bulk.evaluate) as spy:
        rows = unit_rows(client.get(URL).content.decode())
    assert [p.pk for p in spy.call_args.args[0]] == [newcomer.pk]
    assert rows[april.unit.code]["staff"] == "4"  # the three of the worked month and the newcomer


def test_a_change_to_a_finished_day_shows_at_the_next_request(client, world, april):
    login(client, world.admin_user)
    _calls, before = evaluations(client, URL)
    day = working_days(2026, 4)[3]
    person = april.budi  # TK on some days of April in the worked month
    CheckIn.objects.filter(employee=person, date=day).delete()  # (the fixture's own row, if any)
    CheckIn.objects.create(
        employee=person, date=day, kind="in", at=timezone.make_aware(dt.datetime.combine(day, dt.time(7, 10))),
        location="inside", created_by=person.user,
    )
    evaluated: list = []
    calls, after = evaluations(client, URL, evaluated)
    assert calls == 1 and after != before
    assert evaluated == [[day]]  # that day alone; the month's other days from the cache
    person.position_title = "Pranata baru"
    person.save()  # an edit of a person: that person's month counted afresh, nobody else's
    with mock.patch.object(remembered, "evaluate", wraps=bulk.evaluate) as spy:
        client.get(URL)
    ((people, days), _kwargs) = spy.call_args
    assert spy.call_count == 1 and [p.pk for p in people] == [person.pk] and len(days) == 30


def test_today_is_evaluated_on_every_request(client, world, april, monkeypatch):
    today = dt.date(2026, 4, 15)
    monkeypatch.setattr(clock, "today", lambda: today)
    monkeypatch.setattr(clock, "now", lambda: timezone.make_aware(dt.datetime.combine(today, dt.time(10))))
    login(client, world.admin_user)
    evaluations(client, URL)
    calls, _rows = evaluations(client, URL)
    assert calls == 1  # today and the rest of the month; the 14 finished days from the cache
    with mock.patch.object(remembered, "evaluate", wraps=bulk.evaluate) as spy:
        remembered.statuses([april.budi], working_days(2026, 4), today=today)
    assert [sorted({d.day for d in call.args[1]}) for call in spy.call_args_list][-1][0] == 15


def test_the_nightly_task_fills_the_city_s_months_so_the_first_request_evaluates_only_today(client, world, april, monkeypatch):
    from attendance.recap.tasks import warm_city_recap

    today = dt.date(2026, 5, 4)  # early May: April is last month, finished
    monkeypatch.setattr(clock, "today", lambda: today)
    monkeypatch.setattr(clock, "now", lambda: timezone.make_aware(dt.datetime.combine(today, dt.time(1, 45))))
    result = warm_city_recap.enqueue().return_value  # TASKS_IMMEDIATE in the tests: runs now
    assert result["months"] == ["2026-04", "2026-05"] and result["staff"] > 0
    login(client, world.admin_user)
    assert evaluations(client, URL)[0] == 0  # April read from what the night kept


def test_the_scheduler_enqueues_it_at_night(monkeypatch):
    from django.core.management import call_command

    from attendance.management.commands import run_scheduler

    moment = timezone.make_aware(dt.datetime(2026, 5, 4, 1, 45))
    monkeypatch.setattr(clock, "now", lambda: moment)
    enqueued = []

    class Spy:
        def __init__(self, name):
            self.name = name

        def enqueue(self, *args):
            enqueued.append(self.name)

    for name in ("warm_city_recap", "scan_coverage", "send_due", "score_integrity"):
        monkeypatch.setattr(run_scheduler, name, Spy(name))
    call_command("run_scheduler", "--once")
    assert "warm_city_recap" in enqueued
    enqueued.clear()
    monkeypatch.setattr(clock, "now", lambda: moment + dt.timedelta(minutes=1))
    call_command("run_scheduler", "--once")
    assert "warm_city_recap" not in enqueued  # once a night
    call_command("run_scheduler", "--once", "--warm")
    assert "warm_city_recap" in enqueued  # and at once when asked (make run)


def test_leave_approved_afterwards_re_evaluates_the_days_it_covers(client, world, april):
    login(client, world.admin_user)
    _calls, before = evaluations(client, URL)
    days = working_days(2026, 4)[5:7]
    arrange(april.budi, "sakit", days[0], days[1])  # a sick note accepted after the fact
    evaluated: list = []
    _calls, after = evaluations(client, URL, evaluated)
    assert evaluated == [days] and after != before
