"""Passkeys in Chromium (issue 15), with Chromium's virtual authenticator (DevTools: WebAuthn.enable,
WebAuthn.addVirtualAuthenticator) standing in for a phone's own (its fingerprint, face or PIN unlock): the
Disdukcapil clerk's unit requires a registered phone; she registers hers, checks in with it, is refused from
another phone, and after her head removes the lost phone (audited) she registers the new one, checks out, and
signs in with the passkey alone."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance.models import CheckIn
from policy.models import AuditEvent
from tests.e2e.conftest import next_working_day, phone_context, screenshot, sign_in, sign_out
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Passkey, Unit

CLERK = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def clerk(demo, monkeypatch):
    employee = Employee.objects.select_related("unit").get(nip=CLERK["nip"])
    # The passkey is the subject here, not the face photo (tests/e2e/test_checkin_photo.py).
    Unit.objects.filter(pk=employee.unit_id).update(passkeys=Unit.Passkeys.REQUIRED, photo_required=False)
    day = next_working_day(dt.date(2026, 5, 3))
    CheckIn.objects.filter(employee=employee, date=day).delete()
    return employee, day


def at(monkeypatch, day, hh, mm):
    moment = dt.datetime.combine(day, dt.time(hh, mm), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(clock, "today", lambda: day)


def phone(browser, live_server, employee):
    """A phone at the clerk's office with its own authenticator (user verification always passes)."""
    unit = employee.unit
    context = phone_context(browser, live_server.url, float(unit.latitude), float(unit.longitude), accuracy=8)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return context, page


def register(page):
    page.goto("/akun/ponsel/")
    page.get_by_label("Nama ponsel (agar Anda mengenalinya)").fill("Ponsel kerja")
    page.get_by_role("button", name="Daftarkan ponsel ini").click()
    expect(page.get_by_role("region", name="Ponsel terdaftar")).to_contain_text("Ponsel kerja, didaftarkan")


def test_a_registered_phone_signs_check_ins_and_a_lost_one_is_replaced(browser, live_server, clerk, monkeypatch):
    employee, day = clerk
    assert "localhost" in live_server.url  # a passkey needs a domain: WebAuthn refuses an IP address
    at(monkeypatch, day, 7, 20)
    first, page = phone(browser, live_server, employee)
    sign_in(page, CLERK["login"], DEMO_PASSWORD)
    page.goto("/saya/")
    expect(page.get_by_role("main")).to_contain_text("Unit Anda mewajibkan presensi dari ponsel yang terdaftar")
    register(page)
    screenshot(page, "passkey-registered")
    [passkey] = Passkey.objects.filter(user=employee.user)
    assert AuditEvent.objects.filter(action="passkey_registered", employee=employee).exists()

    page.goto("/saya/")
    page.get_by_role("button", name="Presensi masuk").click()
    expect(page.locator("#checkin").get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    arrival = CheckIn.objects.get(employee=employee, date=day, kind="in")
    assert arrival.passkey_id == passkey.pk
    first.close()  # the phone is lost

    # Another phone, signed in with the same NIP and password: its authenticator holds no registered passkey.
    at(monkeypatch, day, 16, 30)
    second, page = phone(browser, live_server, employee)
    sign_in(page, CLERK["login"], DEMO_PASSWORD)
    page.goto("/saya/")
    page.get_by_role("button", name="Presensi pulang").click()
    alert = page.locator("#checkin").get_by_role("alert")
    expect(alert).to_contain_text("Presensi ini tidak ditandatangani passkey ponsel Anda.")
    expect(alert).to_contain_text("Daftarkan ponsel ini di menu Ponsel saya")
    assert not CheckIn.objects.filter(employee=employee, date=day, kind="out").exists()
    page.goto("/akun/ponsel/")
    expect(page.get_by_role("main")).to_contain_text("Anda sudah mendaftarkan 1 ponsel, batas yang berlaku")
    screenshot(page, "passkey-limit")

    # Her head removes the lost phone, saying why.
    head, head_page = phone(browser, live_server, employee)
    sign_in(head_page, HEAD["login"], DEMO_PASSWORD)
    head_page.goto(f"/pegawai/{employee.code}/")
    phones = head_page.get_by_role("region", name="Ponsel terdaftar (passkey)")
    phones.get_by_text("Hapus ponsel “Ponsel kerja”").click()
    phones.get_by_label("Alasan menghapus").fill("Ponsel hilang di pasar")
    phones.get_by_role("button", name="Hapus ponsel ini").click()
    expect(head_page.get_by_role("status").first).to_contain_text("dihapus dari akun")
    expect(head_page.get_by_role("region", name="Ponsel terdaftar (passkey)")).to_contain_text("Belum ada ponsel terdaftar.")
    removed = AuditEvent.objects.get(action="passkey_removed", employee=employee)
    assert removed.note == "Ponsel hilang di pasar" and removed.actor == Employee.objects.get(nip=HEAD["nip"]).user
    head.close()

    # She registers the new phone and checks out with it.
    register(page)
    page.goto("/saya/")
    page.get_by_role("button", name="Presensi pulang").click()
    expect(page.locator("#checkin").get_by_role("status")).to_contain_text(re.compile(r"Tersimpan: Presensi pulang pukul 16:30"))
    departure = CheckIn.objects.get(employee=employee, date=day, kind="out")
    assert departure.passkey_id == Passkey.objects.get(user=employee.user, removed_at__isnull=True).pk != passkey.pk
    # Next morning she signs in on it with the passkey alone: no password typed on the phone.
    sign_out(page)
    page.goto("/masuk/")
    page.get_by_role("button", name="Masuk dengan passkey ponsel").click()
    expect(page).to_have_url(re.compile(r"/saya/$"))
    expect(page.get_by_role("banner")).to_contain_text(employee.full_name)
    second.close()
