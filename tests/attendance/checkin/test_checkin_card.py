"""The htmx answer to the check-in button is the page's own card (my_day.html's `checkin` partial): what it
says for each kind of day, in both languages, asserted on the answer to a real POST."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection

from attendance.checkin.views import CheckInForm
from attendance.models import CheckIn, Verification
from policy.models import PlanEntry
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    post,
    text,
)
from tests.conftest import login
from units.models import Schedule, Shift

WORDS = {
    "id": {
        "saved": "Tersimpan: Presensi masuk pukul {}.",
        "saved_out": "Tersimpan: Presensi pulang pukul {}.",
        "again": "Sudah tercatat sebelumnya: Presensi masuk pukul {}.",
        "recorded": "Tercatat {} — ",
        "on_time": "tepat waktu",
        "late": "terlambat {} menit ({})",
        "early": "{} menit lebih awal ({})",
        "inside": "di dalam radius ({} m)",
        "reason": "Alasan:",
        "qr": "dengan kode QR kios",
        "corrected": "dari koreksi yang disetujui",
        "not_out": "Belum presensi pulang.",
        "check_out": "Presensi pulang",
        "repeat": "Presensi pulang boleh diulang; yang terakhir yang dihitung.",
        "hours": "Di kantor · Jam kerja 07:30–16:00",
        "office": "Lokasi Anda dibandingkan dengan titik kantor (radius 50 m).",
        "home": "Hari ini WFH: lokasi Anda dibandingkan dengan rumah terdaftar (radius 50 m).",
        "no_point": "Lokasi Anda dicatat, tetapi jaraknya tidak diperiksa (titik pembanding belum diisi).",
        "wfh": "WFH · Jam kerja",
        "night": "Presensi shift yang mulai Senin, 2 Maret",
    },
    "en": {
        "saved": "Saved: Check in at {}.",
        "saved_out": "Saved: Check out at {}.",
        "again": "Already recorded earlier: Check in at {}.",
        "recorded": "Recorded {} — ",
        "on_time": "on time",
        "late": "late {} minutes ({})",
        "early": "{} minutes early ({})",
        "inside": "within the radius ({} m)",
        "reason": "Reason:",
        "qr": "with the kiosk QR code",
        "corrected": "from an approved correction",
        "not_out": "Not checked out yet.",
        "check_out": "Check out",
        "repeat": "Check out may be repeated; the last one counts.",
        "hours": "On site · Working hours 07:30–16:00",
        "office": "Your location is compared with the office point (radius 50 m).",
        "home": "WFH today: your location is compared with your registered home (radius 50 m).",
        "no_point": "Your location is recorded, but its distance is not checked (no reference point set yet).",
        "wfh": "WFH · Working hours",
        "night": "Attendance for the shift starting Monday, 2 March",
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["id", "en"])


@pytest.fixture
def words(client, language):
    client.cookies["django_language"] = language
    return WORDS[language]


def accepted() -> None:
    """The head accepts the reason of every check-in outside the fence (attendance.verification): until
    then it does not count (SE BKPSDM 4/2025), and the card says so instead of its time's verdict."""
    Verification.objects.update(status=Verification.Status.APPROVED)


def card(response) -> tuple[str, str]:
    """(the HTML, its text) of an htmx answer, which must be the card alone."""
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card checkin" id="checkin"') and "<html" not in html
    assert response["Vary"].count("HX-Request") == 1
    return html, text(response)


@LANGUAGES
def test_it_answers_a_check_in_with_the_card_and_a_fresh_form(client, world, office, frozen, words):
    login(client, world.staff_alpha1)
    sent = "3f1e1c0a-0000-4000-8000-000000000001"
    html, page = card(post(client, north_of(OFFICE, 5), token=sent, htmx=True))
    row = CheckIn.objects.get()
    assert f'data-checkin="{row.pk}"' in html
    assert words["saved"].format("07:24") in page
    assert words["recorded"].format("07:24") + words["on_time"] in page and words["inside"].format(5) in page
    assert words["not_out"] in page and words["hours"] in page and words["office"] in page
    assert words["repeat"] in page and 'class="big" data-busy=' in html and words["check_out"] in page
    # The fresh form: a new token, the next kind, empty position fields, the CSRF token; one form.
    token = re.search(r'<input type="hidden" name="token" value="([^"]+)" id="id_token">', html).group(1)
    assert token != sent
    assert '<input type="hidden" name="kind" value="out" id="id_kind">' in html
    for name in ("latitude", "longitude", "accuracy", "location_status"):
        assert f'<input type="hidden" name="{name}" id="id_{name}">' in html
    assert html.count('name="csrfmiddlewaretoken"') == 1 and html.count("<form ") == 1
    assert 'action="/saya/presensi/"' in html and 'hx-post="/saya/presensi/"' in html


@pytest.mark.parametrize("kind", ["in", "brk", "out", None])
def test_the_fresh_form_s_inputs_are_those_of_a_new_form(kind):
    """The card's fresh form is written from CheckInForm.fresh_inputs, without an instance: the same hidden inputs,
    names, ids and values as a new form's, so a field added to the form reaches the card."""
    token = uuid.uuid4()
    made = CheckInForm(initial={"token": token, "kind": kind}).hidden_inputs()
    assert CheckInForm.fresh_inputs(token, kind) == made
    assert ("token", "id_token", str(token)) in made and ("passkey", "id_passkey", None) in made


@LANGUAGES
def test_it_answers_a_repeated_check_in_with_the_first_one(client, world, office, frozen, words):
    login(client, world.staff_alpha1)
    post(client, OFFICE, htmx=True, kind="in")
    frozen.set(MONDAY, 7, 26)
    html, page = card(post(client, OFFICE, htmx=True, kind="in"))
    assert words["again"].format("07:24") in page and CheckIn.objects.count() == 1
    assert f'data-checkin="{CheckIn.objects.get().pk}"' in html


@LANGUAGES
def test_it_shows_a_late_flagged_check_in_with_its_reason_escaped(client, world, office, frozen, words):
    frozen.set(MONDAY, 7, 41)
    login(client, world.staff_alpha1)
    html, page = card(post(client, north_of(OFFICE, 320), reason="Rapat <b>& 'lain'</b>", htmx=True))
    assert words["recorded"].format("07:41") in page
    assert '<span class="tag bad">' in html and "(320 m)</span>" in html
    assert f'<span class="reason">{words["reason"]} Rapat &lt;b&gt;&amp; &#x27;lain&#x27;&lt;/b&gt;</span>' in html
    accepted()
    assert words["recorded"].format("07:41") + words["late"].format(11, "TL1") in text(client.get("/saya/"))


@LANGUAGES
def test_it_shows_a_denied_location_without_a_distance(client, world, office, frozen, words):
    login(client, world.staff_alpha1)
    html, page = card(post(client, status="denied", reason="GPS", htmx=True))
    assert words["recorded"].format("07:24") in page
    assert re.search(r'<span class="tag bad">[^<(]+</span> <span class="tag">[^<]+</span> <span class="reason">', html)
    accepted()
    assert words["recorded"].format("07:24") + words["on_time"] in text(client.get("/saya/"))
    assert '<span class="how"></span>' in html


@LANGUAGES
def test_it_shows_an_early_check_out_then_one_on_time(client, world, office, frozen, words):
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    frozen.set(MONDAY, 15, 2)
    html, page = card(post(client, status="unavailable", reason="x", htmx=True, confirmed=True))
    assert words["saved_out"].format("15:02") in page
    accepted()
    assert words["recorded"].format("15:02") + words["early"].format(58, "PSW2") in text(client.get("/saya/"))
    frozen.set(MONDAY, 16, 5)
    html, page = card(post(client, OFFICE, htmx=True))
    assert words["recorded"].format("16:05") + words["on_time"] in page
    assert '<input type="hidden" name="kind" value="out" id="id_kind">' in html and words["repeat"] in page


@LANGUAGES
@pytest.mark.parametrize("method", ["qr", "correction"])
def test_it_says_how_the_day_s_check_in_was_made(client, world, office, frozen, words, method):
    staff = world.staff_alpha1
    CheckIn.objects.create(
        employee=staff, date=MONDAY, kind="in", at=frozen.set(MONDAY, 7, 1), method=method,
        location="not_checked", created_by=world.admin_user, unit=office,
    )
    login(client, staff)
    frozen.set(MONDAY, 16, 30)
    _html, page = card(post(client, OFFICE, htmx=True))
    assert words["recorded"].format("07:01") + words["on_time"] in page
    assert words["qr" if method == "qr" else "corrected"] in page
    assert words["saved_out"].format("16:30") in page


@LANGUAGES
@pytest.mark.parametrize("home", [True, False])
def test_it_compares_a_wfh_day_with_the_home_or_says_there_is_no_point(client, world, office, frozen, words, home):
    staff = world.staff_alpha1
    if not home:
        staff.home_latitude = staff.home_longitude = None
        staff.save()
    PlanEntry.objects.create(employee=staff, date=MONDAY, mode="wfh", set_by=world.lurah_alpha1.user)
    login(client, staff)
    _html, page = card(post(client, status="denied", reason="WFH", htmx=True))
    assert words["wfh"] in page and words["home" if home else "no_point"] in page


@LANGUAGES
def test_it_says_the_distance_is_not_checked_without_an_office_point(client, world, frozen, words):
    login(client, world.staff_alpha1)
    _html, page = card(post(client, OFFICE, htmx=True))
    assert words["no_point"] in page and words["recorded"].format("07:24") in page


@LANGUAGES
def test_it_titles_a_night_shift_check_out_with_the_day_it_began(client, world, office, frozen, words):
    shifts = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT)
    night = Shift.objects.create(schedule=shifts, code="malam", name="Malam", start=dt.time(21), end=dt.time(7))
    staff = world.staff_alpha1
    staff.schedule = shifts
    staff.save()
    PlanEntry.objects.create(employee=staff, date=MONDAY, mode="onsite", shift=night, set_by=world.lurah_alpha1.user)
    login(client, staff)
    frozen.set(MONDAY, 20, 55)
    post(client, OFFICE)
    frozen.set(MONDAY + dt.timedelta(days=1), 7, 5)
    _html, page = card(post(client, OFFICE, htmx=True))
    assert words["night"] in page and words["saved_out"].format("07:05") in page


def test_it_renders_the_card_without_a_query(client, world, office, frozen, django_assert_num_queries):
    """After the session, the user, the reads and the insert (in a savepoint inside the test's
    transaction), the card costs nothing more: it is rendered from what the check-in already holds."""
    login(client, world.staff_alpha1)
    client.get("/saya/")
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    kept_row = 0 if connection.vendor == "postgresql" else 1  # the kept presence row (attendance.presence)
    with django_assert_num_queries(2 + reads + 3 + kept_row):
        card(post(client, OFFICE, htmx=True))
