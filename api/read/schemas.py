"""The shapes of what the read operations answer (the OpenAPI schema is generated from them)."""

import datetime as dt
from decimal import Decimal

from ninja import Schema


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_code: str | None
    is_frontline: bool
    is_active: bool
    depth: int


class StaffOut(Schema):
    """A person as other systems need them: never the home address or any coordinates."""

    nip: str
    full_name: str
    asn_type: str  # PNS or PPPK
    unit_code: str
    position_title: str
    position_category: str
    service_role: str
    start_date: dt.date
    is_active: bool


class StaffPage(Schema):
    items: list[StaffOut]
    next_cursor: int | None  # pass as `cursor` for the next page; null on the last one


class ArrangementRef(Schema):
    code: str
    kind: str
    leave_type: str


class DayOut(Schema):
    date: dt.date
    code: str  # the day's main code (H, TL1…, PSW1…, TK, DL, CT…, S, I, L, MV, "-")
    codes: list[str]
    late_minutes: int
    early_minutes: int
    mode: str  # what the plan expected: onsite, wfh, dl, cuti, sakit, izin, libur, off
    arrangement: ArrangementRef | None


class PersonDays(Schema):
    nip: str
    unit_code: str
    days: list[DayOut]


class StatusPage(Schema):
    start: dt.date
    end: dt.date
    items: list[PersonDays]
    next_cursor: int | None


class Deduction(Schema):
    code: str
    name: str
    days: int
    percent_per_day: Decimal
    percent: Decimal
    example: bool  # the rule's value is an example not yet confirmed by BKPSDM


class RecapRow(Schema):
    nip: str
    full_name: str
    asn_type: str
    unit_code: str
    working_days: int
    counts: dict[str, int]
    late_minutes: int
    early_minutes: int
    deductions: list[Deduction]
    deduction_percent: Decimal  # the month's TPP deduction, capped at 100
    example: bool


class MonthState(Schema):
    year: int
    month: int
    locked: bool
    final: bool  # the same as locked: only a locked month's figures are final
    locked_at: dt.datetime | None
    through: dt.date | None  # the last day counted so far
    note: str


class RecapPage(Schema):
    month: MonthState
    items: list[RecapRow]
    next_cursor: int | None


class LeaveBalance(Schema):
    nip: str
    year: int
    entitled: int  # the year's own days
    carried: int  # unused days brought from the years before
    bersama_added: int  # days added for cuti bersama days the person worked
    used: int  # approved and pending cuti tahunan
    balance: int


class CoverageOut(Schema):
    unit_code: str
    name: str
    kind: str
    is_open: bool
    minimum: int
    planned: int
    present: int
    missing: int
    staffed: bool


class CoverageList(Schema):
    at: dt.datetime
    items: list[CoverageOut]
