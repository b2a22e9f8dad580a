"""The daily attendance list in Chromium: the Disdukcapil head opens the board, follows "Cetak daftar hadir",
and reads the printable list with the letterhead and their own name and NIP under the signature line; in print
media the site's menu is gone and the sheet is A4 portrait.

The server's clock is 10:00 on a working day (units.clock.now patched in this process, where the live server
runs). With E2E_SCREENSHOTS set, the screen and the print rendering are kept for review.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance import rules_seed
from attendance.models import DeductionRule
from attendance.recap.exports import printed_nip
from tests.e2e.conftest import SCREENSHOTS, next_working_day, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def morning(demo, monkeypatch):
    """10:00 on a working day, with the minute bands (TL1…) that the flush of an earlier browser test empties."""
    if not DeductionRule.objects.exists():
        DeductionRule.objects.bulk_create(DeductionRule(**row) for row in rules_seed.deduction_rules())
    day = next_working_day(dt.date(2026, 5, 3))
    moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return day


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}], ids=["390", "1366"])
def test_it_prints_the_daily_list_with_the_letterhead_and_the_heads_nip(page, morning, size):
    page.set_viewport_size(size)
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/papan/")
    expect(page).to_have_url(re.compile(r"/papan/unit/disdukcapil/$"))
    if size["width"] < 768:  # on a phone the link sits among the board's actions, below the fold
        page.get_by_role("link", name="Cetak daftar hadir").scroll_into_view_if_needed()
    page.get_by_role("link", name="Cetak daftar hadir").click()
    expect(page).to_have_url(re.compile(r"/papan/unit/disdukcapil/daftar-hadir/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("daftar hadir harian", re.I))
    letterhead = page.locator(".letterhead")
    expect(letterhead).to_contain_text("PEMERINTAH KOTA BENGKULU")
    expect(letterhead).to_contain_text("Dinas Kependudukan dan Pencatatan Sipil")
    signature = page.locator(".signature")
    expect(signature).to_contain_text(HEAD["name"])
    expect(signature).to_contain_text(f"NIP. {printed_nip(HEAD['nip'], 'PNS')}")
    expect(page.locator("table.daily-list tbody tr").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Paraf")).to_be_visible()
    screenshot(page, "70-daily-list")

    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(letterhead).to_be_visible()
    # A4 portrait: Chromium lays the sheet on 210 mm wide pages (a PDF of the print rendering).
    pdf = page.pdf(prefer_css_page_size=True)
    size = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    width, height = (float(n) for n in size.groups()) if size else (0.0, 0.0)
    assert abs(width - 595) < 3 and abs(height - 842) < 3, (width, height)  # A4 in points, upright
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/71-daily-list-print.png", full_page=True)
