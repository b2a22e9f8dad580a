"""The phone without a connection gets Hadir's offline page, not the browser's error (issue 14)."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff")


def test_a_phone_offline_sees_the_offline_page_and_comes_back(page):
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed, the offline page stored
    page.context.set_offline(True)
    page.goto("/saya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tidak ada koneksi internet")
    expect(page.get_by_role("alert")).to_contain_text("presensi belum tercatat")
    page.context.set_offline(False)
    page.get_by_role("link", name="Muat ulang").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hari ini")
