"""Offer only what is allowed (issue 16): on a phone, a Disdukcapil staff member opens the request form under
the demo's city-wide "no WFH" policy and is not offered WFH or WFA; the form says why, naming the policy and
its legal basis, and the reason describes the choices for a screen reader. Once a policy allows WFH for
them, WFH is offered again.

Dates come from the server clock (units.clock.today), never a fixed date.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy.demo import NO_WFH_TITLE
from policy.models import LegalBasisType, Policy
from tests.e2e.conftest import SCREENSHOTS, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1366"])
DUKCAPIL_STAFF = next(a for a in DEMO_ACCOUNTS if a["login"] == "199203152019032006")
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")


def shot(page, name):
    """With E2E_SCREENSHOTS set, the whole page at the phone's width."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-390.png"), full_page=True)


@SIZES
def test_it_offers_no_wfh_under_the_demo_policy_and_says_why_on_a_phone(page, size):
    page.set_viewport_size(size)
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    page.goto("/pengajuan/baru/")

    kinds = page.get_by_role("group", name="Jenis pengajuan")
    expect(kinds.get_by_role("radio")).to_have_count(4)
    for name in ("Dinas luar", "Cuti", "Sakit", "Izin"):
        expect(kinds.get_by_role("radio", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^(WFH|WFA)"))).to_have_count(0)

    reason = page.locator("#kind-unavailable")
    expect(reason).to_be_visible()
    expect(reason).to_contain_text(
        f"WFH/WFA tidak tersedia: kebijakan '{NO_WFH_TITLE}' (Surat Edaran Wali Kota No. "
    )
    expect(reason).to_contain_text("sejak 1 Januari 2026 dan mewajibkan bekerja di kantor")
    # The reason describes every choice left (aria-describedby), so a screen reader hears it with them.
    expect(kinds.get_by_role("radio", name="Izin", exact=True)).to_have_accessible_description(
        re.compile(f"^WFH/WFA tidak tersedia: kebijakan '{re.escape(NO_WFH_TITLE)}'")
    )
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]  # nothing wider than the screen
    shot(page, "20-request-form-no-wfh")


@SIZES
def test_it_offers_wfh_once_a_policy_allows_it_for_the_person(page, size):
    admin = Employee.objects.get(nip=ADMIN["nip"])
    person = Employee.objects.get(nip=DUKCAPIL_STAFF["nip"])
    allowing = Policy.objects.create(
        title="WFH 1 hari per minggu bagi Nurul Aini",
        legal_basis_type=LegalBasisType.SE_SEKDA,
        legal_basis_number="800/8/SETDA/2026",
        decided_by="Sekretaris Daerah Kota Bengkulu",
        decided_on=clock.today() - dt.timedelta(days=1),
        effective_from=clock.today() - dt.timedelta(days=1),
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=1,
        reason="Uji: pegawai bernama lebih khusus daripada seluruh kota.",
        status=Policy.Status.ACTIVE,
        created_by=admin.user,
    )
    allowing.scope_employees.add(person)
    page.set_viewport_size(size)
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    page.goto("/pengajuan/baru/")

    kinds = page.get_by_role("group", name="Jenis pengajuan")
    expect(kinds.get_by_role("radio")).to_have_count(6)
    expect(kinds.get_by_role("radio", name="WFH (dari domisili terdaftar)")).to_be_visible()
    expect(page.locator("#kind-unavailable")).to_have_count(0)
    shot(page, "21-request-form-wfh-allowed")
