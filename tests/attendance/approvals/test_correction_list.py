"""The corrections page: a person's own corrections, and for heads the ones waiting for them."""

import pytest

from tests.attendance.approvals.test_correction_fixtures import MONDAY, TUESDAY, april, pending  # noqa: F401
from tests.conftest import login, make_employee

pytestmark = pytest.mark.usefixtures("april")


def test_it_lists_my_corrections_with_their_status(client, world):
    pending(world.staff_alpha1)
    rejected = pending(world.staff_alpha1, TUESDAY, "lupa_masuk")
    rejected.status, rejected.decision_note = "rejected", "Tidak sesuai daftar hadir"
    rejected.save()
    pending(world.staff_alpha2)
    login(client, world.staff_alpha1)
    html = client.get("/koreksi/").content.decode()
    assert "2 koreksi, yang terbaru lebih dulu" in html
    assert "Menunggu persetujuan" in html and "Ditolak" in html and "Tidak sesuai daftar hadir" in html
    assert "Menunggu keputusan Anda" not in html


def test_it_shows_a_head_what_waits_for_them(client, world):
    pending(world.staff_alpha1)
    pending(world.staff_alpha2)
    pending(world.staff_beta1)
    login(client, world.camat_alpha)
    html = client.get("/koreksi/").content.decode()
    assert "Menunggu keputusan Anda" in html and "2 koreksi menunggu" in html
    assert "Siti Alpha" in html and "Budi Alpha Dua" in html and "Rina Beta" not in html
    assert "Status hari itu sekarang" in html and "TK · tanpa keterangan" in html


def test_it_shows_an_empty_state(client, world):
    login(client, world.staff_alpha1)
    html = client.get("/koreksi/").content.decode()
    assert "Anda belum pernah mengajukan koreksi." in html


def test_it_keeps_the_query_count_flat(client, world, django_assert_max_num_queries):
    for person in (world.staff_alpha1, world.staff_alpha2):
        pending(person)
    login(client, world.camat_alpha)
    with django_assert_max_num_queries(40) as small:
        client.get("/koreksi/")
    for n in range(12):
        person = make_employee(world.kel_alpha1 if n % 2 else world.kel_alpha2, f"Tambahan {n}")
        pending(person, MONDAY if n % 3 else TUESDAY)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/koreksi/").content.decode()
    assert "14 koreksi menunggu" in html
