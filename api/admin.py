"""The API's clients in the Django admin (superusers only, as the whole admin): register a client and see its key
once, rotate or revoke keys, read the log of calls and the webhook deliveries."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from api.clients import keys
from api.models import ApiCall, ApiClient, ApiKey, WebhookDelivery, WebhookEvent
from units.admin import ReadOnlyAdmin


def _show_once(request: HttpRequest, client: ApiClient, issued: keys.Issued) -> None:
    messages.warning(
        request,
        _("Kunci API baru untuk %(client)s (salin sekarang; tidak akan ditampilkan lagi): %(key)s")
        % {"client": client.name, "key": issued.plain},
    )


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    can_delete = False
    fields = ("prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "created_at")

    def has_add_permission(self, request, obj=None):
        return False  # a key is issued by the actions, which show it once


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "contact", "whole_city", "can_read", "can_write", "rate_limit_per_minute", "is_active")
    list_filter = ("is_active", "can_write")
    search_fields = ("name", "contact")
    filter_horizontal = ("units",)
    readonly_fields = ("code", "created_at")
    inlines = [ApiKeyInline]
    actions = ["rotate_key", "new_webhook_secret"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.webhook_secret = keys.new_webhook_secret()
        super().save_model(request, obj, form, change)
        if not change:
            keys.service_user(obj)
            _show_once(request, obj, keys.issue(obj))
            messages.info(
                request,
                _("Rahasia webhook %(client)s (untuk memeriksa tanda tangan pengiriman): %(secret)s")
                % {"client": obj.name, "secret": obj.webhook_secret},
            )

    @admin.action(description=_("Ganti kunci (kunci lama berakhir dalam 7 hari)"))
    def rotate_key(self, request, queryset):
        for client in queryset:
            _show_once(request, client, keys.rotate(client))

    @admin.action(description=_("Buat rahasia webhook baru"))
    def new_webhook_secret(self, request, queryset):
        for client in queryset:
            client.webhook_secret = keys.new_webhook_secret()
            client.save(update_fields=["webhook_secret"])
            messages.info(
                request,
                _("Rahasia webhook %(client)s (untuk memeriksa tanda tangan pengiriman): %(secret)s")
                % {"client": client.name, "secret": client.webhook_secret},
            )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("client", "prefix", "created_at", "expires_at", "revoked_at")
    list_filter = ("client",)
    readonly_fields = ("client", "prefix", "created_at")
    fields = ("client", "prefix", "created_at", "expires_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cabut kunci terpilih sekarang"))
    def revoke(self, request, queryset):
        for key in queryset:
            keys.revoke(key)


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ("at", "client", "method", "endpoint", "status", "rows", "duration_ms")
    list_filter = ("client", "status", "method")
    date_hierarchy = "at"
    search_fields = ("path", "key_prefix")
    list_select_related = ("client",)


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "unit")
    list_filter = ("kind",)
    date_hierarchy = "at"
    list_select_related = ("unit",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("event", "client", "status", "attempts", "next_attempt_at", "sent_at", "response_status")
    list_filter = ("status", "client")
    list_select_related = ("event", "client")
