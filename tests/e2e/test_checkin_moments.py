"""Three check-ins a day on a phone (SE BKPSDM Kota Bengkulu 4/2025): arrival, break, departure. Chromium at
360×740 with the location permission granted; the demo's schedules ask for the break check-in.

The server's clock is moved through the day by patching units.clock.now in this process (the live server
runs in a thread of it), as tests/e2e/test_checkin.py does; the browser's own clock is left alone.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance.models import CheckIn
from tests.e2e.conftest import next_working_day, phone_context, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Schedule

STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


class ServerClock:
    """The server's "now", moved by the test."""

    def __init__(self, monkeypatch, day):
        self.day = day
        monkeypatch.setattr(clock, "now", lambda: self.moment)
        self.set(7, 20)

    def set(self, hour, minute):
        self.moment = dt.datetime.combine(self.day, dt.time(hour, minute), tzinfo=JAKARTA)


@pytest.fixture
def day(demo, monkeypatch):
    """A working day outside Ramadan, no photo asked at the unit (another slice's switch), no check-ins yet."""
    day = next_working_day(dt.date(2026, 5, 3))
    employee = Employee.objects.select_related("unit").get(nip=STAFF["nip"])
    unit = employee.unit
    unit.photo_required = False
    unit.save()
    CheckIn.objects.filter(employee=employee, date=day).delete()
    return ServerClock(monkeypatch, day)


@pytest.fixture
def phone(browser, live_server, day):
    unit = Employee.objects.select_related("unit").get(nip=STAFF["nip"]).unit
    context = phone_context(browser, live_server.url, float(unit.latitude), float(unit.longitude), accuracy=5)
    yield context
    context.close()


def break_hours(day):
    hours = Schedule.objects.get(code="5-hari").timetable().hours_on(day)
    return f"{hours.break_start:%H:%M}", f"{hours.break_end:%H:%M}"


def test_it_walks_arrival_break_and_departure(phone, day):
    start, end = break_hours(day.day)
    page = phone.new_page()
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/saya/$"))
    checkin = page.locator("#checkin")
    expect(checkin).to_contain_text(f"istirahat {start}–{end} (presensi istirahat wajib)")

    checkin.get_by_role("button", name="Presensi masuk").click()
    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(checkin.get_by_role("button", name="Presensi pulang")).to_be_visible()
    expect(checkin).to_contain_text(f"Presensi istirahat dibuka pukul {start}–{end}")
    expect(checkin).to_contain_text(f"Belum presensi istirahat (jam istirahat {start}–{end}).")

    hour, minute = int(start[:2]), int(start[3:]) + 10
    day.set(hour, minute)
    page.reload()
    button = checkin.get_by_role("button", name="Presensi istirahat")
    expect(button).to_be_visible()
    assert button.bounding_box()["width"] >= 300  # the same large button across a 360 px screen
    screenshot(page, "34-checkin-break-due")
    button.click()
    expect(checkin.get_by_role("status")).to_contain_text(f"Tersimpan: Presensi istirahat pukul {hour:02d}:{minute:02d}.")
    expect(checkin).to_contain_text(f"Tercatat {hour:02d}:{minute:02d} — di dalam jam istirahat")
    expect(checkin.get_by_role("button", name="Presensi pulang")).to_be_visible()
    screenshot(page, "35-checkin-break-recorded")

    day.set(16, 35)
    page.reload()
    checkin.get_by_role("button", name="Presensi pulang").click()
    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi pulang pukul 16:35.")
    expect(checkin).to_contain_text("Pulang Tercatat 16:35 — tepat waktu")
    rows = CheckIn.objects.filter(employee__nip=STAFF["nip"], date=day.day).order_by("at")
    assert [(r.kind, r.location) for r in rows] == [("in", "inside"), ("brk", "inside"), ("out", "inside")]

    page.goto(f"/saya/bulan/?bulan={day.day:%Y-%m}")
    detail = page.locator("#rincian")  # today's detail under the month's calendar
    for label, time in (("Masuk", "07:20"), ("Istirahat", f"{hour:02d}:{minute:02d}"), ("Pulang", "16:35")):
        expect(detail.locator("div", has=page.locator("dt", has_text=label)).locator("dd")).to_have_text(time)
    screenshot(page, "36-month-three-moments")


def test_a_page_left_open_into_the_break_asks_for_the_break_first(phone, day):
    start, end = break_hours(day.day)
    page = phone.new_page()
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    checkin = page.locator("#checkin")
    checkin.get_by_role("button", name="Presensi masuk").click()
    expect(checkin.get_by_role("button", name="Presensi pulang")).to_be_visible()

    day.set(int(start[:2]), int(start[3:]) + 1)  # the page still shows "Presensi pulang"
    checkin.get_by_role("button", name="Presensi pulang").click()
    expect(checkin.get_by_role("alert")).to_contain_text(
        f"Sekarang jam istirahat ({start}–{end}): tekan Presensi istirahat dulu."
    )
    assert not CheckIn.objects.filter(employee__nip=STAFF["nip"], date=day.day, kind="out").exists()
    checkin.get_by_role("button", name="Presensi istirahat").click()
    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi istirahat pukul")

    day.set(int(end[:2]), int(end[3:]) + 5)
    page.reload()
    expect(checkin).to_contain_text("di dalam jam istirahat")
    expect(checkin.get_by_role("button", name="Presensi pulang")).to_be_visible()
