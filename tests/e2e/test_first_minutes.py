"""The README's "first five minutes" on a day the office is closed (issue 16, items 1–3), in Chromium: with the demo
clock (HADIR_DEMO_DATE) on the next working morning, the pegawai signs in on a phone (390×844), checks in with the
demo location box, taps the big button a second time by mistake (asked first, then taken back), and the head sees
her on site on the board (1366×768); the citizens' page says the same.

The demo clock runs for real here (settings.DEMO_CLOCK, not a patched units.clock), set before the demo is loaded so
its history ends the evening before."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from attendance import rules_seed
from attendance.models import CheckIn, CheckoutUndo, DeductionRule
from tests.e2e.conftest import screenshot, sign_in, sign_out
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Unit

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def _demo_clock(settings):
    """The next working morning at 07:20, running on from now, as `make run` on a weekend gives it."""
    real_today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    settings.DEMO_CLOCK = f"{clock.next_working_day(real_today).isoformat()}T07:20"
    settings.DEMO_CLOCK_FROM = str(dt.datetime.now(dt.UTC).timestamp())


@pytest.fixture
def office(demo):
    if not DeductionRule.objects.exists():  # emptied by an earlier browser test's flush (see test_board_unit)
        DeductionRule.objects.bulk_create(DeductionRule(**row) for row in rules_seed.deduction_rules())
    Unit.objects.filter(code="disdukcapil").update(photo_required=False)  # the face photo: test_checkin_photo


def test_a_newcomer_checks_in_on_a_closed_day_and_the_head_sees_it(page, office):
    page.set_viewport_size(PHONE)
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    page.goto("/saya/")
    expect(page.get_by_role("note")).to_contain_text("Jam demo: aplikasi berjalan seolah-olah sekarang")
    header = page.get_by_role("banner")
    assert header.bounding_box()["height"] <= 64  # the phone-first header (was 208–320 px)
    toggle = header.get_by_role("button", name="Menu")
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    for link in header.get_by_role("link").all()[1:]:  # the brand aside, every menu target is 44 px tall
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    page.keyboard.press("Escape")
    expect(header.get_by_role("link", name="Bulan ini")).to_be_hidden()
    screenshot(page, "01-first-minutes-day")

    expect(page.get_by_label(re.compile("Demo: kirim titik"))).to_be_checked()  # ticked while the demo clock runs
    page.get_by_role("button", name="Presensi masuk").click()
    expect(page.locator("#checkin .result")).to_contain_text("Tersimpan: Presensi masuk pukul 07:2")

    # The second tap right after arriving asks first; "Tidak" leaves the day as it was.
    page.get_by_role("button", name="Presensi pulang").click()
    expect(page.locator("#checkin [role=alert]")).to_contain_text("Presensi pulang sekarang?")
    page.get_by_role("link", name="Tidak, saya belum pulang").click()
    expect(page.locator("#checkin")).to_contain_text("Belum presensi pulang.")
    assert not CheckIn.objects.filter(employee__nip=STAFF["nip"], kind="out", date=clock.today()).exists()

    # Confirmed by mistake, then taken back within the window.
    page.get_by_role("button", name="Presensi pulang").click()
    page.get_by_role("button", name="Ya, presensi pulang sekarang").click()
    expect(page.locator("#checkin .result")).to_contain_text("Tersimpan: Presensi pulang pukul 07:2")
    page.get_by_role("button", name=re.compile("Batalkan presensi pulang")).click()
    expect(page.locator("#checkin")).to_contain_text("dibatalkan pemiliknya, tidak dihitung")
    expect(page.locator("#messages")).to_contain_text("dibatalkan")
    assert CheckoutUndo.objects.filter(checkin__employee__nip=STAFF["nip"]).count() == 1
    screenshot(page, "02-first-minutes-undone")
    sign_out(page)

    page.set_viewport_size(DESKTOP)
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/papan/")
    row = page.locator("tr", has_text=STAFF["name"])
    expect(row).to_contain_text("07:2")
    expect(row).not_to_contain_text("belum presensi masuk")
    screenshot(page, "03-first-minutes-board")

    page.goto("/status/")
    expect(page.get_by_role("note")).to_contain_text("Jam demo")
    expect(page.locator("[data-unit=disdukcapil]")).to_be_visible()
