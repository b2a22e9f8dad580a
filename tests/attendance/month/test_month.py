"""The month calendar: a person's codes day by day from the one evaluation, with totals, for the
person, the heads above them, their unit's operators and admins."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from attendance.models import CheckIn, Correction, MonthLock
from tests.attendance.approvals.test_correction_fixtures import (
    april,  # noqa: F401
    check,
    pending,
)
from tests.conftest import login
from units.models import Holiday

pytestmark = pytest.mark.usefixtures("april")


def d(day):
    return dt.date(2026, 4, day)


def hand_made_month(siti):
    """April 2026 up to Friday 10 (today, not checked in yet): 3 H, 1 TL2 of 40 minutes, 1 PSW1 of
    20 minutes, 1 TK, a holiday and a weekend."""
    Holiday.objects.create(date=d(3), name="Wafat Yesus Kristus", category="public")
    for day, came, left in [
        (1, (7, 20), (16, 5)),
        (2, (7, 25), (16, 0)),
        (6, (8, 10), (16, 2)),  # TL2: 40 minutes late
        (7, (7, 15), (15, 40)),  # PSW1: 20 minutes early
        (9, (7, 29), (16, 0)),
    ]:
        check(siti, d(day), "in", *came)
        check(siti, d(day), "out", *left)
    # 8 April: no check-in (TK)


def totals_table(html):
    table = html[html.index("Jumlah hari per kode") :]
    table = table[: table.index("</table>")]
    return dict(re.findall(r'<th scope="row">(\w+)</th><td>(\d+)</td>', table))


def test_it_totals_a_hand_made_month(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/").content.decode()
    assert "<h1>Kehadiran saya, April 2026</h1>" in html
    assert totals_table(html) == {"H": "3", "TL2": "1", "PSW1": "1", "TK": "1", "L": "3"}
    assert '<span class="stat">5</span> hari hadir' in html
    assert '<span class="stat">40</span> menit terlambat' in html
    assert '<span class="stat">20</span> menit pulang cepat' in html


def test_it_says_each_day_in_words_and_letters(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-04").content.decode()
    assert "TL2 · terlambat 40 mnt" in html and "Masuk 08:10 · Pulang 16:02" in html
    assert "PSW1 · pulang cepat 20 mnt" in html
    assert "L · Libur: Wafat Yesus Kristus" in html and "TK · tanpa keterangan" in html
    assert "- · belum presensi" in html  # today, before checking in
    assert 'aria-current="date"' in html and "Jumat, 10 April (hari ini)" in html
    assert '<span class="label">-</span>' in html  # later days


def test_it_offers_a_correction_on_past_working_days_only(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/").content.decode()
    links = set(re.findall(r"/koreksi/baru/\?tanggal=(2026-04-\d\d)", html))
    assert links == {f"2026-04-{n:02d}" for n in (1, 2, 6, 7, 8, 9, 10)}


def test_it_shows_a_pending_correction_on_its_day(client, world):
    pending(world.staff_alpha1, d(8), "lupa_masuk")
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/").content.decode()
    correction = Correction.objects.get()
    assert f'href="/koreksi/{correction.code}/">Koreksi Lupa presensi masuk: menunggu persetujuan' in html


def test_it_offers_no_correction_in_a_locked_month(client, world):
    MonthLock.objects.create(year=2026, month=3, locked_by=world.admin_user)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-03").content.decode()
    assert "Bulan Maret 2026 sudah diverifikasi dan dikunci" in html
    assert "/koreksi/baru/" not in html


def test_it_moves_between_months(client, world):
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-01").content.decode()
    assert "<h1>Kehadiran saya, Januari 2026</h1>" in html
    assert 'href="?bulan=2025-12" rel="prev"' in html and 'href="?bulan=2026-02" rel="next"' in html
    assert 'href="?bulan=2026-04">Bulan ini' in html
    assert "<h1>Kehadiran saya, April 2026</h1>" in client.get("/saya/bulan/?bulan=salah").content.decode()


def test_it_shows_a_person_to_their_heads_operators_and_admins(client, world):
    hand_made_month(world.staff_alpha1)
    url = f"/pegawai/{world.staff_alpha1.code}/bulan/"
    for who in (world.lurah_alpha1, world.camat_alpha, world.operator_alpha1, world.admin_user):
        login(client, who)
        html = client.get(url).content.decode()
        assert "<h1>Kehadiran Siti Alpha, April 2026</h1>" in html, who
        assert totals_table(html)["H"] == "3", who
        assert "/koreksi/baru/" not in html, who  # corrections are asked by the person only
    for who in (world.lurah_beta1, world.head_dukcapil, world.staff_alpha2):
        login(client, who)
        assert client.get(url).status_code == 404, who


def test_it_keeps_the_query_count_flat_whatever_the_events(client, world, django_assert_max_num_queries):
    siti = world.staff_alpha1
    login(client, siti)
    with django_assert_max_num_queries(15) as empty:
        client.get("/saya/bulan/")
    hand_made_month(siti)
    for day in (1, 2, 6, 7, 9):
        left = CheckIn.objects.get(employee=siti, date=d(day), kind="out")
        for _ in range(10):  # many extra events: check-outs a minute apart, each replacing the last
            moment = timezone.localtime(left.at) + dt.timedelta(minutes=1)
            left = check(siti, d(day), "out", moment.hour, moment.minute, supersedes=left)
    pending(siti, d(8), "lupa_masuk")
    pending(siti, d(8), "lupa_pulang")
    with django_assert_max_num_queries(len(empty.captured_queries)):
        html = client.get("/saya/bulan/").content.decode()
    assert totals_table(html)["H"] == "3"


def test_it_links_corrections_only_for_those_who_may_open_them(client, world):
    correction = pending(world.staff_alpha1, d(8), "lupa_masuk")
    url = f"/pegawai/{world.staff_alpha1.code}/bulan/"
    login(client, world.lurah_alpha1)
    assert f'href="/koreksi/{correction.code}/"' in client.get(url).content.decode()
    login(client, world.operator_alpha1)  # sees the month, not the correction's trail
    html = client.get(url).content.decode()
    assert "Koreksi Lupa presensi masuk: menunggu persetujuan" in html
    assert f"/koreksi/{correction.code}/" not in html
