"""Numbers, durations and distances in words (units.words, issue 16 item 8), in both languages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from units import words


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("id", 1507, "1.507"), ("en", 1507, "1,507"), ("id", 50007, "50.007"), ("id", 999, "999"), ("id", 0, "0")],
)
def test_numbers_carry_the_language_s_thousands_separator(language, value, expected):
    with translation.override(language):
        assert words.number(value) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "0 menit"), (45, "45 menit"), (60, "1 jam"), (467, "7 jam 47 menit"), (1500, "25 jam")],
)
def test_durations_read_in_hours_and_minutes(minutes, expected):
    with translation.override("id"):
        assert words.duration(minutes) == expected


@pytest.mark.parametrize(
    ("language", "metres", "expected"),
    [("id", 12, "12 m"), ("id", 999, "999 m"), ("id", 3023, "3,0 km"), ("en", 3023, "3.0 km"), ("id", 12500, "12 km"),
     ("id", 1_234_567, "1.235 km")],
)
def test_distances_switch_to_kilometres(language, metres, expected):
    with translation.override(language):
        assert words.distance(metres) == expected


def test_the_template_filters_say_the_same():
    template = Template("{% load hadir %}{{ n|number }} · {{ m|duration }} · {{ d|distance }} · {{ none|distance }}")
    with translation.override("id"):
        assert template.render(Context({"n": 1507, "m": 467, "d": 3023, "none": None})) == "1.507 · 7 jam 47 menit · 3,0 km · "
