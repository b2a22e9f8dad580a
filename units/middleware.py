import json

from django.contrib.messages import get_messages


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
