"""Coverage alerts in Chromium (issue 14): a kelurahan below its minimum at opening time; the lurah lands on
the board, which says "Kurang … petugas" and shows the alert, and the bell counts the notice; nobody takes it
on; 15 minutes later the camat is told; check-ins bring the count back and the next scan says "teratasi" to
everyone it reached.

The scans run here as the minute scheduler's task would (attendance.alerts.scan.scan at the clock's minute);
the server's clock is patched in this process, where the live server runs. Not yet here: Web Push, e-mail and
Telegram deliveries (issue 14 goes on)."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.alerts import scan
from attendance.models import CheckIn, CoverageAlert
from tests.e2e.conftest import next_working_day, screenshot, sign_in, sign_out
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

LURAH = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "17.71.01.1001")
CAMAT = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "17.71.01")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def day(demo, monkeypatch):
    found = next_working_day(dt.date(2026, 5, 3))
    CheckIn.objects.filter(employee__unit__code=LURAH["unit"], date=found).delete()
    return found


def at(monkeypatch, day, hh, mm):
    moment = dt.datetime.combine(day, dt.time(hh, mm), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def test_a_short_kelurahan_alerts_its_lurah_climbs_to_the_camat_and_resolves(page, day, monkeypatch):
    scan.scan(at(monkeypatch, day, 7, 45))  # opened 07:30; nobody in yet
    alert = CoverageAlert.objects.get(unit__code=LURAH["unit"])

    sign_in(page, LURAH["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/papan/unit/{re.escape(LURAH['unit'])}/$"))
    expect(page.get_by_role("link", name=re.compile(r"Pemberitahuan \(1 belum dibaca\)"))).to_be_visible()
    summary = page.locator("#board-summary")
    expect(summary).to_contain_text(f"Kurang {alert.missing} petugas")
    expect(summary).to_contain_text(f"0 dari minimal {alert.needed} di kantor sekarang")
    alerts = page.get_by_role("region", name="Peringatan kurang petugas hari ini")
    expect(alerts).to_contain_text("Belum teratasi")
    expect(alerts.get_by_role("button", name="Saya tangani")).to_be_visible()
    screenshot(page, "alert-lurah")
    sign_out(page)

    # Nobody takes it on: fifteen minutes later it climbs to the camat.
    assert scan.scan(at(monkeypatch, day, 8, 0)).escalated >= 1
    sign_in(page, CAMAT["login"], DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile(r"Pemberitahuan \(\d+ belum dibaca\)")).click()
    expect(page.get_by_role("main")).to_contain_text("Kelurahan Pagar Dewa masih kurang petugas sejak 07:45")
    sign_out(page)

    # Enough people check in; the next scan resolves it and the lurah is told.
    staff = Employee.objects.active().filter(unit__code=LURAH["unit"]).order_by("pk")[: alert.needed]
    for person in staff:
        CheckIn.objects.create(
            employee=person, date=day, kind="in", location="inside", distance_m=3, created_by=person.user,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(8, 5))),
        )
    assert scan.scan(at(monkeypatch, day, 8, 6)).resolved >= 1
    sign_in(page, LURAH["login"], DEMO_PASSWORD)
    expect(page.get_by_role("region", name="Peringatan kurang petugas hari ini")).to_contain_text("Teratasi pukul 08:06")
    page.get_by_role("link", name=re.compile(r"Pemberitahuan \(2 belum dibaca\)")).click()
    expect(page.get_by_role("main")).to_contain_text("Teratasi: Kelurahan Pagar Dewa kembali cukup petugas")
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.get_by_role("main")).to_contain_text("Semua pemberitahuan sudah dibaca.")
    expect(page.get_by_role("link", name="Pemberitahuan", exact=True)).to_be_visible()
