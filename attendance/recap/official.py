"""Official printouts: the letterhead (kop surat) and the signature block of the printed recaps and of the
daily attendance list, as the recaps handed in for TPP verification carry them.

The letterhead names the government, the issuing unit (with the unit above it, as a kelurahan's letters
name their kecamatan) and the unit's address; the signature block the place and date of signing, and the
head's title, name and NIP. Drawn once, by templates/attendance/_letterhead.html and _signature.html, from
the values made here. The city recap is issued by BKPSDM.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance.recap.exports import printed_nip
from units.access import Access
from units.models import Employee, Unit

GOVERNMENT = "PEMERINTAH KOTA BENGKULU"
CITY = "Kota Bengkulu"
PLACE = "Bengkulu"  # where the documents are signed: "Bengkulu, 7 Desember 2026"
# The unit that issues the city recap (its code in the demo organisation, units/demo.py, and its short name).
BKPSDM_CODE = "bkpsdm"
BKPSDM_SHORT_NAME = "BKPSDM"
BKPSDM_NAME = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"


@dataclass(frozen=True)
class Letterhead:
    above: str  # the unit above (a kelurahan's kecamatan), or ""
    name: str  # the issuing unit
    address: str  # the unit's address; without one the city, unless the unit's name says it already
    phone: str = ""

    def lines(self) -> list[str]:
        """The letterhead as lines of text (the top of an XLSX file)."""
        phone = _("Telp.") + " " + self.phone if self.phone else ""
        address = " · ".join(part for part in (self.address, phone) if part)
        return [GOVERNMENT, *(line for line in (self.above, self.name, address) if line)]


@dataclass(frozen=True)
class Signature:
    place: str
    date: dt.date
    title: str  # the head's position ("Lurah Pagar Dewa"), or the office's when the unit has no head
    name: str  # "" leaves a line to sign by hand
    nip: str  # as printed on letters ("19750315 200003 1 002"), or ""

    def lines(self) -> list[str]:
        """The signature block as lines of text (the end of an XLSX file), three empty lines to sign on; as
        templates/attendance/_signature.html draws it, dotted lines to write on when nobody holds the post."""
        name, nip = (self.name, self.nip) if self.name else ("(........................................)", "....................")
        return [f"{self.place}, {date_format(self.date, 'j F Y')}", f"{self.title},", "", "", "", name, f"NIP. {nip}"]


def head_of(unit: Unit) -> Employee | None:
    """The unit's active head (role HEAD); the first one should a unit have two (one query)."""
    return Employee.objects.filter(unit=unit, role=Employee.Role.HEAD, is_active=True).order_by("pk").first()


def office_title(unit: Unit) -> str:
    """The title of a unit's head when nobody holds it: "Lurah Pagar Dewa", "Camat Selebar", "Kepala …"."""
    if unit.kind == Unit.Kind.KELURAHAN:
        return _("Lurah %(name)s") % {"name": unit.name.removeprefix("Kelurahan ")}
    if unit.kind == Unit.Kind.KECAMATAN:
        return _("Camat %(name)s") % {"name": unit.name.removeprefix("Kecamatan ")}
    return _("Kepala %(name)s") % {"name": unit.name}


def letterhead(unit: Unit | None) -> Letterhead:
    """The letterhead of `unit` (its `parent` loaded, or one more query); None: BKPSDM without its unit row.
    Without an address (Unit.address) the line names the city."""
    if unit is None:
        return Letterhead("", BKPSDM_NAME, CITY)
    above = unit.parent.name if unit.parent_id and unit.parent else ""
    address, phone = unit.address.strip(), unit.phone.strip()
    if not address and CITY not in unit.name:
        address = CITY
    return Letterhead(above, unit.name, address, phone)


def signature(unit: Unit | None, head: Employee | None, today: dt.date) -> Signature:
    if head is not None:
        return Signature(PLACE, today, head.position_title, head.full_name, printed_nip(head.nip, head.asn_type))
    title = office_title(unit) if unit is not None else _("Kepala %(name)s") % {"name": BKPSDM_NAME}
    return Signature(PLACE, today, title, "", "")


class Official(dict):
    """The template context of a printout (`letterhead`, `signature`), which also gives the XLSX its lines."""

    @property
    def top(self) -> list[str]:
        return self["letterhead"].lines()

    @property
    def bottom(self) -> list[str]:
        return self["signature"].lines()


def for_unit(unit: Unit, today: dt.date) -> Official:
    """The template context of a unit's printout: `letterhead` and `signature` (the unit's head)."""
    return Official(letterhead=letterhead(unit), signature=signature(unit, head_of(unit), today))


def issuing_unit_of_city(access: Access) -> Unit | None:
    """BKPSDM's unit (by its code or short name), else the signed-in admin's own unit; None without either."""
    found = (
        Unit.objects.filter(Q(code__iexact=BKPSDM_CODE) | Q(short_name__iexact=BKPSDM_SHORT_NAME), is_active=True)
        .select_related("parent")
        .order_by("tree_path")
        .first()
    )
    return found or access.unit


def for_city(access: Access, today: dt.date) -> Official:
    """The template context of a city printout: BKPSDM's letterhead, signed by its head (or by the head of the
    admin's unit when BKPSDM has no unit in Hadir)."""
    unit = issuing_unit_of_city(access)
    return Official(letterhead=letterhead(unit), signature=signature(unit, head_of(unit) if unit else None, today))
