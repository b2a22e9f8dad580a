import json

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.log import log_response
from django.utils.translation import gettext as _


class HtmxMessagesMiddleware:
    """Send Django messages with htmx responses as an HX-Trigger event, shown by base.html."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or 300 <= response.status_code < 400:
            return response
        if "HX-Redirect" in response.headers or "HX-Refresh" in response.headers:
            return response
        storage = get_messages(request)
        messages = [{"level": m.level_tag, "text": str(m)} for m in storage]
        if messages:
            triggers = json.loads(response.headers.get("HX-Trigger", "{}") or "{}")
            triggers["messages"] = messages
            response.headers["HX-Trigger"] = json.dumps(triggers)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Bahasa Indonesia unless the person chose another language with the switch in the header.

    Unlike Django's, it ignores the browser's Accept-Language: many phones in Bengkulu are set to
    English, and a city government app should not change language behind its users' backs.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


CSP_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


def carries_nul(request) -> bool:
    """A NUL byte in a name or value of the query string or of the posted form (files aside)."""
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for data in (request.GET, request.POST)
        for key, values in data.lists()
    )


class NulByteMiddleware:
    """A request carrying a NUL byte in its query string or form values is answered 400 before anything
    reads it: no form or filter takes one, and PostgreSQL refuses NUL in a query, so every lookup made
    with such a value (a Django admin list filter, say) was a server error there. A NUL in the path is
    left to the views, which answer 404 for a code that cannot exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not carries_nul(request):
            return self.get_response(request)
        # Plain text: the pages' templates need the signed-in user, not known yet at this depth.
        response = HttpResponseBadRequest(
            _("Permintaan tidak valid: alamat atau isian berisi karakter NUL."),
            content_type="text/plain; charset=utf-8",
        )
        log_response("Bad request (NUL byte): %s", request.path, response=response, request=request)
        return response


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every response while settings.CSP is on (the default).
    Only the app's own scripts, styles and images: no inline <script>, style="" attribute, hx-on or
    eval anywhere (templates/base.html tells htmx not to inject its indicator <style>). With
    settings.CSP_REPORT_ONLY the browser reports violations in its console instead of refusing.
    Django's technical error pages (DEBUG only) are left alone: they are built from inline styles.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.CSP or (settings.DEBUG and response.status_code in (404, 500)):
            return response
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, CSP_POLICY)
        return response
