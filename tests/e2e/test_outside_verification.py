"""A check-in outside every place is void until explained (SE BKPSDM 4/2025), in Chromium: staff check in
from a phone 400 m from the office with a reason, the day waits for verification, the Disdukcapil head
rejects one (with a note the person reads) and accepts another, and once the admin locks the month the
rejected day, and one nobody decided, are TK while the accepted day counts.

The server's clock is set by patching units.clock.now in this process (the live server runs in a thread
of it): 07:20 on a working day in May 2026, then the afternoon, then a day in June to lock May.
"""

import datetime as dt
import zoneinfo

import pytest
from django.utils import formats, translation
from playwright.sync_api import expect

from attendance.models import CheckIn, Verification
from tests.e2e.conftest import next_working_day, phone_context, screenshot, sign_in, sign_out
from tests.e2e.test_checkin import office_of
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Unit

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ACCOUNTS = {(a["role"], a["unit"]): a for a in DEMO_ACCOUNTS}
HEAD = ACCOUNTS[("head", "disdukcapil")]
NURUL = ACCOUNTS[("staff", "disdukcapil")]  # rejected
DEWI = ACCOUNTS[("operator", "disdukcapil")]  # accepted
FAJAR = ACCOUNTS[("staff", "diskominfo")]  # nobody decides before the lock
ADMIN = ACCOUNTS[("admin", "bkpsdm")]


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, day, hh, mm):
        moment = dt.datetime.combine(day, dt.time(hh, mm), tzinfo=JAKARTA)
        self.monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.fixture
def may(demo, monkeypatch):
    """A working day in May 2026 at 07:20, nothing recorded yet for the three staff, and no photo asked
    for (engineer D's switch; this test is about the location)."""
    day = next_working_day(dt.date(2026, 5, 3))
    nips = [NURUL["nip"], DEWI["nip"], FAJAR["nip"]]
    Verification.objects.filter(employee__nip__in=nips, date=day).delete()
    CheckIn.objects.filter(employee__nip__in=nips, date=day).delete()
    Unit.objects.update(photo_required=False)
    now = Clock(monkeypatch)
    now.set(day, 7, 20)
    return day, now


def long_date(day, fmt="l, j F Y") -> str:
    """The date as the pages write it ("Senin, 4 Mei 2026"): never a part of another day's."""
    with translation.override("id"):
        return formats.date_format(day, fmt)


def phone(browser, live_server, point):
    return phone_context(browser, live_server.url, *point)


def check_in_away(browser, live_server, account, reason):
    """Check in 400 m north of the office with a reason; the card says it is not counted yet."""
    office = office_of(account)
    context = phone(browser, live_server, (office[0] + 400 / 111_195, office[1]))
    page = context.new_page()
    sign_in(page, account["login"], DEMO_PASSWORD)
    page.goto("/saya/")  # an operator lands on the unit's board
    card = page.locator("#checkin")
    card.get_by_role("button", name="Presensi masuk").click()
    expect(card.get_by_role("alert")).to_contain_text("alasan wajib diisi")
    card.get_by_label("Alasan").fill(reason)
    card.get_by_role("button", name="Presensi masuk").click()
    expect(card).to_contain_text("Tercatat 07:20 — belum dihitung")
    expect(card).to_contain_text("menunggu verifikasi kepala unit")
    expect(card).to_contain_text("sampai alasannya diterima, presensi itu belum dihitung")
    return context, page


def test_it_voids_a_rejected_check_in_outside_and_counts_an_accepted_one(browser, live_server, page, may):
    day, now = may
    nurul, nurul_page = check_in_away(browser, live_server, NURUL, "Jemput bola perekaman KTP-el di kelurahan")
    screenshot(nurul_page, "60-outside-waiting")
    month = f"?bulan={day:%Y-%m}"
    nurul_page.goto(f"/saya/bulan/{month}")
    expect(nurul_page.locator("td.is-today")).to_contain_text("MV · menunggu verifikasi")
    dewi, _dewi_page = check_in_away(browser, live_server, DEWI, "Rapat koordinasi di Kantor Wali Kota")
    fajar, _fajar_page = check_in_away(browser, live_server, FAJAR, "Sinyal GPS melompat di parkiran")

    # The head decides from the verification page: a note for the rejection, none needed to accept.
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/verifikasi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Presensi di luar radius")
    rejected = page.locator("article.card", has_text=NURUL["name"]).filter(has_text=long_date(day))
    expect(rejected).to_contain_text("Jemput bola perekaman KTP-el di kelurahan")
    expect(rejected).to_contain_text("Di luar radius")
    expect(rejected).to_contain_text("MV · menunggu verifikasi")
    assert FAJAR["name"] not in page.content()  # another unit: not the Disdukcapil head's
    screenshot(page, "61-outside-head")
    rejected.get_by_label("Alasan penolakan").fill("Tidak ada jadwal jemput bola hari itu")
    page.once("dialog", lambda dialog: dialog.accept())
    rejected.get_by_role("button", name="Tolak").click()
    expect(rejected).to_contain_text("ditolak kepala unit")
    accepted = page.locator("article.card", has_text=DEWI["name"]).filter(has_text=long_date(day))
    accepted.get_by_role("button", name="Setujui").click()
    expect(accepted).to_contain_text("diterima kepala unit")
    sign_out(page)

    # The person sees the decision and why.
    nurul_page.goto("/verifikasi/")
    expect(nurul_page.get_by_role("table")).to_contain_text("Tidak ada jadwal jemput bola hari itu")
    nurul_page.get_by_role("link", name=long_date(day, "D, j M Y"), exact=True).click()
    expect(nurul_page.locator("main")).to_contain_text("Ditolak: presensi ini tidak dihitung.")
    screenshot(nurul_page, "62-outside-rejected")

    # Dewi leaves from the office in the afternoon: her day counts in full.
    now.set(day, 16, 5)
    dewi.set_geolocation(dict(zip(("latitude", "longitude"), office_of(DEWI), strict=True), accuracy=5))
    dewi_page = dewi.new_page()
    dewi_page.goto("/saya/")
    dewi_page.locator("#checkin").get_by_role("button", name="Presensi pulang").click()
    expect(dewi_page.locator("#checkin")).to_contain_text("Tercatat 07:20 — tepat waktu")

    # June: the admin locks May; what nobody decided is rejected by the lock.
    now.set(day.replace(month=6, day=2), 10, 0)
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    page.goto("/rekap/kunci/?bulan=2026-05")
    expect(page.locator("main")).to_contain_text("1 presensi di luar radius bulan ini belum diverifikasi kepala unit.")
    page.get_by_role("button", name="Ya, kunci rekap Mei 2026").click()
    expect(page.get_by_role("status").first).to_contain_text("Rekap Mei 2026 dikunci.")
    sign_out(page)

    for context, account, counted, note in (
        (nurul, NURUL, False, "Di luar radius: ditolak"),
        (fajar, FAJAR, False, "Di luar radius: ditolak"),
        (dewi, DEWI, True, "Di luar radius: diterima"),
    ):
        view = context.new_page()
        view.goto(f"/saya/bulan/{month}&hari={day:%Y-%m-%d}")
        detail = view.locator("#rincian")  # the day's detail under the month's calendar
        expect(detail).to_contain_text(note)
        arrival = detail.locator("div", has=view.locator("dt", has_text="Masuk")).locator("dd")
        if counted:  # the accepted arrival and the departure from the office
            expect(arrival).to_have_text("07:20")
            expect(detail).not_to_contain_text("TK")
        else:
            expect(detail).to_contain_text("TK")
        if account is NURUL:
            screenshot(view, "63-outside-month-locked")
    decisions = dict(Verification.objects.filter(date=day).values_list("employee__nip", "status"))
    assert decisions == {NURUL["nip"]: "rejected", DEWI["nip"]: "approved", FAJAR["nip"]: "rejected"}
    for context in (nurul, dewi, fajar):
        context.close()
