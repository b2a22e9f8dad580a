"""The phone's offline page: a service worker (`/sw.js`, at the site's root so that it covers every page) that
answers a page the network cannot reach with the offline page (`/offline/`, kept at install) instead of the
browser's own error. It keeps nothing else: no signed-in page is ever stored on the phone."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

# Part of the cache's name: bump it when the offline page changes, so phones store the new one.
VERSION = 1


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker's script (templates/sw.js: the offline page's address and its stylesheet, as the static
    storage names them); checked again on every visit (no-cache), so a new version takes over."""
    return render(request, "sw.js", {"version": VERSION}, content_type="text/javascript; charset=utf-8")


@cache_control(public=True, max_age=3600)
def offline(request: HttpRequest) -> HttpResponse:
    """What the phone shows when it cannot reach Hadir (stored by the service worker at install)."""
    return render(request, "offline.html")
