"""The request form (its decisions use policy.approvals.forms)."""

import datetime as dt
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.approvals import attachments
from policy.approvals.forms import KindFieldsMixin
from policy.arrangements import requests, rules
from policy.models import Arrangement
from policy.plan.sites import SITE_FIELDS, SiteForm
from units import clock
from units.models import Employee
from units.validators import validate_workable_date

Kind = Arrangement.Kind
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
# The element that says why kinds are not offered (templates/policy/arrangements/form.html).
UNAVAILABLE_ID = "kind-unavailable"


def letter_help() -> str:
    """The letter fields' help: the types, and the largest size (settings.UPLOAD_MAX_BYTES)."""
    return _("PDF, JPG atau PNG, paling besar %(mb)s MB.") % {
        "mb": attachments.megabytes(settings.UPLOAD_MAX_BYTES)
    }


def no_home_refusal(employee: Employee) -> str:
    """Why WFH from home cannot be asked (no registered home), or "" when it can."""
    if employee.home_address:
        return ""
    return _(
        "Alamat domisili Anda belum terdaftar, jadi WFH dari rumah belum bisa diajukan. Minta kepala unit "
        "atau admin melengkapinya, atau pilih WFA dengan alamat lain."
    )


class RequestForm(KindFieldsMixin, SiteForm):
    fields_by_kind = FIELDS_BY_KIND
    site_help = gettext_lazy(
        "Bila diisi, pada hari-hari dinas luar ini presensi dilakukan di lokasi kegiatan (dalam radiusnya), bukan "
        "di kantor; tanpa presensi di sana hari itu dihitung TK. Kosongkan bila kegiatan tidak meminta presensi."
    )
    site_legend = gettext_lazy("Lokasi kegiatan (tidak wajib)")
    field_order = ["kind", *KIND_FIELDS, *SITE_FIELDS, "start_date", "end_date", "reason"]

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
    attachment = attachments.AttachmentField(
        label=gettext_lazy("Surat keterangan dokter (tidak wajib)"),
        required=False,
        error_messages={
            "wrong_type": gettext_lazy("Surat harus berupa berkas PDF, JPG atau PNG."),
            "too_big": gettext_lazy("Surat paling besar %(max)s MB; berkas ini %(size)s MB."),
        },
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
        cast(forms.ChoiceField, self.fields["leave_type"]).choices = [("", _("Pilih jenis cuti"))] + [
            (value, labels[value]) for value in rules.leave_types_for(employee.asn_type)
        ]
        self.fields["leave_type"].error_messages["invalid_choice"] = _(
            "Jenis cuti ini tidak tersedia bagi %(asn)s. Pilih dari daftar."
        ) % {"asn": employee.get_asn_type_display()}
        self.checked: requests.Checked | None = None
        self.unavailable: list[str] = []

    def offer_allowed_kinds(self, today: dt.date) -> None:
        """Leave out of the choices the kinds the rules refuse on every day the form can soon ask for, and
        say why (`unavailable`, tied to the radios). The field still accepts every kind, so a crafted POST
        is refused by clean() in the rules' own words. Call it only when the choices are shown."""
        hidden: set[str] = set()
        self.unavailable = requests.flexible_unavailable(self.employee, today)
        if self.unavailable:
            hidden |= rules.FLEXIBLE
        elif home := no_home_refusal(self.employee):
            hidden.add(Kind.WFH)
            self.unavailable = [home]
        if not hidden:
            return
        widget = cast(forms.RadioSelect, self.fields["kind"].widget)
        widget.choices = [(value, label) for value, label in widget.choices if value not in hidden]
        widget.attrs["aria-describedby"] = UNAVAILABLE_ID
        if not self.is_bound and self.initial.get("kind") in hidden:
            self.initial = {**self.initial, "kind": ""}

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
        self.check_site(data, wanted=kind == Kind.DL)
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
        if kind == Kind.WFH and (refusal := no_home_refusal(self.employee)):
            self.add_error("kind", refusal)
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

    def site_fields(self) -> list[forms.BoundField]:
        """The activity site's fields, shown for a DL."""
        return [self[name] for name in SITE_FIELDS] if self.chosen_kind == Kind.DL else []

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

