"""A person's month in Chromium, on a 390 × 844 phone and a 1366 × 768 screen: a calendar that fits the phone
(the whole page well under two screens), the detail of a tapped day swapped in by htmx beside or below it, the
same detail without JavaScript, and the keyboard.

The server's clock is Friday 29 May 2026 at 15:00 WIB from before the demo is loaded (units.clock.now patched in
this process, where the live server runs), so the demo history fills May up to today.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
FRIDAY_15 = dt.datetime(2026, 5, 29, 15, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def late_may(monkeypatch):
    """Requested before `page`, so load_demo (through `page`) already runs at this time."""
    monkeypatch.setattr(clock, "now", lambda: FRIDAY_15)


def context_at(browser, live_server, viewport, **extra):
    phone = viewport == PHONE
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="id-ID", is_mobile=phone, has_touch=phone, **extra
    )
    context.set_default_timeout(10_000)
    return context


def keep(page, name):
    """With E2E_SCREENSHOTS set, the whole page as it is, for a person to look at."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def open_month(page):
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    page.goto("/saya/bulan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kehadiran saya, Mei 2026")


def detail_heading(page):
    return page.locator("#rincian h2")


def test_it_fits_the_month_on_a_phone_and_shows_a_tapped_day(browser, live_server, late_may, demo):
    context = context_at(browser, live_server, PHONE)
    page = context.new_page()
    open_month(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1500, height
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sideways
    grid = page.get_by_role("table", name=re.compile("Kalender kehadiran Mei 2026"))
    assert grid.bounding_box()["width"] <= PHONE["width"]
    expect(grid.locator("thead th")).to_have_count(7)
    expect(grid.locator("a[id^=hari-]")).to_have_count(31)
    expect(detail_heading(page)).to_contain_text("Jumat, 29 Mei 2026")  # today by default
    keep(page, "month-390")

    page.evaluate("window.hadirNoReload = 'still here'")
    day = page.locator("#hari-2026-05-05")
    box = day.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a finger's target
    day.tap()
    expect(detail_heading(page)).to_have_text("Selasa, 5 Mei 2026")
    expect(page.locator("#hari-2026-05-05")).to_have_attribute("aria-current", "true")
    expect(page.locator("[aria-current=true]")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?hari=2026-05-05$"))
    assert page.evaluate("window.hadirNoReload") == "still here"  # swapped in place by htmx
    expect(page.locator("#rincian")).to_contain_text("Rencana")
    keep(page, "month-390-tapped")
    context.close()


def test_it_shows_a_chosen_day_without_javascript(browser, live_server, late_may, demo):
    context = context_at(browser, live_server, PHONE, java_script_enabled=False)
    page = context.new_page()
    open_month(page)
    with page.expect_navigation():
        page.locator("#hari-2026-05-04").click()
    expect(page).to_have_url(re.compile(r"\?hari=2026-05-04#rincian$"))
    expect(detail_heading(page)).to_have_text("Senin, 4 Mei 2026")
    expect(page.locator("#hari-2026-05-04")).to_have_attribute("aria-current", "true")
    context.close()


def test_it_puts_the_detail_beside_the_calendar_on_a_wide_screen(browser, live_server, late_may, demo):
    context = context_at(browser, live_server, DESKTOP)
    page = context.new_page()
    open_month(page)
    grid = page.locator("table.month").bounding_box()
    detail = page.locator("#rincian").bounding_box()
    assert detail["x"] >= grid["x"] + grid["width"]  # beside, not below
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    keep(page, "month-1366")

    # The keyboard: a day's link takes the focus, Enter shows its detail and the focus stays on it.
    page.locator("#hari-2026-05-12").focus()
    page.keyboard.press("Enter")
    expect(detail_heading(page)).to_have_text("Selasa, 12 Mei 2026")
    expect(page.locator("#hari-2026-05-12")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#hari-2026-05-13")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    keep(page, "month-1366-keyboard")
    context.close()
