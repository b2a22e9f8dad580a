"""Forms of the monthly recap: the month picker and the lock confirmation."""

import datetime as dt
from typing import cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

YEARS_BACK = 2  # the picker lists every month from January two years ago to this month


def month_label(year: int, month: int) -> str:
    return date_format(dt.date(year, month, 1), "F Y")


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


class MonthForm(forms.Form):
    bulan = forms.ChoiceField(
        label=_("Bulan"),
        required=False,
        error_messages={"invalid_choice": _("Bulan itu tidak tersedia; pilih bulan dari daftar.")},
    )

    def __init__(self, data=None, *, today: dt.date):
        super().__init__(data)
        self.today = today
        months = []
        year, month = today.year, today.month
        while year >= today.year - YEARS_BACK:
            months.append((month_value(year, month), month_label(year, month)))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        cast(forms.ChoiceField, self.fields["bulan"]).choices = months

    def month(self) -> tuple[int, int]:
        """(year, month) chosen; this month when nothing (or nothing valid) is chosen."""
        value = self.cleaned_data.get("bulan") if self.is_valid() else ""
        if not value:
            return self.today.year, self.today.month
        year, month = value.split("-")
        return int(year), int(month)


class LockForm(forms.Form):
    bulan = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Catatan verifikasi (tidak wajib)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya nomor berita acara verifikasi BKPSDM."),
    )
