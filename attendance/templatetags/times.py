"""`hm`: a moment or a time of day as "07:24", for the templates drawn on every check-in and board refresh."""

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def hm(value) -> str:
    """What `|time:"H:i"` writes (an aware moment in the current time zone) without its locale format
    lookups, which are most of its cost (docs/performance.md, "Check-in")."""
    if value is None or value == "":
        return ""
    return f"{value.hour:02d}:{value.minute:02d}"
