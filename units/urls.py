"""Signing in and out, and the units slices, each with its own URL list. The staff import comes before
the staff pages: /pegawai/impor/ is not a person."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from units.auth import SignInForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    *(
        path("", include(f"units.{name}.urls"))
        for name in ("deputies", "organisation", "passwords", "passkeys", "staff_import", "staff", "notifications")
    ),
]
