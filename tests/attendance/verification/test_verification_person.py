"""The person sees where each check-in outside every place stands: "menunggu verifikasi" on their month,
then "diterima" or "ditolak" with the note on its page and in their history."""

import pytest

from attendance.models import CheckIn
from tests.attendance.verification.test_verification_fixtures import (  # noqa: F401
    MONDAY,
    accept,
    april,
    outside,
    refuse,
)
from tests.conftest import login, make_employee

pytestmark = pytest.mark.usefixtures("april")


def test_my_month_shows_mv_then_the_decision(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-04").content.decode()
    assert "MV · menunggu verifikasi" in html and "code-mv" in html
    assert f'<a class="note" href="/verifikasi/{waiting.code}/">Di luar radius: menunggu verifikasi</a>' in html
    assert "MV menunggu verifikasi: ada presensi di luar semua tempat presensi" in html  # the legend
    login(client, world.lurah_alpha1)
    refuse(client, waiting, note="Tidak ada surat tugas")
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-04").content.decode()
    assert "Di luar radius: ditolak" in html and "TK · tanpa keterangan" in html


def test_an_operator_reads_the_month_without_the_link(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.operator_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/bulan/?bulan=2026-04").content.decode()
    assert '<span class="note">Di luar radius: menunggu verifikasi</span>' in html
    assert f"/verifikasi/{waiting.code}/" not in html


def test_my_history_shows_the_decision_and_why(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    accept(client, waiting, note="Sesuai undangan rapat")
    login(client, world.staff_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/riwayat/").content.decode()
    assert "Presensi di luar radius diterima" in html and "Sesuai undangan rapat" in html
    assert f'href="/verifikasi/{waiting.code}/">presensi di luar radius 2026-04-06</a>' in html


def test_the_month_keeps_its_query_count(client, world, django_assert_max_num_queries):
    siti = world.staff_alpha1
    outside(siti)
    login(client, siti)
    with django_assert_max_num_queries(40) as small:
        client.get("/saya/bulan/?bulan=2026-04")
    for day in range(1, 10):
        date = MONDAY.replace(day=day)
        if date.weekday() < 5 and date != MONDAY:
            CheckIn.objects.filter(employee=siti, date=date).delete()
            outside(siti, date, status=("pending", "approved", "rejected")[day % 3])
    make_employee(world.kel_alpha1, "Lain")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        client.get("/saya/bulan/?bulan=2026-04")
    print(f"month page: {len(small)} queries with 1 verification, {len(large)} with 7")


def test_my_data_download_says_how_each_outside_check_in_was_decided(client, world):
    from tests.attendance.privacy.test_my_data import download, rows

    waiting = outside(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    refuse(client, waiting, note="Tidak ada surat tugas")
    login(client, world.staff_alpha1)
    table = rows(download(client), "presensi.csv")
    decided = [dict(zip(table[0], row, strict=True)) for row in table[1:] if row[table[0].index("Verifikasi di luar radius")]]
    assert [(r["Verifikasi di luar radius"], r["Catatan verifikasi"]) for r in decided] == [("Ditolak", "Tidak ada surat tugas")]
