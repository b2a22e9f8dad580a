"""Personal data (UU 27/2022): the retention purge, and a person's own data as a ZIP.

Raw check-in coordinates, check-in face photos and uploaded letters are personal data (a face photo is
biometric and a sick letter health data: both specific categories). What operators and recaps need stays after the purge: the date, kind and time of each check-in,
its distance from the fence, the inside/outside flag, and every request, correction and status code.
"""

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn, Correction
from attendance.month import calendar
from policy.models import Arrangement, AuditEvent
from units.models import Employee
from units.spreadsheet import inert_row

# Attachment files deleted (and their rows blanked) per UPDATE.
BATCH = 500
# The ZIP's daily status codes cover this month and the ones before it, this many months in all.
STATUS_MONTHS = 12
# Above this size the ZIP being built moves from memory to a temporary file.
ZIP_IN_MEMORY = 8 * 1024 * 1024


# --- Retention ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purge:
    cutoff: dt.date  # records of days before this date are purged
    coordinates: int  # check-ins whose coordinates and accuracy are (or would be) cleared
    letters: int  # request letters (Arrangement.attachment) deleted
    correction_files: int  # correction attachments deleted
    photos: int = 0  # check-in face photos (CheckIn.photo) deleted
    stray_photos: int = 0  # photo files no row names, in the folders of days before the cutoff

    @property
    def total(self) -> int:
        return self.coordinates + self.letters + self.correction_files + self.photos + self.stray_photos


def cutoff(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def _coordinates(before: dt.date):
    return CheckIn.objects.filter(date__lt=before).filter(
        Q(latitude__isnull=False) | Q(longitude__isnull=False) | Q(accuracy_m__isnull=False)
    )


def _photos(before: dt.date):
    return CheckIn.objects.filter(date__lt=before).exclude(photo="")


def _photo_folders(before: dt.date) -> list[str]:
    """The day folders of the photos (CheckIn.photo's upload_to, presensi/YYYY/MM/DD) of days before `before`.
    A photo is written on the day of its check-in or later (a night shift's check-out), so such a folder
    holds only photos of check-ins before `before`."""
    storage = CheckIn._meta.get_field("photo").storage
    root = str(CheckIn._meta.get_field("photo").upload_to).split("/")[0]
    found = []
    try:
        years = storage.listdir(root)[0]
    except (FileNotFoundError, NotImplementedError):
        return []
    for year in sorted(years):
        for month in sorted(storage.listdir(f"{root}/{year}")[0]):
            for day in sorted(storage.listdir(f"{root}/{year}/{month}")[0]):
                try:
                    dated = dt.date(int(year), int(month), int(day))
                except ValueError:
                    continue
                if dated < before:
                    found.append(f"{root}/{year}/{month}/{day}")
    return found


def _stray_photos(before: dt.date) -> list[str]:
    """Photo files of days before `before` that no row names: written by a check-in whose request then failed
    (a database outage cannot tell whether the row was saved, so the view keeps the file). They go with the
    same retention."""
    storage = CheckIn._meta.get_field("photo").storage
    kept = set(_photos(before).values_list("photo", flat=True))
    return [
        f"{folder}/{name}"
        for folder in _photo_folders(before)
        for name in storage.listdir(folder)[1]
        if f"{folder}/{name}" not in kept
    ]


def _drop_stray_photos(before: dt.date) -> int:
    storage = CheckIn._meta.get_field("photo").storage
    strays = _stray_photos(before)
    for name in strays:
        storage.delete(name)
    for folder in _photo_folders(before):  # emptied: gone from a local disk (other storages have no folders)
        try:
            os.rmdir(storage.path(folder))
        except (NotImplementedError, OSError):
            pass
    return len(strays)


def _letters(before: dt.date):
    # A request still waiting for a decision keeps its letter: the head needs it to decide.
    return (
        Arrangement.objects.filter(end_date__lt=before)
        .exclude(attachment="")
        .exclude(status=Arrangement.Status.PENDING)
    )


def _correction_files(before: dt.date):
    return (
        Correction.objects.filter(date__lt=before)
        .exclude(attachment="")
        .exclude(status=Correction.Status.PENDING)
    )


def due(before: dt.date) -> Purge:
    """What a purge would clear now (four COUNT queries and the photos' keys, the old photo folders listed;
    nothing changed)."""
    return Purge(
        before, _coordinates(before).count(), _letters(before).count(), _correction_files(before).count(),
        _photos(before).count(), len(_stray_photos(before)),
    )


def purge(before: dt.date) -> Purge:
    """Delete the face photos of check-ins before `before` and clear their coordinates, and delete the
    attachment files of requests and corrections before it. Check-ins are append-only in the app: these
    bulk UPDATEs are the one documented exception. One UPDATE for the coordinates; for the files, one
    query to list them and one UPDATE per BATCH."""
    photos = _drop_files(_photos(before), "photo")
    coordinates = _coordinates(before).update(latitude=None, longitude=None, accuracy_m=None)
    return Purge(
        before, coordinates, _drop_files(_letters(before)), _drop_files(_correction_files(before)), photos,
        _drop_stray_photos(before),
    )


def _drop_files(queryset, field: str = "attachment") -> int:
    """Delete the files first, then blank the rows: a crash in between leaves a row naming a missing
    file, which the next run blanks (deleting a missing file is a no-op), and never an orphan file."""
    model = queryset.model
    storage = model._meta.get_field(field).storage
    rows = list(queryset.values_list("pk", field))
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        for _pk, name in batch:
            storage.delete(name)
        model.objects.filter(pk__in=[pk for pk, _name in batch]).update(**{field: ""})
    return len(rows)


# --- A person's own data ------------------------------------------------------------------------------


def months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month `months - 1` months before today's."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def _csv(header: list[str], rows) -> bytes:
    """UTF-8 with a byte order mark and semicolons, as the recap exports: Excel opens it as is. Text
    that would start a formula gets a leading apostrophe (units.spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(inert_row(header))
    writer.writerows(inert_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value):
    """A date, time or moment as text; a number stays a number (a latitude south of the equator is
    negative, and is not text to neutralise); anything else as text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _who(user) -> str:
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    return employee.full_name if employee is not None else user.get_username()


def _profile(employee: Employee) -> bytes:
    schedule = employee.schedule or employee.unit.schedule
    rows = [
        (_("NIP"), employee.nip),
        (_("Nama lengkap"), employee.full_name),
        (_("Jenis ASN"), employee.get_asn_type_display()),
        (_("Jabatan"), employee.position_title),
        (_("Kategori jabatan"), employee.get_position_category_display()),
        (_("Peran layanan"), employee.get_service_role_display()),
        (_("Hak akses"), employee.get_role_display()),
        (_("Unit kerja"), f"{employee.unit.name} ({employee.unit.code})"),
        (_("Jadwal kerja"), schedule.name),
        (_("Mulai bertugas"), _text(employee.start_date)),
        (_("Alamat domisili terdaftar"), employee.home_address),
        (_("Lintang domisili"), _text(employee.home_latitude)),
        (_("Bujur domisili"), _text(employee.home_longitude)),
        (_("Aktif"), _("ya") if employee.is_active else _("tidak")),
    ]
    return _csv([pgettext("profile column", "Data"), pgettext("profile column", "Isi")], rows)


def _checkins(employee: Employee, files: dict) -> bytes:
    events = (
        CheckIn.objects.filter(employee=employee)
        .select_related("unit", "correction", "verification")
        .order_by("at", "id")
    )
    rows = []
    for e in events:
        verification = getattr(e, "verification", None)  # only check-ins outside every place have one
        rows.append(
            [
                _text(e.date), e.get_kind_display(), _text(e.at), e.get_method_display(),
                e.unit.name if e.unit else "", e.planned_mode, _text(e.latitude), _text(e.longitude),
                _text(e.accuracy_m), _text(e.distance_m), e.get_location_display(), e.place_name, e.reason,
                _text(e.correction.code) if e.correction else "",
                _file_cell(e.photo, f"foto/presensi-{e.date:%Y%m%d}-{e.kind}-{e.pk}", files),
                verification.get_status_display() if verification else "",
                verification.decision_note if verification else "",
            ]
        )
    header = [
        _("Tanggal kerja"), _("Jenis"), _("Waktu (WIB)"), _("Cara"), _("Unit kios"), _("Mode rencana"),
        _("Lintang"), _("Bujur"), _("Akurasi (m)"), _("Jarak (m)"), _("Lokasi"), _("Tempat presensi"), _("Alasan"),
        _("Kode koreksi"), _("Foto wajah"), _("Verifikasi di luar radius"), _("Catatan verifikasi"),
    ]
    return _csv(header, rows)


def _file_cell(field, name: str, files: dict) -> str:
    """The attachment's name inside the ZIP (recorded in `files`); empty when none was attached or the
    retention purge has deleted it."""
    if not field:
        return ""
    name += PurePath(field.name).suffix.lower()
    files[name] = field
    return name


def _arrangements(employee: Employee, files: dict) -> bytes:
    rows = [
        [
            _text(a.code), a.get_kind_display(), a.get_leave_type_display() if a.leave_type else "",
            _text(a.start_date), _text(a.end_date), a.working_days, a.address, a.spt_number, a.reason,
            _file_cell(a.attachment, f"lampiran/surat-{a.code}", files), a.get_status_display(),
            _who(a.decided_by), _text(a.decided_at), a.decision_note, a.override_reason, _text(a.created_at),
        ]
        for a in Arrangement.objects.filter(employee=employee)
        .select_related("decided_by__employee")
        .order_by("start_date", "id")
    ]
    header = [
        _("Kode"), _("Jenis"), _("Jenis cuti"), _("Mulai"), _("Sampai"), _("Hari kerja"), _("Alamat bekerja"),
        _("Nomor SPT"), _("Keterangan"), _("Surat keterangan"), _("Status"), _("Diputuskan oleh"),
        _("Waktu keputusan"), _("Catatan keputusan"), _("Alasan pengecualian admin"), _("Diajukan pada"),
    ]
    return _csv(header, rows)


def _corrections(employee: Employee, files: dict) -> bytes:
    rows = [
        [
            _text(c.code), _text(c.date), c.get_kind_display(), _text(c.time_in), _text(c.time_out),
            c.spt_number, c.reason, _file_cell(c.attachment, f"lampiran/koreksi-{c.code}", files),
            c.get_status_display(), _who(c.decided_by), _text(c.decided_at), c.decision_note, _text(c.created_at),
        ]
        for c in Correction.objects.filter(employee=employee)
        .select_related("decided_by__employee")
        .order_by("date", "created_at")
    ]
    header = [
        _("Kode"), _("Tanggal"), _("Jenis koreksi"), _("Jam masuk yang benar"), _("Jam pulang yang benar"),
        _("Nomor SPT"), _("Alasan"), _("Lampiran"), _("Status"), _("Diputuskan oleh"), _("Waktu keputusan"),
        _("Catatan keputusan"), _("Diajukan pada"),
    ]
    return _csv(header, rows)


def _history(employee: Employee) -> bytes:
    events = AuditEvent.objects.filter(employee=employee).select_related("actor__employee").order_by("at", "id")
    rows = ([_text(e.at), e.get_action_display(), _who(e.actor), e.note] for e in events)
    return _csv([_("Waktu"), _("Tindakan"), _("Oleh"), _("Catatan")], rows)


def _statuses(employee: Employee, today: dt.date, now: dt.datetime) -> bytes:
    start = max(months_back(today, STATUS_MONTHS), employee.start_date)
    days = [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]
    rows = []
    if days:
        evaluation = evaluate([employee], days, now=now)
        for day in days:
            status = evaluation.status(employee.pk, day)
            planned = evaluation.plan.cells[(employee.pk, day)]
            rows.append([
                _text(day), " ".join(status.codes), calendar.day_label(day, today, status, planned),
                status.late_minutes, status.early_minutes,
                status.first_in.strftime("%H:%M:%S") if status.first_in else "",
                status.last_out.strftime("%H:%M:%S") if status.last_out else "",
            ])
    header = [
        _("Tanggal"), _("Kode"), _("Keterangan"), _("Menit terlambat"), _("Menit pulang cepat"), pgettext("presensi", "Masuk"),
        _("Pulang"),
    ]
    return _csv(header, rows)


def _readme(employee: Employee, today: dt.date) -> str:
    lines = [
        _("Data pribadi Anda di Hadir (Pemerintah Kota Bengkulu)"),
        _("Untuk: %(name)s, NIP %(nip)s. Diunduh pada %(date)s.")
        % {"name": employee.full_name, "nip": employee.nip, "date": today.isoformat()},
        "",
        _("Berkas dalam arsip ini (CSV, dipisah titik koma, UTF-8; dapat dibuka dengan Excel atau LibreOffice):"),
        "- profil.csv: " + _("NIP, nama, unit, jabatan, hak akses, jadwal, alamat dan titik domisili terdaftar."),
        "- presensi.csv: " + _("setiap presensi masuk dan pulang, dengan koordinat yang tercatat saat presensi."),
        "- pengajuan.csv: " + _("pengajuan WFH/WFA, dinas luar, cuti, sakit dan izin beserta keputusannya."),
        "- koreksi.csv: " + _("permintaan koreksi presensi beserta keputusannya."),
        "- riwayat.csv: " + _("jejak audit: siapa memutuskan apa tentang Anda, dan kapan."),
        "- status_harian.csv: "
        + _("kode kehadiran harian (H, TL, PSW, TK, DL, cuti, S, I, L) %(months)s bulan terakhir.")
        % {"months": STATUS_MONTHS},
        "- lampiran/: " + _("surat keterangan dan lampiran koreksi yang masih disimpan."),
        "- foto/: " + _("foto wajah yang diambil saat presensi dan masih disimpan."),
        "",
        _(
            "Koordinat presensi dan lampiran disimpan %(days)s hari, lalu dihapus; setelah itu kolomnya kosong, "
            "sedangkan jarak, tanda di dalam/di luar radius dan kode kehadiran tetap disimpan."
        )
        % {"days": settings.PERSONAL_DATA_RETENTION_DAYS},
        _("Foto wajah presensi juga disimpan %(days)s hari, lalu dihapus beserta koordinatnya.")
        % {"days": settings.PERSONAL_DATA_RETENTION_DAYS},
        _(
            "Bila ada data yang keliru, ajukan koreksi presensi di menu Koreksi, atau hubungi BKPSDM Kota "
            "Bengkulu / admin unit Anda."
        ),
        _("Pemberitahuan privasi lengkap: halaman /privasi/ di Hadir."),
    ]
    return "\r\n".join(str(line) for line in lines) + "\r\n"


def my_data_zip(employee: Employee, *, today: dt.date, now: dt.datetime):
    """A ZIP of everything Hadir keeps about `employee` (an open file at position 0). A fixed number of
    queries whatever the history: one per file plus one evaluation (about 20)."""
    employee = Employee.objects.select_related("unit__schedule", "schedule").get(pk=employee.pk)
    files: dict = {}
    parts = {
        "profil.csv": _profile(employee),
        "presensi.csv": _checkins(employee, files),
        "pengajuan.csv": _arrangements(employee, files),
        "koreksi.csv": _corrections(employee, files),
        "riwayat.csv": _history(employee),
        "status_harian.csv": _statuses(employee, today, now),
    }
    out = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(employee, today))
        for name, content in parts.items():
            archive.writestr(name, content)
        for name, field in files.items():
            _add_file(archive, name, field)
    out.seek(0)
    return out


def _add_file(archive: zipfile.ZipFile, name: str, field) -> None:
    try:
        with field.open("rb") as source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target)
    except OSError:
        archive.writestr(name + ".txt", _("Berkas ini tidak ditemukan di server.") + "\r\n")
