from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from units.access import access_for

# What a person who must replace a temporary password may still open.
ALLOWED = ("password_change", "password_change_done", "logout", "set_language", "privacy_notice")


class PasswordChangeRequiredMiddleware:
    """After an admin set a temporary password, the person's first stop is choosing their own: every
    other page sends them to "Ganti kata sandi" (htmx requests with HX-Redirect)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.allowed: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        # A page that needs no sign-in (Django's @login_not_required: the public status pages) is
        # left alone, its session untouched: it stays cacheable by anyone (no "Vary: Cookie").
        if getattr(view_func, "login_required", True) is False or not request.user.is_authenticated:
            return None
        employee = access_for(request).employee
        if employee is None or not employee.password_change_required:
            return None
        if self.allowed is None:
            self.allowed = tuple(reverse(name) for name in ALLOWED)
        if request.path.startswith(self.allowed):
            return None
        return self._to_change(request)

    def _to_change(self, request: HttpRequest) -> HttpResponse:
        target = reverse("password_change")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        messages.warning(
            request,
            _("Kata sandi Anda diatur sementara oleh admin. Ganti dengan kata sandi Anda sendiri dulu."),
        )
        return redirect(target)
