"""The three moments on the phone (SE BKPSDM Kota Bengkulu 4/2025): the button offers the moment due now and
says which one it is, the break only inside its window; a tap never turns into another moment."""

import datetime as dt
import re

import pytest

from attendance.checkin import recording
from attendance.models import CheckIn
from policy.models import Arrangement
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    north_of,
    post,
    text,
)
from tests.conftest import five_day_schedule, login
from units import clock

SE_DATE = dt.date(2025, 3, 3)
BUTTON = '<button type="submit" class="big"'


@pytest.fixture(name="office")
def _office(world):
    """Kelurahan Alpha Satu's office with a 50 m fence, its schedule asking for the break check-in
    (12:00–13:00 Monday to Thursday), no face photo (another slice's switch)."""
    schedule = five_day_schedule()
    schedule.break_checkin_from = SE_DATE
    schedule.save()
    unit = world.kel_alpha1
    unit.latitude, unit.longitude, unit.geofence_radius_m = *OFFICE, 50
    unit.photo_required = False
    unit.save()
    return unit


def button(html: str) -> str:
    """The words on the page's one check-in button."""
    start = html.index(BUTTON)
    return html[html.index(">", start) + 1 : html.index("</button>", start)]


def text_of(html: str) -> str:
    """The words of an htmx answer (the card), as `text` gives them of a response."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def hidden_kind(html: str) -> str:
    marker = 'name="kind" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_it_walks_arrival_break_and_departure_saying_which_moment_each_is(client, world, office, frozen):
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert button(html) == "Presensi masuk" and hidden_kind(html) == "in"
    assert "istirahat 12:00–13:00 (presensi istirahat wajib)" in text(client.get("/saya/"))
    post(client, north_of(OFFICE, 5), kind="in")

    frozen.set(MONDAY, 10, 0)
    html = client.get("/saya/").content.decode()
    page = text(client.get("/saya/"))
    assert button(html) == "Presensi pulang" and hidden_kind(html) == "out"
    assert "Presensi istirahat dibuka pukul 12:00–13:00; sebelum itu tombol ini untuk presensi pulang." in page
    assert "Istirahat Belum presensi istirahat (jam istirahat 12:00–13:00)." in page

    frozen.set(MONDAY, 12, 10)
    html = client.get("/saya/").content.decode()
    assert button(html) == "Presensi istirahat" and hidden_kind(html) == "brk"
    assert "Sekarang jam istirahat: presensi istirahat dibuka sampai pukul 13:00." in text(client.get("/saya/"))
    card = post(client, north_of(OFFICE, 5), kind="brk", htmx=True).content.decode()
    assert "Tersimpan: Presensi istirahat pukul 12:10." in text_of(card)
    assert "Istirahat Tercatat 12:10 — di dalam jam istirahat" in text_of(card)
    assert button(card) == "Presensi pulang" and hidden_kind(card) == "out"  # still inside the window
    taken = CheckIn.objects.get(employee=world.staff_alpha1, kind="brk")
    assert taken.date == MONDAY and taken.location == CheckIn.Location.INSIDE

    frozen.set(MONDAY, 16, 5)
    post(client, north_of(OFFICE, 5), kind="out")
    page = text(client.get("/saya/"))
    assert "Masuk Tercatat 07:24 — tepat waktu" in page
    assert "Istirahat Tercatat 12:10 — di dalam jam istirahat" in page
    assert "Pulang Tercatat 16:05 — tepat waktu" in page
    assert [row.kind for row in CheckIn.objects.filter(employee=world.staff_alpha1).order_by("at")] == ["in", "brk", "out"]


@pytest.mark.parametrize(
    "hour, minute, words",
    [
        (11, 0, "Presensi istirahat dibuka pukul 12:00 sampai 13:00; belum dicatat."),
        (13, 5, "Jam istirahat 12:00–13:00 sudah lewat, jadi presensi istirahat tidak dicatat."),
    ],
)
def test_it_refuses_a_break_outside_its_window_and_offers_the_departure(client, world, office, frozen, hour, minute, words):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, hour, minute)
    card = post(client, OFFICE, kind="brk", htmx=True).content.decode()
    assert words in text_of(card) and 'role="alert"' in card
    assert button(card) == "Presensi pulang"
    assert not CheckIn.objects.filter(kind="brk").exists()


def test_it_refuses_a_departure_pressed_on_a_page_left_open_into_the_break(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 12, 5)
    card = post(client, OFFICE, kind="out", htmx=True).content.decode()
    assert "Sekarang jam istirahat (12:00–13:00): tekan Presensi istirahat dulu." in text_of(card)
    assert button(card) == "Presensi istirahat"
    assert not CheckIn.objects.filter(kind="out").exists()
    post(client, OFFICE, kind="brk")
    post(client, OFFICE, kind="out", confirmed=True)  # leaving at the break: the break first, then the departure
    assert CheckIn.objects.filter(kind="out", at__gt=clock.now() - dt.timedelta(minutes=1)).count() == 1


def test_it_refuses_a_break_before_the_arrival(client, world, office, frozen):
    login(client, world.staff_alpha1)
    frozen.set(MONDAY, 12, 5)
    card = post(client, OFFICE, kind="brk", htmx=True).content.decode()
    assert "Belum ada presensi masuk hari ini: tekan Presensi masuk dulu." in text_of(card)
    assert button(card) == "Presensi masuk" and not CheckIn.objects.exists()


def test_it_answers_a_second_break_with_the_first(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 12, 10)
    post(client, OFFICE, kind="brk")
    frozen.set(MONDAY, 12, 20)
    card = post(client, OFFICE, kind="brk", htmx=True).content.decode()
    assert "Sudah tercatat sebelumnya: Presensi istirahat pukul 12:10." in text_of(card)
    assert CheckIn.objects.filter(kind="brk").count() == 1


def test_the_database_keeps_one_break_a_day_and_the_loser_gets_the_winner(world, office, frozen, monkeypatch):
    """Two requests that read the day before either wrote: the second insert meets checkin_one_break_per_day
    and answers with the first row."""
    siti = world.staff_alpha1
    recording.record(siti, siti.user, today=MONDAY, now=clock.now(), kiosk_unit=office, qr_nonce="a")
    moment = frozen.set(MONDAY, 12, 10)
    stale = recording.day_for(siti, MONDAY, moment)
    first = recording.record(siti, siti.user, today=MONDAY, now=moment, kiosk_unit=office, qr_nonce="b")
    monkeypatch.setattr(recording, "day_for", lambda *args: stale)
    second = recording.record(siti, siti.user, today=MONDAY, now=moment, kiosk_unit=office, qr_nonce="c")
    assert first.result == recording.RECORDED and first.checkin.kind == "brk"
    assert second.result == recording.DUPLICATE and second.checkin.pk == first.checkin.pk
    assert CheckIn.objects.filter(kind="brk").count() == 1


def test_it_says_tpi_once_the_window_closed_and_nothing_to_an_arrival_after_it(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 13, 30)
    assert "Istirahat Tidak ada presensi istirahat (TPI)." in text(client.get("/saya/"))
    login(client, world.operator_alpha1)
    post(client, OFFICE, kind="in")
    assert "Istirahat Tidak diminta: presensi masuk sesudah jam istirahat." in text(client.get("/saya/"))


def test_it_keeps_two_moments_on_a_schedule_without_the_rule(client, world, office, frozen):
    schedule = five_day_schedule()
    schedule.break_checkin_from = None
    schedule.save()
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 12, 10)
    html = client.get("/saya/").content.decode()
    assert button(html) == "Presensi pulang" and "<dt>Istirahat</dt>" not in html
    assert "presensi istirahat wajib" not in html
    card = post(client, OFFICE, kind="brk", htmx=True).content.decode()
    assert "Hari ini tidak ada presensi istirahat." in text_of(card)


def test_a_break_check_in_costs_the_queries_of_an_arrival(client, world, office, frozen, django_assert_max_num_queries):
    login(client, world.staff_alpha1)
    client.get("/saya/")
    with django_assert_max_num_queries(20) as arrival:
        post(client, north_of(OFFICE, 5), kind="in", htmx=True)
    frozen.set(MONDAY, 12, 10)
    with django_assert_max_num_queries(len(arrival.captured_queries)):
        response = post(client, north_of(OFFICE, 5), kind="brk", htmx=True)
    assert response.status_code == 200 and CheckIn.objects.filter(kind="brk").count() == 1
    with django_assert_max_num_queries(6):  # five, and the person's registered phones (units/passkeys)
        assert button(client.get("/saya/").content.decode()) == "Presensi pulang"


def test_a_dl_at_its_activity_site_keeps_arrival_and_departure(client, world, office, frozen):
    """The day is DL whatever its check-ins (attendance.evaluation.status): no break is asked there."""
    Arrangement.objects.create(
        employee=world.staff_alpha1, kind="dl", start_date=MONDAY, end_date=MONDAY, working_days=1,
        spt_number="094/1/2026", reason="Rapat koordinasi", status=Arrangement.Status.APPROVED,
        site_name="Aula Kantor Gubernur", site_latitude=f"{OFFICE[0]:.6f}", site_longitude=f"{OFFICE[1]:.6f}",
        site_radius_m=50,
    )
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 12, 10)
    html = client.get("/saya/").content.decode()
    assert button(html) == "Presensi pulang" and "<dt>Istirahat</dt>" not in html
