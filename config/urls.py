from django.contrib import admin
from django.urls import include, path

from config import offline

# attendance first: the check-in button (its hot path) is then resolved after a handful of patterns rather than
# after all of units' and policy's (docs/performance.md, "Check-in"). The apps' addresses do not overlap, so
# their order changes nothing else (tests/test_urls.py).
urlpatterns = [
    path("", include("attendance.urls")),
    path("admin/", admin.site.urls),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("units.urls")),
    path("", include("policy.urls")),
]
