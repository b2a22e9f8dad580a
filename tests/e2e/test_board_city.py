"""The city coverage board in Chromium: the units short of their minimum come first and say so, the
board refreshes itself without a full page reload and keeps the filters, and a unit's name leads to its
unit board.

The server's clock is Tuesday 5 May 2026 at 10:00 WIB from before the demo is loaded (units.clock.now
patched in this process, where the live server runs), so the demo history reaches this morning; the
board refreshes every 2 seconds instead of 30 for the test.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance.boards import views
from tests.e2e.conftest import screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
TUESDAY_10 = dt.datetime(2026, 5, 5, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def tuesday_morning(monkeypatch):
    """Requested before `page`, so load_demo (through `page`) already runs at this time."""
    monkeypatch.setattr(clock, "now", lambda: TUESDAY_10)
    monkeypatch.setattr(views, "CITY_REFRESH_SECONDS", 2)


def open_board(page):
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name="Cakupan layanan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cakupan layanan seluruh kota")


def test_it_lists_short_units_first_and_drills_down_to_a_unit(tuesday_morning, page):
    open_board(page)
    first = page.locator("tr[data-unit]").first
    expect(first).to_have_class(re.compile(r"\bis-short\b"))
    expect(first.locator("td[data-col=state]")).to_contain_text(re.compile(r"Kurang \d+ petugas"))
    expect(page.get_by_role("heading", level=2).first).to_have_text("Kurang petugas sekarang")
    screenshot(page, "board-city")

    row = page.locator('tr[data-unit="disdukcapil"]')
    name = row.get_by_role("link").inner_text()
    with page.expect_navigation():
        row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/papan/unit/disdukcapil/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_it_refreshes_the_board_in_place_keeping_the_filters(tuesday_morning, page):
    open_board(page)
    page.get_by_label("Jenis unit").select_option("kelurahan")
    page.get_by_label("Hanya unit yang kurang petugas sekarang").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(r"jenis=kelurahan.*kurang=on"))
    rows = page.locator("tr[data-unit]")
    expect(rows.first).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    with page.expect_response(lambda r: "/papan/kota/?" in r.url and r.request.headers.get("hx-request") == "true") as polled:
        pass
    assert "jenis=kelurahan" in polled.value.url and "kurang=on" in polled.value.url
    expect(page.locator("#city-board")).to_be_visible()
    assert page.evaluate("window.__notReloaded === true")
    for unit in page.locator("tr[data-unit]").all():
        expect(unit.locator("td[data-col=state]")).to_contain_text("Kurang")
    expect(page.get_by_label("Jenis unit")).to_have_value("kelurahan")
