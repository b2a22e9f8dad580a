"""The privacy notice (/privasi/): readable without signing in, linked from every page's footer, the sign-in
page and the staff's own page, and it states the retention from the setting."""

import re

from tests.conftest import login

URL = "/privasi/"


def test_it_is_readable_without_signing_in(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "<h1>Pemberitahuan privasi Hadir</h1>" in html


def test_it_states_purpose_legal_basis_and_contact(client, db):
    html = client.get(URL).content.decode()
    for text in (
        "Perpres 21/2023", "PermenPANRB 4/2025", "PP 94/2021",  # purpose
        "UU 27/2022 Pasal 20 ayat (2)", "tidak bergantung pada persetujuan",  # legal basis, not consent
        "tidak melacak lokasi di latar belakang", "data pribadi yang bersifat spesifik",  # what is collected
        "Operator tidak melihat koordinat",  # who sees what
        "menu Koreksi", "keberatan",  # rights
        "hubungi BKPSDM Kota Bengkulu / admin unit Anda",  # contact, nothing invented
    ):
        assert text in html, text
    assert "mailto:" not in html and "tel:" not in html


def test_it_renders_the_retention_from_the_setting(client, db, settings):
    assert "disimpan 92 hari setelah hari yang bersangkutan" in client.get(URL).content.decode()
    settings.PERSONAL_DATA_RETENTION_DAYS = 120
    assert "disimpan 120 hari setelah hari yang bersangkutan" in client.get(URL).content.decode()


def test_it_offers_the_download_to_a_signed_in_employee_only(client, world):
    assert "/saya/data/" not in client.get(URL).content.decode()
    login(client, world.staff_alpha1)
    assert 'href="/saya/data/"' in client.get(URL).content.decode()
    login(client, world.admin_user)  # no employee record: nothing to download
    assert "/saya/data/" not in client.get(URL).content.decode()


def test_it_is_linked_from_the_footer_the_sign_in_page_and_the_staff_page(client, world):
    sign_in = client.get("/masuk/").content.decode()
    assert sign_in.count('href="/privasi/"') == 2  # the sign-in card and the footer
    login(client, world.staff_alpha1)
    mine = client.get("/saya/").content.decode()
    assert 'href="/saya/data/"' in mine and "Unduh data saya" in mine
    assert mine.count('href="/privasi/"') == 2  # the "Data saya" card and the footer


def test_it_has_no_inline_style_or_script(client, db):
    html = client.get(URL).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "style=" not in main and "<script" not in main
