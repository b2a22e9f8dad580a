"""What the trends page shows, built from the counts: the charts with their text alternatives, the data
table, the per-unit table and the comparison. No queries here."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from attendance.trends import charts, figures


def decimal(value: float, places: int = 1) -> str:
    """The value rounded half up (Django's number_format cuts the digits off) in the active locale."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, places, force_grouping=True)


def pct(value: float | None) -> str:
    return _("%(n)s%%") % {"n": decimal(value)} if value is not None else "—"


def tick_pct(value: float) -> str:
    return _("%(n)s%%") % {"n": decimal(value, 0 if float(value).is_integer() else 1)}


def whole(value: float) -> str:
    return decimal(value, 0 if float(value).is_integer() else 1)


def points(value: float | None) -> str:
    """A difference of two rates, in words and percentage points."""
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return _("tetap")
    n = decimal(abs(value))
    if value > 0:
        return _("naik %(n)s poin persen") % {"n": n}
    return _("turun %(n)s poin persen") % {"n": n}


def short_day(day: dt.date) -> str:
    return date_format(day, "j M")


def long_day(day: dt.date) -> str:
    return date_format(day, "l, j F Y")


def span(start: dt.date, end: dt.date) -> str:
    return _("%(start)s – %(end)s") % {"start": date_format(start, "j M Y"), "end": date_format(end, "j M Y")}


@dataclass
class Chart:
    id: str
    heading: str
    definition: str
    drawing: charts.Drawing | None
    summary: str  # the text alternative, also shown under the chart
    narrow: charts.Drawing | None = None  # the same chart drawn for a phone (charts.NARROW)


def _words() -> dict[str, str]:
    return {
        "empty": _("Belum ada data pada rentang ini."),
        "summary": _(
            "%(n)s hari dengan data. Hari pertama (%(first_day)s) %(first)s, hari terakhir (%(last_day)s) "
            "%(last)s. Terendah %(low)s pada %(low_day)s; tertinggi %(high)s pada %(high_day)s."
        ),
        "flat": _("%(n)s hari dengan data, setiap hari %(first)s."),
        "gaps": _(
            "%(gaps)s hari tanpa data (tidak ada yang wajib hadir, atau sebelum presensi tercatat di Hadir) "
            "tidak digambar."
        ),
    }


def _rate_chart(key, heading, definition, days, counts, scope, attr, overall) -> Chart:
    values = [getattr(c, attr) if c is not None else None for c in counts]
    labels = [long_day(d) for d in days]
    summary = _("%(what)s per hari, %(scope)s.") % {"what": heading, "scope": scope}
    summary += " " + charts.describe(values, labels, pct, words=_words())
    if overall is not None:
        summary += " " + _("Untuk seluruh rentang: %(value)s.") % {"value": pct(overall)}
    if not any(v is not None for v in values):
        return Chart(f"chart-{key}", heading, definition, None, summary)
    drawings = [
        charts.line_chart(
            chart_id=f"chart-{key}{suffix}",
            layout=layout,
            title=_("%(what)s per hari, %(scope)s") % {"what": heading, "scope": scope},
            desc=summary,
            x_labels=[short_day(d) for d in days],
            point_labels=labels,
            series=[charts.Series(scope, values)],
            x_title=_("Tanggal"),
            y_title=_("Persen (%)"),
            fmt=pct,
            tick_fmt=tick_pct,
            floor=0,
            ceiling=100,
        )
        for suffix, layout in (("", charts.WIDE), ("-narrow", charts.NARROW))
    ]
    return Chart(f"chart-{key}", heading, definition, drawings[0], summary, narrow=drawings[1])


def _short_chart(days, counts, scope) -> Chart:
    heading = _("Hari kurang petugas minimum")
    definition = _(
        "Jumlah unit yang pada hari itu punya ketentuan minimum petugas di tempat tetapi kurang: menurut "
        "rencana (yang dijadwalkan di kantor lebih sedikit dari minimum) dan nyata (yang dijadwalkan di kantor "
        "dan sudah presensi masuk lebih sedikit dari minimum). Satu unit yang kurang pada satu hari dihitung satu "
        "kali; unit yang sama pada hari lain dihitung lagi."
    )
    planned = [c.short_planned if c is not None and c.with_minimum else None for c in counts]
    actual = [c.short_actual if c is not None and c.with_minimum else None for c in counts]
    known = [c for c in counts if c is not None and c.with_minimum]
    if not known:
        summary = _("Tidak ada ketentuan minimum petugas di tempat yang berlaku pada rentang ini.")
        return Chart("chart-short", heading, definition, None, summary)
    sums = figures.total(known)
    summary = _(
        "Dari %(days)s hari dengan ketentuan minimum (%(unit_days)s kali unit berketentuan minimum buka): kurang "
        "menurut rencana pada %(planned_days)s hari (%(planned)s kali unit kurang), kurang nyata pada "
        "%(actual_days)s hari (%(actual)s kali unit kurang)."
    ) % {
        "days": len(known),
        "unit_days": whole(sums.with_minimum),
        "planned_days": sum(1 for v in planned if v),
        "planned": whole(sums.short_planned),
        "actual_days": sum(1 for v in actual if v),
        "actual": whole(sums.short_actual),
    }
    if sums.short_planned or sums.short_actual:
        worst = max(zip(days, counts, strict=True), key=lambda item: item[1].short_actual if item[1] else -1)
        if worst[1] and worst[1].short_actual:
            summary += " " + _("Paling banyak kurang nyata pada %(day)s: %(n)s unit.") % {
                "day": long_day(worst[0]),
                "n": whole(worst[1].short_actual),
            }
    drawings = [
        charts.bar_chart(
            chart_id=f"chart-short{suffix}",
            layout=layout,
            title=_("%(what)s per hari, %(scope)s") % {"what": heading, "scope": scope},
            desc=summary,
            x_labels=[short_day(d) for d in days],
            point_labels=[long_day(d) for d in days],
            series=[charts.Series(_("Menurut rencana"), planned), charts.Series(_("Nyata"), actual)],
            x_title=_("Tanggal"),
            y_title=_("Jumlah unit"),
            fmt=whole,
        )
        for suffix, layout in (("", charts.WIDE), ("-narrow", charts.NARROW))
    ]
    return Chart("chart-short", heading, definition, drawings[0], summary, narrow=drawings[1])


def definitions() -> dict[str, str]:
    return {
        "presence_rate": _(
            "Hadir ÷ wajib hadir. Wajib hadir: hari-orang yang direncanakan bekerja di kantor atau WFH (hari "
            "kerja tanpa DL, cuti, sakit, izin, libur atau lepas shift), sejak tanggal mulai bertugas. Hadir: "
            "yang di antaranya sudah presensi masuk, di kantor atau dari rumah, tepat waktu atau terlambat."
        ),
        "lateness_rate": _("Hari dengan kode terlambat (TL1–TL4) ÷ hari hadir."),
        "wfh_share": _("Hari-orang yang direncanakan WFH ÷ hari-orang wajib hadir (di kantor atau WFH)."),
    }


def build_charts(days: Sequence[dt.date], counts: Sequence[figures.Counts | None], scope: str) -> list[Chart]:
    overall = figures.total(counts)
    meaning = definitions()
    return [
        _rate_chart("presence", _("Tingkat kehadiran"), meaning["presence_rate"], days, counts, scope,
                    "presence_rate", overall.presence_rate),
        _rate_chart("lateness", _("Tingkat keterlambatan"), meaning["lateness_rate"], days, counts, scope,
                    "lateness_rate", overall.lateness_rate),
        _rate_chart("wfh", _("Porsi WFH"), meaning["wfh_share"], days, counts, scope,
                    "wfh_share", overall.wfh_share),
        _short_chart(days, counts, scope),
    ]


@dataclass
class DayRow:
    day: dt.date
    counts: figures.Counts | None

    @property
    def label(self) -> str:
        return date_format(self.day, "D, j M Y")

    def cells(self) -> list[str]:
        c = self.counts
        if c is None:
            return []
        minimum = c.with_minimum
        return [
            whole(c.expected), whole(c.present), pct(c.presence_rate), whole(c.late), pct(c.lateness_rate),
            whole(c.wfh), pct(c.wfh_share), whole(minimum),
            whole(c.short_planned) if minimum else "—", whole(c.short_actual) if minimum else "—",
        ]


def day_rows(days, counts) -> list[DayRow]:
    return [DayRow(d, c) for d, c in zip(days, counts, strict=True)]


@dataclass
class UnitRow:
    unit: object
    counts: figures.Counts

    @property
    def cells(self) -> list[str]:
        c = self.counts
        return [whole(c.expected), pct(c.presence_rate), pct(c.lateness_rate), pct(c.wfh_share)]


def unit_rows(units, by_unit_day, days) -> list[UnitRow]:
    """Each unit's totals over the days (its own staff, not its sub-units'), units without anybody
    expected and without a minimum left out."""
    rows = []
    for unit in units:
        sums = figures.total(by_unit_day.get((unit.pk, d)) for d in days)
        if sums.expected or sums.with_minimum:
            rows.append(UnitRow(unit, sums))
    return rows


@dataclass
class ComparisonRow:
    label: str
    a: str
    b: str
    change: str


def comparison(a: figures.Counts, b: figures.Counts, a_days: int, b_days: int) -> tuple[list[ComparisonRow], charts.Drawing]:
    """The table rows (each metric in A and B, and the difference) and a grouped bar chart of the rates."""

    def rate(value, part, whole_):
        if value is None:
            return _("tidak ada data")
        return _("%(rate)s (%(part)s dari %(whole)s)") % {"rate": pct(value), "part": whole(part), "whole": whole(whole_)}

    diffs = {d.key: d for d in figures.compare(a, b)}
    rows = [
        ComparisonRow(_("Hari dengan data"), whole(a_days), whole(b_days), ""),
        ComparisonRow(_("Wajib hadir (hari-orang)"), whole(a.expected), whole(b.expected), ""),
        ComparisonRow(_("Tingkat kehadiran"), rate(a.presence_rate, a.present, a.expected),
                      rate(b.presence_rate, b.present, b.expected), points(diffs["presence_rate"].change)),
        ComparisonRow(_("Tingkat keterlambatan"), rate(a.lateness_rate, a.late, a.present),
                      rate(b.lateness_rate, b.late, b.present), points(diffs["lateness_rate"].change)),
        ComparisonRow(_("Porsi WFH"), rate(a.wfh_share, a.wfh, a.expected), rate(b.wfh_share, b.wfh, b.expected),
                      points(diffs["wfh_share"].change)),
        ComparisonRow(_("Kali unit kurang minimum, menurut rencana"),
                      rate(a.short_planned_rate, a.short_planned, a.with_minimum),
                      rate(b.short_planned_rate, b.short_planned, b.with_minimum),
                      points(diffs["short_planned_rate"].change)),
        ComparisonRow(_("Kali unit kurang minimum, nyata"),
                      rate(a.short_actual_rate, a.short_actual, a.with_minimum),
                      rate(b.short_actual_rate, b.short_actual, b.with_minimum),
                      points(diffs["short_actual_rate"].change)),
    ]
    labels = [_("Kehadiran"), _("Keterlambatan"), _("Porsi WFH"), _("Kurang (rencana)"), _("Kurang (nyata)")]
    a_values = [diffs[k].a for k in figures.METRICS]
    b_values = [diffs[k].b for k in figures.METRICS]
    described = "; ".join(
        _("%(what)s: A %(a)s, B %(b)s, %(change)s") % {"what": label, "a": pct(d.a), "b": pct(d.b), "change": points(d.change)}
        for label, d in zip(labels, (diffs[k] for k in figures.METRICS), strict=True)
    )
    drawing = charts.bar_chart(
        chart_id="chart-compare",
        title=_("Perbandingan periode A dan B"),
        desc=described + ".",
        x_labels=labels,
        series=[charts.Series(_("Periode A"), a_values), charts.Series(_("Periode B"), b_values)],
        x_title=_("Ukuran"),
        y_title=_("Persen (%)"),
        fmt=pct,
        tick_fmt=tick_pct,
        value_labels=True,
    )
    return rows, drawing


def stats(overall: figures.Counts) -> list[tuple[str, str, str]]:
    """The summary cards: (value, what it is, how it was counted)."""
    return [
        (pct(overall.presence_rate), _("tingkat kehadiran"),
         _("%(p)s hadir dari %(e)s hari-orang wajib hadir") % {"p": whole(overall.present), "e": whole(overall.expected)}),
        (pct(overall.lateness_rate), _("tingkat keterlambatan"),
         _("%(l)s hari terlambat dari %(p)s hari hadir") % {"l": whole(overall.late), "p": whole(overall.present)}),
        (pct(overall.wfh_share), _("porsi WFH"),
         _("%(w)s hari-orang WFH dari %(e)s") % {"w": whole(overall.wfh), "e": whole(overall.expected)}),
        (f"{whole(overall.short_planned)} / {whole(overall.short_actual)}",
         _("kali unit kurang petugas minimum (rencana / nyata)"),
         _("dari %(m)s kali unit berketentuan minimum buka, dihitung per unit per hari") % {"m": whole(overall.with_minimum)}),
    ]
