"""Deputies and withdrawal (issue 17), in Chromium: the lurah of Pagar Dewa, going on leave, names the
kelurahan's secretary Plh. for three days on the unit's page; she signs in, finds the head's inbox in her
menu and approves a colleague's request, and the decision reads "Plh., a.n." with both names. The colleague
withdraws her other, still pending request after a confirmation.

The server's clock is set by patching units.clock.now in this process (the live server runs in a thread of
it): a working day two weeks after the demo's, so the demo's own Plh. range has ended.
"""

import datetime as dt
import zoneinfo

import pytest
from playwright.sync_api import expect

from policy.demo import DEPUTY_ACCOUNT, DEPUTY_HEAD
from policy.models import Arrangement, StaffingMinimum
from tests.conftest import PASSWORD, make_employee
from tests.e2e.conftest import next_working_day, screenshot, sign_in, sign_out
from units import clock
from units.demo import DEMO_PASSWORD
from units.models import Employee, Unit

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
UNIT = "17.71.01.1001"


@pytest.fixture
def leave_day(demo, monkeypatch):
    """08:00 on a working day two weeks on; a colleague in Pagar Dewa with two pending izin requests (no
    staffing minimum in the way: this test is about who decides)."""
    day = next_working_day(clock.today() + dt.timedelta(days=14))
    moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    StaffingMinimum.objects.all().delete()
    Unit.objects.update(photo_required=False)
    colleague = make_employee(Unit.objects.get(code=UNIT), "Maya Sari (uji)")
    later = next_working_day(day)
    requests = [
        Arrangement.objects.create(
            employee=colleague, kind=Arrangement.Kind.IZIN, start_date=start, end_date=start, working_days=1,
            reason=reason,
        )
        for start, reason in ((later, "Mengantar anak imunisasi"), (next_working_day(later), "Urusan bank"))
    ]
    return day, colleague, requests


def test_a_plh_approves_in_the_heads_place_and_staff_withdraw_a_pending_request(page, leave_day):
    day, colleague, (approved, withdrawn) = leave_day
    deputy = Employee.objects.get(nip=DEPUTY_ACCOUNT["nip"])

    # The lurah names his secretary Plh. while he is on leave.
    sign_in(page, DEPUTY_HEAD["login"], DEMO_PASSWORD)
    page.goto(f"/unit/{UNIT}/")
    page.get_by_role("link", name="Plh./Plt. kepala unit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plh./Plt. Kelurahan Pagar Dewa")
    page.get_by_label("Pelaksana").select_option(str(deputy.pk))
    page.get_by_label("Sebagai").select_option("plh")
    page.get_by_label("Mulai").fill(day.isoformat())
    page.get_by_label("Sampai").fill((day + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Alasan").fill("Cuti tahunan")
    page.get_by_role("button", name="Tunjuk").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Sri Wahyuni (demo) ditunjuk sebagai Plh. (pelaksana harian) Kelurahan Pagar Dewa."
    )
    expect(page.get_by_role("table")).to_contain_text("berlaku hari ini")
    screenshot(page, "deputy-named")
    sign_out(page)

    # The Plh. finds the head's inbox in her menu and approves.
    sign_in(page, DEPUTY_ACCOUNT["login"], DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Persetujuan (Plh./Plt.)").click()
    row = page.locator(f"#req-{approved.code}")
    expect(row).to_contain_text("Maya Sari (uji)")
    row.get_by_role("button", name="Setujui").click()
    signed = "oleh Sri Wahyuni (demo) (Plh., a.n. Yusuf Effendi (demo))"
    expect(row).to_contain_text("Disetujui")
    expect(row).to_contain_text(signed)
    row.get_by_role("link", name="Lihat rincian dan jejak audit").click()
    main = page.locator("main")
    expect(main.get_by_text(signed.removeprefix("oleh "), exact=False)).to_have_count(2)  # decision and audit
    screenshot(page, "deputy-decided")
    sign_out(page)

    # The colleague withdraws her other request, still pending, after a confirmation.
    sign_in(page, colleague.nip, PASSWORD)
    page.goto("/pengajuan/")
    pending_row = page.get_by_role("row").filter(has=page.locator(f'a[href="/pengajuan/{withdrawn.code}/tarik/"]'))
    expect(pending_row).to_contain_text("Menunggu persetujuan")
    pending_row.get_by_role("link", name="Tarik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tarik pengajuan ini?")
    page.get_by_role("button", name="Ya, tarik").click()
    expect(page.get_by_role("status").first).to_contain_text("Pengajuan ditarik; kepala unit tidak lagi memutuskannya.")
    expect(page.locator("main .lead")).to_contain_text("Ditarik")
    expect(page.locator("main")).to_contain_text("Ditarik pemiliknya")  # the audit trail
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"
