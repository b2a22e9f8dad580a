"""The attached file: a PDF, JPG or PNG by its content, within settings.UPLOAD_MAX_BYTES, refused in the
words of the form that asks for it, stored under a random name."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from policy.approvals.attachments import AttachmentField, megabytes, renamed


class LetterForm(forms.Form):
    letter = AttachmentField(
        required=False,
        error_messages={"wrong_type": "Bukan surat.", "too_big": "Paling besar %(max)s MB, ini %(size)s MB."},
    )


def errors(name, content):
    form = LetterForm(files={"letter": SimpleUploadedFile(name, content)})
    return form.errors.get("letter", [])


def test_it_accepts_a_real_pdf_jpg_or_png():
    assert errors("surat.pdf", b"%PDF-1.7 ...") == []
    assert errors("foto.JPEG", b"\xff\xd8\xff\xe0 ...") == []
    assert errors("foto.png", b"\x89PNG\r\n\x1a\n ...") == []
    assert LetterForm(files={}).is_valid()


@pytest.mark.parametrize(
    "name, content",
    [("surat.exe", b"MZ"), ("surat.pdf", b"MZ not a pdf"), ("surat", b"%PDF-1.7"), ("foto.jpg", b"\x89PNG\r\n\x1a\n")],
)
def test_it_refuses_another_type_whatever_its_name(name, content):
    assert errors(name, content) == ["Bukan surat."]


def test_it_refuses_a_file_over_the_limit_before_reading_it(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    assert errors("surat.pdf", b"%PDF-" + b"0" * (1024 * 1024)) == ["Paling besar 1 MB, ini 1,1 MB."]
    assert errors("surat.png", b"0" * (1024 * 1024 + 1)) == ["Paling besar 1 MB, ini 1,1 MB."]


def test_it_says_sizes_the_indonesian_way():
    assert [megabytes(n) for n in (2 * 1024 * 1024, 3 * 1024 * 1024 // 2, 2 * 1024 * 1024 + 1)] == ["2", "1,5", "2,1"]


def test_it_stores_an_upload_under_a_random_name():
    upload = SimpleUploadedFile("Surat dokter Siti.PDF", b"%PDF-1.7")
    stored = renamed(upload)
    assert stored is upload and upload.name.endswith(".pdf") and "Siti" not in upload.name
    assert renamed(None) == ""
