"""Geofence distances against known coordinates."""

import pytest

from attendance.checkin.geo import distance_m, inside_fence

# Simpang Lima (Ratu Samban, Kota Bengkulu) as the reference point.
SIMPANG_LIMA = (-3.7956, 102.2592)


@pytest.mark.parametrize(
    "a, b, expected, tolerance",
    [
        (SIMPANG_LIMA, SIMPANG_LIMA, 0, 0.01),
        # 0.001° of latitude ≈ 111.2 m everywhere.
        (SIMPANG_LIMA, (-3.7966, 102.2592), 111.2, 0.5),
        # 0.001° of longitude at 3.8° S ≈ 111.0 m (cos 3.8° = 0.9978).
        (SIMPANG_LIMA, (-3.7956, 102.2602), 110.95, 0.5),
        # Bengkulu to Monas, Jakarta: about 571 km (great circle).
        (SIMPANG_LIMA, (-6.1754, 106.8272), 571_000, 1_000),
    ],
)
def test_it_measures_distances(a, b, expected, tolerance):
    assert abs(distance_m(*a, *b) - expected) <= tolerance


@pytest.mark.parametrize(
    "distance, radius, accuracy, inside",
    [
        (10, 15, 5, True),
        (15, 15, 15, True),  # on the edge, with an accuracy as good as the radius
        (16, 15, 5, False),
        (20, 15, 15, False),  # no credit for the accuracy: outside is outside
        (10, 15, 16, False),  # close, but the phone cannot tell within 15 m
        (5, 15, 60, False),
        (60, 50, 15, False),
        (320, 50, 10, False),
    ],
)
def test_it_decides_the_fence_without_crediting_the_accuracy(distance, radius, accuracy, inside):
    assert inside_fence(distance, radius, accuracy) is inside
