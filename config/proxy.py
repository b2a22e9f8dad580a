"""Who may speak for the client: X-Forwarded-For and X-Forwarded-Proto count only when the request came
from one of settings.TRUSTED_PROXIES while settings.BEHIND_PROXY is on. Anyone else who reaches the app
directly (gunicorn's port, another host on the network) cannot claim another address, to slip past the
sign-in throttle, nor HTTPS."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@cache
def networks(values: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """TRUSTED_PROXIES as networks: addresses ("127.0.0.1") or ranges ("10.0.0.0/24"). Parsed once per
    value: every request asks (the check-in included)."""
    return [ipaddress.ip_network(value, strict=False) for value in values]


def _address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(address: Address | None) -> bool:
    return address is not None and any(address in net for net in networks(tuple(settings.TRUSTED_PROXIES)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    return settings.BEHIND_PROXY and _trusted(_address(request.META.get("REMOTE_ADDR")))


def client_address(request: HttpRequest) -> str | None:
    """The address that reached us: REMOTE_ADDR, or, from a trusted proxy, the last X-Forwarded-For
    entry that is not itself a trusted proxy (the entries before it are whatever the client sent). A
    garbled entry gives the proxy's own address."""
    remote = request.META.get("REMOTE_ADDR")
    if not from_trusted_proxy(request):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            return remote
        if not _trusted(address):
            return str(address)
    return remote


class ProxyHeadersMiddleware:
    """First in MIDDLEWARE: the forwarded headers of a request that did not come through a trusted
    proxy are dropped, so Django's SECURE_PROXY_SSL_HEADER and the throttle never read them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
