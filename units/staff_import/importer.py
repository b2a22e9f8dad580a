"""Staff import: read a CSV/XLSX staff list, check every row, then write it in chunks.

The upload form runs only the cheap checks (`check_file`); reading and checking every row
(`parse_upload`) and writing (`write_rows`) run on the task runner. Reading and checking never
write; `run_chunk` is the only function that touches Employee. Each step costs a fixed number of
queries whatever the row count (units once, employees by NIP once).
"""

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django_tasks import task

from units import clock
from units.models import Employee, StaffImport, Unit
from units.nip import PNS, PPPK, normalize_nip, parse_nip

MAX_ROWS = 20_000  # physical rows below the header, empty ones included
MAX_COLUMNS = 100  # cells further right are not read: a staff list has a dozen columns
# Largest part of an XLSX once unzipped. 20,000 rows of a staff list take about 10 MB of sheet XML;
# a few KB of zip can unpack to gigabytes of empty cells, and all of it would be parsed.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
CHUNK_SIZE = 500
WRITE_ATTEMPTS = 3  # a chunk is tried again after an IntegrityError (a NIP added meanwhile)
STALLED_AFTER = dt.timedelta(minutes=2)  # no progress for this long: the worker is gone

# Field -> header names accepted (compared lower-case, spaces collapsed, "_" as space). When a
# file has two of them ("Kode unit" and "Unit kerja"), the one listed first wins.
COLUMNS = {
    "nip": ("nip", "nip/ni pppk", "nip / ni pppk", "ni pppk"),
    "full_name": ("nama lengkap", "nama", "nama pegawai"),
    "asn_type": ("jenis asn", "status asn", "jenis", "status"),
    "position_title": ("jabatan", "nama jabatan"),
    "position_category": ("kategori jabatan", "kategori", "jenis jabatan"),
    "unit": ("kode unit", "unit", "unit kerja"),
    "service_role": ("peran layanan", "peran"),
    "start_date": ("mulai bertugas", "tmt bertugas", "tmt"),
}
REQUIRED = ("nip", "full_name", "asn_type", "position_title", "position_category", "unit")
TEMPLATE_HEADER = [
    "NIP", "Nama", "Jenis ASN", "Jabatan", "Kategori", "Unit", "Peran layanan", "Mulai bertugas",
]
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in exported lists

ASN_TYPES = {"pns": PNS, "cpns": PNS, "pppk": PPPK, "p3k": PPPK}
CATEGORIES = {c.value: c.value for c in Employee.PositionCategory}
SERVICE_ROLES = {
    **{r.value.replace("_", " "): r.value for r in Employee.ServiceRole},
    **{str(r.label).lower(): r.value for r in Employee.ServiceRole},
}
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")
SCIENTIFIC = re.compile(r"^\d[.,]\d*e\+?\d+$", re.IGNORECASE)
AMBIGUOUS = object()


def _number_hint() -> str:
    return _(
        "Bila kolom NIP di Excel berformat angka, digit terakhir NIP hilang (menjadi 0). "
        "Ubah format kolom NIP menjadi Teks lalu ketik ulang NIP."
    )

# Fields an import may change, with the words shown in the preview.
COMPARED = (
    ("full_name", N_("nama")),
    ("asn_type", N_("jenis ASN")),
    ("position_title", N_("jabatan")),
    ("position_category", N_("kategori")),
    ("unit_id", N_("unit kerja")),
    ("service_role", N_("peran layanan")),
    ("start_date", N_("mulai bertugas")),
)


class ImportFileError(Exception):
    """The whole file is unusable; the message is for the admin, in Bahasa Indonesia."""


# Reading -----------------------------------------------------------------------------------------


def _header_key(value) -> str:
    return " ".join(str(value or "").replace("_", " ").lower().split())


ALIASES = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}
RANK = {alias: rank for aliases in COLUMNS.values() for rank, alias in enumerate(aliases)}


def _cell(value) -> str:
    """A spreadsheet value as the text a person would type, NIPs without ".0" or exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            # Through the shortest repr, so 1.986120320150511e+17 reads 198612032015051100,
            # not the binary neighbour 198612032015051104.
            return str(int(Decimal(repr(value))))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _rows_from(records) -> list[dict]:
    """(line number, cell values) pairs as dicts of text keyed by field; the header row comes first.

    `records` is consumed lazily and never further than physical rows allow, empty ones included:
    the header within the first HEADER_SEARCH_ROWS, at most MAX_ROWS below it. A file of a million
    empty rows costs no more than a full one.
    A NIP read from a number cell is flagged: a spreadsheet keeps 15 or 16 significant digits,
    so the last digits of an 18-digit number may not be the ones typed.
    """
    columns: dict[str, int] = {}
    header, first, rows, searched = None, None, [], False
    for line, values in records:
        if header is not None and line > header + MAX_ROWS:
            raise ImportFileError(_too_many_rows_message())
        if header is None and line > HEADER_SEARCH_ROWS:
            searched = True
            break
        cells = [_cell(v) for v in values]
        if header is None:
            if not any(cells):
                continue
            first = first or cells
            keys = [_header_key(c) for c in cells]
            if any(ALIASES.get(k) == "nip" for k in keys):
                header = line
                ranked = sorted((RANK[k], i, ALIASES[k]) for i, k in enumerate(keys) if k in ALIASES)
                for _rank, index, field in ranked:
                    columns.setdefault(field, index)
                missing = [f for f in REQUIRED if f not in columns]
                if missing:
                    raise ImportFileError(_missing_columns_message(missing))
            continue
        if not any(cells):
            continue
        row = {"line": line}
        for field, index in columns.items():
            row[field] = cells[index] if index < len(cells) else ""
        if columns["nip"] < len(values) and isinstance(values[columns["nip"]], float):
            row["nip_from_number"] = True
        rows.append(row)
    if header is None:
        if first is None and searched:
            raise ImportFileError(
                _(
                    "%(n)s baris pertama berkas kosong. Baris judul (NIP, Nama, …) harus ada di "
                    "%(n)s baris pertama: hapus baris kosong di atasnya."
                )
                % {"n": HEADER_SEARCH_ROWS}
            )
        if first is None:
            raise ImportFileError(_("Berkas kosong: tidak ada baris judul maupun data."))
        found = {ALIASES.get(_header_key(c)) for c in first}
        raise ImportFileError(_missing_columns_message([f for f in REQUIRED if f not in found]))
    if not rows:
        raise ImportFileError(_("Berkas hanya berisi baris judul; tidak ada baris data pegawai."))
    return rows


def _too_many_rows_message() -> str:
    return _(
        "Berkas berisi lebih dari %(max)s baris di bawah baris judul; baris kosong ikut dihitung. "
        "Hapus baris kosong di bawah data (pilih baris-baris itu, klik kanan, Hapus) "
        "atau bagi menjadi beberapa berkas."
    ) % {"max": f"{MAX_ROWS:,}".replace(",", ".")}


def _missing_columns_message(missing) -> str:
    names = {
        "nip": "NIP", "full_name": "Nama", "asn_type": "Jenis ASN", "position_title": "Jabatan",
        "position_category": "Kategori", "unit": "Unit",
    }
    return _(
        "Kolom wajib tidak ditemukan: %(missing)s. Baris judul harus memuat kolom "
        "NIP, Nama, Jenis ASN, Jabatan, Kategori dan Unit (unduh templat untuk contohnya)."
    ) % {"missing": ", ".join(names[f] for f in missing)}


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # "CSV (dipisahkan koma)" from Excel on Windows is saved in the ANSI code page.
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca sebagai teks. Simpan ulang sebagai \"CSV UTF-8\".")
        ) from error


def _csv_text(raw: bytes) -> str:
    text = _decode(raw)
    if "\x00" in text:
        raise ImportFileError(_("Berkas ini bukan CSV teks. Unggah berkas .csv atau .xlsx."))
    return text


def _csv_records(raw: bytes):
    text = _csv_text(raw)
    # The header is within the first lines (HEADER_SEARCH_ROWS): no need to split the whole file.
    head = itertools.islice(io.StringIO(text, newline=None), HEADER_SEARCH_ROWS + 1)
    lines = [ln.rstrip("\n") for ln in head]
    sample = next((ln for ln in lines if ln.strip() and not ln.lower().startswith("sep=")), "")
    # Excel with Indonesian regional settings separates with ";", others with ",".
    delimiter = max([",", ";", "\t"], key=sample.count)
    if lines and lines[0].lower().startswith("sep="):
        delimiter = lines[0][4:5] or delimiter
        text = text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, [c.strip() for c in cells]
    except csv.Error as error:
        raise ImportFileError(
            _("Berkas CSV rusak di baris %(line)d: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error


def _unreadable_xlsx() -> ImportFileError:
    return ImportFileError(
        _("Berkas XLSX tidak dapat dibaca. Buka di Excel lalu simpan ulang sebagai .xlsx.")
    )


def _check_archive(uploaded) -> None:
    """An XLSX is a zip: refuse what is not one, or what would unpack beyond MAX_UNPACKED_BYTES.

    Reads only the zip's directory. The sizes it declares bind: zipfile stops a part at its
    declared size (and fails its checksum), so a part cannot unpack to more than it says.
    """
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            largest = max((part.file_size for part in archive.infolist()), default=0)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable_xlsx() from error
    if largest > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Isi berkas XLSX ini terlalu besar untuk daftar %(max)s pegawai (banyak sel kosong "
                "yang berformat, atau lembar lain yang besar). Salin hanya daftar pegawai ke buku "
                "kerja baru, simpan, lalu unggah lagi."
            )
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def _xlsx_records(uploaded):
    from openpyxl import load_workbook

    book = None
    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # The sheet's declared size (<dimension>) is not trusted either way: some exporters write
        # one too small, and one as large as Excel allows would pad every row to 16,384 cells. The
        # reading is bounded here instead: openpyxl parses no row below what _rows_from may take
        # (gaps between rows count as rows), and a row is cut at MAX_COLUMNS.
        sheet.reset_dimensions()
        last = HEADER_SEARCH_ROWS + MAX_ROWS + 1
        for line, values in enumerate(sheet.iter_rows(max_row=last, values_only=True), start=1):
            yield line, values[:MAX_COLUMNS]
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable_xlsx() from error
    finally:
        if book is not None:
            book.close()


def _kind(uploaded) -> str:
    name = (getattr(uploaded, "name", "") or "").lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".xls"):
        raise ImportFileError(
            _("Format .xls (Excel lama) tidak didukung. Simpan ulang sebagai .xlsx atau CSV.")
        )
    raise ImportFileError(_("Unggah berkas .csv atau .xlsx."))


def check_file(uploaded) -> None:
    """The checks cheap enough for the upload request: the type by name and by content (a CSV is
    text, an XLSX a zip of a sane size). ImportFileError if the file is refused."""
    if _kind(uploaded) == "csv":
        uploaded.seek(0)
        _csv_text(uploaded.read())
    else:
        _check_archive(uploaded)


def read_table(uploaded) -> list[dict]:
    """Rows of a .csv or .xlsx upload as {"line": n, field: text}; ImportFileError if unusable."""
    if _kind(uploaded) == "csv":
        uploaded.seek(0)
        return _rows_from(_csv_records(uploaded.read()))
    _check_archive(uploaded)
    uploaded.seek(0)
    return _rows_from(_xlsx_records(uploaded))


# Checking ----------------------------------------------------------------------------------------


def unit_index() -> dict:
    """Unit by lower-case code, name and short name (one query); a shared name maps to AMBIGUOUS."""
    units = list(Unit.objects.only("pk", "code", "name", "short_name", "is_active"))
    index: dict[str, object] = {}  # a Unit, or AMBIGUOUS
    for unit in units:
        for key in {unit.name.lower().strip(), unit.short_name.lower().strip()}:
            index[key] = unit if index.get(key, unit) is unit else AMBIGUOUS
    for unit in units:  # a code always wins over a name
        index[unit.code.lower()] = unit
    return index


def existing_employees(nips) -> dict:
    """Current values of the compared fields, by NIP: one query."""
    fields = [f for f, _label in COMPARED]
    return {
        row["nip"]: row
        for row in Employee.objects.filter(nip__in=list(nips)).values("nip", "pk", *fields)
    }


def _date_text(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _check_row(raw: dict, units_by_key: dict, today: dt.date) -> tuple[dict, list, list]:
    """The cleaned values of one row, its errors and its warnings (which do not block it)."""
    errors, warnings = [], []
    nip_text = raw.get("nip", "").lstrip("'")
    nip = normalize_nip(nip_text)
    data = {
        "nip": nip or nip_text,
        "full_name": " ".join(raw.get("full_name", "").split()),
        "asn_type": raw.get("asn_type", ""),
        "position_title": " ".join(raw.get("position_title", "").split()),
        "position_category": raw.get("position_category", ""),
        "unit": raw.get("unit", ""),
        "unit_id": None,
        "unit_name": "",
        "service_role": None,
        "start_date": None,
        "tmt": None,
    }

    asn_type = ASN_TYPES.get(data["asn_type"].lower().strip())
    if not data["asn_type"]:
        errors.append(_("Jenis ASN kosong; isi PNS atau PPPK."))
    elif asn_type is None:
        errors.append(
            _("Jenis ASN \"%(value)s\" tidak dikenal; isi PNS atau PPPK.")
            % {"value": data["asn_type"]}
        )
    else:
        data["asn_type"] = asn_type

    if not nip_text:
        errors.append(_("NIP kosong."))
    elif SCIENTIFIC.match(nip_text):
        errors.append(
            _("NIP tertulis dalam bentuk angka ilmiah (%(value)s); digit terakhirnya hilang.")
            % {"value": nip_text}
        )
        errors.append(_number_hint())
    elif asn_type:
        try:
            info = parse_nip(nip, asn_type, today=today)
        except ValidationError as error:
            errors.extend(error.messages)
            if raw.get("nip_from_number") or nip.endswith("000"):
                errors.append(_number_hint())
        else:
            data["tmt"] = info.appointed.isoformat()
            if raw.get("nip_from_number"):
                warnings.append(
                    _("NIP dibaca dari sel angka Excel; pastikan 3 digit terakhirnya benar.")
                )
    elif not nip.isdigit() or len(nip) != 18:
        errors.append(_("NIP harus 18 digit angka."))

    if not data["full_name"]:
        errors.append(_("Nama kosong."))
    elif len(data["full_name"]) > 150:
        errors.append(_("Nama lebih dari 150 huruf."))

    if not data["position_title"]:
        errors.append(_("Jabatan kosong."))
    elif len(data["position_title"]) > 200:
        errors.append(_("Jabatan lebih dari 200 huruf."))

    category = data["position_category"].lower().strip().removeprefix("jabatan ").strip()
    if not category:
        errors.append(_("Kategori jabatan kosong; isi struktural, fungsional atau pelaksana."))
    elif category not in CATEGORIES:
        errors.append(
            _("Kategori \"%(value)s\" tidak dikenal; isi struktural, fungsional atau pelaksana.")
            % {"value": data["position_category"]}
        )
    else:
        data["position_category"] = CATEGORIES[category]

    unit = units_by_key.get(data["unit"].lower().strip())
    if not data["unit"]:
        errors.append(_("Unit kosong; isi kode unit, misalnya 17.71.01."))
    elif unit is AMBIGUOUS:
        errors.append(
            _("Nama unit \"%(value)s\" dipakai lebih dari satu unit; tulis kode unitnya.")
            % {"value": data["unit"]}
        )
    elif unit is None:
        errors.append(
            _(
                "Unit \"%(value)s\" tidak ditemukan; tulis kode unit atau nama unit persis "
                "seperti di Hadir."
            )
            % {"value": data["unit"]}
        )
    elif not unit.is_active:
        errors.append(_("Unit %(name)s sudah nonaktif.") % {"name": unit.name})
    else:
        data.update(unit=unit.code, unit_id=unit.pk, unit_name=unit.short_name or unit.name)

    role_text = raw.get("service_role", "")
    if role_text:
        role = SERVICE_ROLES.get(" ".join(role_text.replace("_", " ").lower().split()))
        if role is None:
            errors.append(
                _("Peran layanan \"%(value)s\" tidak dikenal; pilih salah satu: %(choices)s.")
                % {
                    "value": role_text,
                    "choices": ", ".join(str(r.label).lower() for r in Employee.ServiceRole),
                }
            )
        data["service_role"] = role or role_text

    date_text = raw.get("start_date", "")
    if date_text:
        start = _date_text(date_text)
        if start is None:
            errors.append(
                _("Tanggal mulai bertugas \"%(value)s\" tidak dikenali; tulis seperti 01-05-2015.")
                % {"value": date_text}
            )
            data["start_date"] = date_text
        elif start > today:
            errors.append(
                _("Tanggal mulai bertugas %(value)s belum terjadi.") % {"value": date_text}
            )
            data["start_date"] = date_text
        else:
            data["start_date"] = start.isoformat()
    return data, errors, warnings


def _changes(data: dict, current: dict, unit_names: dict) -> list[dict]:
    changes = []
    for field, label in COMPARED:
        new = data.get(field)
        if new is None:  # an optional column left empty keeps what is stored
            continue
        old = current[field]
        if field == "start_date":
            old = old.isoformat()
        if new != old:
            if field == "unit_id":
                old, new = unit_names.get(old, old), data["unit_name"]
            changes.append({"field": _(label), "old": str(old), "new": str(new)})
    return changes


def check_rows(
    rows: list[dict], units_by_key: dict, existing_by_nip: dict, today=None
) -> list[dict]:
    """Each row as {"line", "data", "errors", "warnings", "action", "changes"}; no queries."""
    today = today or clock.today()
    unit_names = {
        u.pk: (u.short_name or u.name)
        for u in units_by_key.values()
        if u is not AMBIGUOUS and u is not None
    }
    first_line: dict[str, int] = {}
    checked = []
    for raw in rows:
        data, errors, warnings = _check_row(raw, units_by_key, today)
        nip = data["nip"]
        if nip:
            if nip in first_line:
                errors.append(
                    _(
                        "NIP %(nip)s sudah ada di baris %(line)d berkas ini; "
                        "satu NIP hanya boleh satu baris."
                    )
                    % {"nip": nip, "line": first_line[nip]}
                )
            else:
                first_line[nip] = raw["line"]
        changes = []
        if errors:
            action = "error"
        elif nip in existing_by_nip:
            changes = _changes(data, existing_by_nip[nip], unit_names)
            action = "update" if changes else "same"
        else:
            action = "create"
        checked.append(
            {
                "line": raw["line"],
                "data": data,
                "errors": errors,
                "warnings": warnings,
                "action": action,
                "changes": changes,
            }
        )
    return checked


def check_table(rows: list[dict]) -> list[dict]:
    """check_rows with units and existing employees loaded: two queries for any number of rows."""
    nips = {normalize_nip(r.get("nip", "").lstrip("'")) for r in rows} - {""}
    return check_rows(rows, unit_index(), existing_employees(nips))


def counts(checked: list[dict]) -> dict:
    result = {"create": 0, "update": 0, "same": 0, "error": 0}
    for row in checked:
        result[row["action"]] += 1
    return result


# Writing -----------------------------------------------------------------------------------------


def _apply(employee: Employee, data: dict) -> tuple[str, ...]:
    """Set the fields `data` changes on `employee`; their names (empty: nothing changed)."""
    changed = []
    for field, _label in COMPARED:
        value = data.get(field)
        if value is None:
            continue
        if field == "start_date":
            value = dt.date.fromisoformat(value)
        if getattr(employee, field) != value:
            setattr(employee, field, value)
            changed.append(field)
    return tuple(changed)


staff_changed = Signal()
"""Sent after `write_valid` changed staff, with `nips` (created or updated) and `unit_ids` (their units): the API
app turns it into its staff.changed event; units never imports it."""


def write_valid(valid: list[dict], *, now: dt.datetime) -> dict[str, int]:
    """Create or update the staff of checked rows (`check_rows`' data, without errors) by NIP, in the caller's
    transaction: {created, updated, unchanged, skipped}. Rows are checked against the database again here: a NIP
    added by hand since the check is updated rather than duplicated, a unit made inactive since is skipped.
    Three queries and the bulk writes, whatever the number of rows."""
    existing = {e.nip: e for e in Employee.objects.filter(nip__in=[d["nip"] for d in valid])}
    live_units = set(
        Unit.objects.filter(pk__in={d["unit_id"] for d in valid}, is_active=True).values_list("pk", flat=True)
    )
    new: list[Employee] = []
    changed: dict[tuple[str, ...], list[Employee]] = {}  # by the fields changed
    tally = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for data in valid:
        if data["unit_id"] not in live_units:
            tally["skipped"] += 1
            continue
        employee = existing.get(data["nip"])
        if employee is None:
            new.append(
                Employee(
                    nip=data["nip"],
                    full_name=data["full_name"],
                    asn_type=data["asn_type"],
                    position_title=data["position_title"],
                    position_category=data["position_category"],
                    service_role=data["service_role"] or Employee.ServiceRole.ADMINISTRASI,
                    role=Employee.Role.STAFF,
                    unit_id=data["unit_id"],
                    start_date=dt.date.fromisoformat(data["start_date"] or data["tmt"]),
                )
            )
        elif fields := _apply(employee, data):
            employee.updated_at = now
            changed.setdefault(fields, []).append(employee)
        else:
            tally["unchanged"] += 1
    Employee.objects.bulk_create(new, batch_size=1000)
    # Only the fields that changed (bulk_update's cost grows with each), and people given the same new values
    # (a new position title, a move to another unit) in one plain UPDATE.
    for fields, people in changed.items():
        same: dict[tuple, list[int]] = {}
        for e in people:
            same.setdefault(tuple(getattr(e, f) for f in fields), []).append(e.pk)
        alone = []
        for values, pks in same.items():
            if len(pks) > 1:
                Employee.objects.filter(pk__in=pks).update(**dict(zip(fields, values, strict=True)), updated_at=now)
            else:
                alone.append(pks[0])
        singles = set(alone)
        rest = [e for e in people if e.pk in singles]
        Employee.objects.bulk_update(rest, [*fields, "updated_at"], batch_size=100)
    updated = [e for people in changed.values() for e in people]
    tally["created"] += len(new)
    tally["updated"] += len(updated)
    if new or updated:
        touched = new + updated
        staff_changed.send(
            Employee, nips=[e.nip for e in touched], unit_ids=sorted({e.unit_id for e in touched})
        )
    return tally


def run_chunk(job_pk: int, size: int | None = None) -> StaffImport:
    """Write the next `size` rows of a RUNNING import in one transaction and advance its progress.

    The import's row is locked and the chunk starts where `processed` stands, so two runs at once
    write each chunk once (`write_valid`). An import in any other state (not confirmed, finished,
    cancelled) is returned untouched.
    """
    size = size or CHUNK_SIZE
    with transaction.atomic():
        job = StaffImport.objects.select_for_update().defer("upload").get(pk=job_pk)
        if job.status != StaffImport.Status.RUNNING:
            return job
        chunk = job.rows[job.processed : job.processed + size]
        valid = [r["data"] for r in chunk if not r["errors"]]
        now = clock.now()
        summary = job.summary or {}
        written = write_valid(valid, now=now)
        tally = {k: summary.get(k, 0) + written[k] for k in ("created", "updated", "unchanged", "skipped")}
        tally["skipped"] += len(chunk) - len(valid)
        job.processed += len(chunk)
        job.progressed_at = now
        if job.processed >= len(job.rows):
            job.status = StaffImport.Status.DONE
            tally["finished_at"] = now.isoformat()
        job.summary = {**summary, **tally}
        job.save(update_fields=["processed", "status", "summary", "progressed_at"])
    return job


# Background work (the task runner, README "Background work") -------------------------------------
#
# Each task is safe to run twice or at the same time as itself: it acts only on an import in the
# state it expects, and records its outcome with an UPDATE conditional on that state.


def _language(language: str):
    return translation.override(language or settings.LANGUAGE_CODE)


@task()
def parse_upload(job_pk: int, language: str = "") -> str:
    """Read and check the stored upload of a PARSING import, then forget the file: the import
    waits for confirmation (PREVIEW) with its checked rows, or says why the file was refused
    (FAILED). Messages are in the uploader's `language`."""
    waiting = StaffImport.objects.filter(pk=job_pk, status=StaffImport.Status.PARSING)
    filename, data = waiting.values_list("filename", "upload").first() or ("", None)
    if data is None:
        return "skipped"  # read already, or cancelled
    with _language(language):
        try:
            rows = check_table(read_table(ContentFile(bytes(data), name=filename)))
        except ImportFileError as error:
            waiting.update(status=StaffImport.Status.FAILED, error=str(error), upload=None)
            return "failed"
        except Exception:
            message = _(
                "Berkas tidak dapat diperiksa karena galat pada sistem. Coba unggah lagi; "
                "bila terulang, laporkan ke pengelola Hadir."
            )
            waiting.update(status=StaffImport.Status.FAILED, error=message, upload=None)
            raise  # recorded as the task's failure, with its traceback
    waiting.update(
        status=StaffImport.Status.PREVIEW, rows=rows, summary={"counts": counts(rows)}, upload=None
    )
    return "preview"


def start_writing(job_pk: int) -> bool:
    """Confirm a previewed import (PREVIEW -> RUNNING). False when it was not waiting for it, so a
    second confirmation starts nothing."""
    return bool(
        StaffImport.objects.filter(pk=job_pk, status=StaffImport.Status.PREVIEW).update(
            status=StaffImport.Status.RUNNING, progressed_at=clock.now(), error=""
        )
    )


def stalled(job: StaffImport) -> bool:
    """A RUNNING import that stopped: writing gave up on a chunk, or no chunk for STALLED_AFTER."""
    if job.status != StaffImport.Status.RUNNING:
        return False
    quiet_since = job.progressed_at or job.created_at
    return bool(job.error) or clock.now() - quiet_since > STALLED_AFTER


def resume_writing(job: StaffImport) -> bool:
    """Take over a stalled import (once: the UPDATE matches only the state it was seen in)."""
    return stalled(job) and bool(
        StaffImport.objects.filter(
            pk=job.pk,
            status=StaffImport.Status.RUNNING,
            progressed_at=job.progressed_at,
            processed=job.processed,
        ).update(progressed_at=clock.now(), error="")
    )


@task()
def write_rows(job_pk: int, language: str = "") -> str:
    """Write a RUNNING import chunk after chunk, each in its own transaction, until it is done or
    cancelled. run_chunk locks the import and starts where `processed` stands, so a second run of
    this task, or two at once, write each row once."""
    while True:
        for _attempt in range(WRITE_ATTEMPTS):
            try:
                job = run_chunk(job_pk)
                break
            except IntegrityError:
                # A NIP was added elsewhere between the chunk's read and its insert; the chunk was
                # rolled back and the next attempt sees that person and updates them instead.
                continue
        else:
            with _language(language):
                message = _(
                    "Data pegawai berubah terus saat impor berjalan, sehingga impor berhenti. "
                    "Baris yang sudah diproses tetap tersimpan. Tekan Lanjutkan untuk mencoba lagi."
                )
            StaffImport.objects.filter(pk=job_pk, status=StaffImport.Status.RUNNING).update(
                error=message
            )
            return "stopped"
        if job.status != StaffImport.Status.RUNNING:
            return job.status
