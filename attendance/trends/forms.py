"""Forms of the trends page: the length of the trend, and the two periods to compare."""

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

Period = tuple[dt.date, dt.date]  # (start, end), both included
LENGTHS = (30, 90)
PERIOD_MAX_DAYS = 92  # a period of the comparison is at most about three months
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrendForm(forms.Form):
    hari = forms.TypedChoiceField(
        label=_("Rentang"),
        choices=[(n, _("%(n)s hari terakhir") % {"n": n}) for n in LENGTHS],
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Pilih 30 atau 90 hari.")},
    )

    def length(self) -> int:
        """The days chosen; 30 when nothing (or nothing valid) is chosen."""
        return (self.cleaned_data.get("hari") if self.is_valid() else None) or LENGTHS[0]


class PeriodsForm(forms.Form):
    """Period A (before) and period B (after); empty: the default periods."""

    a_mulai = forms.DateField(label=_("Mulai"), required=False, widget=DATE)
    a_sampai = forms.DateField(label=_("Sampai"), required=False, widget=DATE)
    b_mulai = forms.DateField(label=_("Mulai"), required=False, widget=DATE)
    b_sampai = forms.DateField(label=_("Sampai"), required=False, widget=DATE)

    def __init__(
        self, data: QueryDict | None = None, *, today: dt.date, default: tuple[Period, Period]
    ) -> None:
        names = ("a_mulai", "a_sampai", "b_mulai", "b_sampai")
        given = data is not None and any(data.get(name) for name in names)
        self.default = default
        self.given = given
        super().__init__(data if given else None, initial=dict(zip(names, [d for p in default for d in p], strict=True)))
        self.today = today

    def clean(self):
        data = super().clean()
        yesterday = self.today - dt.timedelta(days=1)
        for prefix in ("a", "b"):
            start, end = data.get(f"{prefix}_mulai"), data.get(f"{prefix}_sampai")
            for name in (f"{prefix}_mulai", f"{prefix}_sampai"):
                if name not in self.errors and not data.get(name):
                    self.add_error(name, _("Isi tanggal ini."))
            if not (start and end):
                continue
            if end < start:
                self.add_error(f"{prefix}_sampai", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
            elif end > yesterday:
                self.add_error(
                    f"{prefix}_sampai",
                    _("Paling lambat kemarin (%(day)s): angka hari ini belum lengkap.")
                    % {"day": date_format(yesterday, "j F Y")},
                )
            elif (end - start).days + 1 > PERIOD_MAX_DAYS:
                self.add_error(
                    f"{prefix}_sampai", _("Satu periode paling panjang %(n)s hari.") % {"n": PERIOD_MAX_DAYS}
                )
        return data

    def periods(self) -> tuple[Period, Period] | None:
        """(A, B) as (start, end) pairs: the chosen ones, the defaults when none were given, or None when
        the dates given are not valid (the form shows why)."""
        if not self.given:
            return self.default
        if not self.is_valid():
            return None
        d = self.cleaned_data
        return (d["a_mulai"], d["a_sampai"]), (d["b_mulai"], d["b_sampai"])
