"""Face photos under UU 27/2022: named in the privacy notice with their basis, in "Unduh data saya" while
kept, and deleted with the coordinates after PERSONAL_DATA_RETENTION_DAYS."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from attendance.checkin import face_sample
from attendance.models import CheckIn
from policy.models import AuditEvent
from tests.attendance.approvals.test_correction_fixtures import april, check  # noqa: F401
from tests.attendance.privacy.test_my_data import download, rows
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")

# Today is Friday 10 April 2026; with the default 92 days the cutoff is Thursday 8 January 2026.
OLD, NEW = dt.date(2026, 1, 7), dt.date(2026, 1, 8)
MONDAY = dt.date(2026, 4, 6)
FACE = face_sample.jpeg(face_sample.face(seed=6))


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photographed(person, day, kind="in", hh=7, mm=20, data=FACE) -> CheckIn:
    row = check(person, day, kind, hh, mm, latitude="-3.812345", longitude="102.267890", accuracy_m=9,
                distance_m=20, location="inside")
    row.photo.save("foto.jpg", ContentFile(data))
    return row


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_the_purge_deletes_old_photos_with_their_coordinates_and_keeps_newer_ones(world, media):
    siti = world.staff_alpha1
    old_in, old_out = photographed(siti, OLD), photographed(siti, OLD, "out", 16, 5)
    new = photographed(siti, NEW)
    old_files = [media / old_in.photo.name, media / old_out.photo.name]

    assert "check-in face photos deleted: 2" in purge("--dry-run")
    assert all(f.exists() for f in old_files)
    output = purge()

    assert "check-in face photos deleted: 2" in output
    assert not any(f.exists() for f in old_files)
    for row in (old_in, old_out):
        row.refresh_from_db()
        assert row.photo.name == "" and row.latitude is None
        assert row.distance_m == 20 and row.location == "inside"  # what the recaps need stays
    new.refresh_from_db()
    assert new.photo.name and (media / new.photo.name).read_bytes() == FACE and new.latitude is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_PURGED)
    assert event.data["photos"] == 2
    assert "check-in face photos deleted: 0" in purge("--dry-run")


def test_the_purge_blanks_a_row_whose_file_is_already_gone(world, media):
    row = photographed(world.staff_alpha1, OLD)
    (media / row.photo.name).unlink()
    purge()
    row.refresh_from_db()
    assert row.photo.name == ""


def test_the_download_holds_the_persons_photos_and_nobody_elses(client, world):
    siti, budi = world.staff_alpha1, world.staff_alpha2
    own = photographed(siti, MONDAY)
    other_face = face_sample.jpeg(face_sample.face(seed=7))
    photographed(budi, MONDAY, data=other_face)
    check(siti, MONDAY, "out", 16, 5)  # no photo (a kiosk check-out)
    login(client, siti)

    archive = download(client)

    name = f"foto/presensi-20260406-in-{own.pk}.jpg"
    photos_in_zip = [n for n in archive.namelist() if n.startswith("foto/")]
    assert photos_in_zip == [name]
    assert archive.read(name) == FACE
    checkins = rows(archive, "presensi.csv")
    column = checkins[0].index("Foto wajah")
    assert [r[column] for r in checkins[1:]] == [name, ""]
    assert "foto/: foto wajah yang diambil saat presensi" in archive.read("README.txt").decode()


def test_the_privacy_notice_names_the_photo_its_basis_who_sees_it_and_how_long(client, db):
    html = client.get("/privasi/").content.decode()
    assert 'id="foto-wajah"' in html and "Foto wajah saat presensi" in html
    assert "Surat Edaran BKPSDM Kota Bengkulu Nomor 4 Tahun 2025" in html
    assert "Pasal 4 ayat (2) huruf b" in html and "Pasal 20 ayat (2) huruf c" in html
    assert "tidak membuat templat wajah" in html and "operator unit dan warga tidak dapat melihatnya" in html
    assert "dihapus otomatis 92 hari setelah hari presensinya" in html
    assert "tidak mengambil foto wajah" not in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_purge_of_photos_runs_a_fixed_number_of_queries(world, size, django_assert_num_queries):
    siti = world.staff_alpha1
    for n in range(size):
        photographed(siti, OLD - dt.timedelta(days=n))
    # 4 counts and the photos' keys, the actor, the list of photos and its UPDATE, the UPDATE of coordinates,
    # the two empty lists of letters and correction files, the photos' keys again, the audit event.
    with django_assert_num_queries(13):
        purge()
    assert not CheckIn.objects.exclude(photo="").exists()


def test_the_purge_sweeps_photo_files_no_row_names_from_the_old_days_folders(world, media):
    """A check-in whose request failed after its photo was written (the database gone) leaves a file: it
    goes with the same retention, and a newer one stays until then."""
    kept = photographed(world.staff_alpha1, OLD)
    old_stray = media / "presensi/2026/01/07/0123456789abcdef0123456789abcdef.jpg"
    new_stray = media / "presensi/2026/01/08/fedcba9876543210fedcba9876543210.jpg"
    for stray in (old_stray, new_stray):
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_bytes(FACE)
    kept_file = media / kept.photo.name  # written today (the test's clock), so in a newer folder

    assert "photo files without a check-in deleted: 1" in purge("--dry-run")
    output = purge()

    assert "check-in face photos deleted: 1" in output and "photo files without a check-in deleted: 1" in output
    assert not old_stray.exists() and not old_stray.parent.exists()
    assert new_stray.exists() and not kept_file.exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.DATA_PURGED).data["stray_photos"] == 1
