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


def detail(html):
    """The chosen day's detail below the calendar."""
    part = html[html.index('<section id="rincian"') :]
    return part[: part.index("</section>")]


def cells(html):
    """{date: (what the cell shows, what it says to a screen reader)} for every day of the calendar."""
    found = re.findall(
        r'<a id="hari-([\d-]+)" href="\?hari=\1#rincian".*?<span class="codes" aria-hidden="true">(.*?)</span>\s*'
        r'(?:<span class="times".*?</span>\s*)?<span class="visually-hidden">(.*?)</span>',
        html,
        re.S,
    )
    return {day: (re.sub(r"<[^>]+>", " ", shown).split(), words) for day, shown, words in found}


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
    days = cells(html)
    assert len(days) == 30  # one cell per day of April
    assert days["2026-04-06"] == (["TL2"], "Senin, 6 April: TL2 · terlambat 40 menit")
    assert days["2026-04-07"] == (["PSW1"], "Selasa, 7 April: PSW1 · pulang cepat 20 menit")
    assert days["2026-04-01"] == (["H"], "Rabu, 1 April: H · hadir")
    assert days["2026-04-03"] == (["libur"], "Jumat, 3 April: L · Libur: Wafat Yesus Kristus")
    assert days["2026-04-04"] == (["libur"], "Sabtu, 4 April: L · akhir pekan")
    assert days["2026-04-08"] == (["TK"], "Rabu, 8 April: TK · tanpa keterangan")
    assert days["2026-04-10"] == (["belum"], "Jumat, 10 April (hari ini): belum presensi")
    assert days["2026-04-13"] == ([], "Senin, 13 April: hari mendatang")  # later days


def test_it_lays_the_calendar_out_as_a_table_of_weekdays(client, world):
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?bulan=2026-04").content.decode()
    assert "<caption>Kalender kehadiran April 2026" in html
    heads = re.findall(r'<th scope="col"><abbr title="(\w+)">', html)
    assert heads == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    first_week = html[html.index("<tbody>") : html.index("</tr>", html.index("<tbody>"))]
    assert first_week.count('<td class="pad">') == 2  # 1 April 2026 is a Wednesday


def test_it_shows_todays_detail_by_default(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/").content.decode()
    assert html.count('aria-current="true"') == 1
    assert re.search(r'<a id="hari-2026-04-10"[^>]* aria-current="true"', html)
    part = detail(html)
    assert "Jumat, 10 April 2026 <small>(hari ini)</small>" in part and "belum presensi" in part
    assert "<dt>Presensi</dt><dd>belum ada</dd>" in part


def test_it_shows_the_detail_of_a_chosen_day_without_javascript(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?hari=2026-04-06").content.decode()
    assert "<h1>Kehadiran saya, April 2026</h1>" in html  # the whole page, the month of the day
    assert re.search(r'<a id="hari-2026-04-06" href="\?hari=2026-04-06#rincian"[^>]* aria-current="true"', html)
    assert html.count('aria-current="true"') == 1
    part = detail(html)
    assert '<h2 id="rincian-judul">Senin, 6 April 2026</h2>' in part
    assert "TL2 · terlambat 40 menit" in part
    assert "<dt>Masuk</dt><dd>08:10</dd>" in part and "<dt>Pulang</dt><dd>16:02</dd>" in part
    assert "<dt>Rencana</dt><dd>Di kantor (kebijakan kehadiran)</dd>" in part
    assert "Jumlah hari per kode" in html  # the totals stay on the page


def test_it_swaps_the_calendar_and_the_detail_for_htmx(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    response = client.get("/saya/bulan/?hari=2026-04-07", headers={"HX-Request": "true", "HX-Target": "kalender"})
    html = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="kalender"') and "<h1>" not in html and "Jumlah hari per kode" not in html
    assert re.search(r'<a id="hari-2026-04-07"[^>]* aria-current="true"', html)
    assert html.count('aria-current="true"') == 1
    assert len(cells(html)) == 30
    part = detail(html)
    assert "Selasa, 7 April 2026" in part and "PSW1 · pulang cepat 20 menit" in part
    assert "<dt>Masuk</dt><dd>07:15</dd>" in part and "<dt>Pulang</dt><dd>15:40</dd>" in part
    # every cell asks htmx for the same address as its link
    assert 'href="?hari=2026-04-07#rincian" hx-get="?hari=2026-04-07" hx-target="#kalender" hx-swap="outerHTML show:#rincian:bottom"' in html


def test_it_asks_to_choose_a_day_in_another_month(client, world):
    login(client, world.staff_alpha1)
    for url in ("/saya/bulan/?bulan=2026-03", "/saya/bulan/?bulan=2026-03&hari=2026-04-06", "/saya/bulan/?hari=salah&bulan=2026-03"):
        html = client.get(url).content.decode()
        assert "Kehadiran saya, Maret 2026" in html, url
        assert 'aria-current="true"' not in html, url
        assert "Pilih tanggal pada kalender" in detail(html), url


def test_it_offers_a_correction_on_past_working_days_only(client, world):
    hand_made_month(world.staff_alpha1)
    login(client, world.staff_alpha1)
    offered = set()
    for n in range(1, 14):
        part = detail(client.get(f"/saya/bulan/?hari=2026-04-{n:02d}").content.decode())
        links = re.findall(r"/koreksi/baru/\?tanggal=(2026-04-\d\d)", part)
        assert links in ([], [f"2026-04-{n:02d}"]), n
        offered.update(links)
    assert offered == {f"2026-04-{n:02d}" for n in (1, 2, 6, 7, 8, 9, 10)}


def test_it_shows_a_pending_correction_on_its_day(client, world):
    pending(world.staff_alpha1, d(8), "lupa_masuk")
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?hari=2026-04-08").content.decode()
    correction = Correction.objects.get()
    assert f'href="/koreksi/{correction.code}/">Koreksi Lupa presensi masuk: menunggu persetujuan' in detail(html)
    assert cells(html)["2026-04-08"] == (["TK", "•"], "Rabu, 8 April: TK · tanpa keterangan; ada catatan")


def test_it_offers_no_correction_in_a_locked_month(client, world):
    MonthLock.objects.create(year=2026, month=3, locked_by=world.admin_user)
    login(client, world.staff_alpha1)
    html = client.get("/saya/bulan/?hari=2026-03-10").content.decode()
    assert "Bulan Maret 2026 sudah diverifikasi dan dikunci" in html
    assert "Selasa, 10 Maret 2026" in detail(html)
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
    url = f"/pegawai/{world.staff_alpha1.code}/bulan/?hari=2026-04-08"
    login(client, world.lurah_alpha1)
    assert f'href="/koreksi/{correction.code}/"' in client.get(url).content.decode()
    login(client, world.operator_alpha1)  # sees the month, not the correction's trail
    html = client.get(url).content.decode()
    assert "Koreksi Lupa presensi masuk: menunggu persetujuan" in html
    assert f"/koreksi/{correction.code}/" not in html


def test_it_reads_the_chosen_day_from_the_same_queries(client, world, django_assert_max_num_queries):
    """The detail is one of the month's evaluated days: choosing a day, with or without htmx, adds no query,
    and the count does not grow with the days that have events, corrections or check-ins outside."""
    siti = world.staff_alpha1
    login(client, siti)
    with django_assert_max_num_queries(15) as empty:
        client.get("/saya/bulan/?bulan=2026-04")
    hand_made_month(siti)
    for day in (1, 2, 6, 7, 8, 9):
        pending(siti, d(day), "lupa_masuk")
    limit = len(empty.captured_queries)
    for headers in ({}, {"HX-Request": "true"}):
        for day in ("2026-04-06", "2026-04-08", "2026-04-10"):
            with django_assert_max_num_queries(limit):
                response = client.get(f"/saya/bulan/?hari={day}", headers=headers)
            assert f'<a id="hari-{day}"' in response.content.decode()
