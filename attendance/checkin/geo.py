"""Geofence arithmetic: plain floats, no ORM."""

import math

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def inside_fence(distance: float, radius: float, accuracy: float | None) -> bool:
    """Inside the radius, giving the benefit of the reported accuracy, but at most the radius itself:
    a phone that says "somewhere within 2 km" cannot check in for an office with a 50 m fence."""
    credit = min(max(accuracy or 0.0, 0.0), radius)
    return distance - credit <= radius
