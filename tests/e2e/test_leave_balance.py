"""Annual leave as the rules compute it (issue 17): the demo's puskesmas nurse, rostered on two cuti bersama of
2026, signs in and reads 14 days of annual leave with the arithmetic behind them (Keppres 42/2025: cuti bersama
never reduces annual leave, and each one worked adds a day); a PPPK is not offered cuti besar.

The page shows the year of units.clock.today, frozen here in 2026 (the demo's cuti bersama are 2026's).
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from policy.demo import LEAVE_ACCOUNT
from tests.e2e.conftest import sign_in, sign_out
from units import clock
from units.demo import DEMO_PASSWORD
from units.models import Employee


@pytest.fixture
def in_2026(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 7))


def test_it_shows_a_nurse_who_worked_two_cuti_bersama_14_days_with_the_arithmetic(page, in_2026):
    sign_in(page, LEAVE_ACCOUNT["login"], DEMO_PASSWORD)
    page.goto("/pengajuan/")
    balance = page.get_by_role("region", name="Sisa cuti tahunan 2026: 14 hari kerja")
    expect(balance).to_be_visible()
    expect(balance.get_by_role("listitem")).to_have_text(
        [
            "Hak dasar 12 hari",
            "Cuti bersama yang Anda kerjakan 2 hari",
            "Sudah diambil atau diajukan 0 hari",
            "Sisa 14 hari",
        ]
    )
    expect(balance).to_contain_text("Keppres 42/2025 (cuti bersama tidak mengurangi cuti tahunan")

    # The request form counts the same balance.
    page.goto("/pengajuan/baru/?kind=cuti")
    expect(page.locator("#kind-fields")).to_contain_text(
        "Sisa cuti tahunan 2026: 14 hari kerja (hak dasar 12 hari; cuti bersama yang dikerjakan 2 hari; "
        "sudah diambil atau diajukan 0 hari)."
    )
    sign_out(page)


def test_it_does_not_offer_a_pppk_cuti_besar(page, in_2026):
    person = Employee.objects.filter(asn_type=Employee.AsnType.PPPK, is_active=True).order_by("nip").first()
    assert person is not None, "the demo has PPPK staff"
    if person.user is None:
        person.user = get_user_model().objects.create_user(username=person.nip)
        person.save(update_fields=["user"])
    person.user.set_password(DEMO_PASSWORD)
    person.user.save()

    sign_in(page, person.nip, DEMO_PASSWORD)
    page.goto("/pengajuan/baru/")
    page.get_by_role("radio", name="Cuti", exact=True).check()
    leave_type = page.get_by_label("Jenis cuti")
    expect(leave_type).to_be_visible()
    options = leave_type.locator("option")
    expect(options).to_have_text(["Pilih jenis cuti", "Cuti tahunan", "Cuti sakit", "Cuti melahirkan"])
    expect(leave_type.locator("option", has_text="Cuti besar")).to_have_count(0)
