"""Where a position is among the places of the day (attendance.checkin.geo.locate): inside a place only within
its radius with an accuracy no worse than it; too imprecise where a better fix could decide; otherwise outside,
measured to the nearest place. No ORM: a table of cases."""

import pytest

from attendance.checkin import geo

METRES_PER_DEGREE = 111_195  # one degree of latitude
OFFICE = geo.Fence(geo.OFFICE, "Kantor Disdukcapil", -3.7956, 102.2592, 15)
# About 1.1 km north of the office.
MPP = geo.Fence(geo.PLACE, "Loket MPP Kota Bengkulu", -3.7856, 102.2592, 15)
BIG = geo.Fence(geo.PLACE, "Halaman apel", -3.8056, 102.2592, 100)  # about 1.1 km south


def north_of(fence, metres):
    return fence.latitude + metres / METRES_PER_DEGREE, fence.longitude


def where(point, accuracy, fences):
    fix = geo.locate(*point, accuracy, fences)
    return None if fix is None else (fix.location, fix.fence.name, round(fix.distance))


@pytest.mark.parametrize(
    "point, accuracy, expected",
    [
        # Arrival inside 15 m of the office with a good fix.
        (north_of(OFFICE, 10), 8, ("inside", "Kantor Disdukcapil", 10)),
        (north_of(OFFICE, 14), 15, ("inside", "Kantor Disdukcapil", 14)),
        # At the MPP counter: inside the MPP, named as such.
        (north_of(MPP, 4), 6, ("inside", "Loket MPP Kota Bengkulu", 4)),
        # Close to the office with a 60 m fix: a better fix could decide.
        (north_of(OFFICE, 5), 60, ("inaccurate", "Kantor Disdukcapil", 5)),
        # 40 m away with a 60 m fix: the circle reaches the fence, still worth a better fix.
        (north_of(OFFICE, 40), 60, ("inaccurate", "Kantor Disdukcapil", 40)),
        # 100 m away with a 60 m fix: no fix within 60 m can put it inside: outside.
        (north_of(OFFICE, 100), 60, ("outside", "Kantor Disdukcapil", 100)),
        # Outside with a good fix, 20 m from a 15 m fence: outside, no credit for the accuracy.
        (north_of(OFFICE, 20), 15, ("outside", "Kantor Disdukcapil", 20)),
        # Between the two places: measured to the nearer one.
        (north_of(OFFICE, 700), 10, ("outside", "Loket MPP Kota Bengkulu", 412)),
        # A 60 m fix inside a 100 m place: the accuracy is within that radius, so it is inside there.
        (north_of(BIG, 30), 60, ("inside", "Halaman apel", 30)),
    ],
)
def test_it_locates_a_position_among_the_places_of_the_day(point, accuracy, expected):
    assert where(point, accuracy, [OFFICE, MPP, BIG]) == expected


def test_it_picks_the_nearest_place_it_is_inside_of():
    near = geo.Fence(geo.PLACE, "Pustu", OFFICE.latitude + 12 / METRES_PER_DEGREE, OFFICE.longitude, 15)
    assert where(north_of(OFFICE, 10), 5, [OFFICE, near]) == ("inside", "Pustu", 2)


def test_it_prefers_a_place_it_is_inside_of_to_one_it_could_be_inside_of():
    """A 40 m fix: too imprecise for the 15 m office, good enough for the 100 m place that holds it."""
    big = geo.Fence(geo.PLACE, "Halaman apel", *north_of(OFFICE, 50), 100)
    assert where(north_of(OFFICE, 5), 40, [OFFICE, big]) == ("inside", "Halaman apel", 45)


def test_it_has_nothing_to_say_without_a_place():
    assert geo.locate(-3.79, 102.25, 5, []) is None


def test_a_dl_site_is_a_place_like_any_other():
    site = geo.Fence(geo.SITE, "Aula Kantor Gubernur", -3.7589, 102.2755, 15)
    assert where(north_of(site, 3), 5, [site]) == ("inside", "Aula Kantor Gubernur", 3)
    assert where(north_of(site, 3), 60, [site]) == ("inaccurate", "Aula Kantor Gubernur", 3)
