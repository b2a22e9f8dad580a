"""A DL's activity site on the request (SE BKPSDM 4/2025): optional name, point and radius (15 m by default),
refusals in Bahasa Indonesia, and the site shown on the request's page and in the approval row."""

import re
from decimal import Decimal

import pytest

from policy.arrangements.forms import RequestForm
from policy.models import Arrangement, AuditEvent
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import MONDAY, friday, pending  # noqa: F401

pytestmark = pytest.mark.usefixtures("friday")

SITE = {"site_name": "Aula Kantor Gubernur Bengkulu", "site_latitude": "-3.758900", "site_longitude": "102.275500"}


def post(client, **data):
    data = {"kind": "dl", "start_date": MONDAY.isoformat(), "end_date": "", "reason": "Rapat", "spt_number": "094/7",
            **data}
    return client.post("/pengajuan/baru/", data)


def form(world, **data) -> RequestForm:
    data = {"kind": "dl", "start_date": MONDAY.isoformat(), "spt_number": "094/7", **data}
    return RequestForm(data, employee=world.staff_alpha1)


def test_it_stores_a_dl_with_its_activity_site_and_a_15_m_radius(client, world):
    login(client, world.staff_alpha1)
    response = post(client, **SITE)
    dl = Arrangement.objects.get()
    assert response.status_code == 302
    assert (dl.site_name, dl.site_latitude, dl.site_longitude, dl.site_radius_m) == (
        "Aula Kantor Gubernur Bengkulu", Decimal("-3.758900"), Decimal("102.275500"), 15
    )
    event = AuditEvent.objects.get()
    assert event.data["site"] == "Aula Kantor Gubernur Bengkulu" and event.data["site_radius_m"] == 15


def test_it_stores_a_dl_without_a_site(client, world):
    login(client, world.staff_alpha1)
    post(client)
    dl = Arrangement.objects.get()
    assert (dl.site_name, dl.site_latitude, dl.site_radius_m) == ("", None, None)


def test_it_takes_a_typed_radius_a_decimal_comma_and_rounds_to_six_decimals(world):
    found = form(world, **{**SITE, "site_latitude": "-3,75891234", "site_radius_m": "40"})
    assert found.is_valid(), found.errors
    data = found.cleaned_data
    assert (data["site_latitude"], data["site_radius_m"]) == (Decimal("-3.758912"), 40)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({**SITE, "site_longitude": ""}, "site_longitude", "Isi lintang dan bujur lokasi kegiatan, atau kosongkan keduanya."),
        ({**SITE, "site_latitude": ""}, "site_latitude", "Isi lintang dan bujur lokasi kegiatan, atau kosongkan keduanya."),
        ({**SITE, "site_latitude": "-91"}, "site_latitude", "Lintang berada di antara -90 dan 90."),
        ({**SITE, "site_longitude": "180.5"}, "site_longitude", "Bujur berada di antara -180 dan 180."),
        ({**SITE, "site_latitude": "utara"}, "site_latitude", "Tulis lintang sebagai angka desimal, misalnya -3.795600."),
        ({**SITE, "site_longitude": "nan"}, "site_longitude", "Tulis bujur sebagai angka desimal, misalnya 102.259200."),
        ({**SITE, "site_radius_m": "2"}, "site_radius_m", "Radius paling kecil 5 m."),
        ({**SITE, "site_radius_m": "9000"}, "site_radius_m", "Radius paling besar 5000 m."),
        ({**SITE, "site_name": " "}, "site_name", "Beri nama lokasi kegiatan, misalnya: Aula Kantor Gubernur Bengkulu."),
        ({"site_name": "Aula"}, "site_name", "Isi lintang dan bujur lokasi kegiatan, atau kosongkan namanya."),
        ({"site_radius_m": "30"}, "site_radius_m", "Radius dipakai bersama titik lokasi kegiatan: isi lintang dan bujurnya."),
    ],
)
def test_it_refuses_an_incomplete_or_impossible_site_in_indonesian(world, data, field, message):
    found = form(world, **data)
    assert not found.is_valid()
    assert found.errors[field] == [message]


def test_another_kind_keeps_no_site(client, world):
    login(client, world.staff_alpha1)
    post(client, kind="izin", reason="Urusan keluarga", **SITE, site_radius_m="20")
    izin = Arrangement.objects.get()
    assert (izin.kind, izin.site_name, izin.site_latitude, izin.site_radius_m) == ("izin", "", None, None)


def test_the_form_shows_the_site_fields_for_a_dl_only(client, world):
    login(client, world.staff_alpha1)
    dl = client.get("/pengajuan/baru/?kind=dl").content.decode()
    assert "Lokasi kegiatan (tidak wajib)" in dl
    for label in ("Nama lokasi kegiatan", "Lintang (latitude)", "Bujur (longitude)", "Radius presensi (meter)"):
        assert f">{label}:</label>" in dl
    assert "Gunakan lokasi saya sekarang" in dl and re.search(r"<p hidden data-site-point", dl)
    assert "js/site_point" in dl
    assert "Lokasi kegiatan (tidak wajib)" not in client.get("/pengajuan/baru/?kind=izin").content.decode()
    fragment = client.get("/pengajuan/baru/?kind=dl", headers={"HX-Request": "true", "HX-Target": "kind-fields"})
    assert "Gunakan lokasi saya sekarang" in fragment.content.decode()


def test_the_request_page_and_the_approval_row_show_the_site(client, world):
    pending(world.staff_alpha1, kind="dl", spt_number="094/7", site_name="Aula Kantor Gubernur Bengkulu",
            site_latitude="-3.758900", site_longitude="102.275500", site_radius_m=20)
    login(client, world.lurah_alpha1)
    for url in ("/persetujuan/", f"/pengajuan/{Arrangement.objects.get().code}/"):
        html = client.get(url).content.decode()
        assert "Aula Kantor Gubernur Bengkulu, radius 20 m · -3.758900, 102.275500" in html, url
        assert "Presensi pada hari dinas luar ini dilakukan di lokasi kegiatan." in html
        assert 'href="https://www.openstreetmap.org/?mlat=-3.758900&amp;mlon=102.275500' in html
