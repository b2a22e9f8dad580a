"""NIP (PNS) and NI PPPK validation, per the domain brief section 4.

PNS:  yyyymmdd (birth) + yyyymm (TMT CPNS) + g (1 male, 2 female) + nnn
PPPK: yyyymmdd (birth) + yyyy (appointment year) + cc (code) + g + nnn
The gender digit is digit 15 in both formats.

The appointment must fall between the person's 18th birthday and their retirement age, and a PPPK's year
must not be before the first PPPK appointments (2019): those numbers are rules with a source
(units.regulation, units.models.RegulationRule.nip_limits), passed in as `Limits`. One function for the
staff form (Employee.clean) and the staff import.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PNS = "PNS"
PPPK = "PPPK"


@dataclass(frozen=True)
class NipInfo:
    nip: str
    asn_type: str
    birth_date: dt.date
    gender: str  # "L" (laki-laki) or "P" (perempuan)
    appointed: dt.date  # TMT CPNS (first of month) for PNS, 1 January of the year for PPPK


@dataclass(frozen=True)
class Limits:
    """The regulation's ages and first PPPK year (None: the rule is switched off)."""

    min_age: int | None
    retirement_age: int | None
    pppk_first_year: int | None
    sources: tuple[str, str, str] = ("", "", "")  # of min_age, retirement_age, pppk_first_year


# For reading what a stored NIP says (e.g. the TMT for leave), not for checking a new one: no appointment rules.
READING = Limits(None, None, None)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_appointment(nip: str, asn_type: str, birth: dt.date, appointed: dt.date, limits: Limits) -> None:
    """The appointment between the minimum age and the retirement age, a PPPK's not before the first year.
    A PNS's TMT is known to the month and a PPPK's to the year: compared at that precision."""
    def precision(day: dt.date) -> tuple[int, int]:
        return (day.year, day.month) if asn_type == PNS else (day.year, 0)

    what = _("TMT CPNS") if asn_type == PNS else _("Tahun pengangkatan PPPK")
    shown = f"{nip[8:12]}-{nip[12:14]}" if asn_type == PNS else nip[8:12]
    if limits.min_age is not None and precision(appointed) < precision(_add_years(birth, limits.min_age)):
        raise ValidationError(
            _(
                "%(what)s pada NIP (%(tmt)s) sebelum pegawai berusia %(age)s tahun (lahir %(birth)s): usia paling "
                "rendah saat pengangkatan %(age)s tahun (%(source)s)."
            )
            % {"what": what, "tmt": shown, "age": limits.min_age, "birth": birth.isoformat(), "source": limits.sources[0]},
            code="tmt_age",
        )
    if limits.retirement_age is not None and precision(appointed) > precision(
        _add_years(birth, limits.retirement_age)
    ):
        raise ValidationError(
            _(
                "%(what)s pada NIP (%(tmt)s) sesudah pegawai mencapai batas usia pensiun %(age)s tahun (lahir "
                "%(birth)s; %(source)s)."
            )
            % {"what": what, "tmt": shown, "age": limits.retirement_age, "birth": birth.isoformat(), "source": limits.sources[1]},
            code="tmt_retired",
        )
    if asn_type == PPPK and limits.pppk_first_year is not None and appointed.year < limits.pppk_first_year:
        raise ValidationError(
            _(
                "Tahun pengangkatan pada NI PPPK (%(year)s) sebelum %(first)s, tahun pengangkatan PPPK yang pertama "
                "(%(source)s)."
            )
            % {"year": nip[8:12], "first": limits.pppk_first_year, "source": limits.sources[2]},
            code="pppk_year",
        )


def normalize_nip(value: str) -> str:
    """Drop the spaces, dots and dashes people type when copying a NIP from a letter."""
    return "".join(ch for ch in str(value) if ch not in " .-\t")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_nip(value: str, asn_type: str, *, limits: Limits, today: dt.date | None = None) -> NipInfo:
    """Return what the NIP says, or raise ValidationError explaining what is wrong, in Bahasa Indonesia.
    `limits`: RegulationRule.nip_limits() (one query; read it once for many rows)."""
    today = today or dt.date.today()
    nip = normalize_nip(value)
    if not nip.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus 18 digit; yang diisi %(count)d digit.") % {"count": len(nip)},
            code="length",
        )
    birth = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None or not (1900 <= birth.year) or birth > today:
        raise ValidationError(
            _("8 digit pertama NIP harus tanggal lahir yang nyata (tahun-bulan-tanggal): %(part)s.")
            % {"part": nip[0:8]},
            code="birth_date",
        )
    if nip[14] not in "12":
        raise ValidationError(
            _(
                "Digit ke-15 NIP adalah jenis kelamin: 1 (laki-laki) atau 2 (perempuan), bukan %(d)s."
            )
            % {"d": nip[14]},
            code="gender",
        )
    if asn_type == PNS:
        appointed = _date(int(nip[8:12]), int(nip[12:14]), 1)
        if appointed is None:
            raise ValidationError(
                _("Digit ke-9 s.d. 14 NIP PNS harus TMT CPNS (tahun dan bulan): %(part)s.")
                % {"part": nip[8:14]},
                code="tmt",
            )
    else:
        appointed = _date(int(nip[8:12]), 1, 1)
        if appointed is None:
            raise ValidationError(
                _("Digit ke-9 s.d. 12 NI PPPK harus tahun pengangkatan."), code="tmt"
            )
    if appointed > today:
        raise ValidationError(
            _("TMT pengangkatan pada NIP (%(part)s) belum terjadi.") % {"part": nip[8:14]},
            code="tmt_future",
        )
    _check_appointment(nip, asn_type, birth, appointed, limits)
    if nip[15:18] == "000":
        raise ValidationError(
            _("Nomor urut NIP (3 digit terakhir) dimulai dari 001."), code="sequence"
        )
    return NipInfo(nip, asn_type, birth, "L" if nip[14] == "1" else "P", appointed)
