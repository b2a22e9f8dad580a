"""Staff import: row-level errors in the preview, nothing written before the admin confirms,
and a re-import updates by NIP. Reading and writing run on the task runner, inline in tests
(tests/test_tasks.py runs the real worker)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from tests.conftest import login
from units.models import Employee, StaffImport
from units.staff_import import importer

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
    """Confirm: the write task runs inline, so one POST writes every chunk."""
    client.post(f"/pegawai/impor/{job.code}/proses/")
    job.refresh_from_db()
    assert job.status == StaffImport.Status.DONE, job.status
    return job


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


def test_it_shows_a_file_without_the_required_columns_refused_on_the_import_page(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file(["NIP,Nama", f"{PNS_NIP},Andi"])))
    assert job.status == StaffImport.Status.FAILED
    assert job.upload is None  # the stored file is gone once read
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Berkas ditolak" in html
    assert "Kolom wajib tidak ditemukan: Jenis ASN, Jabatan, Kategori, Unit." in html
    assert 'href="/pegawai/impor/">Unggah berkas lagi</a>' in html
    assert f'hx-get="/pegawai/impor/{job.code}/"' not in html and "Setujui impor" not in html


def test_it_refuses_an_old_excel_file_at_once(client, world):
    login(client, world.admin_user)
    response = upload(client, SimpleUploadedFile("pegawai.xls", b"\xd0\xcf\x11\xe0"))
    assert response.status_code == 200
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
    # The upload and, inline, the task that reads it: job in, file out, units, employees, NIP rules, result.
    with django_assert_max_num_queries(11):
        job = preview_of(upload(client, file))
    assert len(job.rows) == rows


def test_it_returns_the_progress_partial_to_htmx_until_done(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)
    assert importer.start_writing(job.pk)
    importer.run_chunk(job.pk)  # the worker has written the first chunk
    poll = {"HX-Request": "true", "HX-Target": "import-run"}
    response = client.get(f"/pegawai/impor/{job.code}/", headers=poll)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="import-run"')
    assert '<progress id="import-progress" max="3" value="2"' in html
    assert "2 dari 3 baris" in html
    assert f'hx-get="/pegawai/impor/{job.code}/" hx-trigger="every 2s"' in html
    assert f'<a href="/pegawai/impor/{job.code}/">Muat ulang</a>' in html
    importer.run_chunk(job.pk)
    html = client.get(f"/pegawai/impor/{job.code}/", headers=poll).content.decode()
    assert "Impor selesai" in html and f'hx-get="/pegawai/impor/{job.code}/"' not in html
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 3


def test_it_confirms_with_htmx_and_answers_with_the_progress_card(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    response = client.post(f"/pegawai/impor/{job.code}/proses/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-run"')
    assert "Impor selesai" in html  # the task ran inline
    assert "3 pegawai baru ditambahkan" in html


def test_it_leaves_a_finished_import_alone_when_it_is_run_again(client, world):
    login(client, world.admin_user)
    job = run_to_end(client, preview_of(upload(client, csv_file([HEADER, *valid_lines(2)]))))
    Employee.objects.filter(nip=job.rows[0]["data"]["nip"]).update(position_title="Diubah manual")
    client.post(f"/pegawai/impor/{job.code}/proses/")
    assert Employee.objects.filter(position_title="Diubah manual").count() == 1


def test_it_keeps_the_rows_written_before_a_cancel_and_writes_no_more(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(5)])))
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)
    assert importer.start_writing(job.pk)
    importer.run_chunk(job.pk)
    response = client.post(f"/pegawai/impor/{job.code}/batal/", follow=True)
    assert "2 baris yang sudah diproses tetap tersimpan" in response.content.decode()
    importer.write_rows.call(job.pk)  # a worker that picks the task up later writes nothing
    job.refresh_from_db()
    assert (job.status, job.processed) == (StaffImport.Status.CANCELLED, 2)
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 2
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Dihentikan setelah 2 dari 5 baris" in html


def test_it_writes_each_row_once_when_the_write_task_runs_twice(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(5)])))
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)
    assert importer.start_writing(job.pk)
    assert not importer.start_writing(job.pk)  # a second confirmation claims nothing
    importer.run_chunk(job.pk)  # one worker wrote a chunk, then a second run of the task starts
    assert importer.write_rows.call(job.pk) == StaffImport.Status.DONE
    assert importer.write_rows.call(job.pk) == StaffImport.Status.DONE
    importer.write_rows.enqueue(job.pk)
    client.post(f"/pegawai/impor/{job.code}/proses/")  # a confirmation sent again
    job.refresh_from_db()
    assert (job.processed, job.summary["created"], job.summary["unchanged"]) == (5, 5, 0)
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 5


def test_it_writes_nothing_for_an_import_not_confirmed(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(2)])))
    importer.write_rows.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed) == (StaffImport.Status.PREVIEW, 0)
    assert not Employee.objects.filter(full_name__startswith="Pegawai ").exists()


def test_it_tries_a_chunk_again_after_an_integrity_error(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    real = Employee.objects.bulk_create
    failures = iter([True])

    def racing(objs, *args, **kwargs):
        # Another admin saved one of these NIPs between the chunk's read and its insert.
        if next(failures, False):
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Employee.objects, "bulk_create", racing)
    job = run_to_end(client, job)
    assert (job.processed, job.summary["created"]) == (3, 3)
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 3


def test_it_stops_with_a_clear_message_when_a_chunk_keeps_failing_and_resumes(
    client, world, monkeypatch
):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    real = Employee.objects.bulk_create

    def always(objs, *args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Employee.objects, "bulk_create", always)
    client.post(f"/pegawai/impor/{job.code}/proses/")
    job.refresh_from_db()
    assert (job.status, job.processed) == (StaffImport.Status.RUNNING, 0)
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Data pegawai berubah terus saat impor berjalan" in html
    assert ">Lanjutkan</button>" in html and 'hx-trigger="every' not in html  # no polling while stopped

    monkeypatch.setattr(Employee.objects, "bulk_create", real)
    job = run_to_end(client, job)  # "Lanjutkan" takes the import over
    assert (job.summary["created"], job.error) == (3, "")


def test_it_resumes_an_import_whose_worker_went_away(client, world, monkeypatch):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(3)])))
    assert importer.start_writing(job.pk)  # confirmed, but no worker ever ran the task
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Lanjutkan" not in html and "every 2s" in html
    later = importer.clock.now() + importer.STALLED_AFTER + dt.timedelta(seconds=1)
    monkeypatch.setattr(importer.clock, "now", lambda: later)
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Impor tidak bergerak selama beberapa menit" in html
    job = run_to_end(client, job)
    assert job.summary["created"] == 3


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


# --- Reading stops at the row limit, empty rows included (issue 11, item 5) -------------------------


def sheet_with_empty_rows(empty: int, wide: int = 6) -> bytes:
    """An XLSX of the header, one valid row and `empty` rows of styled empty cells, written as a
    hostile file would be: identical rows without row numbers, so 75 KB of zip hold 600,000 of
    them. openpyxl reads every such row (its cells are there, only empty)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Nama", "Jenis ASN", "Jabatan", "Kategori", "Unit"])
    sheet.append([PNS_NIP, "Andi", "PNS", "Analis SDM", "fungsional", "17.99.01.1001"])
    sheet["A3"].font = Font(bold=True)  # a cell style for the empty cells to point at
    base = io.BytesIO()
    book.save(base)
    source = zipfile.ZipFile(base)
    xml = source.read("xl/worksheets/sheet1.xml").decode()
    head, rest = xml.split("<sheetData>")
    rows, tail = rest.split("</sheetData>")
    written = rows.rsplit("<row", 1)[0]  # the header and the valid row, without row 3
    empty_row = "<row>" + '<c s="1"/>' * wide + "</row>"
    xml = f"{head}<sheetData>{written}{empty_row * empty}</sheetData>{tail}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for part in source.infolist():
            data = xml.encode() if part.filename == "xl/worksheets/sheet1.xml" else source.read(part)
            target.writestr(part.filename, data)
    return out.getvalue()


@pytest.fixture
def rows_parsed(monkeypatch):
    """How many rows openpyxl produced while the import read a sheet."""
    parsed = []
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            parsed.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return parsed


def test_it_refuses_an_xlsx_of_empty_rows_beyond_the_limit_without_reading_them(
    client, world, monkeypatch, rows_parsed
):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    login(client, world.admin_user)
    content = sheet_with_empty_rows(5_000)
    job = preview_of(upload(client, SimpleUploadedFile("pegawai.xlsx", content)))
    assert len(rows_parsed) <= 1 + 50 + 1  # the header, the limit, the row that broke it
    assert job.rows == []
    assert job.status == StaffImport.Status.FAILED
    assert "lebih dari 50 baris di bawah baris judul; baris kosong ikut dihitung" in job.error
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "Hapus baris kosong di bawah data" in html
    assert not Employee.objects.filter(nip=PNS_NIP).exists()


def test_it_refuses_a_real_size_xlsx_of_200000_empty_rows_after_the_first_20000(
    client, world, rows_parsed
):
    login(client, world.admin_user)
    content = sheet_with_empty_rows(200_000)
    assert len(content) < 100 * 1024
    job = preview_of(upload(client, SimpleUploadedFile("pegawai.xlsx", content)))
    assert len(rows_parsed) <= 1 + importer.MAX_ROWS + 1
    assert job.rows == []
    assert "lebih dari 20.000 baris di bawah baris judul" in job.error


def test_it_counts_a_gap_before_a_far_cell_as_rows(client, world, monkeypatch, rows_parsed):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    login(client, world.admin_user)
    book = Workbook()
    book.active.append(["NIP", "Nama", "Jenis ASN", "Jabatan", "Kategori", "Unit"])
    book.active.append([PNS_NIP, "Andi", "PNS", "Analis SDM", "fungsional", "17.99.01.1001"])
    book.active.cell(row=1_048_576, column=16_384).font = Font(bold=True)  # the sheet's last cell
    buffer = io.BytesIO()
    book.save(buffer)
    job = preview_of(upload(client, SimpleUploadedFile("pegawai.xlsx", buffer.getvalue())))
    assert len(rows_parsed) <= 1 + 50 + 1
    assert job.rows == []
    assert "baris kosong ikut dihitung" in job.error


def test_it_reads_a_sheet_up_to_the_limit_even_if_the_last_rows_are_empty(client, world, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    login(client, world.admin_user)
    content = sheet_with_empty_rows(49)  # one data row and 49 empty ones: 50 below the header
    job = preview_of(upload(client, SimpleUploadedFile("pegawai.xlsx", content)))
    assert job.status == StaffImport.Status.PREVIEW
    assert [r["action"] for r in job.rows] == ["create"]


def test_it_counts_the_empty_lines_of_a_csv_too(client, world, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    login(client, world.admin_user)
    lines = [HEADER, *valid_lines(1), *([""] * 49)]
    job = preview_of(upload(client, csv_file(lines)))
    assert job.status == StaffImport.Status.PREVIEW
    job = preview_of(upload(client, csv_file([*lines, ""])))
    assert job.rows == []
    assert job.status == StaffImport.Status.FAILED
    assert "baris kosong ikut dihitung" in job.error


def test_it_looks_for_the_header_in_the_first_ten_rows_only(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([*([""] * 9), HEADER, *valid_lines(1)])))
    assert job.status == StaffImport.Status.PREVIEW
    job = preview_of(upload(client, csv_file([*([""] * 10), HEADER, *valid_lines(1)])))
    assert "10 baris pertama berkas kosong" in job.error
    assert "hapus baris kosong di atasnya" in job.error


def test_it_refuses_an_xlsx_that_would_unpack_to_too_much_at_once(client, world, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 100 * 1024)
    login(client, world.admin_user)
    content = sheet_with_empty_rows(20_000)  # 20 KB of zip, about 1 MB of sheet
    response = upload(client, SimpleUploadedFile("pegawai.xlsx", content))
    assert response.status_code == 200
    assert "Isi berkas XLSX ini terlalu besar" in response.content.decode()
    assert not StaffImport.objects.exists()


# --- Reading off the request: the import's page while the task reads --------------------------------


def parsing_job(world, content: bytes, name="pegawai.csv") -> StaffImport:
    """An upload waiting for a worker."""
    return StaffImport.objects.create(
        filename=name, created_by=world.admin_user, status=StaffImport.Status.PARSING, upload=content
    )


def test_it_shows_progress_while_the_file_is_being_read(client, world):
    login(client, world.admin_user)
    job = parsing_job(world, "\n".join([HEADER, *valid_lines(2)]).encode())
    url = f"/pegawai/impor/{job.code}/"
    html = client.get(url).content.decode()
    assert "Sedang membaca berkas…" in html
    assert f'hx-get="{url}" hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert f'<a href="{url}">Muat ulang</a>' in html
    assert "Setujui impor" not in html

    poll = {"HX-Request": "true", "HX-Target": "import-wait"}
    response = client.get(url, headers=poll)
    assert response.content.decode().lstrip().startswith('<div id="import-wait"')
    assert response["Vary"] and "HX-Target" in response["Vary"]

    importer.parse_upload.enqueue(job.pk, "id")  # the worker reads it
    response = client.get(url, headers=poll)
    assert response["HX-Refresh"] == "true"  # htmx reloads the page, now the preview
    html = client.get(url).content.decode()
    assert "Impor 2 pegawai baru?" in html and "Sedang membaca" not in html
    job.refresh_from_db()
    assert job.upload is None


def test_it_says_so_when_no_worker_has_read_the_file_for_minutes(client, world, monkeypatch):
    login(client, world.admin_user)
    job = parsing_job(world, HEADER.encode())
    later = importer.clock.now() + importer.STALLED_AFTER + dt.timedelta(seconds=1)
    monkeypatch.setattr(importer.clock, "now", lambda: later)
    html = client.get(f"/pegawai/impor/{job.code}/").content.decode()
    assert "pekerja latar belakang mungkin tidak berjalan" in html
    client.post(f"/pegawai/impor/{job.code}/batal/")
    job.refresh_from_db()
    assert (job.status, job.upload) == (StaffImport.Status.CANCELLED, None)
    assert importer.parse_upload.call(job.pk, "id") == "skipped"


def test_it_reads_an_upload_once_when_the_task_runs_twice(client, world):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(2)])))
    assert job.status == StaffImport.Status.PREVIEW
    assert importer.parse_upload.call(job.pk, "id") == "skipped"
    job.refresh_from_db()
    assert len(job.rows) == 2


def test_it_marks_the_import_failed_when_reading_breaks(client, world, monkeypatch):
    login(client, world.admin_user)

    def broken(rows):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importer, "check_table", broken)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(1)])))
    assert job.status == StaffImport.Status.FAILED
    assert "galat pada sistem" in job.error and job.upload is None


@pytest.mark.parametrize("rows", [10, 2000])
def test_it_answers_a_poll_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, rows
):
    login(client, world.admin_user)
    job = preview_of(upload(client, csv_file([HEADER, *valid_lines(rows)])))
    assert importer.start_writing(job.pk)
    poll = {"HX-Request": "true", "HX-Target": "import-run"}
    with django_assert_max_num_queries(4):
        response = client.get(f"/pegawai/impor/{job.code}/", headers=poll)
    assert f"0 dari {rows:,} baris".replace(",", ".") in response.content.decode()

    waiting = parsing_job(world, b"")
    with django_assert_max_num_queries(4):
        client.get(f"/pegawai/impor/{waiting.code}/", headers={**poll, "HX-Target": "import-wait"})
