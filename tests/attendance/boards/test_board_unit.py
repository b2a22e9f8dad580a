"""The unit board ("Kehadiran hari ini"): who reaches which board, what each row says, the counts,
the filters, and the board region that htmx polls.

Now is Tuesday 7 April 2026, 10:00 in Bengkulu; the test schedule starts at 07:30.
"""

import datetime as dt
import re

import pytest

from attendance.models import CheckIn
from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import jakarta, pending
from tests.conftest import login
from units import clock

TUESDAY = dt.date(2026, 4, 7)
KEL = "/papan/unit/17.99.01.1001/"
KEC = "/papan/unit/17.99.01/"


@pytest.fixture
def tuesday(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 10, 0))
    return TUESDAY


def check_in(employee, hh, mm, **extra):
    return CheckIn.objects.create(
        employee=employee, date=TUESDAY, kind="in", at=jakarta(TUESDAY, hh, mm), created_by=employee.user, **extra
    )


def ask(employee, kind="izin", start=TUESDAY, end=None, status=Arrangement.Status.PENDING, **extra):
    return Arrangement.objects.create(
        employee=employee, kind=kind, start_date=start, end_date=end or start, status=status,
        reason=extra.pop("reason", "Urusan keluarga"), **extra,
    )


@pytest.fixture
def morning(world, tuesday):
    """Siti came late from outside the fence; the operator on time; the lurah not yet; Budi (Alpha Dua) is
    on an approved DL; Siti asks for izin tomorrow and the operator for a correction of Monday."""
    check_in(world.staff_alpha1, 7, 52, location="outside", distance_m=320, reason="Rapat di kantor camat")
    check_in(world.operator_alpha1, 7, 10, location="inside", distance_m=12)
    ask(world.staff_alpha2, "dl", status=Arrangement.Status.APPROVED, spt_number="800/5/SPT/2026")
    request = ask(world.staff_alpha1, start=TUESDAY + dt.timedelta(days=1))
    correction = pending(world.operator_alpha1, TUESDAY - dt.timedelta(days=1))
    return request, correction


def row(html, employee) -> str:
    found = re.search(rf'<tr id="row-{employee.code}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {employee.full_name}"
    return re.sub(r"\s+", " ", found.group(1))


def words(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_sends_heads_and_operators_to_their_unit_and_admins_to_the_city(client, world):
    login(client, world.lurah_alpha1)
    assert client.get("/papan/")["Location"] == KEL
    login(client, world.operator_alpha1)
    assert client.get("/papan/")["Location"] == KEL
    login(client, world.admin_user)
    assert client.get("/papan/")["Location"] == "/papan/kota/"


def test_it_refuses_staff_and_asks_strangers_to_sign_in(client, world):
    assert client.get("/papan/").status_code == 302
    assert client.get(KEL)["Location"].startswith("/masuk/")
    login(client, world.staff_alpha1)
    assert client.get("/papan/").status_code == 403
    assert client.get(KEL).status_code == 403


@pytest.mark.parametrize(
    "who, url, status",
    [
        ("lurah_alpha1", KEL, 200),
        ("lurah_alpha1", KEC, 404),  # the unit above
        ("lurah_alpha1", "/papan/unit/17.99.01.1002/", 404),  # a sibling
        ("lurah_beta1", KEL, 404),
        ("operator_alpha1", KEL, 200),
        ("camat_alpha", KEL, 200),  # a unit below
        ("camat_alpha", "/papan/unit/17.99.02/", 404),
        ("admin_user", KEC, 200),
        ("admin_user", "/papan/unit/tidak-ada/", 404),
    ],
)
def test_it_keeps_everyone_to_their_units(client, world, tuesday, who, url, status):
    login(client, getattr(world, who))
    assert client.get(url).status_code == status


def test_it_shows_each_person_with_plan_time_code_location_and_pending(client, world, morning):
    request, correction = morning
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "Kehadiran hari ini: Kelurahan Alpha Satu" in html
    siti = row(html, world.staff_alpha1)
    assert f'href="/pegawai/{world.staff_alpha1.code}/bulan/"' in siti
    assert "Di kantor" in siti and "07:52" in siti
    assert "TL1 · terlambat 22 menit" in siti
    assert "Di luar radius (320 m)" in siti and "Rapat di kantor camat" in siti
    assert "Izin, Rabu, 8 April 2026" in siti and f"/pengajuan/{request.code}/" in siti
    operator = row(html, world.operator_alpha1)
    assert "07:10" in operator and "H · hadir" in operator and "di dalam radius (12 m)" in operator
    assert "Koreksi Lupa presensi pulang, 6 April" in operator
    lurah = row(html, world.lurah_alpha1)
    assert "belum presensi masuk" in lurah and "- ·" not in lurah and "—" in lurah


def test_it_counts_the_unit_in_words(client, world, morning):
    login(client, world.lurah_alpha1)
    text = words(client.get(KEL).content.decode())
    for phrase in (
        "3 diharapkan di kantor",
        "2 di kantor sekarang (dari 3)",
        "1 terlambat",
        "1 belum masuk",
        "0 WFH",
        "0 cuti, DL, sakit atau izin",
        "1 pengajuan dan 1 koreksi presensi menunggu keputusan.",
    ):
        assert phrase in text, phrase


def test_it_groups_the_sub_units_staff_for_the_camat(client, world, morning):
    login(client, world.camat_alpha)
    html = client.get(KEC).content.decode()
    captions = [words(c).strip() for c in re.findall(r"<caption>(.*?)</caption>", html, re.S)]
    assert captions == [
        "Kecamatan Alpha · 1 pegawai",
        "Kelurahan Alpha Satu · 3 pegawai · papan unit ini",
        "Kelurahan Alpha Dua · 1 pegawai · papan unit ini",
    ]
    assert "DL" in row(html, world.staff_alpha2)
    text = words(html)
    assert "4 diharapkan di kantor" in text and "1 cuti, DL, sakit atau izin" in text
    assert 'name="unit"' in html and "Semua unit (Kecamatan Alpha dan sub-unit)" in html


def test_it_filters_by_status_and_by_unit(client, world, morning):
    login(client, world.camat_alpha)
    html = client.get(KEC, {"status": "terlambat"}).content.decode()
    assert f"row-{world.staff_alpha1.code}" in html
    assert f"row-{world.operator_alpha1.code}" not in html
    assert "1 dari 3 pegawai" in words(html)
    assert '<option value="terlambat" selected>' in html
    html = client.get(KEC, {"status": "belum"}).content.decode()
    shown = set(re.findall(r'<tr id="row-([0-9a-f-]+)">', html))
    assert shown == {str(world.camat_alpha.code), str(world.lurah_alpha1.code)}
    html = client.get(KEC, {"status": "cuti-dl", "unit": "17.99.01.1002"}).content.decode()
    assert set(re.findall(r'<tr id="row-([0-9a-f-]+)">', html)) == {str(world.staff_alpha2.code)}
    assert '<option value="17.99.01.1002" selected>' in html and '<option value="cuti-dl" selected>' in html
    assert '<option value="" selected>' not in html
    assert "1 cuti, DL, sakit atau izin" in words(html) and "0 diharapkan di kantor" in words(html)
    html = client.get(KEC, {"status": "wfh"}).content.decode()
    assert 'Saat ini tidak ada pegawai dengan status "WFH".' in html
    assert f'href="{KEC}"' in html  # back to everybody


def test_it_ignores_a_unit_outside_the_board(client, world, morning):
    login(client, world.lurah_alpha1)
    html = client.get(KEL, {"unit": "17.99.02.1001", "status": "??"}).content.decode()
    assert f"row-{world.staff_alpha1.code}" in html and "Rina Beta" not in html


def test_it_sends_only_the_board_region_to_htmx_with_the_poll_that_keeps_the_filters(client, world, morning):
    login(client, world.lurah_alpha1)
    response = client.get(KEL, {"status": "terlambat"}, headers={"HX-Request": "true", "HX-Target": "board"})
    html = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<section id="board"')
    assert "<h1" not in html and '<form id="board-filters"' not in html
    # every 30 s, and on "board-refresh": static/js/board_unit.js skips polls while the tab is hidden and
    # sends board-refresh when it is shown again and after an inline decision (no eval under the CSP)
    assert 'hx-trigger="every 30s, board-refresh"' in html and 'hx-include="#board-filters"' in html
    assert f'hx-get="{KEL}"' in html and 'hx-swap="outerHTML"' in html
    assert f"row-{world.staff_alpha1.code}" in html and f"row-{world.operator_alpha1.code}" not in html
    summary = re.search(r'<section id="board-summary"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in summary and "1 terlambat" in words(html)
    page = client.get(KEL).content.decode()
    assert 'id="board-summary" class="board-summary" aria-labelledby="summary-title">' in page
    assert '<form id="board-filters"' in page and 'hx-push-url="true"' in page


def test_it_gives_the_whole_page_to_a_history_restore(client, world, morning):
    login(client, world.lurah_alpha1)
    html = client.get(KEL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}).content.decode()
    assert html.lstrip().lower().startswith("<!doctype")


def test_it_offers_inline_decisions_to_the_head_but_not_to_the_operator(client, world, morning):
    request, correction = morning
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    assert f'id="req-{request.code}"' in html and f'action="/persetujuan/{request.code}/setujui/"' in html
    assert f'hx-post="/persetujuan/{request.code}/tolak/"' in html
    assert f'id="kor-{correction.code}"' in html and f'action="/koreksi/{correction.code}/setujui/"' in html
    # static/js/board_unit.js refreshes the board after a decision taken in #board-decisions
    assert '<section id="board-decisions"' in html and "js/board_unit.js" in html
    assert '<div hidden><p id="pending-count"></p></div>' in html
    login(client, world.operator_alpha1)
    html = client.get(KEL).content.decode()
    assert "/setujui/" not in html and "/tolak/" not in html
    assert "Pengajuan dan koreksi diputuskan oleh kepala unit." in html
    assert f"/pengajuan/{request.code}/" not in html  # operators cannot open requests


def test_it_leaves_a_heads_own_request_to_the_head_above(client, world, tuesday):
    own = ask(world.lurah_alpha1)
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    assert f'id="req-{own.code}"' not in html
    assert "Tidak ada pengajuan pegawai di papan ini yang menunggu keputusan Anda." in html
    login(client, world.camat_alpha)
    assert f'id="req-{own.code}"' in client.get(KEL).content.decode()


def test_it_says_when_nobody_works_today(client, world, monkeypatch):
    saturday = dt.date(2026, 4, 11)
    monkeypatch.setattr(clock, "now", lambda: jakarta(saturday, 10, 0))
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    assert "Hari ini bukan hari kerja bagi pegawai di papan ini" in html
    assert "3 libur atau lepas shift" in words(html)


def test_it_says_when_the_unit_has_no_staff(client, world, tuesday):
    login(client, world.admin_user)
    html = client.get("/papan/unit/disdukcapil-uji/", {"status": "belum"}).content.decode()
    assert "Kadis Dukcapil" in html
    world.head_dukcapil.is_active = False
    world.head_dukcapil.save()
    html = client.get("/papan/unit/disdukcapil-uji/").content.decode()
    assert "Unit ini belum punya pegawai aktif." in html


def test_it_says_how_each_event_was_made_and_flags_a_check_out_away_from_the_office(client, world, tuesday):
    check_in(world.staff_alpha1, 7, 20, method="qr", location="inside", distance_m=0)
    CheckIn.objects.create(
        employee=world.staff_alpha1, date=TUESDAY, kind="out", at=jakarta(TUESDAY, 9, 30), location="outside",
        distance_m=410, reason="Rapat <di> kecamatan", created_by=world.staff_alpha1.user,
    )
    check_in(world.operator_alpha1, 7, 15, location="not_checked")
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    siti = row(html, world.staff_alpha1)
    assert "dengan kode QR kios" in siti
    assert "Pulang: <span" in siti and "Di luar radius (410 m)" in siti
    assert "Alasan: Rapat &lt;di&gt; kecamatan" in siti  # escaped
    assert "lokasi tidak diperiksa" in row(html, world.operator_alpha1)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("id", ("dari koreksi yang disetujui", "Pulang: <span", "Alasan: Macet &amp; hujan", "lokasi tidak diperiksa")),
        ("en", ("from an approved correction", "Out: <span", "Reason: Macet &amp; hujan", "location not checked")),
    ],
)
def test_it_says_how_each_event_was_made_in_the_viewer_s_language(client, world, tuesday, language, said):
    """The rows' words come from the same event template as the check-in card, the labels once per board."""
    check_in(world.staff_alpha1, 7, 20, method="correction", location="not_checked")
    CheckIn.objects.create(
        employee=world.staff_alpha1, date=TUESDAY, kind="out", at=jakarta(TUESDAY, 9, 30), location="timeout",
        reason="Macet & hujan", created_by=world.staff_alpha1.user,
    )
    check_in(world.operator_alpha1, 7, 15, location="not_checked")
    login(client, world.lurah_alpha1)
    client.cookies["django_language"] = language
    html = client.get(KEL).content.decode()
    corrected, out, reason, unchecked = said
    siti = row(html, world.staff_alpha1)
    assert corrected in siti and out in siti and reason in siti and '<span class="tag bad">' in siti
    assert "(None m)" not in siti and " m)</span>" not in siti  # a timeout has no distance
    assert unchecked in row(html, world.operator_alpha1)


def test_a_row_shows_the_break_check_in_between_arrival_and_departure(client, world, monkeypatch):
    """SE BKPSDM 4/2025's three moments: the head reads the break check-in in the row, and a missed one as TPI."""
    from tests.conftest import five_day_schedule

    schedule = five_day_schedule()
    schedule.break_checkin_from = dt.date(2025, 3, 3)
    schedule.save()
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 17, 0))
    for who, arrival in ((world.staff_alpha1, (7, 20)), (world.operator_alpha1, (7, 25))):
        check_in(who, *arrival, location="inside", distance_m=5)
    CheckIn.objects.create(employee=world.staff_alpha1, date=TUESDAY, kind="brk", at=jakarta(TUESDAY, 12, 10),
                           location="inside", distance_m=5, created_by=world.staff_alpha1.user)
    for who in (world.staff_alpha1, world.operator_alpha1):
        CheckIn.objects.create(employee=who, date=TUESDAY, kind="out", at=jakarta(TUESDAY, 16, 5),
                               location="inside", distance_m=5, created_by=who.user)
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    assert "Masuk · istirahat · pulang" in html
    assert "<strong>07:20</strong> · istirahat 12:10 · 16:05" in row(html, world.staff_alpha1)
    operator = row(html, world.operator_alpha1)
    assert "<strong>07:25</strong> · 16:05" in operator and "TPI" in operator
