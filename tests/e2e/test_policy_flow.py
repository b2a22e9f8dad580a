"""The work-mode policy from end to end, in Chromium (issue 3): the demo policy refuses WFH to a
Disdukcapil staff member and says which policy; an admin drafts a policy allowing WFH one day a
week for non-frontline units, previews its impact and activates it; then a Diskominfo staff member
requests WFH, their head approves it, and the unit's plan shows it.

Dates come from the server clock (units.clock.today): the next working day, never a fixed date.
"""

import re

from playwright.sync_api import expect

from policy.demo import NO_WFH_TITLE
from policy.models import Arrangement, Policy
from tests.e2e.conftest import next_working_day, screenshot, sign_in, sign_out
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Unit

ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
DUKCAPIL_STAFF = next(a for a in DEMO_ACCOUNTS if a["login"] == "199203152019032006")
KOMINFO_STAFF = next(a for a in DEMO_ACCOUNTS if a["login"] == "199505052020121007")
TITLE = "WFH 1 hari per minggu bagi unit non-layanan"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def url_path(pattern):
    return re.compile(r"^https?://[^/]+" + pattern + r"$")


def request_wfh(page, day):
    """Fill /pengajuan/baru/ for WFH from the registered home on one day, and send it."""
    page.goto("/pengajuan/baru/")
    page.get_by_role("radio", name="WFH (dari domisili terdaftar)").check()
    page.get_by_label("Mulai tanggal").fill(day.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengajuan").click()


def test_it_does_not_offer_wfh_to_a_disdukcapil_staff_member_naming_the_demo_policy(page):
    """Issue 16 item 7: the form offers only what the policy allows, and says why in words; a crafted POST is still
    refused (tests/policy/arrangements/test_request_choices.py)."""
    sign_in(page, DUKCAPIL_STAFF["login"], DEMO_PASSWORD)
    page.goto("/pengajuan/baru/")
    expect(page.get_by_role("radio", name="WFH (dari domisili terdaftar)")).to_have_count(0)
    reason = page.get_by_text(re.compile("WFH/WFA tidak tersedia"))
    expect(reason).to_contain_text(f"kebijakan '{NO_WFH_TITLE}' (Surat Edaran Wali Kota No. ")
    expect(page.get_by_role("radio", name=re.compile("^Cuti"))).not_to_have_count(0)
    assert not Arrangement.objects.filter(employee__nip=DUKCAPIL_STAFF["nip"]).filter(kind="wfh").exists()
    screenshot(page, "01-wfh-not-offered-disdukcapil")


def create_and_activate_policy(page, start):
    """The admin's part: the draft through /kebijakan/baru/, its impact preview, activation."""
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    page.goto("/kebijakan/baru/")
    page.get_by_label("Judul").fill(TITLE)
    page.get_by_label("Jenis dasar hukum").select_option(label="Surat Edaran BKPSDM")
    page.get_by_label("Nomor dasar hukum").fill("800.1.6/321/BKPSDM/2026")
    page.get_by_label("Ditetapkan oleh").fill("Kepala BKPSDM Kota Bengkulu")
    page.get_by_label("Tanggal penetapan").fill(clock.today().isoformat())
    page.get_by_label("Alasan:").fill("Uji coba kerja fleksibel (PermenPANRB 4/2025).")  # not "Alasan melampaui batas"
    page.get_by_role("radio", name=re.compile("^WFH diizinkan")).check()
    page.get_by_label("Batas hari WFH per minggu").fill("1")
    page.get_by_label("Berlaku mulai").fill(start.isoformat())
    page.get_by_label("Seluruh ASN Kota Bengkulu").check()
    page.get_by_role("radio", name="Hanya unit non-layanan (bukan garis depan)").check()
    screenshot(page, "02-policy-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan draf").click()

    expect(page).to_have_url(url_path(f"/kebijakan/{UUID}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".lead")).to_contain_text("Draf")
    policy = Policy.objects.get(title=TITLE)
    assert (policy.status, policy.rule, policy.wfh_days_per_week) == (
        Policy.Status.DRAFT,
        Policy.Rule.WFH_ALLOWED,
        1,
    )
    assert (policy.scope_city, policy.scope_frontline) == (True, Policy.Frontline.EXCLUDED)
    screenshot(page, "03-policy-draft")

    with page.expect_navigation():
        page.get_by_role("link", name="Pratinjau dampak & berlakukan").click()
    expect(page).to_have_url(url_path(f"/kebijakan/{policy.code}/dampak/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dampak draf: {TITLE}")
    summary = page.get_by_role("region", name="Ringkasan")
    expect(summary).to_contain_text(
        "Aman Tidak ada unit layanan garis depan yang menjadi kurang dari jumlah minimum"
    )
    # WFH allowed changes the rule for every active person of a non-frontline unit, and nobody's
    # plan until a request is approved.
    staff = Employee.objects.active().filter(unit__is_active=True, unit__is_frontline=False)
    units = Unit.objects.active().filter(is_frontline=False, employees__in=staff).distinct()
    expect(summary).to_contain_text(
        f"Aturan yang berlaku berubah untuk {staff.count()} pegawai di {units.count()} unit."
    )
    expect(summary).to_contain_text("Rencana kehadiran berubah untuk 0 dari")
    screenshot(page, "04-policy-impact")

    page.get_by_label("Saya sudah memeriksa dampaknya").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Berlakukan kebijakan", exact=True).click()

    # After activation the page lands on the policy itself (#main), not on a stale form fragment.
    expect(page).to_have_url(url_path(f"/kebijakan/{policy.code}/#main"))
    expect(page.get_by_role("status")).to_contain_text(f"Kebijakan '{TITLE}' sekarang berlaku.")
    expect(page.locator(".lead")).to_contain_text("Berlaku")
    expect(page.get_by_role("table").last).to_contain_text("Kebijakan diberlakukan")
    screenshot(page, "05-policy-active")
    page.goto("/kebijakan/")
    expect(page.get_by_role("region", name=re.compile(r"^Berlaku"))).to_contain_text(TITLE)
    sign_out(page)


def test_it_lets_an_admin_allow_wfh_and_a_diskominfo_head_approve_it_into_the_plan(page):
    day = next_working_day(clock.today())
    create_and_activate_policy(page, day)

    sign_in(page, KOMINFO_STAFF["login"], DEMO_PASSWORD)
    request_wfh(page, day)
    expect(page).to_have_url(url_path(f"/pengajuan/{UUID}/"))
    expect(page.get_by_role("status")).to_contain_text("dikirim ke kepala unit")
    expect(page.locator(".lead")).to_contain_text("Menunggu")
    screenshot(page, "06-wfh-requested")
    sign_out(page)

    head = Employee.objects.get(unit__code="diskominfo", role=Employee.Role.HEAD, is_active=True)
    sign_in(page, head.nip, DEMO_PASSWORD)
    page.goto("/persetujuan/")
    request = page.get_by_role("article", name=re.compile(re.escape(KOMINFO_STAFF["name"])))
    expect(request).to_contain_text("Saat ini tidak ada aturan yang menghalangi.")
    screenshot(page, "07-approvals")
    page.evaluate("window.hadirNoReload = 'still here'")
    request.get_by_role("button", name="Setujui", exact=True).click()
    expect(request.get_by_role("status")).to_contain_text("Disetujui")
    assert page.evaluate("window.hadirNoReload") == "still here"
    arrangement = Arrangement.objects.get(employee__nip=KOMINFO_STAFF["nip"], start_date=day)
    assert (arrangement.status, arrangement.start_date, arrangement.decided_by_id) == (
        "approved",
        day,
        head.user_id,
    )
    screenshot(page, "08-approved")

    page.goto(f"/rencana/unit/diskominfo/?minggu={day:%Y-%m-%d}")
    row = page.locator("tr", has=page.get_by_role("rowheader", name=KOMINFO_STAFF["name"]))
    cell = row.get_by_role("cell").nth(day.weekday())
    expect(cell).to_contain_text("WFH")
    expect(cell).to_contain_text("pengajuan disetujui")
    header = page.get_by_role("columnheader").nth(day.weekday() + 1)
    expect(header).to_contain_text(f"{day.day} ")
    screenshot(page, "09-plan-diskominfo")
