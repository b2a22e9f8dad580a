"""Request types for the views' annotations."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (in every stack): views that read
    `request.htmx` take this."""

    htmx: HtmxDetails
