"""A request's page: details and audit trail, for the person, their head(s) and admins only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policy.arrangements import requests
from policy.models import Arrangement
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import allow_wfh, friday, pending  # noqa: F401

pytestmark = pytest.mark.usefixtures("friday")


@pytest.fixture
def decided(world):
    allow_wfh(world)
    arrangement = pending(world.staff_alpha1, reason="Laporan triwulan")
    requests.approve(arrangement, world.lurah_alpha1.user, note="Silakan, kirim laporan sore hari")
    return arrangement


@pytest.mark.parametrize("who", ["staff_alpha1", "lurah_alpha1", "camat_alpha", "admin_user"])
def test_it_shows_the_request_and_its_audit_trail(client, world, decided, who):
    login(client, getattr(world, who))
    html = client.get(f"/pengajuan/{decided.code}/").content.decode()
    assert "Siti Alpha" in html and "Laporan triwulan" in html
    assert "Jejak audit" in html and "Pengajuan disetujui" in html
    assert "Lurah Alpha Satu" in html and "Silakan, kirim laporan sore hari" in html


@pytest.mark.parametrize("who", ["staff_alpha2", "lurah_beta1", "operator_alpha1", "head_dukcapil"])
def test_it_hides_the_request_from_everyone_else(client, world, decided, who):
    login(client, getattr(world, who))
    assert client.get(f"/pengajuan/{decided.code}/").status_code == 404


def test_it_lists_the_persons_other_requests(client, world, decided):
    other = pending(
        world.staff_alpha1, kind="izin", start=decided.start_date.replace(day=9), reason="x"
    )
    login(client, world.lurah_alpha1)
    html = client.get(f"/pengajuan/{decided.code}/").content.decode()
    assert f"/pengajuan/{other.code}/" in html


def test_it_offers_no_way_to_edit_the_audit_trail(client, world, decided):
    login(client, world.admin_user)
    html = client.get(f"/pengajuan/{decided.code}/").content.decode()
    trail = html.split("Jejak audit", 1)[1].split("</ol>", 1)[0]
    assert "<form" not in trail and "<button" not in trail


def test_it_serves_the_sick_letter_to_the_head_only_in_scope(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.staff_alpha1)
    letter = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 uji", content_type="application/pdf")
    client.post(
        "/pengajuan/baru/",
        {
            "kind": "sakit",
            "start_date": "2026-02-27",
            "end_date": "",
            "reason": "",
            "attachment": letter,
        },
    )
    arrangement = Arrangement.objects.get()
    login(client, world.lurah_alpha1)
    response = client.get(f"/pengajuan/{arrangement.code}/surat/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 uji"
    assert response["Content-Disposition"] == f'attachment; filename="surat-{arrangement.code}.pdf"'
    login(client, world.lurah_beta1)
    assert client.get(f"/pengajuan/{arrangement.code}/surat/").status_code == 404


def test_it_turns_away_an_account_without_an_employee(client, world):
    login(client, world.admin_user)
    assert client.get("/pengajuan/").status_code == 403
    assert client.get("/pengajuan/baru/").status_code == 403
