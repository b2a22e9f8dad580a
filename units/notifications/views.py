"""A person's notices (units.models.Notification): the list, marking them read, and the bell's count (htmx asks
for it after the page loads and every minute, so no page pays a query for it)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from units import clock
from units.access import signed_in_user
from units.models import Delivery, NoticeChoice, Notification
from units.notifications.forms import NoticeChoiceForm

SHOWN = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The newest notices first; the unread ones say so."""
    mine = Notification.objects.filter(user=signed_in_user(request))
    return render(
        request,
        "units/notifications/list.html",
        {"notices": mine[:SHOWN], "unread": mine.filter(read_at__isnull=True).count(), "shown": SHOWN},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark every unread notice of the person read."""
    Notification.objects.filter(user=signed_in_user(request), read_at__isnull=True).update(read_at=clock.now())
    return redirect("notification_list")


@never_cache
@login_required
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell's words: how many notices are unread."""
    unread = Notification.objects.filter(user=signed_in_user(request), read_at__isnull=True).count()
    return render(request, "units/notifications/_bell.html", {"unread": unread})


@login_required
def notification_choices(request: HttpRequest) -> HttpResponse:
    """How the person gets their notices besides this list: e-mail, Telegram, quiet hours; and how the last
    deliveries went."""
    user = signed_in_user(request)
    choice = NoticeChoice.objects.filter(user=user).first() or NoticeChoice(user=user)
    form = NoticeChoiceForm(request.POST or None, instance=choice)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pilihan pemberitahuan disimpan."))
        return redirect("notification_choices")
    recent = Delivery.objects.filter(notification__user=user).select_related("notification").order_by("-id")[:20]
    return render(
        request,
        "units/notifications/choices.html",
        {"form": form, "email": user.email, "telegram": bool(settings.TELEGRAM_BOT_TOKEN), "recent": recent},
    )
