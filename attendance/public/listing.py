"""What a citizen reads about a unit besides its status, in plain values: its public name (without the
organisation's internal notes), its contact with a map link, and whether it matches a search.

The map link is built from the unit's office point (Unit.latitude/longitude, the point the check-ins are
measured from), so the office has one position, not a second one typed into a URL field.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from units.models import Unit

# Notes for the organisation's staff that some unit names carry, e.g. the demo's unverified puskesmas
# "Puskesmas X (kandidat, belum terverifikasi)": a parenthesis naming a verification state, kept off public pages.
INTERNAL_NOTE = re.compile(r"\s*\((?=[^)]*\b(?:kandidat|terverifikasi|verifikasi|internal)\b)[^)]*\)", re.IGNORECASE)
MAX_QUERY = 80  # characters of a search kept; a unit's name is shorter
CONTACT_FIELDS = ("pk", "address", "phone", "whatsapp", "latitude", "longitude", "contact_is_example", "services")


def public_name(name: str) -> str:
    """A unit's name as citizens see it: without internal notes."""
    return INTERNAL_NOTE.sub("", name).strip()


@dataclass(frozen=True)
class Contact:
    address: str = ""
    phone: str = ""
    whatsapp: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    example: bool = False  # demo values, not the office's real contact (Unit.contact_is_example)
    services: str = ""  # what a citizen comes for ("e-KTP, kartu keluarga"), searched with the address

    def __bool__(self) -> bool:
        return bool(self.address or self.phone or self.whatsapp or self.map_url or self.services)

    @property
    def phone_url(self) -> str:
        digits = _digits(self.phone)
        return f"tel:{'+' if self.phone.lstrip().startswith('+') else ''}{digits}" if digits else ""

    @property
    def whatsapp_url(self) -> str:
        """wa.me wants the international number without + or leading zero: 0812… → 62812…"""
        digits = _digits(self.whatsapp)
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return f"https://wa.me/{digits}" if digits else ""

    @property
    def map_url(self) -> str:
        """The office on OpenStreetMap, a marker at street level."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def contact_of(unit: Unit) -> Contact:
    return Contact(
        unit.address, unit.phone, unit.whatsapp, unit.latitude, unit.longitude, unit.contact_is_example, unit.services
    )


def contacts(units: QuerySet[Unit]) -> dict[int, Contact]:
    """{unit id: Contact} of `units`, in one query."""
    return {
        values["pk"]: Contact(
            values["address"], values["phone"], values["whatsapp"], values["latitude"], values["longitude"],
            values["contact_is_example"], values["services"],
        )
        for values in units.order_by().values(*CONTACT_FIELDS)
    }


def clean_query(raw: str) -> str:
    """A search as typed, trimmed to MAX_QUERY characters, control characters (NUL among them) removed."""
    kept = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())[:MAX_QUERY].strip()


def _folded(text: str) -> str:
    """Lower case, without accents or punctuation: "Kel. Pagar-Dewa" → "kel pagar dewa"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def matches(query: str, *texts: str) -> bool:
    """Every word of `query` appears in one of `texts` (a part of a word is enough: "pagar" finds
    "Pagar Dewa"); an empty query matches everything."""
    words = _folded(query).split()
    haystack = " ".join(_folded(text) for text in texts)
    return all(word in haystack for word in words)
