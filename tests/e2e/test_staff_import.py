"""The staff import in a browser with the real task runner: the import's page polls while the
worker reads the file, turns into the preview by itself, and shows the writing's progress."""

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.test_tasks import DATABASE_TASKS, run_worker
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
ROWS = [
    "NIP;Nama;Jenis ASN;Jabatan;Kategori;Unit",
    *(f"19910215201903100{n};Pegawai Impor {n};PNS;Pengadministrasi Umum;pelaksana;17.71.01.1001"
      for n in range(1, 4)),
]


def test_it_waits_for_the_worker_then_shows_the_preview_and_the_import(page, settings):
    settings.TASKS = DATABASE_TASKS
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    page.goto("/pegawai/impor/")
    page.get_by_label("Berkas daftar pegawai (CSV atau XLSX)").set_input_files(
        {"name": "pegawai.csv", "mimeType": "text/csv", "buffer": "\n".join(ROWS).encode()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#import-wait")).to_contain_text("Sedang membaca berkas…")
    screenshot(page, "70-import-reading")

    run_worker()  # the page's next poll finds the preview ready and reloads itself
    expect(page.get_by_text("Impor 3 pegawai baru?")).to_be_visible()
    expect(page.locator("#import-wait")).to_have_count(0)

    page.get_by_role("button", name="Ya, impor sekarang").click()
    card = page.locator("#import-run")
    expect(card).to_contain_text("0 dari 3 baris")
    screenshot(page, "71-import-writing")
    run_worker()
    expect(card).to_contain_text("Impor selesai")
    expect(card).to_contain_text("3 pegawai baru ditambahkan")
    assert Employee.objects.filter(full_name__startswith="Pegawai Impor ").count() == 3
