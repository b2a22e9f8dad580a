import datetime as dt

from django import template

from units import words

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


@register.filter
def number(value):
    """`{{ count|number }}`: "1.507" (units.words.number); empty stays empty."""
    return "" if value is None or value == "" else words.number(value)


@register.filter
def duration(value):
    """`{{ minutes|duration }}`: "7 jam 47 menit" (units.words.duration)."""
    return "" if value is None or value == "" else words.duration(value)


@register.filter
def distance(value):
    """`{{ metres|distance }}`: "740 m", "3,0 km" (units.words.distance)."""
    return "" if value is None or value == "" else words.distance(value)
