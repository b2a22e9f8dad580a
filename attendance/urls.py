"""The attendance slices, each with its own URL list."""

from django.urls import include, path

urlpatterns = [
    path("", include(f"attendance.{name}.urls"))
    # kiosk before checkin: its kios/layar/ is not a unit code (checkin has kios/<code>/).
    for name in ("kiosk", "checkin", "month", "approvals", "verification", "boards", "alerts", "recap", "trends", "public", "privacy", "integrity")
]
