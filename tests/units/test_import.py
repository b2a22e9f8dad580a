"""Staff import: row-level errors in the preview, nothing written before the admin confirms,
and a re-import updates by NIP."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import login
from units import imports
from units.models import Employee, StaffImport

# The personas' NIPs start 19860926201505 (tests/conftest.py), so these are born on other days.
PNS_NIP = "198612032015051001"  # born 1986-12-03, TMT CPNS 2015-05, male, sequence 001
PPPK_NIP = "199009132025242014"
HEADER = "NIP,Nama,Jenis ASN,Jabatan,Kategori,Unit"


def csv_file(lines, name="pegawai.csv", delimiter=","):
    text = "\n".join(line.replace(",", delimiter) for line in lines) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def upload(client, file):
    return client.post("/pegawai/impor/", {"file": file})


def valid_lines(count, start=1, jabatan="Pengadministrasi Umum"):
    """`count` valid PNS rows with distinct NIPs (sequence numbers from `start`)."""
    return [
        f"19910215201903{1 + (n % 2)}{n:03d},Pegawai {n},PNS,{jabatan},pelaksana,17.99.01.1001"
        for n in range(start, start + count)
    ]


def preview_of(response) -> StaffImport:
    assert response.status_code == 302, response.content.decode()[:2000]
    return StaffImport.objects.get(code=response.url.rstrip("/").rsplit("/", 1)[-1])


def run_to_end(client, job):
    for _ in range(100):
        client.post(f"/pegawai/impor/{job.code}/proses/")
        job.refresh_from_db()
        if job.status == StaffImport.Status.DONE:
            return job
    raise AssertionError("import did not finish")


def test_it_shows_row_level_errors_in_indonesian_and_writes_nothing(client, world):
    login(client, world.admin_user)
    before = Employee.objects.count()
    file = csv_file(
        [
            HEADER,
            f"{PNS_NIP},Andi Saputra,PNS,Analis SDM,fungsional,17.99.01.1001",
            "19861203201505100,Nama Pendek NIP,PNS,Analis,fungsional,17.99.01.1001",
            f"{PPPK_NIP},Rina PPPK,PPPK,Perawat,fungsional,17.99.99",
            "198709262015052002,Kategori Salah,PNS,Staf,eselon,17.99.01.1001",
            f"{PNS_NIP},Andi Kembar,PNS,Analis SDM,fungsional,17.99.01.1001",
        ]
    )
    job = preview_of(upload(client, file))
    assert Employee.objects.count() == before
    assert job.status == StaffImport.Status.PREVIEW
    assert [r["action"] for r in job.rows] == ["create", "error", "error", "error", "error"]

    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "NIP harus 18 digit; yang diisi 17 digit." in html
    assert "Unit &quot;17.99.99&quot; tidak ditemukan" in html
    assert "Kategori &quot;eselon&quot; tidak dikenal" in html
    assert "sudah ada di baris 2 berkas ini" in html
    assert "Impor 1 pegawai baru? 4 baris bergalat tidak diimpor." in html
    assert Employee.objects.count() == before


def test_it_creates_only_the_valid_rows_when_the_admin_confirms(client, world):
    login(client, world.admin_user)
    file = csv_file(
        [
            HEADER + ",Peran layanan,Mulai bertugas",
            f"{PNS_NIP},Andi Saputra,PNS,Analis SDM,fungsional,17.99.01.1001,,",
            f"{PPPK_NIP},Rina PPPK,pppk,Perawat,Fungsional,Kelurahan Alpha Dua,"
            "Tenaga kesehatan,02-01-2025",
            "123,Salah,PNS,Staf,pelaksana,17.99.01.1001,,",
        ]
    )
    job = run_to_end(client, preview_of(upload(client, file)))
    assert job.summary["created"] == 2
    assert job.summary["skipped"] == 1
    andi = Employee.objects.get(nip=PNS_NIP)
    assert andi.unit == world.kel_alpha1
    assert andi.role == Employee.Role.STAFF
    assert andi.user is None
    assert andi.start_date.isoformat() == "2015-05-01"  # TMT from the NIP
    assert andi.service_role == Employee.ServiceRole.ADMINISTRASI
    rina = Employee.objects.get(nip=PPPK_NIP)
    assert (rina.asn_type, rina.unit) == ("PPPK", world.kel_alpha2)
    assert rina.service_role == Employee.ServiceRole.TENAGA_KESEHATAN
    assert rina.start_date.isoformat() == "2025-01-02"
    assert not Employee.objects.filter(nip="123").exists()


def test_it_changes_nothing_when_the_same_file_is_imported_again(client, world):
    login(client, world.admin_user)
    lines = [HEADER, *valid_lines(5)]
    run_to_end(client, preview_of(upload(client, csv_file(lines))))
    before = {e.nip: e.updated_at for e in Employee.objects.all()}

    job = preview_of(upload(client, csv_file(lines)))
    assert {r["action"] for r in job.rows} == {"same"}
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Tidak ada perubahan" in html
    job = run_to_end(client, job)
    assert (job.summary["created"], job.summary["updated"], job.summary["unchanged"]) == (0, 0, 5)
    assert {e.nip: e.updated_at for e in Employee.objects.all()} == before


def test_it_updates_a_changed_jabatan_by_nip_and_keeps_the_role(client, world):
    login(client, world.admin_user)
    lurah = world.lurah_alpha1
    line = f"{lurah.nip},Lurah Alpha Satu,PNS,Lurah Alpha Satu,struktural,17.99.01.1001"
    job = preview_of(upload(client, csv_file([HEADER, line])))
    assert job.rows[0]["action"] == "update"
    assert job.rows[0]["changes"] == [
        {"field": "jabatan", "old": "Pengadministrasi Umum", "new": "Lurah Alpha Satu"},
        {"field": "kategori", "old": "pelaksana", "new": "struktural"},
    ]
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Perbarui data 1 pegawai?" in html
    job = run_to_end(client, job)
    assert job.summary["updated"] == 1
    lurah.refresh_from_db()
    assert lurah.position_title == "Lurah Alpha Satu"
    assert lurah.role == Employee.Role.HEAD
    assert lurah.user is not None
    assert Employee.objects.filter(nip=lurah.nip).count() == 1


def xlsx_file(rows, name="pegawai.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_it_reads_an_xlsx_file_with_a_nip_stored_as_a_number(client, world):
    login(client, world.admin_user)
    number_nip = "198612032015051100"  # survives the 16 significant digits openpyxl writes
    file = xlsx_file(
        [
            ["DAFTAR PEGAWAI KELURAHAN ALPHA"],  # a title row above the header
            ["nip", "Nama Lengkap", "Status", "Jabatan", "Kategori Jabatan", "Unit Kerja", "TMT"],
            [int(number_nip), "Andi", "PNS", "Analis SDM", "fungsional", "Kelurahan Alpha Satu",
             dt.date(2016, 3, 1)],
            [PPPK_NIP, "Rina PPPK", "PPPK", "Perawat", "fungsional", "17.99.01.1002", None],
        ]
    )
    job = preview_of(upload(client, file))
    assert [(r["line"], r["data"]["nip"], r["action"]) for r in job.rows] == [
        (3, number_nip, "create"),
        (4, PPPK_NIP, "create"),
    ]
    assert "pastikan 3 digit terakhirnya benar" in job.rows[0]["warnings"][0]
    assert job.rows[1]["warnings"] == []
    run_to_end(client, job)
    assert Employee.objects.get(nip=number_nip).start_date == dt.date(2016, 3, 1)
    assert Employee.objects.get(nip=PPPK_NIP).unit == world.kel_alpha2


def test_it_explains_an_excel_nip_that_lost_its_last_digits(client, world):
    login(client, world.admin_user)
    header = ["NIP", "Nama", "Jenis ASN", "Jabatan", "Kategori", "Unit"]
    row = [float(PNS_NIP), "Andi", "PNS", "Analis", "fungsional", "17.99.01.1001"]
    job = preview_of(upload(client, xlsx_file([header, row])))
    assert job.rows[0]["action"] == "error"
    assert job.rows[0]["data"]["nip"] == "198612032015051000"  # no ".0", no exponent
    assert "Ubah format kolom NIP menjadi Teks" in job.rows[0]["errors"][-1]

    line = "1.98612E+17,Andi,PNS,Analis,fungsional,17.99.01.1001"  # Excel's CSV of a number cell
    job = preview_of(upload(client, csv_file([HEADER, line])))
    assert "angka ilmiah" in job.rows[0]["errors"][0]


def test_it_reads_a_semicolon_csv_from_indonesian_excel(client, world):
    login(client, world.admin_user)
    lines = [HEADER.replace(",", ";"), *(ln.replace(",", ";") for ln in valid_lines(3))]
    text = "\r\n".join(lines).encode("cp1252")  # "CSV (dipisahkan koma)" without a BOM
    job = preview_of(upload(client, SimpleUploadedFile("ekspor.csv", text)))
    assert [r["action"] for r in job.rows] == ["create"] * 3


def test_it_refuses_a_file_without_the_required_columns(client, world):
    login(client, world.admin_user)
    response = upload(client, csv_file(["NIP,Nama", f"{PNS_NIP},Andi"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kolom wajib tidak ditemukan: Jenis ASN, Jabatan, Kategori, Unit." in html
    response = upload(client, SimpleUploadedFile("pegawai.xls", b"\xd0\xcf\x11\xe0"))
    assert "Format .xls (Excel lama) tidak didukung" in response.content.decode()
    assert not StaffImport.objects.exists()


def test_it_refuses_the_import_to_heads_and_staff_and_sends_visitors_to_sign_in(client, world):
    job = StaffImport.objects.create(filename="x.csv", created_by=world.admin_user, rows=[])
    urls = ["/pegawai/impor/", f"/pegawai/impor/{job.code}/", "/pegawai/impor/templat.csv"]
    response = client.get(urls[0])
    assert response.status_code == 302 and response.url.startswith("/masuk/")
    for who in (world.lurah_alpha1, world.staff_alpha1):
        login(client, who)
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.post(f"/pegawai/impor/{job.code}/proses/").status_code == 403


@pytest.mark.parametrize("rows", [10, 200])
def test_it_checks_a_file_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, rows
):
    login(client, world.admin_user)
    file = csv_file([HEADER, *valid_lines(rows)])
    with django_assert_max_num_queries(8):
        job = preview_of(upload(client, file))
    assert len(job.rows) == rows


def test_it_returns_the_progress_partial_to_htmx_until_done(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    monkeypatch.setattr(imports, "CHUNK_SIZE", 2)
    response = client.post(f"/pegawai/impor/{job.code}/proses/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="import-run"')
    assert '<progress id="import-progress" max="3" value="2"' in html
    assert "2 dari 3 baris" in html
    assert 'hx-trigger="load"' in html
    response = client.post(f"/pegawai/impor/{job.code}/proses/", headers={"HX-Request": "true"})
    assert "Impor selesai" in response.content.decode()
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 3


def test_it_leaves_a_finished_import_alone_when_it_is_run_again(client, world):
    login(client, world.admin_user)
    job = run_to_end(client, preview_of(upload(client, csv_file([HEADER, *valid_lines(2)]))))
    Employee.objects.filter(nip=job.rows[0]["data"]["nip"]).update(position_title="Diubah manual")
    client.post(f"/pegawai/impor/{job.code}/proses/")
    assert Employee.objects.filter(position_title="Diubah manual").count() == 1


def test_it_cancels_a_preview_without_writing(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(2)])))
    response = client.post(f"/pegawai/impor/{job.code}/batal/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == StaffImport.Status.CANCELLED
    client.post(f"/pegawai/impor/{job.code}/proses/")
    assert not Employee.objects.filter(full_name__startswith="Pegawai ").exists()


def test_it_offers_a_template_and_the_rows_with_errors_as_csv(client, world):
    login(client, world.admin_user)
    response = client.get("/pegawai/impor/templat.csv")
    assert response["Content-Type"].startswith("text/csv")
    template = response.content.decode("utf-8-sig")
    assert template.splitlines()[0] == "NIP;Nama;Jenis ASN;Jabatan;Kategori;Unit;Peran layanan;Mulai bertugas"

    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(1), "123,Salah,PNS,Staf,x,17.99.01.1001"])))
    lines = client.get(f"/pegawai/impor/{job.code}/galat.csv").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("3;123;Salah;PNS;Staf;x;17.99.01.1001;;;")
    # The fixed file goes straight back in: the extra "Baris" and "Galat" columns are ignored.
    fixed = "\n".join([lines[0], f"3;{PNS_NIP};Benar;PNS;Staf;pelaksana;17.99.01.1001;;;"])
    job = preview_of(upload(client, SimpleUploadedFile("galat.csv", fixed.encode())))
    assert [r["action"] for r in job.rows] == ["create"]


def test_it_prefers_the_specific_column_when_a_file_has_two_that_fit(client, world):
    login(client, world.admin_user)
    header = "Status,NIP,Nama Lengkap,Jenis ASN,Jabatan,Kategori,Unit Kerja,Kode Unit"
    line = f"Aktif,{PNS_NIP},Andi,PNS,Analis,fungsional,Kelurahan Alpha Satu,17.99.01.1002"
    job = preview_of(upload(client, csv_file([header, line])))
    assert job.rows[0]["action"] == "create"
    assert job.rows[0]["data"]["unit"] == "17.99.01.1002"
