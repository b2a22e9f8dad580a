"""The request form: each refusal said in Bahasa Indonesia, nothing saved when refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policy.models import Arrangement, AuditEvent, Sanction
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import (
    MONDAY,
    TUESDAY,
    WEDNESDAY,
    allow_wfh,
    friday,  # noqa: F401
    make_policy,
    minimum,
    pending,
    staff,
)
from units.models import Employee, Holiday

pytestmark = pytest.mark.usefixtures("friday")


def post(client, **data):
    data = {"kind": "wfh", "start_date": MONDAY.isoformat(), "end_date": "", "reason": "", **data}
    return client.post("/pengajuan/baru/", data)


def errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_it_saves_an_allowed_wfh_request_and_records_it(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha1)
    response = post(client, reason="Menyusun laporan")
    arrangement = Arrangement.objects.get()
    assert response.status_code == 302 and response.url == f"/pengajuan/{arrangement.code}/"
    assert arrangement.status == "pending" and arrangement.working_days == 1
    assert arrangement.address == "Jl. Mawar 1"  # the registered home, kept with the request
    event = AuditEvent.objects.get()
    assert event.action == "requested" and event.arrangement == arrangement
    assert event.actor == world.staff_alpha1.user and event.note == "Menyusun laporan"


def test_it_names_the_policy_that_forbids_wfh(client, world):
    make_policy(world)
    login(client, world.staff_alpha1)
    html = errors(post(client))
    assert (
        "Ditolak: kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27; (Surat Edaran Wali Kota No. 800/1/2026) "
        "mewajibkan Anda bekerja di kantor pada Senin, 2 Maret 2026." in html
    )
    assert not Arrangement.objects.exists() and not AuditEvent.objects.exists()


def test_it_refuses_wfh_when_no_policy_allows_it(client, world):
    login(client, world.staff_alpha1)
    html = errors(post(client, kind="wfa", address="Jl. Pantai 2"))
    assert "tidak ada kebijakan yang mengizinkan WFH/WFA bagi Anda pada Senin, 2 Maret 2026" in html
    assert not Arrangement.objects.exists()


def test_it_names_the_week_when_the_wfh_cap_is_reached(client, world):
    allow_wfh(world, days=2)
    pending(world.staff_alpha1, start=MONDAY)
    pending(world.staff_alpha1, start=TUESDAY, status="approved")
    login(client, world.staff_alpha1)
    html = errors(post(client, start_date=WEDNESDAY.isoformat()))
    assert (
        "Ditolak: batas WFH/WFA 2 hari kerja per minggu menurut kebijakan &#x27;Uji coba WFH&#x27; terlampaui "
        "pada minggu 2–8 Maret 2026: 2 hari sudah disetujui, menunggu persetujuan atau ditugaskan, ditambah 1 hari yang "
        "diajukan." in html
    )
    assert Arrangement.objects.count() == 2


def test_it_does_not_count_rejected_or_cancelled_days_against_the_cap(client, world):
    allow_wfh(world, days=1)
    pending(world.staff_alpha1, start=MONDAY, status="rejected")
    pending(world.staff_alpha1, start=TUESDAY, status="cancelled")
    login(client, world.staff_alpha1)
    assert post(client, start_date=WEDNESDAY.isoformat()).status_code == 302


def test_it_refuses_an_overlap_with_another_request(client, world):
    allow_wfh(world)
    pending(world.staff_alpha1, kind="dl", start=MONDAY, end=TUESDAY, spt_number="094/1")
    login(client, world.staff_alpha1)
    html = errors(post(client, start_date=TUESDAY.isoformat()))
    assert (
        "Ditolak: tanggalnya bertabrakan dengan pengajuan lain Anda: Dinas luar, 2–3 Maret 2026 "
        "(Menunggu persetujuan)." in html
    )


def test_it_refuses_when_the_unit_would_fall_below_its_minimum(client, world):
    policy = allow_wfh(world)
    minimum(policy, world.dukcapil, 3, role=Employee.ServiceRole.PETUGAS_LAYANAN)
    counter = [
        staff(
            world, world.dukcapil, f"Petugas {i}", service_role=Employee.ServiceRole.PETUGAS_LAYANAN
        )
        for i in range(3)
    ]
    login(client, counter[0])
    html = errors(post(client))
    assert (
        "Ditolak: Disdukcapil akan kurang 1 petugas layanan pada Senin, 2 Maret 2026 (minimal 3 di kantor)."
        in html
    )
    assert not Arrangement.objects.exists()


def test_it_refuses_flexible_work_in_the_first_year_of_service(client, world):
    allow_wfh(world)
    newcomer = staff(world, world.kel_alpha1, "Pegawai Baru", start_date=dt.date(2025, 6, 1))
    login(client, newcomer)
    html = errors(post(client))
    assert (
        "Ditolak: Anda belum memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) karena masa kerja belum satu "
        "tahun: mulai bertugas 1 Juni 2025, memenuhi syarat sejak 1 Juni 2026." in html
    )


def test_it_refuses_flexible_work_under_a_disciplinary_sanction(client, world):
    allow_wfh(world)
    Sanction.objects.create(
        employee=world.staff_alpha1,
        level="sedang",
        description="Pemotongan tukin 25% selama 6 bulan",
        decree_number="800/7/2026",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 6, 30),
    )
    login(client, world.staff_alpha1)
    html = errors(post(client))
    assert (
        "Ditolak: Anda tidak memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) selama menjalani hukuman "
        "disiplin: Pemotongan tukin 25% selama 6 bulan, keputusan No. 800/7/2026, 1 Januari 2026 sampai "
        "30 Juni 2026." in html
    )


def test_it_allows_leave_despite_a_sanction_or_a_new_start(client, world):
    newcomer = staff(world, world.kel_alpha1, "Pegawai Baru", start_date=dt.date(2025, 6, 1))
    login(client, newcomer)
    assert post(client, kind="izin", reason="Mengurus akta anak").status_code == 302


def test_it_shows_every_reason_at_once(client, world):
    make_policy(world)
    pending(world.staff_alpha1, kind="izin", start=MONDAY, reason="x")
    Sanction.objects.create(
        employee=world.staff_alpha1,
        level="ringan",
        description="Teguran tertulis",
        start_date=dt.date(2026, 2, 1),
    )
    login(client, world.staff_alpha1)
    html = errors(post(client))
    assert "mewajibkan Anda bekerja di kantor" in html
    assert "selama menjalani hukuman disiplin: Teguran tertulis, sejak 1 Februari 2026." in html
    assert "bertabrakan dengan pengajuan lain Anda: Izin" in html


def test_it_asks_for_the_address_of_wfa_and_the_spt_of_dinas_luar(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha1)
    assert "Isi alamat tempat Anda bekerja selama WFA." in errors(post(client, kind="wfa"))
    assert "Isi nomor SPT dinas luar." in errors(post(client, kind="dl"))
    assert "Tuliskan alasan izin." in errors(post(client, kind="izin"))
    assert "Pilih jenis cuti." in errors(post(client, kind="cuti"))
    assert not Arrangement.objects.exists()


def test_it_keeps_what_was_typed_when_refused(client, world):
    login(client, world.staff_alpha1)
    html = errors(
        post(client, kind="wfa", address="Jl. Pantai Panjang 7", reason="Dekat orang tua")
    )
    assert 'value="Jl. Pantai Panjang 7"' in html and "Dekat orang tua" in html
    assert 'value="2026-03-02"' in html


def test_it_refuses_wfh_from_home_when_the_home_address_is_missing(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha2)
    html = client.get("/pengajuan/baru/").content.decode()
    assert "Alamat domisili Anda belum terdaftar" in html
    assert (
        "Alamat domisili Anda belum terdaftar, jadi WFH dari rumah belum bisa diajukan"
        in errors(post(client))
    )


def test_it_names_the_policy_even_without_a_home_address(client, world):
    make_policy(world)
    login(client, world.staff_alpha2)
    html = errors(post(client))
    assert "Alamat domisili Anda belum terdaftar" in html
    assert "mewajibkan Anda bekerja di kantor pada Senin, 2 Maret 2026" in html


def test_it_shows_the_registered_home_address_for_wfh(client, world):
    allow_wfh(world)  # WFH is offered only where a policy allows it
    login(client, world.staff_alpha1)
    assert (
        "Dari alamat domisili terdaftar: Jl. Mawar 1."
        in client.get("/pengajuan/baru/").content.decode()
    )


def test_it_stores_the_wfa_address_and_the_spt_number(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha1)
    post(client, kind="wfa", address="Jl. Pantai 2", spt_number="ignored")
    post(
        client,
        kind="dl",
        start_date=TUESDAY.isoformat(),
        spt_number="094/12/2026",
        address="ignored",
    )
    wfa, dl = Arrangement.objects.order_by("start_date")
    assert (wfa.address, wfa.spt_number) == ("Jl. Pantai 2", "")
    assert (dl.address, dl.spt_number) == ("", "094/12/2026")


def test_it_counts_only_working_days_in_a_range(client, world):
    Holiday.objects.create(date=TUESDAY, name="Libur uji", category="public")
    login(client, world.staff_alpha1)
    response = post(
        client, kind="izin", start_date="2026-02-27", end_date="2026-03-04", reason="Keluarga"
    )
    assert response.status_code == 302
    assert Arrangement.objects.get().working_days == 3  # Fri, Mon, Wed


def test_it_refuses_a_range_without_working_days(client, world):
    login(client, world.staff_alpha1)
    html = errors(
        post(client, kind="izin", start_date="2026-02-28", end_date="2026-03-01", reason="x")
    )
    assert "Rentang tanggal ini tidak berisi hari kerja Anda" in html


def test_it_refuses_an_end_before_the_start_and_wfh_in_the_past(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha1)
    assert "Tanggal akhir tidak boleh sebelum tanggal mulai." in errors(
        post(client, end_date="2026-03-01")
    )
    assert "pilih hari ini atau sesudahnya" in errors(post(client, start_date="2026-02-26"))


def test_it_accepts_a_sick_letter_and_refuses_other_files(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.staff_alpha1)
    letter = SimpleUploadedFile(
        "surat dokter Siti.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    assert post(client, kind="sakit", start_date="2026-02-26", attachment=letter).status_code == 302
    stored = Arrangement.objects.get().attachment.name
    assert stored.startswith("surat/") and stored.endswith(".pdf") and "Siti" not in stored
    exe = SimpleUploadedFile("surat.exe", b"MZ", content_type="application/octet-stream")
    assert "Surat harus berupa berkas PDF, JPG atau PNG." in errors(
        post(client, kind="sakit", start_date=FRIDAY_ISO, attachment=exe)
    )
    big = SimpleUploadedFile("surat.png", b"0" * (2 * 1024 * 1024 + 1), content_type="image/png")
    assert "Surat paling besar 2 MB" in errors(
        post(client, kind="sakit", start_date=FRIDAY_ISO, attachment=big)
    )
    assert Arrangement.objects.count() == 1


FRIDAY_ISO = "2026-02-27"


def test_it_renders_only_the_fields_of_the_chosen_kind_for_htmx(client, world):
    login(client, world.staff_alpha1)
    response = client.get(
        "/pengajuan/baru/?kind=dl", headers={"HX-Request": "true", "HX-Target": "kind-fields"}
    )
    html = response.content.decode()
    assert '<div id="kind-fields"' in html and "<form" not in html
    assert '<div id="form-errors" hx-swap-oob="true"></div>' in html  # the last attempt's errors go
    assert 'name="spt_number"' in html and 'name="address"' not in html and "<h1" not in html


def test_it_shows_the_kind_fields_without_javascript(client, world):
    allow_wfh(world)  # WFA is offered only where a policy allows it
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/baru/?kind=wfa&reason=Dekat+rumah").content.decode()
    assert 'name="address"' in html and "Dekat rumah" in html
    assert 'formmethod="get"' in html
