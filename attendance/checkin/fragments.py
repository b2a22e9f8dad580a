"""Small pieces of HTML written in Python for the hot paths, each the exact equivalent of a template
(tests/attendance/test_checkin_card.py compares them): the check-in card's answer and the unit board's
rows use them instead of an {% include %} per event.
"""

import datetime as dt
from html import escape as html_escape

from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import CheckIn


def escaped(value) -> str:
    """`{{ value }}` (autoescaped) for the str, int or None values of the card."""
    return html_escape(str(value))


def hm(moment) -> str:
    """`|time:"H:i"`: a stored moment as local wall time, or a time of day."""
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%H:%M")


def event_html(event: CheckIn) -> str:
    """templates/attendance/checkin_event.html."""
    if event.method == CheckIn.Method.QR:
        how = _("dengan kode QR kios")
    elif event.method == CheckIn.Method.CORRECTION:
        how = _("dari koreksi yang disetujui")
    elif event.location == CheckIn.Location.INSIDE:
        how = _("di dalam radius (%(m)s m)") % {"m": escaped(event.distance_m)}
    else:
        how = ""
    html = f'<span class="how">{how}</span>\n'
    if event.flagged:
        distance = "" if event.distance_m is None else f" ({escaped(event.distance_m)} m)"
        html += f'<span class="tag bad">{escaped(event.get_location_display())}{distance}</span>'
        if event.reason:
            html += f' <span class="reason">{_("Alasan:")} {escaped(event.reason)}</span>'
    return html
