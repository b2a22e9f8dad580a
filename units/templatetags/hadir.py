import datetime as dt

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with `halaman` set to `number` (other filters kept)."""
    query = context["request"].GET.copy()
    query["halaman"] = number
    return "?" + query.urlencode()


@register.filter
def isodate(value: str):
    """A date kept as ISO text (a notice's data) as a date, for `|date`; the text itself when it is not one."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
