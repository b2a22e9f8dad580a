"""National holidays and cuti bersama from the `holidays` package, seeded into the Holiday table.

The package follows the SKB of Menag, Menaker and MenPANRB; Islamic dates beyond the confirmed years
are estimates ("perkiraan"), which is why admins can correct the rows (source "admin" is never
overwritten).
"""

import datetime as dt
from collections.abc import Iterable

import holidays as holidays_pkg

from units.models import Holiday

# Cuti bersama is not in the package's default ("public") result: ask for each category on its own.
PACKAGE_CATEGORIES = {
    "public": Holiday.Category.PUBLIC,
    "government": Holiday.Category.GOVERNMENT,
}


def national_holidays(years: Iterable[int]) -> list[tuple[dt.date, str, str]]:
    """(date, name in Bahasa Indonesia, Holiday.Category) for Indonesia, sorted by date."""
    years = sorted(set(years))
    found: list[tuple[dt.date, str, str]] = []
    for package_category, category in PACKAGE_CATEGORIES.items():
        calendar = holidays_pkg.country_holidays(
            "ID", years=years, categories=(package_category,), language="id"
        )
        found.extend((day, name, category) for day, name in calendar.items())
    return sorted(found)


def sync(years: Iterable[int]) -> tuple[int, int]:
    """Create or rename the package's holidays for `years`; returns (created, updated)."""
    rows = national_holidays(years)
    if not rows:
        return 0, 0
    existing = {
        (h.date, h.category): h
        for h in Holiday.objects.filter(date__gte=rows[0][0], date__lte=rows[-1][0])
    }
    created = updated = 0
    for day, name, category in rows:
        holiday = existing.get((day, category))
        if holiday is None:
            Holiday.objects.create(
                date=day, name=name, category=category, source=Holiday.Source.PACKAGE
            )
            created += 1
        elif holiday.source == Holiday.Source.PACKAGE and holiday.name != name:
            holiday.name = name
            holiday.save(update_fields=["name"])
            updated += 1
    return created, updated
