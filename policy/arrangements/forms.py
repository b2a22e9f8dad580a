"""Forms for requests and their decisions: one small form per action."""

import datetime as dt
import math
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.arrangements import requests, rules
from policy.models import Arrangement
from units import clock
from units.models import Employee
from units.validators import validate_workable_date

Kind = Arrangement.Kind
LETTER_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
# The first bytes each kind of letter starts with: the name alone can be anything.
LETTER_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
# Sick leave, permission and official duty may be recorded afterwards, within this many days.
BACKDATE_DAYS = 30
MAX_SPAN_DAYS = 366
MAX_SPAN_DAYS_CLTN = 3 * 366

# Fields shown (and required, except the letter) for each kind, besides dates and reason.
FIELDS_BY_KIND = {
    Kind.WFH: (),
    Kind.WFA: ("address",),
    Kind.DL: ("spt_number",),
    Kind.CUTI: ("leave_type",),
    Kind.SAKIT: ("attachment",),
    Kind.IZIN: (),
}
KIND_FIELDS = ("leave_type", "address", "spt_number", "attachment")


def _starts_with(upload, signatures) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith(signatures)


def megabytes(size: int) -> str:
    """A size in MB the Indonesian way, rounded up to a tenth: 2, 1,5, 2,1 (2 MB and 1 byte)."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths / 10:.1f}".removesuffix(".0").replace(".", ",")


def letter_help() -> str:
    """The letter fields' help: the types, and the largest size (settings.UPLOAD_MAX_BYTES)."""
    return _("PDF, JPG atau PNG, paling besar %(mb)s MB.") % {
        "mb": megabytes(settings.UPLOAD_MAX_BYTES)
    }


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis pengajuan"), choices=Kind.choices, widget=forms.RadioSelect
    )
    leave_type = forms.ChoiceField(label=gettext_lazy("Jenis cuti"), required=False)
    address = forms.CharField(
        label=gettext_lazy("Alamat tempat bekerja"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Alamat lengkap tempat Anda bekerja selama WFA."),
    )
    spt_number = forms.CharField(
        label=gettext_lazy("Nomor SPT"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Nomor Surat Perintah Tugas untuk dinas luar."),
    )
    attachment = forms.FileField(
        label=gettext_lazy("Surat keterangan dokter (tidak wajib)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    start_date = forms.DateField(
        label=gettext_lazy("Mulai tanggal"),
        validators=[validate_workable_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=gettext_lazy("Sampai tanggal"),
        required=False,
        validators=[validate_workable_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Kosongkan untuk satu hari. Hanya hari kerja Anda yang dihitung."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Wajib untuk izin: jelaskan alasannya."),
    )

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.fields["attachment"].help_text = letter_help()
        labels = dict(Arrangement.LeaveType.choices)
        self.fields["leave_type"].choices = [("", _("Pilih jenis cuti"))] + [
            (value, labels[value]) for value in rules.leave_types_for(employee.asn_type)
        ]
        self.fields["leave_type"].error_messages["invalid_choice"] = _(
            "Jenis cuti ini tidak tersedia bagi %(asn)s. Pilih dari daftar."
        ) % {"asn": employee.get_asn_type_display()}
        self.checked: requests.Checked | None = None

    @property
    def chosen_kind(self) -> str:
        value = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return value if value in Kind.values else ""

    def kind_fields(self):
        return [self[name] for name in FIELDS_BY_KIND.get(self.chosen_kind, ())]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in LETTER_EXTENSIONS:
            raise ValidationError(_("Surat harus berupa berkas PDF, JPG atau PNG."))
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("Surat paling besar %(max)s MB; berkas ini %(size)s MB.")
                % {"max": megabytes(settings.UPLOAD_MAX_BYTES), "size": megabytes(upload.size)}
            )
        if not _starts_with(upload, LETTER_SIGNATURES[suffix]):
            raise ValidationError(_("Surat harus berupa berkas PDF, JPG atau PNG."))
        return upload

    def clean(self):
        data = super().clean()
        kind, start = data.get("kind"), data.get("start_date")
        if not kind or not start:
            return data
        end = data.get("end_date") or start
        data["end_date"] = end
        for name in KIND_FIELDS:
            if name not in FIELDS_BY_KIND[kind]:
                data[name] = "" if name != "attachment" else None
        self._check_fields(kind, data)
        self._check_dates(kind, start, end, data)
        if "start_date" in self.errors or "end_date" in self.errors:
            return data
        # The rules run even when another field is missing, so every reason is said at once.
        candidate = requests.Candidate(
            self.employee,
            rules.Request(kind, start, end, data.get("leave_type") or ""),
            who=_("Anda"),
        )
        (self.checked,) = requests.findings_for([candidate])
        if not self.checked.days:
            raise ValidationError(
                _(
                    "Rentang tanggal ini tidak berisi hari kerja Anda (akhir pekan atau hari libur). Pilih tanggal lain."
                )
            )
        blocking = self.checked.blocking
        if blocking:
            raise ValidationError([ValidationError(f.message, code=f.code) for f in blocking])
        return data

    def _check_fields(self, kind, data):
        if kind == Kind.WFH and not self.employee.home_address:
            self.add_error(
                "kind",
                _(
                    "Alamat domisili Anda belum terdaftar, jadi WFH dari rumah belum bisa diajukan. Minta kepala unit "
                    "atau admin melengkapinya, atau pilih WFA dengan alamat lain."
                ),
            )
        required = {
            "address": _("Isi alamat tempat Anda bekerja selama WFA."),
            "spt_number": _("Isi nomor SPT dinas luar."),
            "leave_type": _("Pilih jenis cuti."),
        }
        for name in FIELDS_BY_KIND[kind]:
            if name in required and not (data.get(name) or "").strip():
                self.add_error(name, required[name])
        if kind == Kind.IZIN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan izin."))

    def _check_dates(self, kind, start, end, data):
        today = clock.today()
        if end < start:
            self.add_error("end_date", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
            return
        limit = MAX_SPAN_DAYS_CLTN if data.get("leave_type") == "cltn" else MAX_SPAN_DAYS
        if (end - start).days + 1 > limit:
            self.add_error(
                "end_date", _("Rentang paling panjang %(days)s hari kalender.") % {"days": limit}
            )
        if kind in (Kind.SAKIT, Kind.IZIN, Kind.DL):
            earliest = today - dt.timedelta(days=BACKDATE_DAYS)
            if start < earliest:
                self.add_error(
                    "start_date",
                    _("Pengajuan ini paling lama %(days)s hari ke belakang (sejak %(date)s).")
                    % {"days": BACKDATE_DAYS, "date": rules.day_text(earliest)},
                )
        elif start < today:
            self.add_error(
                "start_date",
                _("WFH, WFA dan cuti diajukan sebelum dijalani: pilih hari ini atau sesudahnya."),
            )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Alasan pengecualian (admin kota)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Hanya bila aturan menolak dan Anda tetap menyetujui; dicatat di jejak audit."
        ),
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Alasan penolakan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Tuliskan alasan penolakan untuk pegawai.")},
    )
