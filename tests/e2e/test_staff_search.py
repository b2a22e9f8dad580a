"""The staff search on /pegawai/ narrows the results as you type (htmx), without a page reload."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
WANTED = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff")  # "Nurul Aini (demo)"
OTHER = next(a for a in DEMO_ACCOUNTS if a["role"] == "operator")  # "Dewi Lestari (demo)"


def test_it_updates_the_results_as_an_admin_types_without_reloading_the_page(page):
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    page.goto("/pegawai/")
    results = page.locator("#results")
    expect(results).to_contain_text(OTHER["name"])
    page.evaluate("window.hadirNoReload = 'still here'")

    page.get_by_label("Cari nama atau NIP").press_sequentially("Nurul Ai", delay=30)

    expect(results).to_contain_text(WANTED["name"])
    expect(results).not_to_contain_text(OTHER["name"])
    expect(page).to_have_url(re.compile(r"/pegawai/\?(.*&)?q=Nurul(\+|%20)Ai"))
    assert page.evaluate("window.hadirNoReload") == "still here"
