"""The htmx answer to the check-in button is written out in Python (views_checkin.card_html) for speed;
it must be the same HTML as the template's `checkin` partial (my_day.html) for every day it answers."""

import dataclasses
import datetime as dt
import re
import uuid

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from attendance.checkin import recording
from attendance.checkin.views import CheckInForm, card_html, page_context
from attendance.models import CheckIn
from policy.plan import day_plan
from tests.attendance.checkin.test_checkin_page import (
    JAKARTA,
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    post,
)
from tests.conftest import login
from units.schedule import Hours

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def same_html(html: str) -> str:
    """Whitespace runs count as one space (as in the browser: the card has no <pre> or <textarea>); the
    masked CSRF token differs on every render."""
    return re.sub(r"\s+", " ", CSRF.sub('name="csrfmiddlewaretoken" value="…"', html)).strip()


def at(hour, minute, day=MONDAY):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def event(pk, kind, moment, **extra):
    fields = dict(method="phone", location="inside", distance_m=12, reason="")
    fields.update(extra)
    return CheckIn(pk=pk, employee_id=1, date=MONDAY, kind=kind, at=moment, **fields)


def card_request(employee):
    request = RequestFactory().post("/saya/presensi/", headers={"HX-Request": "true"})
    request.META["CSRF_COOKIE"] = "k" * 32
    request.user = employee.user
    return request


def both(employee, day, outcome, now):
    """(template, card_html) for the same day, outcome and form token."""
    request = card_request(employee)
    day.evaluate(now)
    token = uuid.uuid4()
    form = CheckInForm(initial={"token": token, "kind": day.next_kind})
    context = page_context(employee, day=day, form=form, outcome=outcome, full=False)
    template = render_to_string("attendance/checkin/my_day.html#checkin", context, request=request)
    return template, card_html(request, employee, day, outcome, token)


IN_ON_TIME = [event(11, "in", at(7, 24))]
IN_LATE_FLAGGED = [
    event(12, "in", at(8, 3), location="outside", distance_m=320, reason="Rapat <b>& 'lain'</b>")
]
IN_DENIED = [event(13, "in", at(7, 20), location="denied", distance_m=None, reason="GPS")]
IN_QR = [event(14, "in", at(7, 1), method="qr", location="not_checked", distance_m=None)]
IN_CORRECTED = [
    event(15, "in", at(7, 30), method="correction", location="not_checked", distance_m=None)
]
IN_NOT_CHECKED = [event(16, "in", at(7, 10), location="not_checked", distance_m=None)]
OUT_EARLY = [
    *IN_ON_TIME,
    event(21, "out", at(15, 2), location="unavailable", distance_m=None, reason="x"),
]
OUT_ON_TIME = [*IN_LATE_FLAGGED, event(22, "out", at(16, 5))]
OUT_ONLY = [event(23, "out", at(16, 30), location="timeout", distance_m=None)]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("result", [recording.RECORDED, recording.DUPLICATE])
@pytest.mark.parametrize(
    "events",
    [
        IN_ON_TIME,
        IN_LATE_FLAGGED,
        IN_DENIED,
        IN_QR,
        IN_CORRECTED,
        IN_NOT_CHECKED,
        OUT_EARLY,
        OUT_ON_TIME,
        OUT_ONLY,
    ],
    ids=[
        "in",
        "late-flagged",
        "denied",
        "qr",
        "corrected",
        "not-checked",
        "out-early",
        "out",
        "out-only",
    ],
)
def test_it_writes_the_same_card_as_the_template(world, office, frozen, events, result, language):
    staff = world.staff_alpha1
    day = recording.day_for(staff, MONDAY, frozen.set(MONDAY, 7, 24))
    day.events = list(events)
    with translation.override(language):
        template, written = both(staff, day, recording.Outcome(result, day, events[-1]), at(21, 0))
    assert same_html(written) == same_html(template)
    assert f'data-checkin="{events[-1].pk}"' in written


@pytest.mark.parametrize(
    "change",
    [
        "wfh-home",
        "wfh-no-home",
        "no-fence",
        "no-break",
        "no-hours",
        "night-shift",
        "absent-tk",
        "missing-out",
        "pending",
    ],
)
def test_it_writes_the_same_card_for_other_days(world, office, frozen, change):
    staff = world.staff_alpha1
    now = at(10, 0)
    day = recording.day_for(staff, MONDAY, now)
    day.events = list(IN_ON_TIME)
    if change.startswith("wfh"):
        day.cell = dataclasses.replace(day.cell, mode=day_plan.WFH)
        if change == "wfh-home":
            staff.home_latitude, staff.home_longitude = north_of(OFFICE, 900)
    elif change == "no-fence":
        office.latitude = office.longitude = None
    elif change == "no-break":
        day.hours = Hours(dt.time(8, 0), dt.time(15, 30))
    elif change == "no-hours":
        day.hours = None
    elif change == "night-shift":
        day.hours, day.night_shift_out = Hours(dt.time(21, 0), dt.time(7, 0)), True
        day.events = [event(31, "in", at(20, 55))]
        now = at(7, 5, MONDAY + dt.timedelta(days=1))
    elif change == "absent-tk":
        day.events = [event(32, "out", at(16, 10))]  # no check-in: the day is over at 20:00
        now = at(21, 0)
    elif change == "missing-out":
        now = at(23, 0, MONDAY)
    elif change == "pending":
        day.events = [event(33, "out", at(9, 0))]
    template, written = both(
        staff, day, recording.Outcome(recording.RECORDED, day, day.events[-1]), now
    )
    assert same_html(written) == same_html(template)


def test_it_answers_a_check_in_with_the_written_card(client, world, office, frozen):
    """The real POST: the answer is the template's card for the day as stored."""
    login(client, world.staff_alpha1)
    response = post(client, north_of(OFFICE, 5), htmx=True)
    html = response.content.decode()
    row = CheckIn.objects.get()
    assert f'data-checkin="{row.pk}"' in html and "Tersimpan: Presensi masuk pukul 07:24." in html
    assert (
        response["Vary"].count("HX-Request") == 1
        and response["Content-Type"] == "text/html; charset=utf-8"
    )
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert token != "" and 'name="kind" value="out"' in html
    staff = world.staff_alpha1
    day = recording.day_for(staff, MONDAY, frozen.set(MONDAY, 7, 24))
    request = card_request(staff)
    day.evaluate(frozen.set(MONDAY, 7, 24))
    form = CheckInForm(initial={"token": token, "kind": day.next_kind})
    context = page_context(
        staff, day=day, form=form, outcome=recording.Outcome(recording.RECORDED, day, row), full=False
    )
    assert same_html(html) == same_html(
        render_to_string("attendance/checkin/my_day.html#checkin", context, request=request)
    )
