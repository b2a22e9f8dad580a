"""The public status page in Chromium on a phone (360×740): a citizen who lands on the sign-in page finds
the link, sees each unit's status in words without signing in, and opens one unit's stable page.

The server's clock is Tuesday 5 May 2026 at 10:00 WIB from before the demo is loaded.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_board_city import TUESDAY_10
from units import clock

STATUS = re.compile(r"^(Buka · (ada petugas|petugas kurang|belum ada petugas)|Belum buka|Sudah tutup|Tutup hari ini)")


@pytest.fixture
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: TUESDAY_10)
    cache.clear()  # the list is counted once a minute; another test may have counted this minute
    yield
    cache.clear()


def test_it_shows_a_citizen_each_units_status_in_words_on_a_phone(tuesday_morning, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/masuk/")
    with page.expect_navigation() as landed:
        page.get_by_role("link", name="Cek status layanan hari ini").click()
    expect(page).to_have_url(re.compile(r"/status/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Status layanan hari ini")
    expect(page.get_by_text("Diperbarui pukul 10:00 WIB.")).to_be_visible()
    headers = landed.value.all_headers()
    assert "set-cookie" not in headers and "public" in headers["cache-control"]

    dukcapil = page.locator('li[data-unit="disdukcapil"]')
    expect(dukcapil.locator(".status-word")).to_have_text(re.compile(r"^Buka · "))
    expect(dukcapil).to_contain_text("Jam layanan hari ini: 07:30–16:00")
    puskesmas = page.locator('li[data-unit^="pkm-"]').first
    expect(puskesmas.locator(".status-word")).to_have_text(STATUS)
    expect(puskesmas).to_contain_text("24 jam")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    screenshot(page, "public-status")

    with page.expect_navigation():
        dukcapil.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/status/disdukcapil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Kependudukan"))
    expect(page.locator("[data-status]")).to_have_text(re.compile(r"^Buka · "))
    expect(page.get_by_text("Selasa, 5 Mei (hari ini)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "public-unit-status")
