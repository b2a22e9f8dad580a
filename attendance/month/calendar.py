"""The month calendar of one person: weeks, day labels in words and letters, and totals.

Pure helpers over plain values (dates and attendance.evaluation.status.DayStatus); the view gathers the statuses
with one call to attendance.evaluation.bulk.evaluate and passes them here.
"""

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance.evaluation.status import ABSENT, AWAITING, DAY_OFF, ON_TIME, PENDING, DayStatus
from attendance.rules_seed import MISSED_BREAK
from policy.plan import day_plan
from policy.plan.forms import DAY_OFF_LABEL, MODE_LABELS
from units import clock
from units.words import duration

# The order codes are listed in the totals: presence, lateness, early leave, away, absent, off.
CODE_ORDER = (
    "H", "TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", MISSED_BREAK,
    "DL", "CT", "CB", "CS", "CM", "CAP", "CLTN", "S", "I", "TK", "L",
)
PRESENT_CODES = re.compile(rf"^(H|TL\d|PSW\d|{MISSED_BREAK})$")


def parse_month(text: str | None, today: dt.date) -> dt.date:
    """The first day of the month named "YYYY-MM"; this month when the text is missing or wrong."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    return first if clock.FIRST_DATE <= first <= clock.LAST_DATE else today.replace(day=1)


def parse_day(text: str | None) -> dt.date | None:
    """The day named "YYYY-MM-DD" (the day chosen in the calendar), None when missing, wrong or out of range."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if clock.FIRST_DATE <= day <= clock.LAST_DATE and len(text or "") == 10 else None


def month_days(first: dt.date) -> list[dt.date]:
    count = calendar.monthrange(first.year, first.month)[1]
    return [first.replace(day=n) for n in range(1, count + 1)]


def previous_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


def weeks(first: dt.date) -> list[list[dt.date | None]]:
    """Rows of seven (Monday to Sunday); None pads the days of the neighbouring months."""
    days = month_days(first)
    cells: list[dt.date | None] = [None] * first.weekday() + days
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def code_words(
    code: str, status: DayStatus, planned: day_plan.PlannedDay | None = None, day: dt.date | None = None
) -> str:
    """One code in words: "terlambat 12 menit", "Libur: Hari Buruh", "tanpa keterangan"."""
    if code.startswith("TL"):
        if status.missing_in:
            return _("tidak presensi masuk")
        return _("terlambat %(minutes)s") % {"minutes": duration(status.late_minutes)}
    if code.startswith("PSW"):
        if status.missing_out:
            return _("tidak presensi pulang")
        return _("pulang cepat %(minutes)s") % {"minutes": duration(status.early_minutes)}
    if code == DAY_OFF:
        if planned is not None and planned.holiday and planned.mode == day_plan.LIBUR:
            return _("Libur: %(name)s") % {"name": planned.holiday}
        if planned is not None and planned.mode == day_plan.OFF:
            return _("lepas shift")
        if day is not None and day.weekday() >= 5:
            return _("akhir pekan")
        return _("bukan hari kerja")
    words = {
        ON_TIME: _("hadir"),
        MISSED_BREAK: _("tidak presensi istirahat"),
        ABSENT: _("tanpa keterangan"),
        AWAITING: _("menunggu verifikasi"),
        "DL": _("dinas luar"),
        "CT": _("cuti tahunan"),
        "CB": _("cuti besar"),
        "CS": _("cuti sakit"),
        "CM": _("cuti melahirkan"),
        "CAP": _("cuti alasan penting"),
        "CLTN": _("cuti di luar tanggungan negara"),
        "S": _("sakit"),
        "I": _("izin"),
    }
    return words.get(code, "")


def day_label(day: dt.date, today: dt.date, status: DayStatus, planned: day_plan.PlannedDay | None = None) -> str:
    """The day's codes in letters and words: "TL1 · terlambat 12 menit", "L · Libur: Hari Buruh",
    "TL1 · terlambat 3 menit; PSW2 · pulang cepat 40 menit", "belum presensi" (today before check-in), "hari
    mendatang" (a later day)."""
    if status.code == PENDING:
        return _("hari mendatang") if day > today else _("belum presensi")
    parts = []
    for code in status.codes:
        words = code_words(code, status, planned, day)
        parts.append(f"{code} · {words}" if words else code)
    return "; ".join(parts)


def short_codes(day: dt.date, today: dt.date, status: DayStatus) -> list[str]:
    """What a calendar cell shows, the code letters: ["TL1", "PSW2"], ["libur"] for L, ["belum"] today before
    check-in, [] for a later day. The cell says the same in words to screen readers (day_label)."""
    if status.code == PENDING:
        return [] if day > today else [_("belum")]
    return [_("libur") if code == DAY_OFF else code for code in status.codes]


def plan_words(planned: day_plan.PlannedDay) -> str:
    """What was planned for the day and which record decided it: "WFH (pengajuan yang disetujui)",
    "Di kantor (kebijakan)", "Libur: Hari Buruh", "Bukan hari kerja"."""
    if planned.mode == day_plan.LIBUR:
        return _("Libur: %(name)s") % {"name": planned.holiday} if planned.holiday else str(DAY_OFF_LABEL)
    sources = {
        "arrangement": _("pengajuan yang disetujui"),
        "assignment": _("penugasan kepala unit"),
        "policy": _("kebijakan kehadiran"),
        "schedule": _("jadwal kerja"),
    }
    mode = str(MODE_LABELS.get(planned.mode, planned.mode))
    if planned.site is not None:
        mode = _("%(mode)s di %(site)s") % {"mode": mode, "site": planned.site.name}
    source = sources.get(planned.source)
    return f"{mode} ({source})" if source else mode


def sort_codes(codes) -> list[str]:
    rank = {code: i for i, code in enumerate(CODE_ORDER)}
    return sorted(codes, key=lambda code: (rank.get(code, len(rank)), code))


@dataclass(frozen=True)
class Totals:
    counts: tuple[tuple[str, int], ...]  # (code, days), in CODE_ORDER
    late_minutes: int
    early_minutes: int
    days_present: int  # days with H, TL, PSW or TPI

    def count(self, code: str) -> int:
        return dict(self.counts).get(code, 0)


def totals(statuses: dict[dt.date, DayStatus], today: dt.date) -> Totals:
    """Totals up to and including today: each code counts once per day it appears on (a late arrival
    that also left early counts in TL and in PSW); days not yet known ("-") are left out."""
    counts: Counter[str] = Counter()
    late = early = present = 0
    for day, status in statuses.items():
        if day > today or status.code == PENDING:
            continue
        counts.update(status.codes)
        late += status.late_minutes
        early += status.early_minutes
        if any(PRESENT_CODES.match(code) for code in status.codes):
            present += 1
    return Totals(
        counts=tuple((code, counts[code]) for code in sort_codes(counts)),
        late_minutes=late,
        early_minutes=early,
        days_present=present,
    )


def date_words(day: dt.date) -> str:
    """"Senin, 6 April 2026"."""
    return date_format(day, "l, j F Y")
