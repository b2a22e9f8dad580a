"""The attendance slices, each with its own URL list."""

from django.urls import include, path

urlpatterns = [
    path("", include(f"attendance.{name}.urls"))
    for name in ("checkin", "month", "approvals", "verification", "boards", "alerts", "recap", "trends", "public", "privacy", "integrity")
]
