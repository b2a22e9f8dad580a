from django.contrib import admin
from django.urls import include, path

from config import offline

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("units.urls")),
    path("", include("policy.urls")),
    path("", include("attendance.urls")),
]
