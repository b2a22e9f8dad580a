"""The daily attendance list (daftar hadir harian) of a unit: the board's people of one day as a sheet to
print, sign and file, and as XLSX and CSV.

Everything comes from the unit board's own gather (attendance.boards.unit_board): the same evaluation, the
same planned modes and the same words for the codes. People off that day (holiday, day off, off-shift)
are left out: nobody expects them. The files use the recap's writers (attendance.recap.exports).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from attendance.boards import unit_board
from attendance.evaluation.status import PENDING
from attendance.recap import exports
from units.models import Unit

NOT_IN_WORDS = gettext_lazy("belum presensi masuk")  # the board's words for "-" (no check-in yet today)


@dataclass(frozen=True)
class Line:
    """One person on the list: a row of the board, numbered."""

    number: int
    row: unit_board.Row

    @property
    def nip(self) -> str:
        """The NIP as printed on letters ("19750315 200003 1 002")."""
        employee = self.row.employee
        return exports.printed_nip(employee.nip, employee.asn_type)

    @property
    def codes(self) -> str:
        """The day's codes ("TL1, PSW2"); "" while the day waits for a check-in."""
        status = self.row.status
        return "" if status.code == PENDING else ", ".join(status.codes)

    @property
    def words(self) -> str:
        """The codes in letters and words, as the board shows them."""
        return str(NOT_IN_WORDS) if self.row.status.code == PENDING else self.row.label

    @property
    def arrival(self) -> str:
        return _hm(self.row.status.first_in)

    @property
    def break_at(self) -> str:
        return _hm(self.row.status.break_at)

    @property
    def departure(self) -> str:
        return _hm(self.row.status.last_out)


@dataclass(frozen=True)
class Section:
    unit: Unit
    lines: list[Line]


def _hm(moment: dt.datetime | None) -> str:
    return f"{moment:%H:%M}" if moment is not None else ""


def expected(row: unit_board.Row) -> bool:
    """On the list: planned to work, or away with a reason (DL, cuti, sakit, izin), that day."""
    return row.planned.mode not in unit_board.OFF_MODES


def sections(board: unit_board.Board) -> list[Section]:
    """The board's groups (one per unit, in tree order), without the people off that day, numbered through;
    a unit with nobody expected is left out."""
    found: list[Section] = []
    number = 0
    for group in board.groups:
        lines: list[Line] = []
        for row in sorted(group.rows, key=lambda r: (r.employee.full_name, r.employee.nip)):
            if expected(row):
                number += 1
                lines.append(Line(number, row))
        if lines:
            found.append(Section(group.unit, lines))
    return found


def columns() -> list[exports.Column]:
    """The columns of the files: number, name and NIP first (frozen), then what the printed list shows, the
    codes and their words, and an empty "Paraf" column to sign."""
    text = exports.TEXT
    return [
        exports.Column(_("No."), lambda line: line.number, exports.INT, 5),
        exports.Column(_("Nama"), lambda line: line.row.employee.full_name, text, 30),
        exports.Column(
            _("NIP"), lambda line: line.row.employee.nip, text, 21,
            in_csv=lambda line: exports.printed_nip(line.row.employee.nip, line.row.employee.asn_type),
        ),
        exports.Column(_("Jabatan"), lambda line: line.row.employee.position_title, text, 30),
        exports.Column(_("Unit"), lambda line: line.row.employee.unit.name, text, 30),
        exports.Column(_("Rencana"), lambda line: line.row.mode_label, text, 16),
        exports.Column(pgettext("presensi", "Masuk"), lambda line: line.arrival, text, 8),
        exports.Column(_("Istirahat"), lambda line: line.break_at, text, 9),
        exports.Column(_("Pulang"), lambda line: line.departure, text, 8),
        exports.Column(_("Kode"), lambda line: line.codes, text, 10),
        exports.Column(_("Keterangan"), lambda line: line.words, text, 34),
        exports.Column(_("Paraf"), lambda line: "", text, 14),
    ]


def lines_of(found: list[Section]) -> list[Line]:
    return [line for section in found for line in section.lines]
