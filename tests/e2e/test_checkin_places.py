"""SE BKPSDM Kota Bengkulu 4/2025 on a phone: Chromium at 360×740 with the location permission granted and
its position set per test (context.set_geolocation).

- arrival inside 15 m of the office: recorded, "di dalam radius (… m): Kantor Disdukcapil";
- a fix with 60 m accuracy is asked to wait for a better one (the accuracy in metres, "Coba lagi", the
  accuracy now in words while the phone watches its position), and after CHECKIN_ACCURACY_TRIES attempts it
  is sent as outside the radius with a reason;
- a DL check-in at its activity site: the demo's Diskominfo staff member's DL (policy.demo) is checked in at
  the site, not at the office.

The server's clock is set by patching units.clock.now in this process (the live server runs in a thread).
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance.models import CheckIn
from policy.models import Arrangement
from tests.e2e.conftest import next_working_day, phone_context, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Unit

DUKCAPIL_STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
KOMINFO_STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "diskominfo")
METRES_PER_DEGREE = 111_195  # one degree of latitude
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at_seven_twenty(monkeypatch, day):
    moment = dt.datetime.combine(day, dt.time(7, 20), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.fixture
def phone(browser, live_server, demo):
    """A phone-sized browser that has granted the location permission; no face photo asked of the two units."""
    Unit.objects.filter(code__in=["disdukcapil", "diskominfo"]).update(photo_required=False)
    context = phone_context(browser, live_server.url)
    yield context
    context.close()


@pytest.fixture
def monday(demo, monkeypatch):
    """07:20 on a working day outside Ramadan, with no check-in yet for the Disdukcapil staff member."""
    day = next_working_day(dt.date(2026, 5, 10))
    at_seven_twenty(monkeypatch, day)
    CheckIn.objects.filter(employee__nip=DUKCAPIL_STAFF["nip"], date=day).delete()
    return day


def office_of(account) -> tuple[float, float]:
    unit = Employee.objects.select_related("unit").get(nip=account["nip"]).unit
    return float(unit.latitude), float(unit.longitude)


def north_of(point, metres) -> tuple[float, float]:
    return point[0] + metres / METRES_PER_DEGREE, point[1]


def test_it_records_an_arrival_inside_15_m_and_names_the_office(phone, monday):
    latitude, longitude = north_of(office_of(DUKCAPIL_STAFF), 10)
    phone.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 8})
    page = phone.new_page()
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    checkin = page.locator("#checkin")
    expect(checkin).to_contain_text("Tempat presensi hari ini: Kantor Disdukcapil (radius 15 m)")
    expect(checkin).to_contain_text("Loket Disdukcapil di MPP Kota Bengkulu (radius 15 m)")
    checkin.get_by_role("button", name="Presensi masuk").click()

    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(checkin).to_contain_text("di dalam radius (10 m): Kantor Disdukcapil")
    screenshot(page, "34-checkin-inside-15m")
    row = CheckIn.objects.get(employee__nip=DUKCAPIL_STAFF["nip"], date=monday)
    assert (row.location, row.distance_m, row.accuracy_m, row.place_name) == ("inside", 10, 8, "Kantor Disdukcapil")


def test_it_asks_a_60_m_fix_to_retry_then_sends_it_as_outside_with_a_reason(phone, monday):
    latitude, longitude = north_of(office_of(DUKCAPIL_STAFF), 5)
    phone.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 60})
    page = phone.new_page()
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    checkin = page.locator("#checkin")
    checkin.get_by_role("button", name="Presensi masuk").click()

    alert = checkin.get_by_role("alert")
    expect(alert).to_contain_text("Akurasi lokasi ponsel Anda ±60 m, sedangkan radius Kantor Disdukcapil 15 m")
    expect(alert).to_contain_text("percobaan 1 dari 3")
    # The phone watches its position meanwhile and says how accurate it is now, in words.
    expect(checkin.locator("#accuracy-now")).to_have_text(
        "Akurasi lokasi sekarang ±60 m; dibutuhkan ±15 m atau lebih baik. Tunggu sebentar."
    )
    expect(checkin.get_by_label("Alasan")).to_have_count(0)
    assert not CheckIn.objects.filter(employee__nip=DUKCAPIL_STAFF["nip"], date=monday).exists()
    screenshot(page, "35-checkin-retry")

    checkin.get_by_role("button", name="Coba lagi").click()
    expect(alert).to_contain_text("percobaan 2 dari 3")
    checkin.get_by_role("button", name="Coba lagi").click()

    expect(checkin.get_by_role("alert")).to_have_text(
        "Akurasi lokasi ponsel ±60 m, lebih besar dari radius Kantor Disdukcapil (15 m), jadi presensi ini "
        "dicatat sebagai di luar radius: alasan wajib diisi."
    )
    reason = checkin.get_by_label("Alasan")
    expect(reason).to_be_focused()
    reason.fill("Sinyal GPS lemah di ruang arsip")
    checkin.get_by_role("button", name="Presensi masuk").click()

    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(checkin).to_contain_text("Akurasi lokasi kurang (5 m)")
    expect(checkin).to_contain_text("Alasan: Sinyal GPS lemah di ruang arsip")
    screenshot(page, "36-checkin-inaccurate-recorded")
    row = CheckIn.objects.get(employee__nip=DUKCAPIL_STAFF["nip"], date=monday)
    assert (row.location, row.accuracy_m, row.place_name, row.reason) == (
        "inaccurate", 60, "", "Sinyal GPS lemah di ruang arsip"
    )


def test_it_takes_a_better_fix_after_a_retry(phone, monday):
    office = office_of(DUKCAPIL_STAFF)
    latitude, longitude = north_of(office, 5)
    phone.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 60})
    page = phone.new_page()
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    checkin = page.locator("#checkin")
    checkin.get_by_role("button", name="Presensi masuk").click()
    expect(checkin.get_by_role("button", name="Coba lagi")).to_be_visible()

    latitude, longitude = north_of(office, 3)
    phone.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 6})
    expect(checkin.locator("#accuracy-now")).to_have_text("Akurasi lokasi sekarang ±6 m: sudah cukup. Tekan Coba lagi.")
    checkin.get_by_role("button", name="Coba lagi").click()

    expect(checkin).to_contain_text("di dalam radius (3 m): Kantor Disdukcapil")
    row = CheckIn.objects.get(employee__nip=DUKCAPIL_STAFF["nip"], date=monday)
    assert (row.location, row.accuracy_m) == ("inside", 6)


def test_it_checks_a_dl_in_at_its_activity_site(phone, monkeypatch):
    dl = Arrangement.objects.get(employee__nip=KOMINFO_STAFF["nip"], site_radius_m__isnull=False)
    at_seven_twenty(monkeypatch, dl.start_date)
    site = (float(dl.site_latitude), float(dl.site_longitude))
    office = office_of(KOMINFO_STAFF)
    phone.set_geolocation({"latitude": office[0], "longitude": office[1], "accuracy": 5})
    page = phone.new_page()
    sign_in(page, KOMINFO_STAFF["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/saya/$"))
    checkin = page.locator("#checkin")
    expect(checkin).to_contain_text(
        "Hari ini dinas luar: presensi di lokasi kegiatan Aula Kantor Gubernur Bengkulu (radius 15 m), bukan di kantor."
    )
    # At the office, the DL's day is outside.
    checkin.get_by_role("button", name="Presensi masuk").click()
    expect(checkin.get_by_role("alert")).to_contain_text("Di luar radius Aula Kantor Gubernur Bengkulu")

    latitude, longitude = north_of(site, 6)
    phone.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 5})
    checkin.get_by_role("button", name="Presensi masuk").click()

    expect(checkin.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(checkin).to_contain_text("di dalam radius (6 m): Aula Kantor Gubernur Bengkulu")
    screenshot(page, "37-checkin-dl-site")
    row = CheckIn.objects.get(employee__nip=KOMINFO_STAFF["nip"], date=dl.start_date, kind="in")
    assert (row.planned_mode, row.location, row.distance_m, row.place_name, row.reason) == (
        "dl", "inside", 6, "Aula Kantor Gubernur Bengkulu", ""
    )
