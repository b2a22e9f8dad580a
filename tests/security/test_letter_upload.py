"""A sick letter must be what its name says (PDF, JPG or PNG), not any file renamed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policy.models import Arrangement
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import friday  # noqa: F401

pytestmark = pytest.mark.usefixtures("friday")


def post_letter(client, name, content):
    return client.post(
        "/pengajuan/baru/",
        {
            "kind": "sakit",
            "start_date": "2026-02-27",
            "end_date": "",
            "reason": "",
            "attachment": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("surat.pdf", b"<html><script>alert(1)</script></html>"),
        ("surat.png", b"MZ\x90\x00 not an image"),
        ("surat.jpg", b"%PDF-1.4 a pdf named jpg"),
    ],
)
def test_it_refuses_a_file_that_is_not_what_its_name_says(
    client, world, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.staff_alpha1)
    response = post_letter(client, name, content)
    assert response.status_code == 200
    assert "Surat harus berupa berkas PDF, JPG atau PNG." in response.content.decode()
    assert not Arrangement.objects.exists() and not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize(
    "name, content",
    [
        ("surat.pdf", b"%PDF-1.7\n..."),
        ("surat.PNG", b"\x89PNG\r\n\x1a\n...."),
        ("surat.jpeg", b"\xff\xd8\xff\xe0..JFIF"),
    ],
)
def test_it_accepts_real_letters(client, world, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.staff_alpha1)
    response = post_letter(client, name, content)
    assert response.status_code == 302
    assert Arrangement.objects.get().attachment.read() == content
