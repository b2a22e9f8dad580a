"""Signing in with each demo account from units/demo.py, landing on that role's home page,
then switching the interface to English with the header's language selector."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def home_path(account) -> str:
    if account["role"] == "admin":
        return "/papan/kota/"
    if account["role"] in ("head", "operator"):
        return f"/papan/unit/{account['unit']}/"
    return "/saya/"


def account_id(account) -> str:
    return f"{account['role']}-{account['unit']}"


def switch_language(page, code):
    page.get_by_label("Bahasa", exact=True).select_option(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Ganti bahasa", exact=True).click()


def url_path(path):
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"$")


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=account_id)
def test_it_signs_each_demo_role_in_to_its_home_page_and_switches_to_english(page, account):
    sign_in(page, account["login"], DEMO_PASSWORD)

    home = home_path(account)
    expect(page).to_have_url(url_path(home))
    if account["role"] == "admin":
        expect(page.get_by_role("heading", level=1)).to_have_text("Cakupan layanan seluruh kota")
    elif account["role"] in ("head", "operator"):
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kehadiran hari ini")
    expect(page.get_by_role("banner")).to_contain_text(account["name"])
    expect(page.locator("html")).to_have_attribute("lang", "id")

    switch_language(page, "en")

    expect(page).to_have_url(url_path(home))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("django_language") == "en"
    expect(page.get_by_role("banner")).to_contain_text(account["name"])


def test_it_shows_translated_strings_after_switching_to_english(page):
    staff = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff")
    sign_in(page, staff["login"], DEMO_PASSWORD)
    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible(
        timeout=2_000
    )


def test_it_keeps_you_on_the_sign_in_page_with_a_wrong_password(page):
    sign_in(page, DEMO_ACCOUNTS[0]["login"], "salah-" + DEMO_PASSWORD)

    expect(page).to_have_url(url_path("/masuk/"))
    expect(page.get_by_role("alert")).to_contain_text(
        "NIP/nama pengguna atau kata sandi salah. Periksa lagi lalu coba kembali."
    )
    expect(page.get_by_role("banner")).not_to_contain_text(DEMO_ACCOUNTS[0]["name"])
    expect(page.locator("html")).to_have_attribute("lang", "id")
