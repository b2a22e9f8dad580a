"""The verification page (/verifikasi/): a person's own check-ins outside every place with the decision and
why; for heads and admins, those waiting for them in their scope, oldest first, with what a decision needs
(time, moment, distance, accuracy, the nearest place, the reason, the day now)."""

import pytest

from tests.attendance.verification.test_verification_fixtures import (  # noqa: F401
    MONDAY,
    TUESDAY,
    april,
    outside,
)
from tests.conftest import login, make_employee

pytestmark = pytest.mark.usefixtures("april")


def test_it_lists_my_check_ins_outside_with_the_decision(client, world):
    outside(world.staff_alpha1)
    rejected = outside(world.staff_alpha1, TUESDAY, status="rejected")
    rejected.decision_note = "Tidak ada surat tugas"
    rejected.save()
    outside(world.staff_alpha2)
    login(client, world.staff_alpha1)
    html = client.get("/verifikasi/").content.decode()
    assert "2 presensi, yang terbaru lebih dulu" in html
    assert "menunggu verifikasi kepala unit" in html and "ditolak kepala unit" in html
    assert "Tidak ada surat tugas" in html
    assert "Menunggu verifikasi Anda" not in html and "Budi Alpha Dua" not in html


def test_it_shows_a_head_what_waits_in_their_scope(client, world):
    world.kel_alpha1.latitude, world.kel_alpha1.longitude = -3.79, 102.25
    world.kel_alpha1.save()
    outside(world.staff_alpha1, latitude="-3.792878", longitude="102.250000")
    outside(world.staff_alpha2, TUESDAY)
    outside(world.staff_beta1)
    login(client, world.camat_alpha)
    html = client.get("/verifikasi/").content.decode()
    assert "2 presensi menunggu, yang terlama lebih dulu." in html
    assert "Siti Alpha" in html and "Budi Alpha Dua" in html and "Rina Beta" not in html
    assert html.index("Siti Alpha") < html.index("Budi Alpha Dua")  # the oldest first
    for words in (
        "Presensi masuk pukul 07:20, Senin, 6 April 2026",
        "Di luar radius · 320 m dari tempat terdekat",
        "± 12 m",
        "Kantor Kelurahan Alpha Satu",
        "Rapat di kantor camat",
        "MV · menunggu verifikasi",
    ):
        assert words in html, words
    assert 'action="/verifikasi/' in html and "/terima/" in html and "/tolak/" in html


def test_it_shows_an_empty_state(client, world):
    login(client, world.lurah_alpha1)
    html = client.get("/verifikasi/").content.decode()
    assert "Tidak ada presensi di luar radius yang menunggu verifikasi Anda." in html
    assert "Anda belum pernah presensi di luar radius." in html


def test_it_keeps_the_query_count_flat(client, world, django_assert_max_num_queries):
    for person in (world.staff_alpha1, world.staff_alpha2):
        outside(person)
    login(client, world.camat_alpha)
    with django_assert_max_num_queries(40) as small:
        client.get("/verifikasi/")
    for n in range(12):
        person = make_employee(world.kel_alpha1 if n % 2 else world.kel_alpha2, f"Tambahan {n}")
        outside(person, MONDAY if n % 3 else TUESDAY)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        html = client.get("/verifikasi/").content.decode()
    assert "14 presensi menunggu" in html
    print(f"verification list: {len(small)} queries for 2 waiting, {len(large)} for 14")


def test_heads_find_it_from_the_menu_and_the_approvals_page(client, world):
    login(client, world.lurah_alpha1)
    assert '<a href="/verifikasi/">Di luar radius</a>' in client.get("/saya/").content.decode()
    assert '<a href="/verifikasi/">presensi di luar radius</a>' in client.get("/persetujuan/").content.decode()
    login(client, world.operator_alpha1)
    assert '<a href="/verifikasi/">Di luar radius</a>' not in client.get("/saya/").content.decode()
