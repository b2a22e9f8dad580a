import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from policy.models import Arrangement
from units.models import Unit


class EventKind(models.TextChoices):
    """What a client may subscribe to (api.webhooks.events)."""

    MONTH_LOCKED = "month.locked", _("Bulan dikunci")
    REQUEST_DECIDED = "request.decided", _("Pengajuan diputuskan")
    UNIT_BELOW_MINIMUM = "unit.below_minimum", _("Unit di bawah jumlah minimum petugas")
    STAFF_CHANGED = "staff.changed", _("Data pegawai berubah")


def _event_kinds_default() -> list[str]:
    return []


class ApiClient(models.Model):
    """Another system of the city (SIMPEG, E-Kinerja, Sephia, payroll) allowed to call the API: the units it may
    see (each with its sub-units, as units.access does), its scopes, its rate limit and its webhook."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama sistem"), max_length=100, unique=True)
    contact = models.CharField(
        _("kontak"), max_length=200, help_text=_("Pengelola sistem ini: nama, e-mail atau nomor telepon.")
    )
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="+",
        verbose_name=_("unit yang boleh dilihat"),
        help_text=_("Setiap unit termasuk sub-unitnya. Kosongkan bersama 'seluruh kota' = tidak melihat apa pun."),
    )
    whole_city = models.BooleanField(
        _("seluruh kota"), default=False, help_text=_("Melihat semua unit (misalnya sistem penggajian kota).")
    )
    can_read = models.BooleanField(_("boleh membaca"), default=True)
    can_write = models.BooleanField(
        _("boleh menulis"),
        default=False,
        help_text=_("Sinkronisasi pegawai dan cuti/DL yang sudah disetujui di sistem lain; tidak ada presensi."),
    )
    rate_limit_per_minute = models.PositiveIntegerField(
        _("batas panggilan per menit"), default=120, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    webhook_url = models.URLField(_("alamat webhook"), blank=True)
    # The shared secret the deliveries are signed with (HMAC-SHA256): kept as is, since signing needs it.
    webhook_secret = models.CharField(_("rahasia webhook"), max_length=64, blank=True, editable=False)
    webhook_events = models.JSONField(
        _("peristiwa yang dilanggan"),
        default=_event_kinds_default,
        blank=True,
        help_text=_(
            'Daftar JSON, misalnya ["month.locked", "request.decided", "unit.below_minimum", "staff.changed"].'
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # The account the client's writes are recorded under in the audit trail (policy.audit): it never signs in
    # (inactive, no usable password). Made by api.clients.keys.register.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="api_client"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")

    def __str__(self):
        return self.name

    def clean(self):
        unknown = [k for k in self.webhook_events or [] if k not in EventKind.values] if isinstance(
            self.webhook_events, list
        ) else [self.webhook_events]
        if unknown:
            raise ValidationError(
                {"webhook_events": _("Isi daftar dari: %(kinds)s.") % {"kinds": ", ".join(EventKind.values)}}
            )


class ApiKey(models.Model):
    """A client's key: shown once when issued, kept as its prefix (to find it) and the SHA-256 of its secret."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(editable=False)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self):
        return f"{self.client} {self.prefix}"


class ApiCall(models.Model):
    """One call to the API (successful or not), for the admins: who, what, the answer and how many rows."""

    client = models.ForeignKey(ApiClient, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    key_prefix = models.CharField(max_length=16, blank=True)
    method = models.CharField(max_length=8)
    endpoint = models.CharField(max_length=200)  # the route template, e.g. units/<code>/statuses
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("panggilan API")
        verbose_name_plural = _("panggilan API")
        indexes = [
            # The admin's list of one client's calls, newest first.
            models.Index(fields=["client", "-at"], name="apicall_client_recent"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"


class ExternalArrangement(models.Model):
    """An approved leave or DL sent by another system, by that system's id: sending it again finds this row
    instead of making a second Arrangement."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(max_length=100)
    arrangement = models.OneToOneField(Arrangement, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pengajuan dari sistem lain")
        verbose_name_plural = _("pengajuan dari sistem lain")
        constraints = [
            models.UniqueConstraint(fields=["client", "external_id"], name="external_arrangement_once"),
        ]

    def __str__(self):
        return f"{self.client} {self.external_id}"


class WebhookEvent(models.Model):
    """Something a client may be told (EventKind), with the unit it concerns (None: the whole city), kept so a
    client can replay a day's events."""

    kind = models.CharField(max_length=30, choices=EventKind)
    at = models.DateTimeField()
    day = models.DateField()  # the business date (Asia/Jakarta) of `at`: the replay's key
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("peristiwa webhook")
        verbose_name_plural = _("peristiwa webhook")
        indexes = [models.Index(fields=["day", "id"], name="webhookevent_day")]  # replay and the events list

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class WebhookDelivery(models.Model):
    """One event sent to one client's webhook: sent by the task worker, retried with a growing wait, given up
    after a few tries (api.webhooks.deliveries)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-next_attempt_at", "-id"]
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        constraints = [
            models.UniqueConstraint(fields=["event", "client"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event_id} → {self.client_id} {self.status}"
