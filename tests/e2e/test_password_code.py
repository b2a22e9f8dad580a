"""A head gives a colleague a one-time code; the colleague chooses a new password with it and signs in
(issue 11, finding 2), as two people at two browsers would."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, sign_out
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["login"] == "197503152000031002")
STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == HEAD["unit"])
NEW = "Rafflesia-bengkulu-26"


def test_it_lets_a_head_issue_a_code_that_the_person_redeems(page):
    person = Employee.objects.get(nip=STAFF["login"])
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto(f"/pegawai/{person.code}/")
    page.get_by_role("link", name="Buat kode atur ulang kata sandi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode atur ulang kata sandi")
    page.get_by_role("button", name="Buat kode").click()
    code = page.locator(".reset-code").inner_text()
    assert len(code) == 9 and code[4] == "-"
    screenshot(page, "password-code-issued")
    sign_out(page)

    page.get_by_role("link", name="atur ulang kata sandi dengan kode").click()
    page.get_by_label("NIP").fill(STAFF["login"])
    page.get_by_label("Kode atur ulang").fill(code.lower())
    page.get_by_label(re.compile(r"^Kata sandi baru")).fill(NEW)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW)
    screenshot(page, "password-code-redeem")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.locator("#messages")).to_contain_text("Kata sandi baru tersimpan")
    sign_in(page, STAFF["login"], NEW)
    expect(page).to_have_url(re.compile(r"/saya/$"))
