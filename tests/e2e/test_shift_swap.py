"""A shift swap in Chromium (issue 17): a nurse of a puskesmas gives her night shift to a colleague for his
morning shift two days later, the colleague accepts on his own page, the head approves it from the approvals
inbox, and the unit's plan shows both shifts swapped."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from policy.models import PlanEntry
from tests.conftest import PASSWORD, make_employee, make_unit
from tests.e2e.conftest import screenshot, sign_in, sign_out
from units import clock
from units.models import Employee, Schedule, Shift, Unit

NURSE = Employee.ServiceRole.TENAGA_KESEHATAN


@pytest.fixture
def puskesmas(demo):
    """A puskesmas on the 24-hour shift pattern with its head and two nurses: Ani on the night shift of next
    Tuesday, Budi on the morning shift of next Thursday."""
    schedule = Schedule.objects.get(code="shift-24-jam")
    unit = make_unit("pkm-e2e", "Puskesmas Uji Tukar", Unit.Kind.PUSKESMAS, schedule=schedule)
    head = make_employee(unit, "Kapus Uji Tukar", Employee.Role.HEAD)
    ani = make_employee(unit, "Ani Perawat Uji", service_role=NURSE)
    budi = make_employee(unit, "Budi Perawat Uji", service_role=NURSE)
    today = clock.today()
    tuesday = today + dt.timedelta(days=7 - today.weekday() + 1)
    thursday = tuesday + dt.timedelta(days=2)
    shifts = {s.code: s for s in Shift.objects.filter(schedule=schedule)}
    PlanEntry.objects.create(employee=ani, date=tuesday, mode="onsite", shift=shifts["malam"], set_by=head.user)
    PlanEntry.objects.create(employee=budi, date=thursday, mode="onsite", shift=shifts["pagi"], set_by=head.user)
    return unit, head, ani, budi, tuesday, thursday


def test_a_nurse_swaps_a_night_shift_the_colleague_accepts_the_head_approves(page, puskesmas):
    unit, head, ani, budi, tuesday, thursday = puskesmas
    sign_in(page, ani.nip, PASSWORD)
    page.get_by_role("link", name="Tukar shift").first.click()
    page.get_by_role("link", name="Usulkan tukar shift").click()
    page.get_by_label("Tanggal shift Anda").fill(tuesday.isoformat())
    page.get_by_role("combobox", name="Rekan").select_option(str(budi.code))
    page.get_by_label("Tanggal shift rekan").fill(thursday.isoformat())
    screenshot(page, "swap-propose")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tukar shift: Ani Perawat Uji dan Budi Perawat Uji")
    expect(page.locator(".lead")).to_contain_text("Menunggu jawaban rekan")
    sign_out(page)

    sign_in(page, budi.nip, PASSWORD)
    page.goto("/tukar-shift/")
    asked = page.get_by_role("article").filter(has_text="Ani Perawat Uji mengusulkan tukar shift")
    expect(asked).to_contain_text("shift Malam (21:00–07:00)")
    asked.get_by_role("button", name="Terima tukar shift").click()
    expect(page.locator(".lead")).to_contain_text("Menunggu persetujuan kepala unit")
    sign_out(page)

    sign_in(page, head.nip, PASSWORD)
    page.goto("/persetujuan/")
    page.get_by_role("link", name="tukar shift", exact=True).click()  # "Juga menunggu keputusan Anda: … tukar shift"
    row = page.get_by_role("article").filter(has_text="Tukar shift: Ani Perawat Uji dan Budi Perawat Uji")
    expect(row).to_contain_text("setiap shift tetap memenuhi jumlah minimumnya")
    screenshot(page, "swap-approve")
    row.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Tukar shift Ani Perawat Uji dan Budi Perawat Uji disetujui")).to_be_visible()
    expect(row.get_by_role("status")).to_contain_text("Disetujui")  # the row, swapped in place (htmx)

    page.goto(f"/rencana/unit/{unit.code}/?minggu={tuesday:%Y-%m-%d}")
    ani_row = page.locator("tr", has=page.get_by_role("rowheader", name="Ani Perawat Uji"))
    budi_row = page.locator("tr", has=page.get_by_role("rowheader", name="Budi Perawat Uji"))
    expect(budi_row.get_by_role("cell").nth(tuesday.weekday())).to_contain_text("Shift Malam")
    expect(ani_row.get_by_role("cell").nth(tuesday.weekday())).to_contain_text("Lepas shift")
    expect(ani_row.get_by_role("cell").nth(thursday.weekday())).to_contain_text("Shift Pagi")
    expect(budi_row.get_by_role("cell").nth(thursday.weekday())).to_contain_text("Lepas shift")
    screenshot(page, "swap-plan")
