"""The face photo of a phone check-in (SE BKPSDM 4/2025): asked for where the unit wants one, checked before
anything is recorded, stored as a file under MEDIA_ROOT with its key in the row, never twice."""

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.checkin import face_sample, kiosk
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    text,
)
from tests.conftest import login
from units.models import Unit

FACE = face_sample.jpeg(face_sample.face(seed=1))
NO_FACE = face_sample.jpeg(face_sample.no_face(seed=2))
TWO_FACES = face_sample.jpeg(face_sample.two_faces(seed=3))


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def photos_on(office):
    office.photo_required = True
    office.save()
    return office


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def post(client, photo: bytes | None = FACE, point=OFFICE, *, token=None, reason="", kind="", htmx=True, name="foto.jpg"):
    data = {
        "token": str(token or uuid.uuid4()), "location_status": "ok", "reason": reason, "kind": kind,
        "latitude": f"{point[0]:.6f}", "longitude": f"{point[1]:.6f}", "accuracy": "10",
    }
    if photo is not None:
        data["photo"] = SimpleUploadedFile(name, photo, content_type="image/jpeg")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/saya/presensi/", data, headers=headers)


def test_it_shows_the_camera_where_the_unit_asks_for_a_photo(client, world, photos_on, frozen):
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert 'enctype="multipart/form-data"' in html and 'hx-encoding="multipart/form-data"' in html
    assert "data-photo" in html and 'capture="user"' in html and 'accept="image/*"' in html
    assert 'aria-label="Pratinjau kamera depan"' in html and 'aria-live="polite" data-photo-state' in html
    assert "/static/js/photo.js" in html


def test_it_records_a_check_in_with_the_photo_stored_under_media_root_and_its_key_in_the_row(
    client, world, photos_on, frozen, media
):
    login(client, world.staff_alpha1)
    response = post(client)
    assert "Tersimpan: Presensi masuk pukul 07:24." in text(response)
    row = CheckIn.objects.get()
    assert row.photo.name.startswith("presensi/2026/03/02/") and row.photo.name.endswith(".jpg")
    assert len(Path(row.photo.name).stem) == 32  # a random name, nothing of the person in it
    assert stored_files(media) == [media / row.photo.name]
    assert (media / row.photo.name).read_bytes() == FACE


def test_it_keeps_the_photos_bytes_out_of_the_database_and_the_query_count_unchanged(
    client, world, photos_on, frozen
):
    """The same statements with or without a photo (the file goes to the storage, the row gets its key)."""
    login(client, world.staff_alpha1)
    client.get("/saya/")
    with CaptureQueriesContext(connection) as with_photo:
        post(client)
    Unit.objects.filter(pk=photos_on.pk).update(photo_required=False)  # no signal: the same reference tables
    CheckIn.objects.all().delete()
    with CaptureQueriesContext(connection) as without:
        post(client, photo=None)
    assert len(with_photo.captured_queries) == len(without.captured_queries)
    assert all(len(q["sql"]) < 20_000 for q in with_photo.captured_queries)
    assert not any("\\xff\\xd8" in q["sql"] or "JFIF" in q["sql"] for q in with_photo.captured_queries)


@pytest.mark.parametrize(
    "photo, words",
    [
        (NO_FACE, "Wajah tidak terlihat pada foto."),
        (TWO_FACES, "Ada lebih dari satu wajah pada foto."),
        (b"%PDF-1.7 bukan foto", "bukan foto yang dapat dibaca"),
        (None, "Presensi di unit Anda memerlukan foto wajah."),
    ],
    ids=["no-face", "two-faces", "not-an-image", "missing"],
)
def test_it_refuses_a_photo_it_cannot_use_and_keeps_the_form_for_a_retry(
    client, world, photos_on, frozen, media, photo, words
):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    far = north_of(OFFICE, 320)
    response = post(client, photo, far, token=token, reason="Rapat di kantor camat")
    html = response.content.decode()
    assert response.status_code == 200
    assert words in text(response) and "data-photo-refused" in html and 'role="alert" data-photo-problem' in html
    assert str(token) in html and "Rapat di kantor camat" in html  # the same form: nothing lost
    assert 'type="submit" class="big"' in html
    assert not CheckIn.objects.exists() and stored_files(media) == []

    retried = post(client, FACE, far, token=token, reason="Rapat di kantor camat")
    assert "Tersimpan: Presensi masuk pukul 07:24." in text(retried)
    assert CheckIn.objects.get().photo.name


def test_it_refuses_a_photo_too_big_with_its_size(client, world, photos_on, frozen, media):
    login(client, world.staff_alpha1)
    response = post(client, b"\xff\xd8\xff" + bytes(400 * 1024))
    assert "Foto terlalu besar (401 KB; paling besar 300 KB)." in text(response)
    assert not CheckIn.objects.exists() and stored_files(media) == []


def test_a_retry_of_the_same_form_keeps_one_row_and_one_file(client, world, photos_on, frozen, media):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    post(client, token=token)
    frozen.set(MONDAY, 7, 25)
    again = post(client, token=token)
    assert "Sudah tercatat sebelumnya: Presensi masuk pukul 07:24." in text(again)
    row = CheckIn.objects.get()
    assert stored_files(media) == [media / row.photo.name]


def test_a_check_in_that_still_needs_a_reason_stores_no_file(client, world, photos_on, frozen, media, monkeypatch):
    """The photo is written only once a row is about to be inserted: no file is written and deleted again."""
    from attendance.checkin import photos

    written = []
    store = photos.store
    monkeypatch.setattr(photos, "store", lambda *a: written.append(1) or store(*a))
    login(client, world.staff_alpha1)
    response = post(client, point=north_of(OFFICE, 320))
    assert "alasan wajib diisi" in text(response)
    assert not CheckIn.objects.exists() and stored_files(media) == [] and written == []
    post(client)
    assert written == [1] and stored_files(media) == [media / CheckIn.objects.get().photo.name]


def test_a_check_out_takes_its_own_photo(client, world, photos_on, frozen, media):
    login(client, world.staff_alpha1)
    post(client)
    frozen.set(MONDAY, 16, 5)
    post(client, face_sample.jpeg(face_sample.face(seed=4)))
    rows = list(CheckIn.objects.order_by("at"))
    assert [r.kind for r in rows] == ["in", "out"] and rows[0].photo.name != rows[1].photo.name
    assert len(stored_files(media)) == 2


def test_a_unit_with_photos_switched_off_asks_for_none_and_keeps_none(client, world, office, frozen, media):
    assert office.photo_required is False  # tests/conftest.py: off unless a test turns it on
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert "data-photo" not in html and "multipart" not in html
    post(client, photo=FACE)
    assert CheckIn.objects.get().photo.name == "" and stored_files(media) == []


def test_a_kiosk_qr_check_in_needs_no_photo(client, world, photos_on, frozen, media):
    now = frozen.set(MONDAY, 7, 24)
    login(client, world.staff_alpha1)
    response = client.get(f"/presensi/qr/{kiosk.issue(photos_on.code, now)}/")
    assert response.status_code == 200 and "Tersimpan: Presensi masuk pukul 07:24." in text(response)
    row = CheckIn.objects.get()
    assert row.method == "qr" and row.photo.name == "" and stored_files(media) == []


def test_the_person_sees_their_photo_beside_their_check_in(client, world, photos_on, frozen):
    login(client, world.staff_alpha1)
    post(client)
    row = CheckIn.objects.get()
    html = client.get("/saya/").content.decode()
    url = f"/presensi/foto/{row.pk}/{Path(row.photo.name).stem}/"
    assert f'<a class="photo-thumb" href="{url}"><img src="{url}" alt="Foto wajah saat Presensi masuk pukul 07:24"' in html


def test_an_admin_switches_photos_off_for_a_unit_in_the_unit_form(client, world, photos_on):
    login(client, world.admin_user)
    form = client.get(f"/unit/{photos_on.code}/ubah/").content.decode()
    assert 'name="photo_required"' in form and "foto wajah saat presensi" in form.lower()
    fields = {
        "code": photos_on.code, "name": photos_on.name, "short_name": photos_on.short_name, "kind": photos_on.kind,
        "parent": photos_on.parent_id, "latitude": "-3.790000", "longitude": "102.250000",
        "geofence_radius_m": "50", "outside_fence": "flag", "passkeys": "switchover", "schedule": photos_on.schedule_id, "is_active": "on",
    }
    assert client.post(f"/unit/{photos_on.code}/ubah/", fields).status_code == 302
    photos_on.refresh_from_db()
    assert photos_on.photo_required is False
    assert "Tidak diminta" in client.get(f"/unit/{photos_on.code}/").content.decode()
    client.post(f"/unit/{photos_on.code}/ubah/", {**fields, "photo_required": "on"})
    photos_on.refresh_from_db()
    assert photos_on.photo_required is True
