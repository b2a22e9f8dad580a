"""The unit head's board in Chromium: a check-in made meanwhile shows after the next refresh, without a
full page reload, keeping the filter and the scroll position.

The server's clock is 08:00 on a working day (units.clock.now patched in this process, where the live
server runs); the board refreshes every 2 seconds instead of 30 for the test.
"""

import datetime as dt
import re
import zoneinfo
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from playwright.sync_api import expect

from attendance import rules_seed
from attendance.boards import views
from attendance.models import CheckIn, DeductionRule
from tests.e2e.conftest import next_working_day, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def morning(demo, monkeypatch):
    """08:00 on a working day; the staff member has not checked in; refreshes every 2 seconds.

    The minute bands (TL1…) come from a data migration, which the flush after an earlier browser test
    empties and load_demo does not refill: put them back so a late check-in says TL1."""
    if not DeductionRule.objects.exists():
        DeductionRule.objects.bulk_create(DeductionRule(**row) for row in rules_seed.deduction_rules())
    day = next_working_day(dt.date(2026, 5, 3))
    moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(views, "UNIT_REFRESH_SECONDS", 2)
    CheckIn.objects.filter(employee__nip=STAFF["nip"], date=day).delete()
    return day


def check_in_meanwhile(day) -> Employee:
    """The staff member checks in at 07:47 from outside the fence (made here, not through the page)."""
    person = Employee.objects.get(nip=STAFF["nip"])
    CheckIn.objects.create(
        employee=person, date=day, kind="in", at=timezone.make_aware(dt.datetime.combine(day, dt.time(7, 47))),
        location="outside", distance_m=240, reason="Antre di loket MPP", created_by=person.user,
    )
    return person


def open_board(page):
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/papan/")
    expect(page).to_have_url(re.compile(r"/papan/unit/disdukcapil/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kehadiran hari ini")


def test_it_shows_a_check_in_made_meanwhile_after_the_next_refresh(page, morning):
    open_board(page)
    person = Employee.objects.get(nip=STAFF["nip"])
    row = page.locator(f"#row-{person.code}")
    expect(row).to_contain_text("belum presensi masuk")
    screenshot(page, "60-board-unit-before")
    page.evaluate("window.hadirNoReload = 'still here'")

    check_in_meanwhile(morning)

    expect(row).to_contain_text("07:47", timeout=10_000)
    expect(row).to_contain_text("TL1 · terlambat 17 menit")
    expect(row).to_contain_text("Di luar radius (240 m)")
    assert page.evaluate("window.hadirNoReload") == "still here"  # swapped in place, not reloaded
    screenshot(page, "61-board-unit-after")


def test_it_keeps_the_filter_and_the_scroll_position_across_refreshes(page, morning):
    page.set_viewport_size({"width": 1280, "height": 420})
    open_board(page)
    person = Employee.objects.get(nip=STAFF["nip"])
    page.get_by_label("Tampilkan").select_option("terlambat")  # htmx: only the board is swapped
    expect(page).to_have_url(re.compile(r"status=terlambat"))
    expect(page.locator(f"#row-{person.code}")).to_have_count(0)
    page.evaluate("window.hadirNoReload = 'still here'")
    page.evaluate("window.scrollTo(0, 150)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    check_in_meanwhile(morning)

    row = page.locator(f"#row-{person.code}")
    expect(row).to_contain_text("07:47", timeout=10_000)  # late now: the filtered board shows them
    expect(page.get_by_label("Tampilkan")).to_have_value("terlambat")
    assert page.evaluate("window.hadirNoReload") == "still here"
    assert page.evaluate("window.scrollY") == scrolled


def test_an_outage_during_a_refresh_says_so_without_talking_about_check_ins(page, morning):
    """A refresh answered 503 (static/js/unavailable.js): the page's message box gives the general line
    only (the lines about a check-in belong in a check-in form); the next refresh that works clears it."""
    open_board(page)
    down = OperationalError("the database system is shutting down")
    with mock.patch.object(views.snapshot, "fingerprint", side_effect=down):
        alert = page.locator("#messages [data-unavailable]")
        expect(alert).to_have_text("Layanan sedang gangguan sebentar. Coba lagi dalam satu menit.")
        expect(alert).not_to_contain_text("presensi")
    expect(page.locator("#messages [data-unavailable]")).to_have_count(0)
