"""The places of a unit besides its own point (units.Place: Disdukcapil's MPP counter, a puskesmas's pustu),
kept in memory for the check-in hot path like the plan's other slow-changing tables (policy.plan.reference):
admins edit them a few times a year, a check-in reads them on every request."""

from attendance.checkin import geo
from policy.plan import reference
from units.models import Place

reference.watch(Place)


def _load() -> dict[int, tuple[geo.Fence, ...]]:
    found: dict[int, list[geo.Fence]] = {}
    rows = Place.objects.filter(is_active=True, unit__is_active=True).order_by("unit_id", "name")
    for unit_id, name, latitude, longitude, radius in rows.values_list(
        "unit_id", "name", "latitude", "longitude", "radius_m"
    ):
        found.setdefault(unit_id, []).append(geo.Fence(geo.PLACE, name, float(latitude), float(longitude), radius))
    return {unit_id: tuple(fences) for unit_id, fences in found.items()}


def of_unit(unit_id: int) -> tuple[geo.Fence, ...]:
    """The unit's active places (from memory; one query when the table is read again)."""
    return reference.remembered("unit-places", _load).get(unit_id, ())
