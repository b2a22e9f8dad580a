"""A unit head sets one person's mode for a day inline on the plan (htmx): the person's row and the
day's on-site count change in place, without reloading the page, and the count is said in words."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from policy.models import LegalBasisType, Policy
from tests.e2e.conftest import next_working_day, screenshot, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Unit

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
OPERATOR = next(a for a in DEMO_ACCOUNTS if a["role"] == "operator")  # Dewi Lestari, administrasi
ON_SITE = re.compile(r"^Di kantor (\d+) dari minimum (\d+)$")


@pytest.fixture
def back_office_wfh(demo):
    """Disdukcapil's back office may work from home one day a week: a unit policy, more specific
    than the demo's city-wide "no WFH", active since yesterday."""
    admin = Employee.objects.get(nip=next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")["nip"])
    policy = Policy.objects.create(
        title="WFH 1 hari per minggu bagi tenaga administrasi Disdukcapil",
        legal_basis_type=LegalBasisType.SE_SEKDA,
        legal_basis_number="800/7/SETDA/2026",
        decided_by="Sekretaris Daerah Kota Bengkulu",
        decided_on=clock.today() - dt.timedelta(days=1),
        effective_from=clock.today() - dt.timedelta(days=1),
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=1,
        reason="Loket tetap dijaga petugas layanan; administrasi boleh bergantian WFH.",
        scope_service_roles=[Employee.ServiceRole.ADMINISTRASI],
        status=Policy.Status.ACTIVE,
        created_by=admin.user,
    )
    policy.scope_units.create(unit=Unit.objects.get(code="disdukcapil"), include_sub_units=False)
    return policy


def test_it_sets_a_persons_mode_inline_and_updates_the_day_count_without_a_reload(
    page, back_office_wfh
):
    day = next_working_day(clock.today())
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto(f"/rencana/unit/disdukcapil/?minggu={day:%Y-%m-%d}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rencana kehadiran: Dinas Kependudukan dan Pencatatan Sipil Kota Bengkulu"
    )
    # Column 0 is the row header; Monday is the first day column.
    totals = page.locator("#plan-totals").get_by_role("cell").nth(day.weekday())
    before = ON_SITE.match(totals.locator("div").first.inner_text().strip())
    assert before, totals.inner_text()
    on_site, minimum = int(before[1]), int(before[2])
    row = page.locator("tr", has=page.get_by_role("rowheader", name=OPERATOR["name"]))
    cell = row.get_by_role("cell").nth(day.weekday())
    expect(cell).to_contain_text("Di kantor")
    expect(cell).to_contain_text("kebijakan")
    screenshot(page, "10-plan-before")
    page.evaluate("window.hadirNoReload = 'still here'")

    cell.get_by_role("link").click()
    form = cell.get_by_role("group", name=re.compile(f"^Rencana {re.escape(OPERATOR['name'])}"))
    expect(form).to_be_visible()
    screenshot(page, "11-plan-cell-form")
    form.get_by_role("radio", name="WFH", exact=True).check()
    cell.get_by_role("button", name="Simpan").click()

    expect(cell).to_contain_text("WFH")
    expect(cell).to_contain_text("ditetapkan kepala unit")
    expect(totals).to_contain_text(f"Di kantor {on_site - 1} dari minimum {minimum}")
    expect(page.get_by_role("status")).to_contain_text(f"Rencana {OPERATOR['name']} untuk ")
    assert page.evaluate("window.hadirNoReload") == "still here"
    screenshot(page, "12-plan-after")

    page.reload()
    expect(totals).to_contain_text(f"Di kantor {on_site - 1} dari minimum {minimum}")
    expect(cell).to_contain_text("WFH")
