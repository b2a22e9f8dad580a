"""Personal data (UU 27/2022), surface by surface: raw check-in coordinates are shown to nobody in the app
(operators and heads see the distance and the inside/outside flag; admins see coordinates in the Django
admin; the person gets them in their own download); attachments and the home location reach only the
person, the heads above them and admins. Five askers each time: the unit's operator, the head of another
unit, the person's own head, the person and a city admin."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from attendance.models import CheckIn, Correction
from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import MONDAY, TODAY, april, check  # noqa: F401
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")

# Digits of the coordinates below: they appear with a dot or a comma depending on the language.
CHECKIN_DIGITS = ("812345", "267890", "26789")
HOME_DIGITS = ("806543", "254321")
ASKERS = ("operator", "other_head", "own_head", "person", "admin")


@pytest.fixture
def data(world, settings, tmp_path):
    """Siti (Kelurahan Alpha Satu) checked in outside the radius today and on Monday, asked for a GPS
    correction with a photo, and for sick leave with a letter."""
    settings.MEDIA_ROOT = tmp_path
    siti = world.staff_alpha1
    siti.home_latitude, siti.home_longitude = "-3.806543", "102.254321"
    siti.save()
    where = {"latitude": "-3.812345", "longitude": "102.267890", "accuracy_m": 18, "distance_m": 640,
             "location": CheckIn.Location.OUTSIDE, "reason": "Rapat di kecamatan"}
    today = check(siti, TODAY, "in", 7, 20, **where)
    check(siti, MONDAY, "in", 7, 20, **where)
    correction = Correction.objects.create(
        employee=siti, date=MONDAY, kind="gps_gagal", reason="GPS gagal", status=Correction.Status.APPROVED
    )
    correction.attachment.save("bukti.png", ContentFile(b"\x89PNG\r\n\x1a\nbukti"))
    check(siti, MONDAY, "out", 16, 5, correction=correction, method="correction", **where)
    letter = Arrangement.objects.create(
        employee=siti, kind="sakit", start_date=TODAY, end_date=TODAY, working_days=1,
    )
    letter.attachment.save("surat.pdf", ContentFile(b"%PDF-1.7 surat sakit"))
    return {"siti": siti, "checkin": today, "correction": correction, "letter": letter}


def ask(client, world, who, url):
    askers = {
        "operator": world.operator_alpha1,
        "other_head": world.lurah_beta1,
        "own_head": world.lurah_alpha1,
        "person": world.staff_alpha1,
        "admin": world.admin_user,
    }
    login(client, askers[who])
    response = client.get(url)
    if getattr(response, "streaming", False):
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


def shows(body: bytes, digits) -> bool:
    return any(d.encode() in body for d in digits)


def xlsx_text(body: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return b"".join(archive.read(name) for name in archive.namelist())


# --- Check-in coordinates: only the distance and the flag on every page and export --------------------


@pytest.mark.parametrize(
    "who, status",
    [("operator", 200), ("other_head", 404), ("own_head", 200), ("person", 403), ("admin", 200)],
)
def test_the_unit_board_shows_distance_and_flag_not_coordinates(client, world, data, who, status):
    response = ask(client, world, who, "/papan/unit/17.99.01.1001/")
    assert response.status_code == status
    if status == 200:
        html = response.body.decode()
        assert "Di luar radius (640 m)" in html
        assert not shows(response.body, CHECKIN_DIGITS)


@pytest.mark.parametrize(
    "who, status",
    [("operator", 200), ("other_head", 404), ("own_head", 200), ("person", 200), ("admin", 200)],
)
def test_the_month_calendar_shows_no_coordinates(client, world, data, who, status):
    response = ask(client, world, who, f"/pegawai/{data['siti'].code}/bulan/")
    assert response.status_code == status
    if status == 200:
        assert "lokasi ditandai" in response.body.decode()
        assert not shows(response.body, CHECKIN_DIGITS)


@pytest.mark.parametrize(
    "who, status",
    [("operator", 200), ("other_head", 404), ("own_head", 200), ("person", 403), ("admin", 200)],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_recap_exports_carry_no_coordinates(client, world, data, who, status, kind):
    response = ask(client, world, who, f"/rekap/unit/17.99.01.1001/rekap.{kind}?bulan=2026-04")
    assert response.status_code == status
    if status == 200:
        body = response.body if kind == "csv" else xlsx_text(response.body)
        assert b"Siti Alpha" in body
        assert not shows(body, CHECKIN_DIGITS) and not shows(body, HOME_DIGITS)


@pytest.mark.parametrize(
    "who, status",
    [("operator", 404), ("other_head", 404), ("own_head", 200), ("person", 200), ("admin", 200)],
)
def test_a_correction_shows_its_events_without_coordinates(client, world, data, who, status):
    response = ask(client, world, who, f"/koreksi/{data['correction'].code}/")
    assert response.status_code == status
    if status == 200:
        assert "Presensi pulang 16:05 (koreksi)" in response.body.decode()
        assert not shows(response.body, CHECKIN_DIGITS)


@pytest.mark.parametrize(
    "who, status",
    [("operator", 302), ("other_head", 302), ("own_head", 302), ("person", 302), ("admin", 200)],
)
def test_only_admins_see_raw_coordinates_in_the_django_admin(client, world, data, who, status):
    response = ask(client, world, who, f"/admin/attendance/checkin/{data['checkin'].pk}/change/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")
    else:
        assert shows(response.body, CHECKIN_DIGITS)


def test_the_django_admin_list_of_check_ins_shows_no_coordinates(client, world, data):
    response = ask(client, world, "admin", "/admin/attendance/checkin/")
    assert response.status_code == 200 and "640" in response.body.decode()
    assert not shows(response.body, CHECKIN_DIGITS)


# --- Attachments: the person, the heads above them, admins -------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [("operator", 404), ("other_head", 404), ("own_head", 200), ("person", 200), ("admin", 200)],
)
def test_a_correction_attachment_reaches_only_the_person_their_head_and_admins(client, world, data, who, status):
    response = ask(client, world, who, f"/koreksi/{data['correction'].code}/lampiran/")
    assert response.status_code == status
    if status == 200:
        assert response.body == b"\x89PNG\r\n\x1a\nbukti"


@pytest.mark.parametrize(
    "who, status",
    [("operator", 404), ("other_head", 404), ("own_head", 200), ("person", 200), ("admin", 200)],
)
def test_a_sick_letter_reaches_only_the_person_their_head_and_admins(client, world, data, who, status):
    response = ask(client, world, who, f"/pengajuan/{data['letter'].code}/surat/")
    assert response.status_code == status
    if status == 200:
        assert response.body == b"%PDF-1.7 surat sakit"


@pytest.mark.parametrize(
    "who, status, linked",
    [("operator", 403, False), ("other_head", 200, False), ("own_head", 200, True), ("person", 403, False),
     ("admin", 200, True)],
)
def test_the_approval_list_links_the_letter_only_for_those_who_decide(client, world, data, who, status, linked):
    response = ask(client, world, who, "/persetujuan/")
    assert response.status_code == status
    assert (f"/pengajuan/{data['letter'].code}/surat/" in response.body.decode()) is linked


@pytest.mark.parametrize(
    "who, status",
    [("operator", 404), ("other_head", 404), ("own_head", 200), ("person", 200), ("admin", 200)],
)
def test_a_request_page_links_the_letter_only_for_those_who_may_read_it(client, world, data, who, status):
    response = ask(client, world, who, f"/pengajuan/{data['letter'].code}/")
    assert response.status_code == status
    if status == 200:
        assert f"/pengajuan/{data['letter'].code}/surat/" in response.body.decode()


# --- The home location: the person, their heads, admins -------------------------------------------------


@pytest.mark.parametrize(
    "who, status, visible",
    [("operator", 200, False), ("other_head", 404, False), ("own_head", 200, True), ("person", 403, False),
     ("admin", 200, True)],
)
def test_the_employee_page_shows_the_home_location_only_to_those_allowed(client, world, data, who, status, visible):
    response = ask(client, world, who, f"/pegawai/{data['siti'].code}/")
    assert response.status_code == status
    if status == 200:
        assert shows(response.body, HOME_DIGITS) is visible
        assert ("Jl. Mawar 1" in response.body.decode()) is visible
        assert not shows(response.body, CHECKIN_DIGITS)


# --- The download: one's own data, never a colleague's -----------------------------------------------


@pytest.mark.parametrize("who", ASKERS)
def test_the_download_holds_coordinates_only_for_their_owner(client, world, data, who):
    response = ask(client, world, who, "/saya/data/")
    if who == "admin":
        assert response.status_code == 403  # a bare admin login has no employee record, so no data
        return
    assert response.status_code == 200
    body = xlsx_text(response.body)  # the ZIP's files, unpacked
    assert shows(body, CHECKIN_DIGITS) is (who == "person")
    assert shows(body, HOME_DIGITS) is (who == "person")
