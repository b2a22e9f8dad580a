"""NIP (PNS) and NI PPPK validation, as a table (domain brief section 4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from units import nip
from units.regulation import APPOINTMENT_MIN_AGE, DEFAULTS, PPPK_FIRST_YEAR, RETIREMENT_AGE

TODAY = dt.date(2026, 11, 28)
LIMITS = nip.Limits(
    DEFAULTS[APPOINTMENT_MIN_AGE].value, DEFAULTS[RETIREMENT_AGE].value, DEFAULTS[PPPK_FIRST_YEAR].value
)


def parse_nip(value, asn_type, today):
    return nip.parse_nip(value, asn_type, limits=LIMITS, today=today)


@pytest.mark.parametrize(
    "nip, asn_type, birth, gender, appointed",
    [
        ("198609262015051001", "PNS", dt.date(1986, 9, 26), "L", dt.date(2015, 5, 1)),
        ("19860926 201505 1 001", "PNS", dt.date(1986, 9, 26), "L", dt.date(2015, 5, 1)),
        ("199203152019032006", "PNS", dt.date(1992, 3, 15), "P", dt.date(2019, 3, 1)),
        ("199009132025242014", "PPPK", dt.date(1990, 9, 13), "P", dt.date(2025, 1, 1)),
        ("198001012022211005", "PPPK", dt.date(1980, 1, 1), "L", dt.date(2022, 1, 1)),
        ("200002292024011001", "PNS", dt.date(2000, 2, 29), "L", dt.date(2024, 1, 1)),
    ],
)
def test_it_accepts_valid_nips(nip, asn_type, birth, gender, appointed):
    info = parse_nip(nip, asn_type, today=TODAY)
    assert (info.birth_date, info.gender, info.appointed) == (birth, gender, appointed)
    assert len(info.nip) == 18


@pytest.mark.parametrize(
    "nip, asn_type, code, words",
    [
        ("19860926201505100", "PNS", "length", "18 digit"),
        ("1986092620150510011", "PNS", "length", "18 digit"),
        ("19860926201505100A", "PNS", "digits", "angka"),
        ("ABCDEFGHIJKLMNOPQR", "PPPK", "digits", "angka"),
        ("198602302015051001", "PNS", "birth_date", "tanggal lahir"),
        ("198613012015051001", "PNS", "birth_date", "tanggal lahir"),
        ("190002292015051001", "PNS", "birth_date", "tanggal lahir"),
        ("202712012015051001", "PNS", "birth_date", "tanggal lahir"),
        ("198609262015053001", "PNS", "gender", "jenis kelamin"),
        ("198609262015050001", "PNS", "gender", "jenis kelamin"),
        ("199009132025243014", "PPPK", "gender", "jenis kelamin"),
        ("198609262015131001", "PNS", "tmt", "TMT"),
        ("198609262015001001", "PNS", "tmt", "TMT"),
        ("198609262027051001", "PNS", "tmt_future", "belum terjadi"),
        ("198609261990051001", "PNS", "tmt_age", "berusia 18 tahun"),
        ("198609262015051000", "PNS", "sequence", "001"),
    ],
)
def test_it_explains_invalid_nips_in_indonesian(nip, asn_type, code, words):
    with pytest.raises(ValidationError) as error:
        parse_nip(nip, asn_type, today=TODAY)
    assert error.value.code == code
    assert words in error.value.messages[0]


def test_it_reads_the_same_digits_by_asn_type():
    # 2025-11 is a valid PNS TMT month; for PPPK the same digits are year 2025 and code 11.
    assert parse_nip("199009132025112014", "PNS", today=TODAY).appointed == dt.date(2025, 11, 1)
    assert parse_nip("199009132025112014", "PPPK", today=TODAY).appointed == dt.date(2025, 1, 1)
