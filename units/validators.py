"""Validators shared by the forms of every app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units import clock


def validate_workable_date(value) -> None:
    """A date within clock.FIRST_DATE..LAST_DATE: a typed year like 0001 or 9999 is a mistake."""
    if not clock.FIRST_DATE <= value <= clock.LAST_DATE:
        raise ValidationError(
            _("Periksa tahunnya: tanggal harus antara tahun %(first)s dan %(last)s."),
            code="out_of_range",
            params={"first": clock.FIRST_DATE.year, "last": clock.LAST_DATE.year},
        )
