"""The database briefly unreachable, seen from a phone: the check-in form says so (static/js/unavailable.js
shows the 503's message, which htmx does not swap) and keeps its token, so the next press records once."""

import datetime as dt
import zoneinfo
from unittest import mock

from django.db import OperationalError
from playwright.sync_api import expect

from attendance.checkin import recording
from attendance.models import CheckIn
from tests.e2e.conftest import next_working_day, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Unit

STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")


def _signed_in_at_the_office(browser, live_server, monkeypatch):
    """The demo's Disdukcapil staff member on a phone at the office, 07:20 on a working day with no
    check-in yet, signed in: (employee, day, browser context, page)."""
    day = next_working_day(dt.date(2026, 5, 3))
    moment = dt.datetime.combine(day, dt.time(7, 20), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(clock, "now", lambda: moment)
    employee = Employee.objects.select_related("unit").get(nip=STAFF["nip"])
    CheckIn.objects.filter(employee=employee, date=day).delete()
    # The outage is the subject here, not the face photo: a picture of the fake camera caught before the face
    # shows is refused (tests/e2e/test_checkin_photo.py covers it) and would answer before any insert.
    Unit.objects.filter(pk=employee.unit_id).update(photo_required=False)
    office = {"latitude": float(employee.unit.latitude), "longitude": float(employee.unit.longitude), "accuracy": 12}
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        locale="id-ID",
        permissions=["geolocation"],
        geolocation=office,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    return employee, day, context, page


def test_it_shows_the_outage_in_the_form_and_the_retry_records_once(browser, live_server, demo, monkeypatch):
    employee, day, context, page = _signed_in_at_the_office(browser, live_server, monkeypatch)
    form = page.locator("#checkin form")
    token = form.locator("input[name=token]").input_value()
    button = form.get_by_role("button", name="Presensi masuk")

    down = OperationalError("the database system is shutting down")
    with mock.patch("attendance.checkin.views.recording.record", side_effect=down):
        button.click()
        alert = form.get_by_role("alert")
        expect(alert).to_contain_text("Layanan sedang gangguan sebentar. Coba lagi dalam satu menit.")
        expect(alert).to_contain_text("presensi itu belum bisa dipastikan tersimpan")
        expect(alert).to_contain_text("Menekan tombol presensi lagi aman: presensi tidak akan tercatat dua kali.")
        expect(alert).not_to_contain_text("belum tercatat")
        screenshot(page, "90-checkin-unavailable")
    assert not CheckIn.objects.filter(employee=employee, date=day).exists()
    assert form.locator("input[name=token]").input_value() == token  # the same form, ready again
    expect(button).to_be_enabled()

    button.click()
    expect(page.locator("#checkin").get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(page.get_by_text("Layanan sedang gangguan sebentar")).to_have_count(0)
    assert CheckIn.objects.get(employee=employee, date=day).token.hex == token.replace("-", "")
    context.close()


def test_a_check_in_saved_before_the_outage_is_shown_on_the_retry(browser, live_server, demo, monkeypatch):
    """The database fails after the commit (here: evaluating the day for the answer). The message
    does not claim the check-in was lost; the next press shows the row already saved, once."""
    employee, day, context, page = _signed_in_at_the_office(browser, live_server, monkeypatch)
    form = page.locator("#checkin form")
    button = form.get_by_role("button", name="Presensi masuk")

    down = OperationalError("the database system is shutting down")
    with mock.patch.object(recording.Day, "evaluate", side_effect=down):
        button.click()
        expect(form.get_by_role("alert")).to_contain_text("Bila tadi sudah tersimpan, Anda akan melihatnya.")
    row = CheckIn.objects.get(employee=employee, date=day)  # saved before the answer failed

    button.click()
    status = page.locator("#checkin").get_by_role("status")
    expect(status).to_contain_text("Sudah tercatat sebelumnya: Presensi masuk pukul 07:20.")
    expect(status).to_have_attribute("data-checkin", str(row.pk))
    assert CheckIn.objects.filter(employee=employee, date=day).count() == 1
    context.close()
