"""A check-in's face photo (/presensi/foto/<id>/<ref>/) reaches the person, the heads above them and city
admins only, never cached; heads see it beside a flagged check-in on the unit board."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from attendance.checkin import face_sample
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import MONDAY, _frozen  # noqa: F401 (fixture "frozen")
from tests.attendance.verification.test_verification_fixtures import april, outside  # noqa: F401 (fixture "april")
from tests.conftest import login, make_employee

FACE = face_sample.jpeg(face_sample.face(seed=5))


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_photo(person, *, kind="in", hour=7, location="inside", distance=12, data=FACE) -> CheckIn:
    row = CheckIn.objects.create(
        employee=person, date=MONDAY, kind=kind,
        at=timezone.make_aware(dt.datetime(MONDAY.year, MONDAY.month, MONDAY.day, hour, 24)),
        unit=person.unit, location=location, distance_m=distance, created_by=person.user,
        reason="Rapat di kantor camat" if location == "outside" else "",
    )
    row.photo.save("foto.jpg", ContentFile(data))
    return row


def url(row) -> str:
    return f"/presensi/foto/{row.pk}/{Path(row.photo.name).stem}/"


@pytest.mark.parametrize("who", ["staff_alpha1", "lurah_alpha1", "camat_alpha", "admin_user"])
def test_it_serves_the_photo_to_the_person_their_heads_and_admins(client, world, who):
    row = with_photo(world.staff_alpha1)
    login(client, getattr(world, who))
    response = client.get(url(row))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FACE
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["operator_alpha1", "lurah_beta1", "staff_alpha2", "head_dukcapil"])
def test_it_answers_404_to_everyone_else(client, world, who):
    row = with_photo(world.staff_alpha1)
    login(client, getattr(world, who))
    assert client.get(url(row)).status_code == 404


def test_it_answers_404_for_a_guessed_reference_or_a_check_in_without_a_photo(client, world):
    row = with_photo(world.staff_alpha1)
    plain = CheckIn.objects.create(
        employee=world.staff_alpha1, date=MONDAY, kind="out", at=row.at + dt.timedelta(hours=9),
        created_by=world.staff_alpha1.user,
    )
    login(client, world.staff_alpha1)
    assert client.get(f"/presensi/foto/{row.pk}/{'0' * 32}/").status_code == 404
    assert client.get(f"/presensi/foto/{plain.pk}/{Path(row.photo.name).stem}/").status_code == 404
    assert client.get(f"/presensi/foto/{plain.pk}//").status_code == 404


def test_it_answers_404_once_the_file_is_gone(client, world, media):
    row = with_photo(world.staff_alpha1)
    (media / row.photo.name).unlink()
    login(client, world.staff_alpha1)
    assert client.get(url(row)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(client, world):
    row = with_photo(world.staff_alpha1)
    response = client.get(url(row))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_heads_see_the_photo_beside_a_flagged_check_in_on_the_unit_board(client, world, frozen):
    frozen.set(MONDAY, 9, 0)
    flagged = with_photo(world.staff_alpha1, location="outside", distance=640)
    colleague = make_employee(world.kel_alpha1, "Dewi Alpha")
    inside = with_photo(colleague)
    login(client, world.lurah_alpha1)
    html = client.get(f"/papan/unit/{world.kel_alpha1.code}/").content.decode()
    assert f'href="{url(flagged)}"' in html
    assert url(inside) not in html  # a check-in inside the radius needs no second look

    client.logout()
    login(client, world.operator_alpha1)  # operators see the board, never the photos
    html = client.get(f"/papan/unit/{world.kel_alpha1.code}/").content.decode()
    assert "photo-thumb" not in html and url(flagged) not in html


@pytest.mark.usefixtures("april")
def test_a_verification_shows_the_photo_of_its_check_in_to_the_head_who_decides(client, world):
    waiting = outside(world.staff_alpha1)
    waiting.checkin.photo.save("foto.jpg", ContentFile(FACE))
    login(client, world.lurah_alpha1)
    for page in (f"/verifikasi/{waiting.code}/", "/verifikasi/"):
        html = client.get(page).content.decode()
        assert f'<a class="photo-thumb" href="{url(waiting.checkin)}">' in html, page
    assert client.get(url(waiting.checkin)).status_code == 200
