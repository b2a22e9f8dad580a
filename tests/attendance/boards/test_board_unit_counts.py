"""The counts at the top of the unit board and its status filter: pure functions on a table worked out
by hand (thirteen people on one Tuesday at 10:00, then the same day after hours)."""

import datetime as dt

import pytest

from attendance.boards.unit_board import AWAY, LATE, NOT_IN, WFH, Counts, count, matches
from attendance.evaluation.status import DayStatus

DAY = dt.date(2026, 4, 7)


def came(hh, mm, *codes):
    return DayStatus(codes or ("H",), first_in=dt.datetime.combine(DAY, dt.time(hh, mm)))


# (name, planned mode, status): who is expected where, and what happened by 10:00.
PEOPLE = [
    ("Ani", "onsite", came(7, 20)),  # on site, on time
    ("Budi", "onsite", came(8, 10, "TL2")),  # on site, 40 minutes late
    ("Citra", "onsite", DayStatus(("-",))),  # on site, not in yet
    ("Dodi", "onsite", DayStatus(("-",))),  # on site, not in yet
    ("Eka", "wfh", came(7, 25)),  # WFH, checked in on time
    ("Fajar", "wfh", DayStatus(("-",))),  # WFH, not in yet
    ("Gita", "wfh", came(7, 45, "TL1")),  # WFH, checked in late
    ("Hadi", "dl", DayStatus(("DL",))),
    ("Indah", "cuti", DayStatus(("CT",))),
    ("Joko", "sakit", DayStatus(("S",))),
    ("Kiki", "izin", DayStatus(("I",))),
    ("Lina", "libur", DayStatus(("L",))),  # a day off on her own schedule
    ("Made", "off", DayStatus(("L",))),  # shift staff without a shift today
]


def test_it_counts_the_board_worked_out_by_hand():
    assert count((mode, status) for _name, mode, status in PEOPLE) == Counts(
        total=13,
        expected_on_site=4,  # Ani, Budi, Citra, Dodi
        present=2,  # Ani, Budi
        late=2,  # Budi (on site), Gita (WFH)
        not_in=3,  # Citra, Dodi, Fajar
        wfh=3,  # Eka, Fajar, Gita
        wfh_in=2,  # Eka, Gita
        away=4,  # Hadi DL, Indah cuti, Joko sakit, Kiki izin
        off=2,  # Lina, Made
    )


def test_it_still_counts_absent_people_as_not_in_once_the_day_is_over():
    evening = [(mode, DayStatus(("TK",)) if status.code == "-" else status) for _n, mode, status in PEOPLE]
    counts = count(evening)
    assert (counts.not_in, counts.present, counts.expected_on_site) == (3, 2, 4)


def test_it_counts_nobody_on_an_empty_board():
    assert count([]) == Counts()


@pytest.mark.parametrize(
    "choice, names",
    [
        ("", [p[0] for p in PEOPLE]),
        (NOT_IN, ["Citra", "Dodi", "Fajar"]),
        (LATE, ["Budi", "Gita"]),
        (WFH, ["Eka", "Fajar", "Gita"]),
        (AWAY, ["Hadi", "Indah", "Joko", "Kiki"]),
        ("tidak-dikenal", [p[0] for p in PEOPLE]),
    ],
)
def test_it_filters_by_status(choice, names):
    assert [name for name, mode, status in PEOPLE if matches(choice, mode, status)] == names
