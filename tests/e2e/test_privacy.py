"""A staff member reads the privacy notice from their own page, then downloads their data as a ZIP."""

import csv
import io
import zipfile

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def test_it_lets_staff_read_the_notice_and_download_their_data(page, tmp_path):
    staff = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff")
    sign_in(page, staff["login"], DEMO_PASSWORD)
    page.goto("/saya/")
    card = page.locator(".card", has=page.get_by_role("heading", name="Data saya", exact=True))

    card.get_by_role("link", name="Pemberitahuan privasi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan privasi Hadir")
    expect(page.get_by_role("heading", name="Berapa lama data disimpan")).to_be_visible()
    expect(page.get_by_text("disimpan 92 hari setelah hari yang bersangkutan")).to_be_visible()
    screenshot(page, "privacy-notice")

    page.go_back()
    with page.expect_download() as info:
        card.get_by_role("link", name="Unduh data saya", exact=True).click()
    download = info.value
    assert download.suggested_filename.startswith(f"data-saya-{staff['login']}-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    archive = zipfile.ZipFile(target)
    assert "README.txt" in archive.namelist()
    profile = dict(csv.reader(io.StringIO(archive.read("profil.csv").decode("utf-8-sig")), delimiter=";"))
    assert profile["NIP"] == staff["login"]
    assert len(archive.read("presensi.csv").decode("utf-8-sig").splitlines()) > 1  # the demo history
