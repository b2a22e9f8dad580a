"""A check-in's verification page: the person, the heads above them and admins; 404 for anyone else, even
by changing the code. It shows where and why, the decision and its note, the day now and the audit trail."""

import uuid

import pytest

from tests.attendance.verification.test_verification_fixtures import (  # noqa: F401
    MONDAY,
    accept,
    april,
    outside,
    refuse,
)
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")


def url(verification) -> str:
    return f"/verifikasi/{verification.code}/"


def test_the_person_sees_it_waiting_then_the_decision_and_why(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get(url(waiting)).content.decode()
    assert "<h1>Presensi di luar radius: Siti Alpha</h1>" in html
    assert "Menunggu verifikasi kepala unit: sampai diterima, presensi ini belum dihitung." in html
    assert "MV · menunggu verifikasi" in html and "Rapat di kantor camat" in html
    assert "/terima/" not in html  # the person does not decide
    login(client, world.lurah_alpha1)
    assert "/terima/" in client.get(url(waiting)).content.decode()
    refuse(client, waiting, note="Rapat itu tidak ada di agenda kecamatan")
    login(client, world.staff_alpha1)
    html = client.get(url(waiting)).content.decode()
    assert "Ditolak: presensi ini tidak dihitung." in html
    assert "Rapat itu tidak ada di agenda kecamatan" in html and "oleh Lurah Alpha Satu" in html
    assert "Presensi di luar radius ditolak" in html  # the audit trail
    assert "TK · tanpa keterangan" in html


def test_an_accepted_one_says_it_counts(client, world):
    waiting = outside(world.staff_alpha1, mm=41)
    login(client, world.camat_alpha)
    accept(client, waiting, note="Sesuai undangan")
    html = client.get(url(waiting)).content.decode()
    assert "Diterima: presensi ini dihitung." in html and "Sesuai undangan" in html
    assert "TL1 · terlambat 11 menit" in html


@pytest.mark.parametrize("who", ["staff_alpha2", "lurah_beta1", "operator_alpha1", "head_dukcapil"])
def test_anyone_else_gets_404(client, world, who):
    waiting = outside(world.staff_alpha1)
    login(client, getattr(world, who))
    assert client.get(url(waiting)).status_code == 404
    assert client.get(f"/verifikasi/{waiting.code}/lampiran/").status_code == 404


def test_a_changed_code_gets_404(client, world):
    outside(world.staff_alpha1)
    login(client, world.staff_alpha1)
    assert client.get(f"/verifikasi/{uuid.uuid4()}/").status_code == 404


@pytest.mark.parametrize("who", ["staff_alpha1", "lurah_alpha1", "admin_user"])
def test_it_opens_with_a_few_queries(client, world, who, django_assert_max_num_queries):
    waiting = outside(world.staff_alpha1)
    login(client, getattr(world, who))
    with django_assert_max_num_queries(30) as counted:
        assert client.get(url(waiting)).status_code == 200
    print(f"verification page as {who}: {len(counted)} queries")
