"""Check-ins (append-only events), corrections, the admin-editable code and sanction tables, month locks."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attendance.integrity.signals import Thresholds
from policy.approvals.decision import Decision
from units.models import Employee, Unit

# The `verification_status` of a check-out its owner undid (CheckoutUndo): it never counts.
UNDONE = "undone"


class CheckInQuerySet(models.QuerySet):
    def with_verification(self):
        """Each check-in with `verification_status`: its Verification's status, None for one that needs none
        (inside a place, a kiosk scan, a correction, or flagged before SE BKPSDM 4/2025's rule), or UNDONE for
        a check-out its owner took back (CheckoutUndo). Whether it counts is `verification_counts` (one LEFT
        JOIN on each one-to-one's unique key)."""
        return self.annotate(
            verification_status=Case(
                When(undo__isnull=False, then=Value(UNDONE)), default=F("verification__status")
            )
        )


class CheckIn(models.Model):
    """One check-in or check-out as it happened. Never edited: a correction is a new event."""

    class Kind(models.TextChoices):
        IN = "in", _("Presensi masuk")
        OUT = "out", _("Presensi pulang")
        BREAK = "brk", _("Presensi istirahat")

    class Method(models.TextChoices):
        PHONE = "phone", _("Ponsel")
        QR = "qr", _("Kode QR kios")
        CORRECTION = "correction", _("Koreksi disetujui")

    class Location(models.TextChoices):
        INSIDE = "inside", _("Di dalam radius")
        OUTSIDE = "outside", _("Di luar radius")
        DENIED = "denied", _("Izin lokasi ditolak")
        UNAVAILABLE = "unavailable", _("Lokasi tidak tersedia")
        TIMEOUT = "timeout", _("Lokasi tidak didapat (waktu habis)")
        NOT_CHECKED = "not_checked", _("Tidak diperiksa")
        INACCURATE = "inaccurate", _("Akurasi lokasi kurang")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="checkins")
    date = models.DateField(_("tanggal kerja"))  # the business date: a night shift's start date
    kind = models.CharField(_("jenis"), max_length=3, choices=Kind)
    at = models.DateTimeField(_("waktu"))  # the server clock, never the phone's
    method = models.CharField(_("cara"), max_length=10, choices=Method, default=Method.PHONE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    planned_mode = models.CharField(_("mode rencana"), max_length=8, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(_("akurasi (m)"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("jarak (m)"), null=True, blank=True)
    location = models.CharField(
        _("lokasi"), max_length=12, choices=Location, default=Location.NOT_CHECKED
    )
    # The place the check-in was made at, as named then: the unit's office, another of its places (units.Place),
    # the registered home, or a DL's activity site; "" when outside every place or not checked.
    place_name = models.CharField(_("tempat"), max_length=200, blank=True, default="")
    # The face photo (SE BKPSDM 4/2025): the file lives in the storage (MEDIA_ROOT), the row keeps its key.
    photo = models.FileField(_("foto"), upload_to="presensi/%Y/%m/%d/", blank=True, default="")
    reason = models.TextField(_("alasan"), blank=True)
    # The registered phone whose passkey signed this phone check-in (issue 15); empty for a kiosk scan, a
    # correction, or a unit in its switch-over period where a check-in without one is saved and flagged.
    passkey = models.ForeignKey("units.Passkey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The browser it came from: a random id the check-in page keeps in a cookie (attendance.checkin.device), so
    # that one phone used for several people shows (attendance.integrity.signals); empty for a kiosk scan.
    device = models.CharField(max_length=32, blank=True, default="")
    # Idempotency: the form's one-time token; a retry of the same submission finds the first row.
    token = models.UUIDField(null=True, blank=True, unique=True)
    # Kiosk QR check-ins: the scanned token's nonce, so one person cannot use the same code twice.
    qr_nonce = models.CharField(max_length=32, blank=True, default="")
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction = models.ForeignKey(
        "Correction", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    # A phone or kiosk check-out after the day's departure replaces it by pointing at it, so the day's
    # departures form one chain and its last link is the effective one (attendance.checkin.recording). No index of
    # its own: checkin_superseded_once indexes the few rows that have one.
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", db_index=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CheckInQuerySet.as_manager()
    # Only on rows read with CheckIn.objects.with_verification() (or set by whoever made the row): elsewhere
    # it is missing, never a silent None that would count a check-in still waiting for its verification.
    verification_status: str | None

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        constraints = [
            # One check-in a day: double taps, retries and concurrent requests get the first row back.
            models.UniqueConstraint(
                fields=["employee", "date"],
                condition=Q(kind="in") & ~Q(method="correction"),
                name="checkin_one_in_per_day",
            ),
            # One break check-in a day (SE BKPSDM 4/2025's second moment).
            models.UniqueConstraint(
                fields=["employee", "date"],
                condition=Q(kind="brk") & ~Q(method="correction"),
                name="checkin_one_break_per_day",
            ),
            # One effective check-out a day: one departure starts the day's chain, and each departure
            # is replaced at most once, so concurrent check-outs that read the same day collide and
            # get the row that won back (corrections point at what they correct through `corrects`).
            models.UniqueConstraint(
                fields=["employee", "date"],
                condition=Q(kind="out") & Q(supersedes__isnull=True) & ~Q(method="correction"),
                name="checkin_one_first_out_per_day",
            ),
            models.UniqueConstraint(
                fields=["supersedes"],
                condition=Q(supersedes__isnull=False),
                name="checkin_superseded_once",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | (Q(kind="out") & ~Q(method="correction")),
                name="checkin_only_departures_supersede",
            ),
            # A kiosk code is good once per person (a replay is refused; colleagues may share it).
            models.UniqueConstraint(
                fields=["employee", "qr_nonce"],
                condition=~Q(qr_nonce=""),
                name="checkin_qr_once_per_person",
            ),
        ]
        indexes = [
            # Evaluations and boards: the events of some employees over a date range.
            models.Index(fields=["date", "employee"], name="checkin_date_employee"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def flagged(self) -> bool:
        return self.location in FLAGGED_LOCATIONS

    def photo_url(self) -> str:
        """The face photo's address (attendance.checkin.views.checkin_photo: the person, their heads and
        admins), or "" without one; the address carries the file's random name, not only the id."""
        if not self.photo:
            return ""
        # Imported here: attendance.checkin.photos imports this module (and OpenCV).
        from attendance.checkin.photos import reference

        return reverse("checkin_photo", args=[self.pk, reference(self.photo.name)])

    @property
    def counts(self) -> bool:
        """Whether it counts toward the day (read with_verification()): see `verification_counts`."""
        return verification_counts(self.verification_status)

    @property
    def undone(self) -> bool:
        """Whether its owner took this check-out back (CheckoutUndo; read with_verification())."""
        return self.verification_status == UNDONE

    @property
    def waiting(self) -> bool:
        """Whether it waits for a head's verification (the day shows MV meanwhile)."""
        return self.verification_status == Verification.Status.PENDING


FLAGGED_LOCATIONS = (
    CheckIn.Location.OUTSIDE,
    CheckIn.Location.INACCURATE,
    CheckIn.Location.DENIED,
    CheckIn.Location.UNAVAILABLE,
    CheckIn.Location.TIMEOUT,
)


class Correction(Decision):
    """A request to correct a day's check-ins; approval adds correcting events, never edits. Decided
    through policy.approvals (the fields of its Decision)."""

    class Kind(models.TextChoices):
        FORGOT_OUT = "lupa_pulang", _("Lupa presensi pulang")
        FORGOT_IN = "lupa_masuk", _("Lupa presensi masuk")
        GPS = "gps_gagal", _("GPS gagal")
        DL = "dl_mendadak", _("DL mendadak")
        FORGOT_BREAK = "lupa_istirahat", _("Lupa presensi istirahat")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        # Taken back by the person while it waited (policy.approvals.workflow.withdraw_pending).
        WITHDRAWN = "withdrawn", _("Ditarik")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="corrections")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis koreksi"), max_length=16, choices=Kind)
    time_in = models.TimeField(_("jam masuk yang benar"), null=True, blank=True)
    time_out = models.TimeField(_("jam pulang yang benar"), null=True, blank=True)
    time_break = models.TimeField(_("jam presensi istirahat yang benar"), null=True, blank=True)
    spt_number = models.CharField(_("nomor SPT"), max_length=100, blank=True)
    reason = models.TextField(_("alasan"))
    attachment = models.FileField(_("lampiran"), upload_to="koreksi/%Y/%m/", blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("koreksi presensi")
        verbose_name_plural = _("koreksi presensi")
        indexes = [models.Index(fields=["employee", "date"], name="correction_employee_date")]

    def __str__(self):
        return f"{self.employee_id} {self.date} {self.get_kind_display()}"

    already_decided = _("Koreksi ini sudah %(status)s; tidak ada yang diubah.")

    def page_url(self) -> str:
        return reverse("correction_detail", kwargs={"code": self.code})

    def trail(self) -> dict:
        """How the correction is named in the audit trail (policy.audit.record's keywords): the events
        carry its code, not a key."""
        return {"employee": self.employee, "correction": str(self.code), "kind": self.kind, "date": str(self.date)}


class Verification(Decision):
    """A phone check-in made outside every place of the day (SE BKPSDM 4/2025: void until explained). It does
    not count until a head accepts its reason; rejected, or still undecided when the month is locked, it
    never counts. Decided through policy.approvals (the fields of its Decision)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        APPROVED = "approved", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkin = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="verification")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="verifications")
    date = models.DateField(_("tanggal"))
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attachment = models.FileField(_("lampiran"), upload_to="verifikasi/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("verifikasi presensi di luar radius")
        verbose_name_plural = _("verifikasi presensi di luar radius")
        indexes = [
            models.Index(fields=["employee", "date"], name="verification_employee_date"),
            models.Index(fields=["status", "created_at"], name="verification_status_created"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.date} {self.get_status_display()}"

    already_decided = _("Presensi ini sudah %(status)s; tidak ada yang diubah.")

    def page_url(self) -> str:
        return reverse("verification_detail", kwargs={"code": self.code})

    def trail(self) -> dict:
        """How the verification is named in the audit trail (policy.audit.record's keywords)."""
        return {"employee": self.employee, "verification": str(self.code), "date": str(self.date)}


def verification_counts(status: str | None) -> bool:
    """Whether a check-in whose Verification has this status counts (SE BKPSDM 4/2025): one that needs none
    (None: inside a place, a kiosk scan, a correction, or flagged before the rule began, which counts as it
    did), or one a head accepted. Waiting, rejected, rejected by the month's lock, or undone, it does not."""
    return status is None or status == Verification.Status.APPROVED


class CheckoutUndo(models.Model):
    """A check-out taken back by the person who made it, within CHECKOUT_UNDO_MINUTES (issue 16: a second tap
    on the big button right after arriving). The check-out stays as it happened; this row, appended beside it,
    makes it count for nothing (CheckIn.objects.with_verification). Audited (AuditEvent CHECKOUT_UNDONE)."""

    checkin = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="undo")
    at = models.DateTimeField(_("waktu"))  # the server clock (units.clock)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pembatalan presensi pulang")
        verbose_name_plural = _("pembatalan presensi pulang")

    def __str__(self):
        return f"{self.checkin_id} {self.at:%Y-%m-%d %H:%M}"


class KioskDevice(models.Model):
    """A tablet registered by a head as their unit's counter kiosk (issue 16): it shows the unit's rotating QR code
    with no menu and no account signed in. The browser keeps a long-lived random token in a cookie; the row keeps
    only its SHA-256 (attendance.kiosk.devices). Revoked, the screen stops at its next poll (5 s)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="kiosk_devices")
    name = models.CharField(_("nama perangkat"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("didaftarkan"))
    last_seen_at = models.DateTimeField(_("terakhir aktif"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("perangkat kios")
        verbose_name_plural = _("perangkat kios")

    def __str__(self):
        return f"{self.name} ({self.unit_id})"


class DeductionRule(models.Model):
    """An attendance code with its minute band (TL/PSW) and TPP deduction: admin-editable.

    Seeded with the example values of central agencies (attendance_codes_examples.csv); Kota Bengkulu's
    own Perwal table was not found, so every value is an example until BKPSDM confirms it.
    """

    code = models.CharField(_("kode"), max_length=6, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    min_minutes = models.PositiveSmallIntegerField(_("dari menit ke-"), null=True, blank=True)
    max_minutes = models.PositiveSmallIntegerField(
        _("sampai menit ke-"), null=True, blank=True, help_text=_("Kosongkan bila tanpa batas atas.")
    )
    deduction_percent = models.DecimalField(
        _("potongan TPP (%)"), max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_example = models.BooleanField(
        _("nilai contoh"), default=True,
        help_text=_("Nilai contoh dari instansi pusat; hapus centang setelah dikonfirmasi BKPSDM."),
    )
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kode presensi dan potongan")
        verbose_name_plural = _("kode presensi dan potongan")

    def __str__(self):
        return f"{self.code} {self.name}"


class SanctionLevel(models.Model):
    """The discipline ladder of one ASN type: working days absent without a valid reason (TK) → sanction.

    PNS: PP 94/2021 Pasal 9–11 (cumulative days in a year) and Pasal 15(2) (consecutive days). PPPK have their
    own consequences under their contract (PP 49/2018, PP 94/2021 applied by analogy): never the PNS wording.
    A `consecutive` row counts the longest run of TK working days instead of the year's total."""

    asn_type = models.CharField(
        _("jenis ASN"), max_length=4, choices=Employee.AsnType.choices, default=Employee.AsnType.PNS
    )
    consecutive = models.BooleanField(
        _("hari berturut-turut"), default=False,
        help_text=_("Dicentang: hari kerja TK berturut-turut; tidak dicentang: jumlah hari TK dalam setahun."),
    )
    min_days = models.PositiveSmallIntegerField(_("dari hari ke-"))
    max_days = models.PositiveSmallIntegerField(_("sampai hari ke-"), null=True, blank=True)
    level = models.CharField(_("tingkat"), max_length=10)
    sanction = models.CharField(_("hukuman disiplin"), max_length=200)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        ordering = ["asn_type", "consecutive", "min_days"]
        verbose_name = _("tingkat hukuman disiplin (TK)")
        verbose_name_plural = _("tingkat hukuman disiplin (TK)")

    def __str__(self):
        return f"{self.min_days}+: {self.sanction}"


class MonthLock(models.Model):
    """A month verified and locked by an admin: no more corrections for its days."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("bulan terkunci")
        verbose_name_plural = _("bulan terkunci")
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="monthlock_unique")]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    @classmethod
    def is_locked(cls, day) -> bool:
        return cls.objects.filter(year=day.year, month=day.month).exists()


class MonthTally(models.Model):
    """One person's TK days in a locked month, stored when the month is locked (or on first use after),
    so the year's TK count does not evaluate final months again. Enough to carry a year's Tally over the
    month without its days (attendance.recap.monthly.Stretch); gone with its lock."""

    lock = models.ForeignKey(MonthLock, on_delete=models.CASCADE, related_name="tallies")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    days = models.PositiveSmallIntegerField(default=0)  # TK working days in the month
    minutes = models.PositiveIntegerField(default=0)  # late and early minutes in the month (7.5 h → 1 TK day)
    lead = models.PositiveSmallIntegerField(default=0)  # TK days before the first day that breaks a run
    run = models.PositiveSmallIntegerField(default=0)  # TK days after the last break (the run at month end)
    longest = models.PositiveSmallIntegerField(default=0)  # the longest run inside the month
    broken = models.BooleanField(default=False)  # some counted day broke a run of TK days
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("angka bulan terkunci")
        verbose_name_plural = _("angka bulan terkunci")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "month"], name="monthtally_unique"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.year}-{self.month:02d}"


class CoverageAlertQuerySet(models.QuerySet):
    def shown_on(self, unit_ids: list[int], day: dt.date) -> "CoverageAlertQuerySet":
        """The alerts a unit board shows on `day` for these units: that day's, and any still open."""
        return self.filter(Q(date=day) | Q(resolved_at__isnull=True), unit__in=unit_ids)


class CoverageAlert(models.Model):
    """One episode of a frontline unit below its on-site minimum while it is open (issue 14): raised once a
    grace after opening (attendance.alerts.scan), to the unit's head and operators; climbs to the unit above
    and BKPSDM when nobody has acknowledged it ("Saya tangani") after a delay; resolved by the scan when the
    count is back. One open alert per unit (the database holds it), so workers racing raise it once."""

    class Level(models.IntegerChoices):
        UNIT = 1, _("Kepala dan operator unit")
        ABOVE = 2, _("Atasan unit dan BKPSDM")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="coverage_alerts")
    date = models.DateField()
    opened_at = models.DateTimeField()
    needed = models.PositiveSmallIntegerField()  # the unit's minimum on site
    present = models.PositiveSmallIntegerField()  # on site now at the last scan
    missing = models.PositiveSmallIntegerField()  # more people that would meet every rule, at the last scan
    level = models.PositiveSmallIntegerField(choices=Level, default=Level.UNIT)
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = CoverageAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("peringatan kurang petugas")
        verbose_name_plural = _("peringatan kurang petugas")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(resolved_at__isnull=True), name="coverage_alert_one_open_per_unit"
            ),
        ]
        indexes = [models.Index(fields=["date", "unit"], name="coverage_alert_day")]

    def __str__(self):
        return f"{self.unit_id} {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Presence(models.Model):
    """One person's day as the coverage counts read it (issue 14, item 7): kept up to date in the same
    transaction as what changes it (a check-in or check-out, a verification, a correction, a decision on a
    request, a roster change, an edit of the person: attendance.presence) and rebuilt from a full evaluation
    once a day and on demand (`manage.py rebuild_presence`). The city board, the public status page and the
    minute's coverage scan count these rows per unit (one grouped query) instead of evaluating every person;
    only today's rows are read, and only once the day is built (PresenceDay)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    service_role = models.CharField(max_length=20, blank=True)
    mode = models.CharField(max_length=10)  # the planned mode of the day (policy.plan.day_plan)
    on_site = models.BooleanField(default=False)  # attendance.evaluation.status.on_site_now
    late = models.BooleanField(default=False)  # a TL code

    class Meta:
        verbose_name = _("kehadiran tersimpan")
        verbose_name_plural = _("kehadiran tersimpan")
        constraints = [models.UniqueConstraint(fields=["employee", "date"], name="presence_one_per_day")]
        indexes = [models.Index(fields=["date", "unit"], name="presence_day_unit")]

    def __str__(self):
        return f"{self.employee_id} {self.date}"


class PresenceDay(models.Model):
    """A day whose Presence rows are complete: built from a full evaluation at `built_at`. A change the
    per-person updates do not follow (a policy, a holiday, a schedule, a minimum) removes it; until the next
    build the counts are read from a full evaluation, as before."""

    date = models.DateField(unique=True)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hari kehadiran tersimpan")
        verbose_name_plural = _("hari kehadiran tersimpan")

    def __str__(self):
        return str(self.date)


class IntegrityRules(models.Model):
    """The thresholds of the spoofing signals (attendance.integrity.signals.Thresholds), one row, editable by
    admins in /admin/. Without a row the defaults apply; they are examples chosen on a labelled set
    (docs/benchmarks.md, "Spoofing signals"), not values of a regulation."""

    same_point_days = models.PositiveSmallIntegerField(
        _("hari dengan koordinat sama"), default=Thresholds.same_point_days, validators=[MinValueValidator(2)],
        help_text=_("Presensi seorang pegawai di titik yang sama (selisih < 1 m) pada sekian hari berbeda."),
    )
    spread_window = models.PositiveSmallIntegerField(
        _("presensi terakhir untuk sebaran"), default=Thresholds.spread_window, validators=[MinValueValidator(3)],
        help_text=_("Sekian presensi terakhir seorang pegawai …"),
    )
    spread_cm = models.PositiveSmallIntegerField(
        _("sebaran terkecil yang wajar (cm)"), default=Thresholds.spread_cm,
        help_text=_("… semuanya sedekat ini ke titik tengahnya berarti tidak ada sebaran GPS."),
    )
    shared_people = models.PositiveSmallIntegerField(
        _("pegawai berbagi koordinat"), default=Thresholds.shared_people, validators=[MinValueValidator(2)],
        help_text=_("Sekian pegawai atau lebih memakai koordinat yang persis sama …"),
    )
    shared_times = models.PositiveSmallIntegerField(
        _("kali berbagi koordinat"), default=Thresholds.shared_times, validators=[MinValueValidator(1)],
        help_text=_("… masing-masing sedikitnya sekian kali."),
    )
    accuracy_window = models.PositiveSmallIntegerField(
        _("presensi terakhir untuk akurasi"), default=Thresholds.accuracy_window, validators=[MinValueValidator(3)]
    )
    round_share = models.PositiveSmallIntegerField(
        _("bagian akurasi bulat (%)"), default=Thresholds.round_share, validators=[MaxValueValidator(100)]
    )
    accuracy_floor_m = models.PositiveSmallIntegerField(
        _("akurasi terbaik yang wajar (m)"), default=Thresholds.accuracy_floor_m,
        help_text=_("Akurasi yang dilaporkan lebih baik dari ini tidak wajar untuk GPS ponsel."),
    )
    accuracy_floor_times = models.PositiveSmallIntegerField(
        _("kali akurasi tidak wajar"), default=Thresholds.accuracy_floor_times, validators=[MinValueValidator(1)]
    )
    max_speed_kmh = models.PositiveSmallIntegerField(
        _("kecepatan terbesar yang wajar (km/jam)"), default=Thresholds.max_speed_kmh, validators=[MinValueValidator(10)]
    )
    travel_min_m = models.PositiveIntegerField(
        _("jarak perpindahan terkecil (m)"), default=Thresholds.travel_min_m,
        help_text=_("Lompatan yang lebih pendek dianggap gangguan GPS, bukan perjalanan."),
    )
    on_point_cm = models.PositiveSmallIntegerField(
        _("jarak ke titik kantor (cm)"), default=Thresholds.on_point_cm,
        help_text=_("Posisi sedekat ini ke titik kantor atau tempat presensi dianggap tepat di titiknya."),
    )
    on_point_times = models.PositiveSmallIntegerField(
        _("kali tepat di titik"), default=Thresholds.on_point_times, validators=[MinValueValidator(1)]
    )
    device_people = models.PositiveSmallIntegerField(
        _("pegawai berbagi ponsel"), default=Thresholds.device_people, validators=[MinValueValidator(2)],
        help_text=_("Sekian pegawai atau lebih presensi dari ponsel (peramban) yang sama …"),
    )
    device_times = models.PositiveSmallIntegerField(
        _("kali berbagi ponsel"), default=Thresholds.device_times, validators=[MinValueValidator(1)],
        help_text=_("… masing-masing sedikitnya sekian kali."),
    )
    period_days = models.PositiveSmallIntegerField(
        _("rentang penilaian (hari)"), default=30, validators=[MinValueValidator(7), MaxValueValidator(92)],
        help_text=_("Presensi sekian hari terakhir yang dinilai setiap malam."),
    )
    is_example = models.BooleanField(
        _("nilai contoh"), default=True, help_text=_("Hapus centang setelah BKPSDM menetapkan nilainya.")
    )

    class Meta:
        verbose_name = _("ambang tanda presensi mencurigakan")
        verbose_name_plural = _("ambang tanda presensi mencurigakan")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "IntegrityRules":
        return cls.objects.order_by("pk").first() or cls()

    def thresholds(self) -> Thresholds:
        return Thresholds(**{name: getattr(self, name) for name in Thresholds.__dataclass_fields__})


class SuspicionCase(models.Model):
    """A person whose check-ins show spoofing signals (issue 15), found by the nightly scoring
    (attendance.integrity.scoring): the signals with their reasons and the check-ins they rest on. One open case
    per person, brought up to date each night until a head or an admin marks it reviewed (audited); the
    scoring then looks only at check-ins after the review."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="suspicion_cases")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    scored_at = models.DateTimeField()
    period_start = models.DateField()
    period_end = models.DateField()
    signals = models.JSONField(default=list)  # [{"kind", "reason", "checkins": [ids]}]
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("catatan peninjauan"), blank=True)

    class Meta:
        ordering = ["-scored_at", "-id"]
        verbose_name = _("presensi mencurigakan")
        verbose_name_plural = _("presensi mencurigakan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(reviewed_at__isnull=True), name="suspicion_one_open_per_person"
            ),
        ]
        indexes = [models.Index(fields=["unit", "reviewed_at"], name="suspicion_unit_open")]

    def __str__(self):
        return f"{self.employee_id} {self.period_start}–{self.period_end}"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None

    def checkin_ids(self) -> list[int]:
        return sorted({pk for signal in self.signals for pk in signal.get("checkins", [])})
