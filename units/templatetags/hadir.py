from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with `halaman` set to `number` (other filters kept)."""
    query = context["request"].GET.copy()
    query["halaman"] = number
    return "?" + query.urlencode()
