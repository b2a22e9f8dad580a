"""A correction's page: what was asked, what the approval added, and the audit trail — for the
person, the heads above them and admins only."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from tests.attendance.approvals.test_correction_fixtures import (  # noqa: F401
    MONDAY,
    approve,
    april,
    check,
    pending,
)
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")


def decided(client, world):
    check(world.staff_alpha1, MONDAY, "in", 7, 20)
    correction = pending(world.staff_alpha1, MONDAY, "lupa_pulang", time_out=dt.time(16, 5))
    login(client, world.lurah_alpha1)
    approve(client, correction, note="Sesuai daftar hadir manual")
    return correction


def test_it_shows_the_trail_to_the_person_the_heads_and_admins(client, world, django_assert_max_num_queries):
    correction = decided(client, world)
    url = f"/koreksi/{correction.code}/"
    for who in (world.staff_alpha1, world.lurah_alpha1, world.camat_alpha, world.admin_user):
        login(client, who)
        with django_assert_max_num_queries(12):
            html = client.get(url).content.decode()
        assert "Koreksi diajukan" in html and "Lupa menekan tombol pulang" in html, who
        assert "Koreksi disetujui" in html and "Sesuai daftar hadir manual" in html, who
        assert "oleh Lurah Alpha Satu" in html and "oleh Siti Alpha" in html, who
        assert "Presensi pulang 16:05 (koreksi)" in html, who


def test_it_is_not_found_for_anyone_else(client, world):
    correction = decided(client, world)
    for who in (world.operator_alpha1, world.staff_alpha2, world.lurah_beta1, world.head_dukcapil):
        login(client, who)
        assert client.get(f"/koreksi/{correction.code}/").status_code == 404, who


def test_it_shows_the_original_a_correction_replaced(client, world):
    wrong = check(world.staff_alpha1, MONDAY, "in", 9, 45)
    correction = pending(world.staff_alpha1, MONDAY, "lupa_masuk", time_in=dt.time(7, 25))
    login(client, world.lurah_alpha1)
    approve(client, correction)
    html = client.get(f"/koreksi/{correction.code}/").content.decode()
    assert "Presensi masuk 07:25 (koreksi)" in html
    assert "menggantikan Presensi masuk 09:45 (Ponsel" in html and "yang tetap tersimpan" in html
    assert wrong.pk


def test_it_offers_the_decision_to_a_head_on_the_page(client, world):
    correction = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    html = client.get(f"/koreksi/{correction.code}/").content.decode()
    assert f'action="/koreksi/{correction.code}/setujui/"' in html
    assert 'name="kembali" value="rincian"' in html
    login(client, world.staff_alpha1)
    html = client.get(f"/koreksi/{correction.code}/").content.decode()
    assert "/setujui/" not in html and "Menunggu persetujuan" in html


def test_it_shows_a_rejection_error_on_the_page_without_javascript(client, world):
    correction = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    response = client.post(f"/koreksi/{correction.code}/tolak/", {"note": "", "kembali": "rincian"})
    html = response.content.decode()
    assert response.status_code == 200 and "Tuliskan alasan penolakan untuk pegawai." in html
    assert "<h1>Lupa presensi pulang: Siti Alpha</h1>" in html


def test_it_lets_only_those_who_see_it_download_the_attachment(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    correction = pending(world.staff_alpha1)
    correction.attachment.save("abc.pdf", ContentFile(b"%PDF-1.4 spt"))
    url = f"/koreksi/{correction.code}/lampiran/"
    login(client, world.lurah_alpha1)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 spt"
    assert response["Content-Disposition"] == f'attachment; filename="lampiran-koreksi-{correction.code}.pdf"'
    login(client, world.lurah_beta1)
    assert client.get(url).status_code == 404
