"""Recap exports: XLSX (openpyxl) and CSV, from the same rows the pages show.

XLSX: title and header lines (unit, month, generated at, lock state, the "nilai contoh" note), a bold header
row, panes frozen below it and right of the name and NIP columns, set widths, numbers stored as numbers
(NIP as text, so Excel keeps all 18 digits), a bold total row, landscape printing on one page wide.

CSV: UTF-8 with a byte order mark (Excel then reads the accents correctly), fields separated by semicolons
and decimals written with a comma: what Excel expects under Indonesian regional settings, where the list
separator is ";". One header row and no title lines, so the file imports cleanly into other tools; the
unit and month are in the file name. The NIP is written in its printed form with spaces
("19750315 200003 1 002") so Excel does not turn it into 1,97E+17.

Both: text (names, positions, unit names, notes) goes through units.spreadsheet, so a name typed as a
formula stays text in the file (a text cell in XLSX, a leading apostrophe in CSV).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from attendance.recap.monthly import CODES, Row, Summary
from units import nip as nip_rules
from units.spreadsheet import inert_row, text_cell

TEXT, INT, PERCENT = "text", "int", "percent"


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    kind: str = INT
    width: int = 7
    in_csv: Callable[[Any], str] | None = None  # the CSV form, when it differs
    in_total: bool = True  # shown in the bold "Jumlah" row (never for TEXT)


def printed_nip(nip: str, asn_type: str) -> str:
    """The NIP as printed on letters: PNS 8-6-1-3 digits, PPPK 8-4-2-1-3."""
    parts = (8, 6, 1, 3) if asn_type == nip_rules.PNS else (8, 4, 2, 1, 3)
    if len(nip) != sum(parts):
        return nip
    out, i = [], 0
    for n in parts:
        out.append(nip[i : i + n])
        i += n
    return " ".join(out)


def _count_columns(summary: Callable[[Any], Summary]) -> list[Column]:
    def count(code: str) -> Callable[[Any], int]:
        return lambda x: summary(x).counts[code]

    columns = [Column(_("Hari kerja"), lambda x: summary(x).working_days, width=9)]
    columns += [Column(code, count(code), width=6) for code in CODES]
    columns += [
        Column(_("Menit terlambat"), lambda x: summary(x).late_minutes, width=11),
        Column(_("Menit pulang cepat"), lambda x: summary(x).early_minutes, width=11),
    ]
    return columns


def employee_columns() -> list[Column]:
    """Per person: name and NIP first (frozen), then unit, the counts, minutes, deduction, sanction."""
    return [
        Column(_("Nama"), lambda r: r.employee.full_name, TEXT, 30),
        Column(
            _("NIP"), lambda r: r.employee.nip, TEXT, 21,
            in_csv=lambda r: printed_nip(r.employee.nip, r.employee.asn_type),
        ),
        Column(_("Unit"), lambda r: r.employee.unit.name, TEXT, 34),
        *_count_columns(lambda r: r.summary),
        # A person's deduction: no total (a sum of percentages means nothing).
        Column(_("Potongan TPP (%)"), lambda r: r.summary.deduction, PERCENT, 11, in_total=False),
        Column(_("Nilai contoh"), lambda r: _("ya") if r.summary.example else _("tidak"), TEXT, 9),
        Column(_("TK tahun berjalan"), lambda r: r.tally.days if r.tally else None, INT, 11),
        Column(_("Tingkat sanksi"), lambda r: r.level.level if r.level else "", TEXT, 10),
        Column(_("Hukuman disiplin (PP 94/2021)"), lambda r: r.level.sanction if r.level else "", TEXT, 46),
        Column(_("Catatan"), lambda r: consecutive_note(r), TEXT, 46),
    ]


def unit_columns() -> list[Column]:
    """Per unit (its own staff): g is a recap.Group-like object with unit, rows and total."""
    return [
        Column(_("Unit"), lambda g: g.unit.name, TEXT, 40),
        Column(_("Kode unit"), lambda g: g.unit.code, TEXT, 18),
        Column(_("Jenis"), lambda g: g.unit.get_kind_display(), TEXT, 12),
        Column(_("Pegawai"), lambda g: len(g.rows), INT, 9),
        *_count_columns(lambda g: g.total),
        Column(_("Rata-rata potongan TPP (%)"), lambda g: g.total.deduction, PERCENT, 12),
    ]


def consecutive_note(row: Row) -> str:
    if row.tally and row.tally.consecutive:
        return _(
            "%(n)d hari kerja berturut-turut tanpa keterangan: pemberhentian, gaji dihentikan sejak bulan "
            "berikutnya (PP 94/2021 Pasal 15 ayat 2)."
        ) % {"n": row.tally.longest}
    return ""


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    items: list
    total: Any = None  # an item for the bold "Jumlah" row (label in the first column)
    frozen_columns: int = 2


def xlsx(title: str, lines: list[str], sheets: list[Sheet], signature: list[str] | None = None) -> bytes:
    """The workbook, written row by row (openpyxl's write-only mode: the city file has 5,000 rows and
    35 columns, which the usual mode keeps in memory as cell objects before saving). `lines` go under the
    title (the letterhead, the scope); `signature` (attendance.recap.official) under the first sheet's table,
    towards its right edge as on the printed page."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E9EDF1")
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        header_row = len(lines) + 3  # the title, the lines, one empty row
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.append([_styled(ws, title, font=Font(bold=True, size=14))])
        for line in lines:
            ws.append([_styled(ws, line)])
        ws.append([])
        ws.append(
            [
                _styled(ws, c.label, font=bold, fill=header_fill, alignment=Alignment(wrap_text=True, vertical="top"))
                for c in sheet.columns
            ]
        )
        formats = [_FORMATS.get(c.kind) for c in sheet.columns]
        for item in sheet.items:
            ws.append(_row(ws, [_cell(c, item) for c in sheet.columns], formats))
        if sheet.total is not None:
            values = [
                "" if c.kind == TEXT else _cell(c, sheet.total) if c.in_total else None
                for c in sheet.columns
            ]
            values[0] = _("Jumlah")
            ws.append(_row(ws, values, formats, font=bold))
        if signature and sheet is sheets[0]:
            ws.append([])
            indent = [None] * max(0, len(sheet.columns) - 3)
            for line in signature:
                ws.append([*indent, _styled(ws, line)] if line else [])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_FORMATS = {PERCENT: "0.00", TEXT: "@"}


def _styled(ws, value: str, **style) -> WriteOnlyCell:
    cell = text_cell(ws, value)
    for name, item in style.items():
        setattr(cell, name, item)
    return cell


def _row(ws, values: list, formats: list, font: Font | None = None) -> list:
    """A data row: text stored as text ("@", never a formula), percentages with two decimals."""
    row = []
    for value, number_format in zip(values, formats, strict=True):
        if isinstance(value, str):
            cell = text_cell(ws, value)
        elif number_format is None and font is None:
            row.append(value)
            continue
        else:
            cell = WriteOnlyCell(ws, value=value)
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        row.append(cell)
    return row


def _cell(column: Column, item):
    value = column.value(item)
    if column.kind == PERCENT and value is not None:
        return Decimal(value)
    return value


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def download(content: bytes, filename: str, kind: str) -> HttpResponse:
    """A file to save: `kind` is "xlsx" or "csv", `filename` without its extension."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def csv_bytes(columns: list[Column], items: list) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(inert_row(c.label for c in columns))
    for item in items:
        writer.writerow(inert_row(_csv_value(c, item) for c in columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(column: Column, item):
    """The field as written: text as text, counts as numbers (never neutralised as text would be)."""
    if column.in_csv is not None:
        return column.in_csv(item)
    value = column.value(item)
    if value is None:
        return ""
    if column.kind == PERCENT:
        return f"{Decimal(value):.2f}".replace(".", ",")
    if column.kind == TEXT:
        return str(value)
    return value
