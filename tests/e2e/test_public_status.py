"""The public status page in Chromium on a phone (360×740): a citizen who lands on the sign-in page finds
the link, sees each unit's status in words without signing in, and opens one unit's stable page.

The server's clock is Tuesday 5 May 2026 at 10:00 WIB from before the demo is loaded.
"""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, screenshot
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
        dukcapil.locator("a.unit-name").click()
    expect(page).to_have_url(re.compile(r"/status/disdukcapil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Kependudukan"))
    expect(page.locator("[data-status]")).to_have_text(re.compile(r"^Buka · "))
    expect(page.get_by_text("Selasa, 5 Mei (hari ini)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "public-unit-status")


CITIZEN_PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def _keep(page, name):
    """With E2E_SCREENSHOTS set, the whole page at the phone's and a laptop's width (for review)."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("390", CITIZEN_PHONE), ("1366", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_it_finds_a_unit_as_a_citizen_types_on_a_phone(tuesday_morning, page):
    page.set_viewport_size(CITIZEN_PHONE)
    page.goto("/status/")
    everything = page.locator("li[data-unit]").count()
    full = _height(page)
    assert everything > 90 and "kandidat" not in page.content().lower()
    _keep(page, "public-status-all")

    # The search is reached with the keyboard, after the skip link and the header's two links.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "cari":
            break
    assert page.evaluate("document.activeElement.id") == "cari"
    page.keyboard.type("pagar dewa")  # no Enter: htmx asks as the citizen types
    units = page.locator("li[data-unit]")
    expect(units).to_have_count(1)
    expect(units.first.get_by_role("link").first).to_have_text("Kelurahan Pagar Dewa")
    expect(page.locator("#jumlah-hasil")).to_have_text(re.compile("^1 layanan cocok dengan “pagar dewa”"))
    expect(page).to_have_url(re.compile(r"/status/\?q=pagar(\+|%20)dewa$"))
    expect(page.locator("#cari")).to_be_focused()  # the box keeps the focus while the list changes
    expect(units.first).to_contain_text("(contoh)")  # demo contact, said to be one
    expect(page.get_by_text("Alamat dan telepon yang bertanda (contoh) adalah data demo")).to_be_visible()
    expect(units.first.get_by_role("link", name=re.compile("^Peta"))).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=-3\.\d+&mlon=102\.\d+#map=18/")
    )
    narrowed = _height(page)
    assert narrowed < 1600 < full  # a phone's screen or two instead of many
    assert page.evaluate("document.documentElement.scrollWidth") <= CITIZEN_PHONE["width"]
    print(f"\n/status/ at 390 px: {full} px tall with {everything} units; {narrowed} px after a search")
    _keep(page, "public-status-search")

    page.locator("#cari").fill("puskesmas")
    expect(page.locator("li[data-unit]").first).to_have_attribute("data-unit", re.compile("^pkm-"))
    assert all(code.startswith("pkm-") for code in page.locator("li[data-unit]").evaluate_all(
        "items => items.map(item => item.dataset.unit)"))
    assert "kandidat" not in page.content().lower()

    page.locator("#cari").fill("zzz tidak ada")
    expect(page.get_by_text("Tidak ada layanan yang cocok dengan “zzz tidak ada”.")).to_be_visible()
    _keep(page, "public-status-no-match")
    with page.expect_navigation():
        page.get_by_role("link", name="Hapus pencarian, tampilkan semua layanan").click()
    expect(page.locator("li[data-unit]")).to_have_count(everything)

    page.goto("/status/17.71.01.1001/")
    expect(page.get_by_role("heading", name="Alamat dan kontak")).to_be_visible()
    expect(page.get_by_role("link", name="Lihat lokasi kantor di OpenStreetMap")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= CITIZEN_PHONE["width"]
    _keep(page, "public-unit-contact")


def test_it_searches_without_javascript(tuesday_morning, browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport=CITIZEN_PHONE, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/status/")
        page.get_by_label("Cari kelurahan, kecamatan, puskesmas, kantor atau layanan (misalnya KTP)").fill("selebar")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/status/\?q=selebar$"))
        codes = page.locator("li[data-unit]").evaluate_all("items => items.map(item => item.dataset.unit)")
        # Kecamatan Selebar, its kelurahan and the puskesmas whose address is in Selebar.
        assert any(code.startswith("17.71.01") for code in codes) and any(code.startswith("pkm-") for code in codes)
        assert all(code.startswith(("17.71.01", "pkm-")) for code in codes)
        expect(page.get_by_text(f"{len(codes)} layanan cocok dengan “selebar”.")).to_be_visible()
    finally:
        context.close()


def test_it_says_when_a_closed_office_opens_again(tuesday_morning, page, monkeypatch):
    evening = TUESDAY_10.replace(hour=17)  # Tuesday 5 May 2026, 17:00: offices closed, puskesmas open
    monkeypatch.setattr(clock, "now", lambda: evening)
    cache.clear()
    page.set_viewport_size(CITIZEN_PHONE)
    page.goto("/status/?q=kependudukan")
    dukcapil = page.locator('li[data-unit="disdukcapil"]')
    expect(dukcapil.locator(".status-word")).to_have_text("Sudah tutup hari ini · jam layanan 07:30–16:00")
    expect(dukcapil.locator(".reopens")).to_have_text("Buka lagi Rabu, 6 Mei pukul 07:30")
    _keep(page, "public-status-evening")
    page.goto("/status/disdukcapil/")
    expect(page.locator("[data-reopens]")).to_have_text("Buka lagi Rabu, 6 Mei pukul 07:30")
    _keep(page, "public-unit-evening")
