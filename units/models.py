import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units import nip as nip_rules
from units import regulation
from units.schedule import Hours, Override, Timetable

WEEKDAYS = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]


class Schedule(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Jadwal mingguan")
        SHIFT = "shift", _("Pola shift")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind, default=Kind.WEEKLY)
    works_on_holidays = models.BooleanField(
        _("tetap bekerja pada hari libur"),
        default=False,
        help_text=_(
            "Untuk layanan 24 jam (puskesmas, rumah sakit) yang tetap dijadwalkan saat libur."
        ),
    )
    description = models.TextField(_("keterangan"), blank=True)
    # SE BKPSDM Kota Bengkulu 4/2025: three check-ins a day (arrival, break, departure). Days before this
    # date keep two moments, so the history recorded before the rule stays valid.
    break_checkin_from = models.DateField(
        _("presensi istirahat wajib mulai"),
        null=True,
        blank=True,
        help_text=_(
            "Sejak tanggal ini, hari dengan jam istirahat meminta presensi istirahat di antara jam istirahat "
            "mulai dan selesai. Kosongkan bila hanya presensi masuk dan pulang."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("jadwal kerja")
        verbose_name_plural = _("jadwal kerja")

    def __str__(self):
        return self.name

    def timetable(self) -> Timetable:
        """Plain-value timetable; prefetch `days` and `overrides__days` when calling it in a loop."""
        since = self.break_checkin_from
        week = {d.weekday: d.hours(since) for d in self.days.all() if d.override_id is None}
        overrides = tuple(
            Override(o.name, o.start_date, o.end_date, {d.weekday: d.hours(since) for d in o.days.all()})
            for o in self.overrides.all()
        )
        return Timetable(week, overrides)


class ScheduleOverride(models.Model):
    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("jadwal")
    )
    name = models.CharField(_("nama"), max_length=100, help_text=_("Misalnya: Ramadan 1447 H"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["schedule", "start_date"]
        verbose_name = _("jadwal khusus (rentang tanggal)")
        verbose_name_plural = _("jadwal khusus (rentang tanggal)")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="override_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.schedule}: {self.name}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")}
            )


class ScheduleDay(models.Model):
    """Hours of one weekday, in the normal week (override empty) or in a date-ranged override."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="days")
    override = models.ForeignKey(
        ScheduleOverride, on_delete=models.CASCADE, related_name="days", null=True, blank=True
    )
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=WEEKDAYS)
    start = models.TimeField(_("masuk"))
    end = models.TimeField(_("pulang"))
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)

    class Meta:
        ordering = ["override", "weekday"]
        verbose_name = _("hari kerja")
        verbose_name_plural = _("hari kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "weekday"],
                condition=Q(override__isnull=True),
                name="scheduleday_unique_weekday",
            ),
            models.UniqueConstraint(
                fields=["override", "weekday"],
                condition=Q(override__isnull=False),
                name="scheduleday_unique_override_weekday",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def save(self, *args, **kwargs):
        if self.override_id:
            self.schedule_id = self.override.schedule_id
        super().save(*args, **kwargs)

    def clean(self):
        check_break(self.start, self.end, self.break_start, self.break_end)

    def hours(self, break_checkin_from: dt.date | None = None) -> Hours:
        """`break_checkin_from`: the schedule's (Schedule.timetable passes it), from when the break asks
        for a check-in."""
        return Hours(self.start, self.end, self.break_start, self.break_end, break_checkin_from)


def check_break(start, end, break_start, break_end) -> None:
    """A break window is both times or neither, and lies inside the hours (the break check-in is asked
    for inside it)."""
    if (break_start is None) != (break_end is None):
        raise ValidationError(_("Isi jam istirahat mulai dan selesai, atau kosongkan keduanya."))
    if start is None or end is None or break_start is None or break_end is None:
        return
    day = dt.date(2000, 1, 3)
    hours = Hours(start, end, break_start, break_end)
    bounds, window = hours.bounds(day), hours.break_bounds(day)
    if window is None or window[0] < bounds[0] or window[1] > bounds[1]:
        raise ValidationError(_("Jam istirahat harus berada di antara jam mulai dan jam selesai."))


class Shift(models.Model):
    """One shift of a shift pattern (e.g. Pagi 07:00–14:00); an end before the start crosses midnight."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="shifts")
    code = models.SlugField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=50)
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))
    # A shift's own break moment (a shift without one has two moments: arrival and departure).
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)

    class Meta:
        ordering = ["schedule", "start"]
        verbose_name = _("shift")
        verbose_name_plural = _("shift")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="shift_unique_code"),
        ]

    def __str__(self):
        return f"{self.name} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        check_break(self.start, self.end, self.break_start, self.break_end)

    def hours(self) -> Hours:
        """The shift's hours; its break asks for a check-in from the schedule's break_checkin_from
        (select or prefetch `schedule` when calling it in a loop)."""
        return Hours(self.start, self.end, self.break_start, self.break_end, self.schedule.break_checkin_from)


class Holiday(models.Model):
    class Category(models.TextChoices):
        PUBLIC = "public", _("Libur nasional")
        GOVERNMENT = "government", _("Cuti bersama")
        LOCAL = "local", _("Libur daerah")

    class Source(models.TextChoices):
        PACKAGE = "package", _("Kalender nasional (paket holidays)")
        ADMIN = "admin", _("Diisi admin")

    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=150)
    category = models.CharField(_("jenis"), max_length=12, choices=Category)
    source = models.CharField(_("sumber"), max_length=10, choices=Source, default=Source.ADMIN)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "category"], name="holiday_unique_date_category"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


unit_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9.\-]*$",
    _("Kode hanya boleh berisi huruf kecil, angka, titik dan tanda hubung (tanpa spasi)."),
)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def within(self, unit):
        """The unit and every unit below it (a kecamatan with its kelurahan)."""
        return self.filter(tree_path__startswith=unit.tree_path)


class Unit(models.Model):
    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        BADAN = "badan", _("Badan")
        DINAS = "dinas", _("Dinas")
        SATUAN = "satuan", _("Satuan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        RUMAH_SAKIT = "rumah_sakit", _("Rumah sakit")
        UPT = "upt", _("UPT")
        OTHER = "other", _("Lainnya")

    FRONTLINE_KINDS = {Kind.KECAMATAN, Kind.KELURAHAN, Kind.PUSKESMAS, Kind.RUMAH_SAKIT}

    code = models.CharField(
        _("kode"),
        max_length=40,
        unique=True,
        validators=[unit_code_validator],
        help_text=_(
            "Kode publik yang dipakai di alamat halaman, misalnya 17.71.01 atau disdukcapil."
        ),
    )
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    # Materialised path of codes ("/17.71.01/17.71.01.1001/") so a subtree is one indexed prefix filter.
    tree_path = models.CharField(max_length=500, editable=False, db_index=True)
    is_frontline = models.BooleanField(
        _("unit layanan garis depan"),
        default=False,
        help_text=_("Melayani warga langsung di loket; wajib ada petugas di tempat."),
    )
    latitude = models.DecimalField(
        _("lintang kantor"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur kantor"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    geofence_radius_m = models.PositiveIntegerField(
        _("radius presensi (meter)"),
        default=15,  # SE BKPSDM Kota Bengkulu 4/2025: "about 15 m of the OPD's coordinates"
        validators=[MinValueValidator(5), MaxValueValidator(5000)],
        help_text=_("Jarak maksimum dari titik kantor untuk presensi di tempat."),
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.PROTECT, related_name="units", verbose_name=_("jadwal kerja")
    )

    class OutsideFence(models.TextChoices):
        FLAG = "flag", _("Tetap dicatat, ditandai, alasan wajib")
        REFUSE = "refuse", _("Ditolak")

    outside_fence = models.CharField(
        _("presensi di luar radius"), max_length=6, choices=OutsideFence, default=OutsideFence.FLAG
    )
    photo_required = models.BooleanField(
        _("foto wajah saat presensi"),
        default=True,
        help_text=_("Presensi dari ponsel menyertakan foto wajah (SE BKPSDM 4/2025). Presensi QR di kios tidak perlu foto."),
    )
    class Passkeys(models.TextChoices):
        OFF = "off", _("Tidak dipakai")
        SWITCHOVER = "switchover", _("Masa peralihan: presensi ponsel tanpa passkey disimpan dan ditandai")
        REQUIRED = "required", _("Wajib: presensi ponsel tanpa passkey ponsel terdaftar ditolak")

    passkeys = models.CharField(
        _("passkey ponsel"),
        max_length=10,
        choices=Passkeys,
        default=Passkeys.SWITCHOVER,
        help_text=_(
            "Passkey mengikat presensi ke ponsel yang didaftarkan pegawai (dibuka dengan sidik jari, wajah atau PIN "
            "ponsel itu sendiri). Presensi QR di kios tidak memerlukannya."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # Contact for citizens, shown on the public status page (attendance.public); the map link there is built
    # from the office's latitude and longitude above, so the point has one source.
    PHONE_NUMBER = r"^\+?\(?[0-9][0-9 ()./-]{4,28}$"  # digits with the usual separators: 0736-21000, +62 812…
    address = models.CharField(
        _("alamat kantor"), max_length=300, blank=True, help_text=_("Alamat untuk warga, misalnya Jl. Soekarno-Hatta No. 1.")
    )
    phone = models.CharField(
        _("telepon"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(PHONE_NUMBER, _("Isi nomor telepon dengan angka, misalnya 0736-21000."))],
    )
    whatsapp = models.CharField(
        _("WhatsApp"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(PHONE_NUMBER, _("Isi nomor WhatsApp dengan angka, misalnya 0812-7000-1234."))],
        help_text=_("Nomor WhatsApp layanan, bila ada."),
    )
    services = models.CharField(
        _("layanan untuk warga"),
        max_length=300,
        blank=True,
        help_text=_("Layanan di loket, dipisah koma, misalnya e-KTP, kartu keluarga, akta kelahiran: "
                    "ditampilkan dan dicari di halaman status publik."),
    )
    contact_is_example = models.BooleanField(
        _("kontak contoh"),
        default=False,
        help_text=_("Alamat, nomor dan titik peta ini contoh (data demo), bukan kontak resmi: halaman publik menandainya."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["tree_path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="unit_coordinates_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.tree_path
        self.tree_path = (self.parent.tree_path if self.parent_id else "/") + self.code + "/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.tree_path:
            # Moved or renamed: rewrite the paths below it (a subtree is a handful of rows).
            for unit in Unit.objects.filter(tree_path__startswith=old_path).exclude(pk=self.pk):
                unit.tree_path = self.tree_path + unit.tree_path[len(old_path) :]
                unit.save(update_fields=["tree_path"])

    @classmethod
    def frontline_by_default(cls, kind: str) -> bool:
        return kind in cls.FRONTLINE_KINDS

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Isi lintang dan bujur kantor, atau kosongkan keduanya."))
        if self.parent_id and self.pk:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("Unit induk tidak boleh unit ini atau bawahannya.")}
                    )
                node = node.parent

    @property
    def depth(self) -> int:
        return self.tree_path.count("/") - 2


class Place(models.Model):
    """Another place where a unit's staff check in, besides the unit's own point (Unit.latitude and
    longitude): Disdukcapil's counter at the MPP, a puskesmas's pustu. Each has its point and radius."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="places", verbose_name=_("unit"))
    name = models.CharField(_("nama tempat"), max_length=100, help_text=_("Misalnya: Loket MPP Kota Bengkulu"))
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    radius_m = models.PositiveIntegerField(
        _("radius presensi (meter)"), default=15, validators=[MinValueValidator(5), MaxValueValidator(5000)]
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("tempat presensi")
        verbose_name_plural = _("tempat presensi")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="place_unique_name")]

    def __str__(self):
        return f"{self.name} ({self.unit.short_name})"


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        digits = nip_rules.normalize_nip(text)
        if digits.isdigit():
            return self.filter(nip__startswith=digits)
        return self.filter(full_name__icontains=text)


class Employee(models.Model):
    class AsnType(models.TextChoices):
        PNS = nip_rules.PNS, _("PNS")
        PPPK = nip_rules.PPPK, _("PPPK")

    class PositionCategory(models.TextChoices):
        STRUKTURAL = "struktural", _("Struktural")
        FUNGSIONAL = "fungsional", _("Fungsional")
        PELAKSANA = "pelaksana", _("Pelaksana")

    class ServiceRole(models.TextChoices):
        PETUGAS_LAYANAN = "petugas_layanan", _("Petugas layanan")
        TENAGA_KESEHATAN = "tenaga_kesehatan", _("Tenaga kesehatan")
        ADMINISTRASI = "administrasi", _("Tenaga administrasi")
        TEKNIS = "teknis", _("Petugas teknis/lapangan")
        PIMPINAN = "pimpinan", _("Pimpinan")
        LAINNYA = "lainnya", _("Lainnya")

    class Role(models.TextChoices):
        STAFF = "staff", _("Pegawai")
        OPERATOR = "operator", _("Operator unit")
        HEAD = "head", _("Kepala unit")
        ADMIN = "admin", _("Admin kota (BKPSDM)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    asn_type = models.CharField(_("jenis ASN"), max_length=4, choices=AsnType)
    position_title = models.CharField(_("jabatan"), max_length=200)
    position_category = models.CharField(
        _("kategori jabatan"), max_length=12, choices=PositionCategory
    )
    service_role = models.CharField(
        _("peran layanan"),
        max_length=20,
        choices=ServiceRole,
        default=ServiceRole.ADMINISTRASI,
        help_text=_("Dipakai kebijakan, misalnya jumlah minimum petugas layanan di kantor."),
    )
    role = models.CharField(_("hak akses"), max_length=10, choices=Role, default=Role.STAFF)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit kerja")
    )
    start_date = models.DateField(_("mulai bertugas"))
    schedule = models.ForeignKey(
        Schedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("jadwal sendiri"),
        help_text=_("Kosongkan untuk mengikuti jadwal unit; isi untuk pegawai shift."),
    )
    # Personal data (UU 27/2022): shown only to the person, their head and admins.
    home_address = models.CharField(_("alamat domisili terdaftar"), max_length=300, blank=True)
    home_latitude = models.DecimalField(
        _("lintang domisili"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    home_longitude = models.DecimalField(
        _("bujur domisili"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun masuk"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # Set when an admin typed a temporary password (units.passwords): the person chooses their own
    # at their next sign-in before anything else.
    password_change_required = models.BooleanField(_("wajib mengganti kata sandi"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()
    # Not a field: whether the person stands in for a head today, when units.auth read it with the user.
    deputy_in_force: bool | None = None

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [
            # Unit staff lists: Employee.objects.filter(unit=…).order_by("full_name")
            models.Index(fields=["unit", "full_name"], name="employee_unit_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(home_latitude__isnull=True, home_longitude__isnull=True)
                | Q(home_latitude__isnull=False, home_longitude__isnull=False),
                name="employee_home_both_or_neither",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nip})"

    def clean(self):
        errors = {}
        if self.nip:
            self.nip = nip_rules.normalize_nip(self.nip)
            if self.asn_type:
                try:
                    nip_rules.parse_nip(self.nip, self.asn_type, limits=RegulationRule.nip_limits())
                except ValidationError as error:
                    errors["nip"] = error
        if (self.home_latitude is None) != (self.home_longitude is None):
            errors["home_latitude"] = _("Isi lintang dan bujur domisili, atau kosongkan keduanya.")
        if errors:
            raise ValidationError(errors)

    @property
    def gender(self) -> str:
        return "L" if self.nip[14:15] == "1" else "P"

    @property
    def effective_schedule_id(self) -> int:
        return self.schedule_id or self.unit.schedule_id


class StaffImport(models.Model):
    """An uploaded staff file, parsed and checked; nothing reaches Employee until an admin confirms.

    Reading and writing run on the task runner (units.staff_import.importer.parse_upload, write_rows): the upload
    is kept in `upload` until it has been read, a refused file's reason in `error`."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Sedang dibaca")
        FAILED = "failed", _("Berkas ditolak")
        PREVIEW = "preview", _("Menunggu konfirmasi")
        RUNNING = "running", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(_("nama berkas"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    # [{"line": 2, "data": {...}, "errors": [...], "action": "create|update|same|error"}, ...]
    rows = models.JSONField(default=list)
    processed = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    # The uploaded file as sent, until the task has read it (at most IMPORT_MAX_BYTES). Kept in the
    # database rather than MEDIA_ROOT so a worker on another machine reads it too.
    upload = models.BinaryField(null=True, editable=False)
    # Why the file was refused (FAILED), or why writing stopped; in the uploader's language.
    error = models.TextField(blank=True)
    # When writing was confirmed or last wrote a chunk: a RUNNING import quiet for long has lost its
    # worker and may be resumed (units.staff_import.importer.resume_writing).
    progressed_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")

    def __str__(self):
        return self.filename


class PasswordReset(models.Model):
    """A one-time code with which a person sets a new password themselves (units.passwords).

    A head, an operator or an admin issues it; only its hash is kept. It is good once, until
    `expires_at`, and for a few wrong tries; issuing a new one ends the earlier ones."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="password_resets")
    secret_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    sent_to = models.CharField(_("dikirim ke"), max_length=254, blank=True)  # a masked e-mail, or ""
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # a newer code or too many wrong tries

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("kode atur ulang kata sandi")
        verbose_name_plural = _("kode atur ulang kata sandi")
        indexes = [
            # units.passwords.resets.redeem: the person's codes that are still open
            models.Index(
                fields=["employee", "expires_at"],
                condition=Q(used_at__isnull=True, ended_at__isnull=True),
                name="password_reset_open",
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.issued_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A notice to one person in the app (the bell in the header, /pemberitahuan/): what happened, said in
    words by templates/units/notifications/_notice.html from `kind` and `data` (in the reader's language), and
    where to act (`url`). Made in the same transaction as what it tells, so it is made once."""

    class Kind(models.TextChoices):
        COVERAGE_SHORT = "coverage_short", _("Unit kurang petugas")
        COVERAGE_ESCALATED = "coverage_escalated", _("Unit kurang petugas, diteruskan ke atasan")
        COVERAGE_RESOLVED = "coverage_resolved", _("Kekurangan petugas teratasi")
        WAITING = "waiting", _("Menunggu keputusan Anda")
        DECIDED = "decided", _("Keputusan atas pengajuan Anda")
        REMINDER = "reminder", _("Pengingat presensi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind)
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            # The bell: a person's unread notices.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The reminders already sent today (attendance.alerts.reminders).
            models.Index(fields=["kind", "created_at"], condition=Q(kind="reminder"), name="notification_reminders"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class NoticeChoice(models.Model):
    """How a person wants their notices besides the list in the app (which always has them): by e-mail (to
    their account's address), by Telegram (to a chat id), and quiet hours in which only what the city requires
    at once (a counter short of staff) is sent; the rest waits for the end of the quiet hours."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_choice")
    by_email = models.BooleanField(_("kirim juga lewat e-mail"), default=False)
    telegram_chat_id = models.CharField(
        _("ID obrolan Telegram"), max_length=32, blank=True,
        validators=[RegexValidator(r"^-?\d{1,20}$", _("ID obrolan Telegram berupa angka, misalnya 123456789."))],
    )
    quiet_from = models.TimeField(_("jam tenang mulai"), null=True, blank=True)
    quiet_until = models.TimeField(_("jam tenang sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pilihan pemberitahuan")
        verbose_name_plural = _("pilihan pemberitahuan")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | Q(quiet_from__isnull=False, quiet_until__isnull=False),
                name="notice_choice_quiet_whole_or_none",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}"


class Delivery(models.Model):
    """One notice sent by one channel (units.notifications.deliveries): made with the notice, sent by the task
    worker, retried with a growing wait when the channel fails, given up after a few tries. One per notice and
    channel (the database holds it), and a worker claims it before sending, so it is sent once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        TELEGRAM = "telegram", _("Telegram")
        PUSH = "push", _("Notifikasi ponsel (Web Push)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel)
    address = models.CharField(max_length=254)  # the e-mail address or the chat id when it was made
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("pengiriman pemberitahuan")
        verbose_name_plural = _("pengiriman pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.notification_id} {self.channel} {self.status}"


class PushSubscription(models.Model):
    """A browser (an installed Hadir on a phone) that receives a person's notices by Web Push: the push
    service's address and the keys the browser gave (units.notifications.push). Removed when the person turns
    it off there, or when the push service says it is gone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("langganan notifikasi ponsel")
        verbose_name_plural = _("langganan notifikasi ponsel")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class PasskeyRules(models.Model):
    """How many phones a person may register (issue 15): one row, editable by admins; without a row, 1."""

    DEFAULT_MAX = 1

    max_per_person = models.PositiveSmallIntegerField(
        _("ponsel terdaftar per pegawai"), default=DEFAULT_MAX, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("aturan passkey ponsel")
        verbose_name_plural = _("aturan passkey ponsel")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def max_phones(cls) -> int:
        found = cls.objects.order_by("pk").values_list("max_per_person", flat=True).first()
        return found or cls.DEFAULT_MAX


class Passkey(models.Model):
    """A person's registered phone (issue 15): the WebAuthn credential's id, public key and signature counter.
    The fingerprint, face or PIN that unlocks it never leaves the phone; nothing biometric is stored here.
    Removed (by a head or an admin, audited) rather than deleted, so that the check-ins made with it keep it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as the browser sends it
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    name = models.CharField(_("nama ponsel"), max_length=100)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("passkey ponsel")
        verbose_name_plural = _("passkey ponsel")
        indexes = [models.Index(fields=["user", "removed_at"], name="passkey_user_active")]

    def __str__(self):
        return f"{self.user_id} {self.name}"


class RegulationRule(models.Model):
    """A number a regulation sets (units.regulation.DEFAULTS names them), admin-editable with its source.
    Switched off (`enabled`), the check it feeds is not applied."""

    key = models.CharField(_("aturan"), max_length=40, unique=True, choices=list(regulation.LABELS.items()))
    value = models.PositiveIntegerField(_("nilai"))
    enabled = models.BooleanField(_("diterapkan"), default=True)
    verified = models.BooleanField(
        _("sudah diverifikasi BKPSDM"), default=False,
        help_text=_("Centang setelah BKPSDM mengonfirmasi nilai dan sumbernya."),
    )
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["key"]
        verbose_name = _("aturan dari regulasi")
        verbose_name_plural = _("aturan dari regulasi")

    def __str__(self):
        return f"{self.key} = {self.value}"

    @classmethod
    def values(cls, *keys: str) -> dict[str, int | None]:
        """{key: value, or None when switched off} for `keys` (one query); a key without a row reads its
        default (units.regulation.DEFAULTS)."""
        return cls.values_from({r.key: r for r in cls.objects.filter(key__in=keys)}, keys)

    @staticmethod
    def values_from(rows: dict[str, "RegulationRule"], keys) -> dict[str, int | None]:
        defaults = {key: d.value if d.enabled else None for key, d in regulation.DEFAULTS.items()}
        return {key: (rows[key].value if rows[key].enabled else None) if key in rows else defaults[key] for key in keys}

    @classmethod
    def nip_limits(cls) -> nip_rules.Limits:
        """The ages and first PPPK year the NIP check applies, with their sources (one query)."""
        keys = (regulation.APPOINTMENT_MIN_AGE, regulation.RETIREMENT_AGE, regulation.PPPK_FIRST_YEAR)
        rows: dict[str, RegulationRule] = {r.key: r for r in cls.objects.filter(key__in=keys)}
        values = cls.values_from(rows, keys)
        age, retirement, first = (rows[k].source if k in rows else regulation.DEFAULTS[k].source for k in keys)
        return nip_rules.Limits(values[keys[0]], values[keys[1]], values[keys[2]], sources=(age, retirement, first))


class DeputyQuerySet(models.QuerySet):
    def in_force(self, day: dt.date):
        return self.filter(start_date__lte=day, end_date__gte=day)

    def overlapping(self, unit: "Unit", start: dt.date, end: dt.date):
        return self.filter(unit=unit, start_date__lte=end, end_date__gte=start)


class Deputy(models.Model):
    """A Plh or Plt (issue 17): who decides in a head's place for a unit over a date range, named by the head
    who is away or appointed by a city admin (units.deputies). Append-only; the ranges of one unit never
    overlap (checked with the unit's row locked: units.deputies.appoint). Scope: units.access."""

    class Kind(models.TextChoices):
        # The codes are the abbreviations a decision is signed with ("Plh.", "Plt.").
        PLH = "plh", _("Plh. (pelaksana harian)")
        PLT = "plt", _("Plt. (pelaksana tugas)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("unit"))
    # The head replaced; empty when the post is vacant (a Plt).
    head = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kepala unit")
    )
    deputy = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="deputyships", verbose_name=_("pelaksana")
    )
    kind = models.CharField(_("jenis"), max_length=3, choices=Kind, default=Kind.PLH)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"))
    reason = models.TextField(_("alasan"))
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ditunjuk oleh")
    )
    created_at = models.DateTimeField(_("dicatat"))  # the server clock (units.clock)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("Plh./Plt. kepala unit")
        verbose_name_plural = _("Plh./Plt. kepala unit")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="deputy_range_ordered"),
            models.CheckConstraint(condition=~Q(deputy=models.F("head")), name="deputy_not_head"),
        ]
        # units.access: a person's appointments in force (every page of someone who may be one).
        indexes = [models.Index(fields=["deputy", "end_date"], name="deputy_person_until")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit_id} {self.start_date}–{self.end_date}"
