"""Uploads are limited in size (settings.UPLOAD_MAX_BYTES for letters and attachments,
settings.IMPORT_MAX_BYTES for the staff import) and in type, checked by content. A refused upload says
why in Indonesian and keeps everything else the person typed. (Letters renamed to look like another
type: tests/security/test_letter_upload.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.models import Correction
from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import april  # noqa: F401
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import friday  # noqa: F401
from units.models import StaffImport

MB = 1024 * 1024
PDF = b"%PDF-1.7\n"
REASON = "Demam tinggi sejak Kamis malam, berobat ke puskesmas"


def pdf_of(size, name="surat.pdf"):
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


# --- Letters of requests (policy/arrangements/forms.py) -------------------------------------------------


def ask_sick_leave(client, attachment):
    data = {
        "kind": "sakit",
        "start_date": "2026-02-26",
        "end_date": "2026-02-27",
        "reason": REASON,
        "attachment": attachment,
    }
    return client.post("/pengajuan/baru/", data)


@pytest.mark.usefixtures("friday")
def test_a_letter_over_the_limit_is_refused_keeping_what_was_typed(client, world, settings, media):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    login(client, world.staff_alpha1)
    response = ask_sick_leave(client, pdf_of(MB + 100 * 1024))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Surat paling besar 1 MB; berkas ini 1,1 MB." in html
    assert REASON in html and 'value="2026-02-26"' in html and 'value="2026-02-27"' in html
    assert 'value="sakit"' in html and " checked" in html.split('value="sakit"')[1].split('>')[0]
    assert not Arrangement.objects.exists() and stored(media) == []

    assert ask_sick_leave(client, pdf_of(MB)).status_code == 302  # exactly the limit is fine
    assert Arrangement.objects.get().attachment.size == MB


@pytest.mark.usefixtures("friday")
def test_the_letter_field_states_the_limit_from_the_settings(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 3 * MB // 2
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/baru/", {"kind": "sakit"}).content.decode()
    assert "PDF, JPG atau PNG, paling besar 1,5 MB." in html


@pytest.mark.usefixtures("friday")
@pytest.mark.parametrize(
    "name, content",
    [
        ("surat.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("surat.html", b"<!doctype html><script>alert(1)</script>"),
        ("surat", PDF + b"no extension"),
        ("surat.pdf.exe", b"MZ\x90\x00"),
        ("surat.docx", b"PK\x03\x04 a word file"),
    ],
)
def test_a_letter_of_another_type_is_refused(client, world, media, name, content):
    login(client, world.staff_alpha1)
    html = ask_sick_leave(client, SimpleUploadedFile(name, content)).content.decode()
    assert "Surat harus berupa berkas PDF, JPG atau PNG." in html and REASON in html
    assert not Arrangement.objects.exists() and stored(media) == []


# --- Attachments of corrections (attendance/approvals/forms.py) -----------------------------------


def ask_correction(client, attachment):
    data = {
        "date": "2026-04-06",
        "kind": "lupa_pulang",
        "time_out": "16:05",
        "reason": REASON,
        "attachment": attachment,
    }
    return client.post("/koreksi/baru/", data)


@pytest.mark.usefixtures("april")
def test_an_attachment_over_the_limit_is_refused_keeping_what_was_typed(
    client, world, settings, media
):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    login(client, world.staff_alpha1)
    html = ask_correction(client, pdf_of(MB + 1)).content.decode()
    assert "Lampiran paling besar 1 MB; berkas ini 1,1 MB." in html
    assert REASON in html and 'value="2026-04-06"' in html and 'value="16:05"' in html
    assert not Correction.objects.exists() and stored(media) == []
    assert "paling besar 1 MB." in html  # the help text follows the setting too

    assert ask_correction(client, pdf_of(MB)).status_code == 302
    assert Correction.objects.get().attachment.size == MB


@pytest.mark.usefixtures("april")
@pytest.mark.parametrize(
    "name, content",
    [
        ("bukti.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bukti.png", b"<html><script>alert(1)</script></html>"),
        ("bukti.jpg", b"\x89PNG\r\n\x1a\n a png named jpg"),
    ],
)
def test_an_attachment_of_another_type_is_refused(client, world, media, name, content):
    login(client, world.staff_alpha1)
    html = ask_correction(client, SimpleUploadedFile(name, content)).content.decode()
    assert "Lampiran harus berupa berkas PDF, JPG atau PNG." in html and REASON in html
    assert not Correction.objects.exists() and stored(media) == []


# --- The staff import (units/staff_import/views.py, units/staff_import/importer.py) --------------------------------------

HEADER = "NIP,Nama,Jenis ASN,Jabatan,Kategori,Unit\n"


def import_file(client, name, content):
    return client.post("/pegawai/impor/", {"file": SimpleUploadedFile(name, content)})


def test_an_import_over_its_own_limit_is_refused(client, world, settings):
    settings.IMPORT_MAX_BYTES = 2 * MB
    settings.UPLOAD_MAX_BYTES = 1 * MB  # the letters' limit does not apply to the import
    login(client, world.admin_user)
    row = "198612032015051001,Pegawai,PNS,Pengadministrasi Umum,pelaksana,17.99.01.1001\n"
    big = (HEADER + row * (2 * MB // len(row) + 1)).encode()
    html = import_file(client, "pegawai.csv", big).content.decode()
    assert "Berkas terlalu besar (lebih dari 2 MB). Bagi menjadi beberapa berkas." in html
    assert not StaffImport.objects.exists()

    small = (HEADER + row * (MB // len(row) + 10)).encode()  # over the letters' 1 MB, under 2 MB
    assert import_file(client, "pegawai.csv", small).status_code == 302


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("pegawai.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan CSV teks"),
        ("pegawai.csv", b"\x81\x8d\x8f\x90\x9d" * 20, "tidak dapat dibaca sebagai teks"),
        ("pegawai.xlsx", b"NIP,Nama\n1,2\n", "Berkas XLSX tidak dapat dibaca"),
        ("pegawai.exe", b"MZ\x90\x00", "Unggah berkas .csv atau .xlsx."),
    ],
)
def test_an_import_that_is_not_a_table_is_refused(client, world, name, content, message):
    login(client, world.admin_user)
    response = import_file(client, name, content)
    assert response.status_code == 200 and message in response.content.decode()
    assert not StaffImport.objects.exists()
