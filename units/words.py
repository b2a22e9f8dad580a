"""Numbers, durations and distances as Indonesian readers write them (issue 16, item 8): "1.507", "7 jam 47 menit",
"740 m", "3,0 km". Localised through Django's formats, so English pages say "1,507" and "3.0 km"."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def number(value: int | float) -> str:
    """A whole number with the language's thousands separator: "1.507" (id), "1,507" (en). Below a thousand it
    needs no separator and skips the format lookups (the check-in card shows distances on the hot path)."""
    if -1000 < value < 1000:
        return str(round(value))
    return number_format(value, decimal_pos=0, force_grouping=True)


def duration(minutes: int) -> str:
    """"45 menit", "1 jam", "7 jam 47 menit"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(n)s menit") % {"n": rest}
    if not rest:
        return _("%(h)s jam") % {"h": number(hours)}
    return _("%(h)s jam %(n)s menit") % {"h": number(hours), "n": rest}


def distance(metres: int | float) -> str:
    """"740 m" below a kilometre, then "3,0 km", and "12 km" from ten kilometres on."""
    if metres < 1000:
        return _("%(m)s m") % {"m": number(metres)}
    km = metres / 1000
    # number_format cuts the digits it does not show: round first.
    shown = number_format(round(km, 1), decimal_pos=1, force_grouping=True) if km < 10 else number(round(km))
    return _("%(km)s km") % {"km": shown}
