"""What the recap pages, the print pages and the files show above and around the numbers: the header
lines, the lock state, the code columns, rows grouped by unit, month navigation, the city's units."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance.models import MonthLock
from attendance.recap import monthly
from attendance.recap.forms import YEARS_BACK, month_label, month_value
from units import clock
from units.models import Unit


def month_query(year: int, month: int) -> str:
    return f"?bulan={month_value(year, month)}"


def lock_text(lock: MonthLock | None) -> str:
    if lock is None:
        return _("Belum dikunci: angka masih dapat berubah bila koreksi disetujui.")
    who = getattr(lock.locked_by, "employee", None)
    return _("Terkunci sejak %(at)s oleh %(who)s.") % {
        "at": date_format(timezone.localtime(lock.locked_at), "j F Y H:i"),
        "who": who.full_name if who else lock.locked_by.get_username(),
    }


def scope_line(unit: Unit | None, recap: monthly.Recap) -> str:
    if unit is None:
        return _("Cakupan: seluruh Kota Bengkulu")
    if len({r.employee.unit_id for r in recap.rows}) > 1:
        return _("Unit: %(name)s beserta sub-unitnya") % {"name": unit.name}
    return _("Unit: %(name)s") % {"name": unit.name}


def header_lines(scope: str, recap: monthly.Recap, lock) -> list[str]:
    """The lines above the table, on the page and in the XLSX; `scope` from `scope_line`."""
    month = _("Bulan: %(month)s") % {"month": month_label(recap.year, recap.month)}
    if recap.through and recap.through < monthly.month_days(recap.year, recap.month)[-1]:
        month += _(" (dihitung sampai %(day)s; hari berikutnya belum dinilai)") % {
            "day": date_format(recap.through, "j F Y")
        }
    lines = [
        scope,
        month,
        _("Dibuat: %(at)s WIB (jam server)") % {"at": date_format(timezone.localtime(clock.now()), "j F Y H:i")},
        lock_text(lock),
    ]
    if recap.example:
        lines.append(
            _("Potongan TPP: Nilai contoh — belum dikonfirmasi BKPSDM (tabel kode presensi dan potongan).")
        )
    if recap.frozen:
        lines.append(
            _("TK tahun berjalan: angka bulan terkunci diambil dari rekap saat dikunci (%(months)s).")
            % {"months": ", ".join(month_label(recap.year, m) for m in recap.frozen)}
        )
    if recap.since and recap.since > dt.date(recap.year, 1, 1):
        lines.append(
            _("Presensi tercatat di Hadir sejak %(day)s; hari sebelumnya tidak dihitung.")
            % {"day": date_format(recap.since, "j F Y")}
        )
    return lines


def code_columns(recap: monthly.Recap) -> list[str]:
    """The code columns on the page: every code, but the leave codes only when someone used them."""
    used = recap.total.counts
    return [c for c in monthly.CODES if c not in monthly.LEAVE or used[c]]


def table_context(recap: monthly.Recap, caption: str = "") -> dict:
    """Context of the recap tables and notes: the code columns, rows grouped by unit, totals."""
    codes = code_columns(recap)
    groups = recap.groups()
    for group in groups:
        for row in group.rows:
            row.cells = [(c, row.summary.counts[c]) for c in codes]
        group.cells = [(c, group.total.counts[c]) for c in codes]
    total = recap.total
    return {
        "recap": recap,
        "codes": [(c, recap.rules[c].name if c in recap.rules else c) for c in codes],
        "groups": groups,
        "grouped": len(groups) > 1,
        "total": total,
        "total_cells": [(c, total.counts[c]) for c in codes],
        "hidden_leave": len(codes) < len(monthly.CODES),
        "colspan": len(codes) + 7,
        "unit_colspan": len(codes) + 6,
        "caption": caption,
        "month_end": monthly.month_days(recap.year, recap.month)[-1],
        "since_note": bool(recap.since and recap.since > dt.date(recap.year, 1, 1)),
    }


def month_nav(name: str, args, year: int, month: int, extra: str = "") -> dict:
    """Links to the months around this one; `extra` ("&tampilan=pegawai") is kept on each."""
    today = clock.today()
    base = reverse(name, args=args)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    earliest = (today.year - YEARS_BACK, 1)
    return {
        "previous": base + month_query(*previous) + extra if previous >= earliest else "",
        "previous_label": month_label(*previous),
        "next": base + month_query(*following) + extra if following <= (today.year, today.month) else "",
        "next_label": month_label(*following),
        "current": (base + ("?" + extra[1:] if extra else "")) if (year, month) != (today.year, today.month) else "",
    }


def city_units(recap: monthly.Recap) -> list[dict]:
    """Every active unit (and any with staff in the recap), grouped by kind, each with its own staff's totals."""
    groups = {g.unit.pk: g for g in recap.groups()}
    units = Unit.objects.filter(Q(is_active=True) | Q(pk__in=groups)).order_by("tree_path")
    labels = dict(Unit.Kind.choices)
    kinds = list(Unit.Kind.values)
    codes = code_columns(recap)
    by_kind: dict[str, dict] = {}
    for unit in units:
        group = groups.get(unit.pk) or monthly.Group(unit, [], monthly.Summary())
        group.unit = unit
        group.cells = [(c, group.total.counts[c]) for c in codes]
        section = by_kind.setdefault(unit.kind, {"label": labels.get(unit.kind, unit.kind), "groups": []})
        section["groups"].append(group)
    return [by_kind[k] for k in sorted(by_kind, key=lambda k: kinds.index(k) if k in kinds else len(kinds))]
