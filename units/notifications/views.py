"""A person's notices (units.models.Notification): the list, marking them read, and the bell's count (htmx asks
for it after the page loads and every minute, so no page pays a query for it)."""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from units import clock
from units.access import signed_in_user
from units.models import Delivery, NoticeChoice, Notification, PushSubscription
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
        {
            "form": form, "email": user.email, "telegram": bool(settings.TELEGRAM_BOT_TOKEN), "recent": recent,
            "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY if settings.WEBPUSH_VAPID_PRIVATE_KEY else "",
            "phones": PushSubscription.objects.filter(user=user).count(),
        },
    )


BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


@login_required
@require_POST
def push_subscription(request: HttpRequest) -> JsonResponse:
    """Turn Web Push on in this browser (the PushSubscription the browser made, as JSON: endpoint and keys), or
    off ({"endpoint": ..., "remove": true}). 400 with the reason in words for anything else."""
    user = signed_in_user(request)
    try:
        if request.content_type != "application/json":
            raise ValueError(request.content_type)
        data = json.loads(request.body or b"{}")
        endpoint = str(data["endpoint"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"ok": False, "error": _("Data langganan tidak terbaca.")}, status=400)
    if data.get("remove"):
        PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
        return JsonResponse({"ok": True})
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    p256dh, auth = str(keys.get("p256dh", "")), str(keys.get("auth", ""))
    valid = endpoint.startswith("https://") and len(endpoint) <= 1000
    valid = valid and all(BASE64URL.match(k) and len(k) <= limit for k, limit in ((p256dh, 200), (auth, 100)))
    if not valid:
        return JsonResponse({"ok": False, "error": _("Data langganan tidak terbaca.")}, status=400)
    PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "created_at": clock.now()}
    )
    return JsonResponse({"ok": True})
