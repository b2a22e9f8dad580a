"""A real kiosk mode (issue 16, item 4) in Chromium: the head registers the counter tablet from the tablet itself; the
screen then shows only the unit's name, the rotating code and the clock (no menu, no "Keluar"), keeps polling after
the head's account is signed out, and stops once the head revokes the device from another computer."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}], ids=["390", "1366"])
def test_a_registered_tablet_shows_only_the_code_and_stops_when_revoked(page, browser, live_server, size):
    page.set_viewport_size(size)
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/kios/disdukcapil/")
    page.get_by_role("link", name="Perangkat kios unit ini").click()
    page.get_by_label("Nama perangkat").fill("Tablet loket depan")
    page.get_by_role("button", name="Daftarkan perangkat ini sebagai kios").click()
    expect(page).to_have_url(re.compile(r"/kios/layar/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Dinas Kependudukan"))
    expect(page.locator("#kiosk-qr svg")).to_be_visible()
    expect(page.locator(".kiosk-clock")).to_have_text(re.compile(r"\d\d:\d\d"))
    assert page.get_by_role("banner").count() == 0 and page.get_by_role("button").count() == 0
    assert page.get_by_role("link").count() == 0
    screenshot(page, "70-kiosk-device")
    # The head's own session on the tablet is gone: their pages ask to sign in.
    page.goto("/papan/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.goto("/kios/layar/")
    first = page.locator("#kiosk-qr svg").inner_html()

    other = browser.new_context(base_url=live_server.url, locale="id-ID")
    desk = other.new_page()
    sign_in(desk, HEAD["login"], DEMO_PASSWORD)
    desk.goto("/kios/disdukcapil/perangkat/")
    desk.get_by_role("link", name=re.compile("Cabut")).click()
    desk.get_by_role("button", name="Ya, cabut perangkat ini").click()
    expect(desk.locator("#messages")).to_contain_text("dicabut")
    other.close()

    # The next poll (every 5 s) finds no device: the page reloads into the refusal.
    expect(page.get_by_role("heading", level=1)).to_have_text("Perangkat ini bukan kios presensi", timeout=15_000)
    assert first
