"""The unit board while a check-in waits for verification: the person is not counted on site, the row
says "menunggu verifikasi" in words, the head decides inline, and the decision shows at the next request
(the snapshot's fingerprint covers the verifications)."""

import pytest

from attendance.models import Verification
from tests.attendance.boards.test_board_unit import KEL, TUESDAY, check_in, row, tuesday, words  # noqa: F401
from tests.attendance.verification.test_verification_fixtures import OUTSIDE, accept, refuse
from tests.conftest import forget_snapshots, login, make_employee


@pytest.fixture
def waiting(world, tuesday):  # noqa: F811
    """Siti checked in at 07:52 outside every place and waits; the operator came on time from the office."""
    event = check_in(world.staff_alpha1, 7, 52, **OUTSIDE)
    check_in(world.operator_alpha1, 7, 10, location="inside", distance_m=12)
    return Verification.objects.create(checkin=event, employee=world.staff_alpha1, date=TUESDAY)


def test_the_person_waiting_is_not_counted_on_site(client, world, waiting):
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    text = words(html)
    for phrase in (
        "3 diharapkan di kantor",
        "1 di kantor sekarang (dari 3)",
        "2 belum masuk",
        "0 terlambat",
        "1 presensi di luar radius menunggu verifikasi; belum dihitung hadir.",
    ):
        assert phrase in text, phrase
    siti = row(html, world.staff_alpha1)
    assert "MV · menunggu verifikasi" in siti and "menunggu verifikasi kepala unit" in siti
    assert "Di luar radius (320 m)" in siti and "Rapat di kantor camat" in siti
    assert "Presensi di luar radius, 7 April: menunggu verifikasi" in siti
    assert f'href="/verifikasi/{waiting.code}/"' in siti
    assert f'id="ver-{waiting.code}"' in html and f'action="/verifikasi/{waiting.code}/terima/"' in html


def test_the_operator_sees_it_in_words_without_deciding(client, world, waiting):
    login(client, world.operator_alpha1)
    html = client.get(KEL).content.decode()
    assert "MV · menunggu verifikasi" in row(html, world.staff_alpha1)
    assert f'id="ver-{waiting.code}"' not in html and "/terima/" not in html


def test_an_acceptance_shows_at_the_next_request(client, world, waiting):
    login(client, world.lurah_alpha1)
    client.get(KEL)  # the snapshot of this minute
    accept(client, waiting, HX_Request="true")
    html = client.get(KEL).content.decode()
    assert "TL1 · terlambat 22 menit" in row(html, world.staff_alpha1)
    assert "diterima kepala unit" in row(html, world.staff_alpha1)
    assert "2 di kantor sekarang (dari 3)" in words(html)
    assert "Tidak ada presensi di luar radius pegawai di papan ini" in html


def test_a_rejection_shows_at_the_next_poll(client, world, waiting):
    login(client, world.lurah_alpha1)
    client.get(KEL, headers={"HX-Request": "true"})
    refuse(client, waiting, HX_Request="true")
    html = client.get(KEL, headers={"HX-Request": "true"}).content.decode()
    siti = row(html, world.staff_alpha1)
    assert "ditolak kepala unit" in siti and "belum presensi masuk" in siti


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "poll"])
def test_the_board_keeps_its_query_count_with_verifications(
    client, world, waiting, htmx, django_assert_max_num_queries
):
    headers = {"HX-Request": "true"} if htmx else {}
    login(client, world.lurah_alpha1)
    client.get(KEL, headers=headers)  # the reference tables: once per process
    forget_snapshots()
    with django_assert_max_num_queries(50) as small:
        client.get(KEL, headers=headers)
    for n in range(15):
        person = make_employee(world.kel_alpha1, f"Pegawai {n:02d}")
        event = check_in(person, 7, 40 + n % 10, **OUTSIDE)
        Verification.objects.create(checkin=event, employee=person, date=TUESDAY)
    forget_snapshots()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        html = client.get(KEL, headers=headers).content.decode()
    assert html.count("code code-mv") == 16
    print(f"unit board {'poll' if htmx else 'page'} with verifications: {len(small)} queries, {len(large)} with 16")
