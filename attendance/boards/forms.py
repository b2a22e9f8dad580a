"""The city coverage board's filters and the day of a unit's daily list: GET forms, so a filtered board or a
day's list is a link that can be shared."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class CoverageFilterForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis unit"), required=False, choices=[("", _("Semua jenis"))] + Unit.Kind.choices
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Unit.objects.active().filter(kind=Unit.Kind.KECAMATAN).order_by("name"),
        to_field_name="code",
        empty_label=_("Semua kecamatan"),
        help_text=_("Kantor kecamatan dan kelurahannya."),
    )
    kurang = forms.BooleanField(label=_("Hanya unit yang kurang petugas sekarang"), required=False)

    def filters(self) -> tuple[str, Unit | None, bool]:
        """(kind, kecamatan, only short); a value that does not validate is ignored (and shown as an error)."""
        if not self.is_bound:
            return "", None, False
        self.is_valid()
        data = self.cleaned_data
        return data.get("jenis", ""), data.get("kecamatan"), bool(data.get("kurang"))


class DayForm(forms.Form):
    """The day of a unit's daily attendance list (?tanggal=YYYY-MM-DD): today, or a day of the past year."""

    DAYS_BACK = 366

    tanggal = forms.DateField(
        label=_("Tanggal"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-04-07.")},
    )

    def __init__(self, data=None, *, today: dt.date):
        super().__init__(data, initial={"tanggal": today})
        self.today = today
        widget = self.fields["tanggal"].widget
        widget.attrs.update(max=today.isoformat(), min=(today - dt.timedelta(days=self.DAYS_BACK)).isoformat())

    def clean_tanggal(self) -> dt.date | None:
        day = self.cleaned_data["tanggal"]
        if day is not None and day > self.today:
            raise forms.ValidationError(_("Daftar hadir hari yang belum tiba belum ada."))
        if day is not None and day < self.today - dt.timedelta(days=self.DAYS_BACK):
            raise forms.ValidationError(_("Pilih tanggal dalam setahun terakhir."))
        return day

    def day(self) -> dt.date:
        """The day chosen; today when nothing (or nothing valid) is chosen."""
        if not self.is_bound or not self.is_valid():
            return self.today
        return self.cleaned_data["tanggal"] or self.today
