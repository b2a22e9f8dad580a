"""The correction form (its decisions use policy.approvals.forms)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.approvals import corrections
from attendance.evaluation.bulk import local
from attendance.models import Correction
from policy.approvals import attachments
from policy.approvals.forms import KindFieldsMixin
from policy.plan.building import build_plan
from units import clock
from units.models import Employee
from units.schedule import in_window
from units.validators import validate_workable_date

Kind = Correction.Kind
# Fields shown (and required) for each kind, besides the date, the reason and the attachment.
FIELDS_BY_KIND = {
    Kind.FORGOT_OUT: ("time_out",),
    Kind.FORGOT_IN: ("time_in",),
    Kind.GPS: (),
    Kind.DL: ("spt_number",),
    Kind.FORGOT_BREAK: ("time_break",),
}
KIND_FIELDS = ("time_in", "time_out", "time_break", "spt_number")
KIND_HELP = {
    Kind.FORGOT_OUT: gettext_lazy("Anda bekerja sampai selesai tetapi tidak menekan Presensi pulang. Isi jam pulang yang sebenarnya."),
    Kind.FORGOT_IN: gettext_lazy("Anda masuk kerja tetapi presensi masuk tidak tercatat, atau tercatat pada jam yang salah. Isi jam masuk yang sebenarnya."),
    Kind.GPS: gettext_lazy("Anda berada di kantor (atau di rumah saat WFH) tetapi presensi ditandai di luar radius atau tanpa lokasi. Jamnya tetap; lokasinya diterima."),
    Kind.DL: gettext_lazy("Anda mendadak ditugaskan di luar kantor dengan Surat Perintah Tugas. Hari itu menjadi dinas luar (DL)."),
    Kind.FORGOT_BREAK: gettext_lazy("Anda bekerja pada jam istirahat tetapi presensi istirahat tidak tercatat (TPI). Isi jam yang sebenarnya, di dalam jam istirahat hari itu."),
}
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CorrectionForm(KindFieldsMixin, forms.Form):
    fields_by_kind = FIELDS_BY_KIND

    date = forms.DateField(
        label=gettext_lazy("Tanggal"),
        validators=[validate_workable_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Hari kerja yang presensinya dikoreksi: hari ini atau sebelumnya."),
        error_messages={"required": gettext_lazy("Pilih tanggal yang dikoreksi."),
                        "invalid": gettext_lazy("Tulis tanggal dengan benar, misalnya 2026-04-06.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis koreksi"), choices=Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Pilih jenis koreksi.")},
    )
    time_in = forms.TimeField(
        label=gettext_lazy("Jam masuk yang sebenarnya"), required=False, widget=TIME_WIDGET,
        help_text=gettext_lazy("Jam dan menit, misalnya 07:25."),
        error_messages={"invalid": gettext_lazy("Tulis jam seperti 07:25.")},
    )
    time_out = forms.TimeField(
        label=gettext_lazy("Jam pulang yang sebenarnya"), required=False, widget=TIME_WIDGET,
        help_text=gettext_lazy("Jam dan menit, misalnya 16:05."),
        error_messages={"invalid": gettext_lazy("Tulis jam seperti 16:05.")},
    )
    time_break = forms.TimeField(
        label=gettext_lazy("Jam presensi istirahat yang sebenarnya"), required=False, widget=TIME_WIDGET,
        help_text=gettext_lazy("Jam dan menit di dalam jam istirahat, misalnya 12:10."),
        error_messages={"invalid": gettext_lazy("Tulis jam seperti 12:10.")},
    )
    spt_number = forms.CharField(
        label=gettext_lazy("Nomor SPT"), max_length=100, required=False,
        help_text=gettext_lazy("Nomor Surat Perintah Tugas untuk dinas luar."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Jelaskan apa yang terjadi, agar kepala unit dapat memutuskan."),
        error_messages={"required": gettext_lazy("Tuliskan alasan koreksi.")},
    )
    attachment = attachments.AttachmentField(
        label=gettext_lazy("Lampiran (tidak wajib)"), required=False,
        error_messages={"wrong_type": gettext_lazy("Lampiran harus berupa berkas PDF, JPG atau PNG."),
                        "too_big": gettext_lazy("Lampiran paling besar %(max)s MB; berkas ini %(size)s MB.")},
    )

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.fields["attachment"].help_text = _(
            "Misalnya SPT atau foto bukti. PDF, JPG atau PNG, paling besar %(mb)s MB."
        ) % {"mb": attachments.megabytes(settings.UPLOAD_MAX_BYTES)}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > clock.today():
            raise ValidationError(_("Koreksi hanya untuk hari ini atau hari yang sudah lewat."))
        return day

    def clean(self):
        data = super().clean()
        kind, day = data.get("kind"), data.get("date")
        if not kind:
            return data
        for name in KIND_FIELDS:
            if name not in FIELDS_BY_KIND[kind]:
                data[name] = None if name.startswith("time") else ""
        required = {
            "time_in": _("Isi jam masuk yang sebenarnya."),
            "time_out": _("Isi jam pulang yang sebenarnya."),
            "time_break": _("Isi jam presensi istirahat yang sebenarnya."),
            "spt_number": _("Isi nomor SPT dinas luar."),
        }
        for name in FIELDS_BY_KIND[kind]:
            if name not in self.errors and not data.get(name):
                self.add_error(name, required[name])
        if not day or self.errors.get("date"):
            return data
        planned = build_plan([self.employee], [day]).cells[(self.employee.pk, day)]
        problem = corrections.day_refusal(self.employee, day, kind, planned=planned)
        if problem:
            raise ValidationError(problem)
        self._check_times(kind, day, planned, data)
        return data

    def _check_times(self, kind, day, planned, data):
        now = local(clock.now())
        if kind == Kind.FORGOT_BREAK and data.get("time_break"):
            window = corrections.break_window(self.employee, day, planned)
            moment = dt.datetime.combine(day, data["time_break"])
            if window is None:
                self.add_error("time_break", _("Hari itu tidak meminta presensi istirahat."))
            elif not in_window(moment, window) and not in_window(moment + dt.timedelta(days=1), window):
                self.add_error(
                    "time_break",
                    _("Jam istirahat hari itu %(start)s–%(end)s; isi jam di antaranya.")
                    % {"start": window[0].strftime("%H:%M"), "end": window[1].strftime("%H:%M")},
                )
        for name in ("time_in", "time_out", "time_break"):
            value = data.get(name)
            if value and day == now.date() and dt.datetime.combine(day, value) > now:
                self.add_error(name, _("Jam %(time)s hari ini belum lewat.") % {"time": value.strftime("%H:%M")})
        if kind == Kind.FORGOT_OUT and data.get("time_out") and planned.shift_id is None:
            ins = [e for e in corrections.counting_events(self.employee, day) if e.kind == "in"]
            first_in = local(ins[0].at).time() if ins else None
            if first_in and data["time_out"] <= first_in:
                self.add_error(
                    "time_out",
                    _("Jam pulang harus sesudah jam masuk yang tercatat (%(time)s).")
                    % {"time": first_in.strftime("%H:%M")},
                )

