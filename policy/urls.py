"""The policy slices, each with its own URL list."""

from django.urls import include, path

urlpatterns = [
    path("", include(f"policy.{name}.urls")) for name in ("policies", "arrangements", "plan", "swaps")
]
