"""NIP (PNS) and NI PPPK validation, per the domain brief section 4.

PNS:  yyyymmdd (birth) + yyyymm (TMT CPNS) + g (1 male, 2 female) + nnn
PPPK: yyyymmdd (birth) + yyyy (appointment year) + cc (code) + g + nnn
The gender digit is digit 15 in both formats.
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


def normalize_nip(value: str) -> str:
    """Drop the spaces, dots and dashes people type when copying a NIP from a letter."""
    return "".join(ch for ch in str(value) if ch not in " .-\t")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_nip(value: str, asn_type: str, today: dt.date | None = None) -> NipInfo:
    """Return what the NIP says, or raise ValidationError explaining what is wrong, in Bahasa Indonesia."""
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
    if appointed.year < birth.year + 15:
        raise ValidationError(
            _("TMT pengangkatan pada NIP (%(tmt)s) terlalu dekat dengan tanggal lahir (%(birth)s).")
            % {"tmt": nip[8:12], "birth": nip[0:4]},
            code="tmt_age",
        )
    if nip[15:18] == "000":
        raise ValidationError(
            _("Nomor urut NIP (3 digit terakhir) dimulai dari 001."), code="sequence"
        )
    return NipInfo(nip, asn_type, birth, "L" if nip[14] == "1" else "P", appointed)
