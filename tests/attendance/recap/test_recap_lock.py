"""Locking a month: admins only, after a confirmation page, recorded with who and when, shown on the recaps;
a month that has not ended cannot be locked; there is no unlocking in the app."""

import pytest

from attendance.models import MonthLock
from tests.attendance.recap.test_recap_totals import AFTER_APRIL, freeze
from tests.conftest import login

CONFIRM = "/rekap/kunci/?bulan=2026-04"


@pytest.fixture
def after_april(monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)


def test_it_asks_before_locking(client, world, after_april):
    login(client, world.admin_user)
    html = client.get(CONFIRM).content.decode()
    assert "Kunci rekap April 2026?" in html
    assert "Setelah dikunci, koreksi untuk bulan ini ditolak." in html
    assert "Kunci tidak dapat dibuka dari aplikasi" in html
    assert not MonthLock.objects.exists()


def test_it_locks_and_shows_who_locked(client, world, after_april):
    login(client, world.admin_user)
    response = client.post("/rekap/kunci/", {"bulan": "2026-04", "note": "BA verifikasi 12/2026"})
    assert response.url == "/rekap/kota/?bulan=2026-04"
    lock = MonthLock.objects.get()
    assert (lock.year, lock.month, lock.locked_by, lock.note) == (2026, 4, world.admin_user, "BA verifikasi 12/2026")
    assert MonthLock.is_locked(AFTER_APRIL.replace(month=4, day=30))
    city = client.get("/rekap/kota/?bulan=2026-04").content.decode()
    assert "Rekap April 2026 dikunci. Koreksi untuk bulan ini sekarang ditolak." in city
    assert "Terkunci sejak " in city and " oleh admin." in city
    assert "BA verifikasi 12/2026" in city
    login(client, world.camat_alpha)
    unit = client.get("/rekap/unit/17.99.01/?bulan=2026-04").content.decode()
    assert "Terkunci sejak " in unit and "Koreksi untuk bulan ini ditolak; kunci tidak dapat dibuka" in unit


def test_it_keeps_one_lock_when_sent_twice(client, world, after_april):
    login(client, world.admin_user)
    client.post("/rekap/kunci/", {"bulan": "2026-04"})
    client.post("/rekap/kunci/", {"bulan": "2026-04"})
    assert MonthLock.objects.count() == 1
    html = client.get(CONFIRM).content.decode()
    assert "Rekap April 2026 sudah dikunci" in html
    assert "<form method=\"post\" action=\"/rekap/kunci/\"" not in html


def test_it_refuses_a_month_that_has_not_ended(client, world, after_april):
    login(client, world.admin_user)
    assert "belum dapat dikunci" in client.get("/rekap/kunci/?bulan=2026-05").content.decode()
    client.post("/rekap/kunci/", {"bulan": "2026-05"})
    assert not MonthLock.objects.exists()


def test_it_is_for_admins_only(client, world, after_april):
    for who in (world.camat_alpha, world.lurah_alpha1, world.operator_alpha1, world.staff_alpha1):
        login(client, who)
        assert client.get(CONFIRM).status_code == 403
        assert client.post("/rekap/kunci/", {"bulan": "2026-04"}).status_code == 403
    assert not MonthLock.objects.exists()


def test_it_offers_the_lock_on_the_city_recap_once_the_month_is_over(client, world, after_april):
    login(client, world.admin_user)
    assert 'href="/rekap/kunci/?bulan=2026-04"' in client.get("/rekap/kota/?bulan=2026-04").content.decode()
    html = client.get("/rekap/kota/?bulan=2026-05").content.decode()
    assert "/rekap/kunci/" not in html
    assert "Mei 2026 belum berakhir" in html
