"""Every address is answered by the pattern that declares it: no app's patterns hide another's, so the order of
the includes in config/urls.py (attendance first, for the check-in's sake) changes nothing but speed."""

import re

from django.urls import URLPattern, URLResolver, resolve

import config.urls

# A value for each path converter that is no literal part of any address (a literal such as kios/layar/ must
# still reach its own pattern, whatever <str:…> pattern comes before it).
SAMPLES = {"int": "7", "str": "x-7", "slug": "x-7", "uuid": "3f1e1c0a-0000-4000-8000-000000000001", "path": "x-7/y"}


def _leaves(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_each_address_reaches_its_own_pattern():
    checked = 0
    for route, pattern in _leaves(config.urls.urlpatterns):
        if "^" in route or "(?P" in route:  # regular expressions (the admin's own)
            continue
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        match = resolve(path)
        assert (match.route, match.func) == (route, pattern.callback), f"{path} reaches {match.route}, not {route}"
        checked += 1
    assert checked > 300  # the whole project, the admin's pages included


def test_the_check_in_is_the_first_app_s_address():
    """The check-in button's address is looked up before units' and policy's patterns."""
    apps = [getattr(p.urlconf_module, "__name__", "") for p in config.urls.urlpatterns if isinstance(p, URLResolver)]
    assert apps[0] == "attendance.urls"
    assert resolve("/saya/presensi/").url_name == "checkin"
