"""Geofence arithmetic: plain floats, no ORM.

A position is inside a place when it is within the place's radius AND the phone's reported accuracy is
within it too (SE BKPSDM Kota Bengkulu 4/2025: about 15 m). The accuracy earns no credit: a phone that says
"somewhere within 60 m" cannot check in for a 15 m fence, however close its guess is. It is asked for a
better fix instead, but only where a better fix could change the answer: where the circle of the reported
accuracy reaches into the fence. Far from every place, a poor accuracy changes nothing: it is outside.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8

# What `locate` finds (the values of attendance.models.CheckIn.Location).
INSIDE = "inside"
OUTSIDE = "outside"
INACCURATE = "inaccurate"

# Kinds of place.
OFFICE = "office"  # the unit's own point (Unit.latitude, longitude, geofence_radius_m)
PLACE = "place"  # another place of the unit (units.Place: an MPP counter, a pustu)
HOME = "home"  # the registered home on a WFH day
SITE = "site"  # a DL's activity site


@dataclass(frozen=True)
class Fence:
    """A place where a check-in counts: its name as a check-in stores it (CheckIn.place_name), its point
    and its radius in metres."""

    kind: str
    name: str
    latitude: float
    longitude: float
    radius_m: int


@dataclass(frozen=True)
class Fix:
    """Where a position is with respect to the places of the day: `fence` is the place it is inside, or
    for INACCURATE the nearest place a better fix could put it inside, or for OUTSIDE the nearest place
    (by the distance to its edge); `distance` is from the position to that place's point, in metres."""

    location: str
    fence: Fence
    distance: float


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def inside_fence(distance: float, radius: float, accuracy: float) -> bool:
    """Within the radius, with an accuracy no worse than the radius: no credit for the accuracy."""
    return distance <= radius and accuracy <= radius


def could_be_inside(distance: float, radius: float, accuracy: float) -> bool:
    """The circle of the reported accuracy reaches into the fence: a better fix could put it inside."""
    return distance - accuracy <= radius


def locate(latitude: float, longitude: float, accuracy: float, fences: list[Fence]) -> Fix | None:
    """Where the position is among `fences` (None when there is none). Inside the nearest place it is
    inside of; else INACCURATE when the accuracy is worse than the radius of a place it could be inside
    of (the nearest such place); else OUTSIDE, measured to the place whose edge is nearest."""
    accuracy = max(accuracy, 0.0)
    measured = [(distance_m(latitude, longitude, f.latitude, f.longitude), f) for f in fences]
    if not measured:
        return None
    inside = [(d, f) for d, f in measured if inside_fence(d, f.radius_m, accuracy)]
    if inside:
        d, fence = min(inside, key=lambda pair: pair[0])
        return Fix(INSIDE, fence, d)
    unsure = [(d, f) for d, f in measured if accuracy > f.radius_m and could_be_inside(d, f.radius_m, accuracy)]
    if unsure:
        d, fence = min(unsure, key=lambda pair: pair[0])
        return Fix(INACCURATE, fence, d)
    d, fence = min(measured, key=lambda pair: pair[0] - pair[1].radius_m)
    return Fix(OUTSIDE, fence, d)
