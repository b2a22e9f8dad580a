"""Work-mode policies (versioned, never edited once active), requests and approvals, the plan, the audit trail."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policy.approvals.decision import Decision
from policy.plan import precedence
from units.models import Employee, Shift, Unit
from units.passwords import resets


class LegalBasisType(models.TextChoices):
    SE_WALIKOTA = "se_walikota", _("Surat Edaran Wali Kota")
    PERWAL = "perwal", _("Peraturan Wali Kota (Perwal)")
    KEPWAL = "kepwal", _("Keputusan Wali Kota")
    SE_SEKDA = "se_sekda", _("Surat Edaran Sekretaris Daerah")
    SE_BKPSDM = "se_bkpsdm", _("Surat Edaran BKPSDM")
    OTHER = "other", _("Lainnya")


class PolicyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Policy.Status.ACTIVE)

    def in_force_between(self, start, end):
        """Versions that were or are in force on some day of [start, end].

        A superseded or revoked version still governs the days before it ended (its effective_until
        was cut then), so plans and recaps of past days never change after the fact; one withdrawn
        before it ever took effect governs no day at all.
        """
        return self.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=start),
            status__in=[Policy.Status.ACTIVE, Policy.Status.SUPERSEDED, Policy.Status.REVOKED],
            withdrawn=False,
            effective_from__lte=end,
        )


class Policy(models.Model):
    """One version of a work-mode policy. Versions of the same policy share `lineage`.

    A draft may be edited. Once active it is never edited: a new version supersedes it from a date
    (the old one ends the day before), or it is revoked with who and why.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "active", _("Berlaku")
        SUPERSEDED = "superseded", _("Digantikan versi baru")
        REVOKED = "revoked", _("Dicabut")

    class Rule(models.TextChoices):
        WFO_REQUIRED = precedence.WFO_REQUIRED, _("WFO wajib: di kantor setiap hari kerja")
        WFH_ALLOWED = precedence.WFH_ALLOWED, _("WFH diizinkan: paling banyak N hari kerja per minggu, dengan persetujuan")
        WFH_REQUIRED = precedence.WFH_REQUIRED, _("WFH/WFA wajib: keadaan darurat atau acara pada rentang tanggal")

    class Frontline(models.TextChoices):
        ANY = precedence.FRONTLINE_ANY, _("Semua unit")
        ONLY = precedence.FRONTLINE_ONLY, _("Hanya unit layanan garis depan")
        EXCLUDED = precedence.FRONTLINE_EXCLUDED, _("Hanya unit non-layanan (bukan garis depan)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", editable=False
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT, editable=False)
    # Superseded or revoked on or before its first day: it never governed any day.
    withdrawn = models.BooleanField(default=False, editable=False)

    title = models.CharField(_("judul"), max_length=200)
    legal_basis_type = models.CharField(_("jenis dasar hukum"), max_length=12, choices=LegalBasisType)
    legal_basis_number = models.CharField(
        _("nomor dasar hukum"), max_length=100, help_text=_("Misalnya 800.1.6/123/BKPSDM/2026")
    )
    decided_by = models.CharField(_("ditetapkan oleh"), max_length=150, help_text=_("Misalnya Wali Kota Bengkulu"))
    decided_on = models.DateField(_("tanggal penetapan"))
    effective_from = models.DateField(_("berlaku mulai"))
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila tanpa batas."))
    rule = models.CharField(_("aturan"), max_length=14, choices=Rule)
    wfh_days_per_week = models.PositiveSmallIntegerField(
        _("batas hari WFH per minggu"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Untuk aturan WFH diizinkan. PermenPANRB 4/2025: paling banyak 2 hari kerja per minggu."),
    )
    reason = models.TextField(_("alasan"), help_text=_("Mengapa kebijakan ini diambil."))
    # PermenPANRB 4/2025 caps flexible location at 2 working days a week (units.models.RegulationRule): a policy
    # allowing more needs this written reason, recorded in the audit trail (AuditEvent.Action.CAP_OVERRIDDEN).
    cap_override_reason = models.TextField(_("alasan melampaui batas PermenPANRB 4/2025"), blank=True)

    # Scope: the organisational part (city, kinds, units), narrowed by the filters, plus named employees.
    scope_city = models.BooleanField(_("seluruh ASN Kota Bengkulu"), default=False)
    scope_unit_kinds = models.JSONField(_("jenis unit"), default=list, blank=True)
    scope_frontline = models.CharField(
        _("unit garis depan"), max_length=8, choices=Frontline, default=Frontline.ANY, blank=True
    )
    scope_service_roles = models.JSONField(_("peran layanan"), default=list, blank=True)
    scope_position_categories = models.JSONField(_("kategori jabatan"), default=list, blank=True)
    scope_employees = models.ManyToManyField(
        Employee, blank=True, related_name="named_in_policies", verbose_name=_("pegawai tertentu")
    )

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-version"]
        verbose_name = _("kebijakan mode kerja")
        verbose_name_plural = _("kebijakan mode kerja")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="policy_unique_version"),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F("effective_from")),
                name="policy_until_after_from",
            ),
        ]
        indexes = [
            # Resolution loads the active versions overlapping a date range.
            models.Index(fields=["status", "effective_from"], name="policy_status_from"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def legal_basis(self) -> str:
        return f"{self.get_legal_basis_type_display()} No. {self.legal_basis_number}"

    def clean(self):
        errors = {}
        if self.effective_until and self.effective_from and self.effective_until < self.effective_from:
            errors["effective_until"] = _("Tanggal akhir tidak boleh sebelum tanggal mulai berlaku.")
        if self.rule == precedence.WFH_REQUIRED and not self.effective_until:
            errors["effective_until"] = _("WFH/WFA wajib berlaku untuk rentang tanggal: isi tanggal akhirnya.")
        if errors:
            raise ValidationError(errors)


class PolicyUnit(models.Model):
    """A unit named in a policy's scope, with or without the units below it."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="scope_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    include_sub_units = models.BooleanField(_("termasuk sub-unit"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "unit"], name="policyunit_unique")]

    def __str__(self):
        if self.include_sub_units:
            return _("%(unit)s (dengan sub-unit)") % {"unit": self.unit}
        return _("%(unit)s (tanpa sub-unit)") % {"unit": self.unit}


class StaffingMinimum(models.Model):
    """Minimum on-site staffing set by a policy, for a unit or for every unit of a kind.

    The minimum for a unit on a day is the largest of the rules in force that name it:
    max(count, ceil(percent × staff of that service role in the unit)).
    """

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="minimums")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    unit_kind = models.CharField(_("jenis unit"), max_length=20, choices=Unit.Kind, blank=True)
    service_role = models.CharField(
        _("peran layanan"), max_length=20, choices=Employee.ServiceRole, blank=True,
        help_text=_("Kosongkan untuk semua pegawai unit."),
    )
    min_count = models.PositiveSmallIntegerField(_("jumlah minimum"), null=True, blank=True)
    min_percent = models.PositiveSmallIntegerField(
        _("persentase minimum"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("jumlah minimum di kantor")
        verbose_name_plural = _("jumlah minimum di kantor")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(unit_kind="")) | (Q(unit__isnull=True) & ~Q(unit_kind="")),
                name="minimum_unit_xor_kind",
            ),
            models.CheckConstraint(
                condition=Q(min_count__isnull=False) | Q(min_percent__isnull=False),
                name="minimum_count_or_percent",
            ),
        ]

    def __str__(self):
        parts = []
        if self.min_count:
            parts.append(_("%(n)s orang") % {"n": self.min_count})
        if self.min_percent:
            parts.append(f"{self.min_percent}%")
        return _("%(target)s: minimal %(amount)s (%(who)s)") % {
            "target": self.unit or self.get_unit_kind_display(),
            "amount": " / ".join(parts),
            "who": self.get_service_role_display() if self.service_role else _("semua pegawai"),
        }

    def clean(self):
        if bool(self.unit_id) == bool(self.unit_kind):
            raise ValidationError(_("Pilih satu unit atau satu jenis unit."))
        if self.min_count is None and self.min_percent is None:
            raise ValidationError(_("Isi jumlah minimum, persentase minimum, atau keduanya."))


class Sanction(models.Model):
    """A disciplinary sanction (PP 94/2021) that makes a person ineligible for flexible work while it runs."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="sanctions")
    level = models.CharField(
        _("tingkat"), max_length=10,
        choices=[("ringan", _("Ringan")), ("sedang", _("Sedang")), ("berat", _("Berat"))],
    )
    description = models.CharField(_("hukuman"), max_length=200)
    decree_number = models.CharField(_("nomor keputusan"), max_length=100, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")

    def __str__(self):
        return f"{self.employee}: {self.description}"


class ActivitySite(models.Model):
    """An activity site (SE BKPSDM 4/2025: an official activity away from the office checks in at its
    location), carried by a DL request and by a head's DL assignment. With a site, the days ask for
    check-ins fenced there (policy.plan.building.activity_site); without one, none."""

    site_name = models.CharField(_("nama lokasi kegiatan"), max_length=200, blank=True)
    site_latitude = models.DecimalField(
        _("lintang lokasi kegiatan"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    site_longitude = models.DecimalField(
        _("bujur lokasi kegiatan"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    site_radius_m = models.PositiveIntegerField(
        _("radius lokasi kegiatan (meter)"), null=True, blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(5000)],
    )

    SITE_FIELDS = ("site_name", "site_latitude", "site_longitude", "site_radius_m")

    class Meta:
        abstract = True

    @staticmethod
    def whole_or_none(name: str) -> models.CheckConstraint:
        """The point and its radius are given together or not at all."""
        return models.CheckConstraint(
            condition=Q(site_latitude__isnull=True, site_longitude__isnull=True, site_radius_m__isnull=True)
            | Q(site_latitude__isnull=False, site_longitude__isnull=False, site_radius_m__isnull=False),
            name=name,
        )


class ArrangementQuerySet(models.QuerySet):
    def plan_inputs(self, people, start, end):
        """What the plan reads of requests: the approved ones of `people` (ids, or a subquery of them)
        overlapping [start, end], as dicts, latest start first. The one query for it: build_plan runs it
        for many people, the check-in compiles it once for one (attendance/checkin/sql.py). A DL's activity
        site comes with it: the plan marks its days as checked in there, the check-in fences them there."""
        return self.filter(
            employee_id__in=people, status=Arrangement.Status.APPROVED, start_date__lte=end, end_date__gte=start
        ).values(
            "id", "employee_id", "kind", "start_date", "end_date", *ActivitySite.SITE_FIELDS
        )


class Arrangement(Decision, ActivitySite):
    """A request for a day or a range of working days away from the office (or leave), and its decision
    (the fields of policy.approvals.decision.Decision)."""

    class Kind(models.TextChoices):
        WFH = "wfh", _("WFH (dari domisili terdaftar)")
        WFA = "wfa", _("WFA (dari alamat lain)")
        DL = "dl", _("Dinas luar")
        CUTI = "cuti", _("Cuti")
        SAKIT = "sakit", _("Sakit")
        IZIN = "izin", _("Izin")

    class LeaveType(models.TextChoices):
        TAHUNAN = "tahunan", _("Cuti tahunan")
        BESAR = "besar", _("Cuti besar")
        SAKIT = "sakit", _("Cuti sakit")
        MELAHIRKAN = "melahirkan", _("Cuti melahirkan")
        ALASAN_PENTING = "alasan_penting", _("Cuti karena alasan penting")
        CLTN = "cltn", _("Cuti di luar tanggungan negara")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        # Taken back by the person while it waited (policy.approvals.workflow.withdraw_pending).
        WITHDRAWN = "withdrawn", _("Ditarik")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind)
    leave_type = models.CharField(_("jenis cuti"), max_length=16, choices=LeaveType, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"))
    working_days = models.PositiveSmallIntegerField(_("hari kerja"), default=0)
    address = models.CharField(_("alamat bekerja"), max_length=300, blank=True)
    spt_number = models.CharField(_("nomor SPT"), max_length=100, blank=True)
    attachment = models.FileField(_("surat keterangan"), upload_to="surat/%Y/%m/", blank=True)
    reason = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    override_reason = models.TextField(_("alasan pengecualian admin"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("pengajuan")
        verbose_name_plural = _("pengajuan")
        indexes = [
            # Plans and overlap checks: arrangements of some employees that overlap a date range.
            models.Index(fields=["employee", "start_date", "end_date"], name="arrangement_emp_dates"),
            models.Index(fields=["status", "start_date"], name="arrangement_status_start"),
            # The city's plan for a day (boards, recap): approved arrangements not ended before it.
            models.Index(fields=["status", "end_date"], name="arrangement_status_end"),
            # The approvals list: pending requests, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(status="pending"), name="arrangement_pending_created"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="arrangement_end_after_start"),
            ActivitySite.whole_or_none("arrangement_site_whole_or_none"),
        ]

    def __str__(self):
        return f"{self.employee.full_name}: {self.get_kind_display()} {self.start_date}–{self.end_date}"

    already_decided = _("Pengajuan ini sudah %(status)s; tidak ada yang diubah.")

    def page_url(self) -> str:
        return reverse("request_detail", kwargs={"code": self.code})

    def trail(self) -> dict:
        """How the request is named in the audit trail (policy.audit.record's keywords)."""
        return {"employee": self.employee, "arrangement": self}


class LeaveRules(models.Model):
    """The cuti tahunan rules of PNS or of PPPK from a year on, each number with its source; the row with the
    latest `from_year` not after a year applies to it (none: an unsaved row, whose field defaults are the
    regulation's). Seeded by a migration; admins change them in the Django admin. Cuti bersama never reduces
    annual leave (Keppres 42/2025): a cuti bersama the person was rostered to work adds days to it."""

    asn_type = models.CharField(_("jenis ASN"), max_length=4, choices=Employee.AsnType)
    from_year = models.PositiveSmallIntegerField(
        _("berlaku mulai tahun"), default=2017, validators=[MinValueValidator(2000)]
    )
    base_days = models.PositiveSmallIntegerField(
        _("hak cuti tahunan (hari kerja)"), default=12, validators=[MaxValueValidator(36)]
    )
    carry_over_days = models.PositiveSmallIntegerField(
        _("sisa yang dapat dibawa ke tahun berikutnya (hari kerja)"), default=6, validators=[MaxValueValidator(36)]
    )
    max_days = models.PositiveSmallIntegerField(
        _("paling banyak bersama sisa tahun lalu (hari kerja)"), default=18, validators=[MaxValueValidator(48)]
    )
    max_days_after_two_unused = models.PositiveSmallIntegerField(
        _("paling banyak setelah 2 tahun tidak diambil (hari kerja)"), default=24, validators=[MaxValueValidator(48)]
    )
    service_months = models.PositiveSmallIntegerField(
        _("masa kerja yang disyaratkan (bulan)"), default=12, validators=[MaxValueValidator(120)]
    )
    first_year_days = models.PositiveSmallIntegerField(
        _("hak pada tahun pertama masa kerja (hari kerja)"), default=0, validators=[MaxValueValidator(36)]
    )
    bersama_worked_days = models.PositiveSmallIntegerField(
        _("tambahan per cuti bersama yang dikerjakan (hari kerja)"), default=1, validators=[MaxValueValidator(5)]
    )
    records_from_year = models.PositiveSmallIntegerField(
        _("cuti tercatat di Hadir sejak tahun"),
        default=2026,
        validators=[MinValueValidator(2000)],
        help_text=_(
            "Sisa cuti yang dibawa ke tahun ini diisi admin per pegawai (riwayat cuti sebelum Hadir); "
            "untuk tahun sesudahnya Hadir menghitungnya sendiri."
        ),
    )
    source = models.TextField(_("dasar hukum"))
    verified = models.BooleanField(
        _("sudah dikonfirmasi BKPSDM"),
        default=True,
        help_text=_("Tidak dicentang: ada angka yang belum dikonfirmasi (DOMAIN.md: [UNVERIFIED])."),
    )

    class Meta:
        ordering = ["asn_type", "-from_year"]
        verbose_name = _("aturan cuti tahunan")
        verbose_name_plural = _("aturan cuti tahunan")
        constraints = [
            models.UniqueConstraint(fields=["asn_type", "from_year"], name="leaverules_unique_year"),
            models.CheckConstraint(
                condition=Q(max_days__gte=models.F("base_days"))
                & Q(max_days_after_two_unused__gte=models.F("max_days")),
                name="leaverules_max_order",
            ),
        ]

    def __str__(self):
        return _("%(asn)s sejak %(year)s: %(days)s hari kerja") % {
            "asn": self.get_asn_type_display(),
            "year": self.from_year,
            "days": self.base_days,
        }

    def clean(self):
        if self.max_days < self.base_days or self.max_days_after_two_unused < self.max_days:
            raise ValidationError(
                _("Batas paling banyak tidak boleh kurang dari hak dasar, dan batas setelah 2 tahun tidak "
                  "kurang dari batas biasa.")
            )

    @classmethod
    def for_years(cls, asn_types, years) -> dict[tuple[str, int], "LeaveRules"]:
        """{(ASN type, year): the rules in force} for these types and years (one query)."""
        rows = list(cls.objects.filter(asn_type__in=set(asn_types), from_year__lte=max(years)))
        result = {}
        for asn_type in set(asn_types):
            mine = sorted((r for r in rows if r.asn_type == asn_type), key=lambda r: r.from_year)
            for year in years:
                found = [r for r in mine if r.from_year <= year]
                result[(asn_type, year)] = found[-1] if found else cls(asn_type=asn_type, source=DEFAULT_SOURCE)
        return result


DEFAULT_SOURCE = "PP 11/2017 Pasal 311 jo. PP 17/2020; Perban BKN 24/2017 jo. 7/2021; Keppres 42/2025"


class LeaveTypeRule(models.Model):
    """When a leave type may be taken by PNS or by PPPK: the service it needs, its longest span, the births
    it covers, whether it rules out cuti tahunan in the same year; with its source. Which types each status
    may take is policy.arrangements.rules.LEAVE_TYPES; a type without a row has no limit here."""

    asn_type = models.CharField(_("jenis ASN"), max_length=4, choices=Employee.AsnType)
    leave_type = models.CharField(_("jenis cuti"), max_length=16, choices=Arrangement.LeaveType)
    min_service_months = models.PositiveSmallIntegerField(
        _("masa kerja yang disyaratkan (bulan)"), default=0, validators=[MaxValueValidator(600)]
    )
    max_months = models.PositiveSmallIntegerField(
        _("paling lama (bulan)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Kosongkan bila tanpa batas di sini."),
    )
    max_births = models.PositiveSmallIntegerField(
        _("untuk kelahiran ke-1 sampai ke-"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Cuti melahirkan: kelahiran terakhir yang masih diberi cuti ini."),
    )
    excludes_annual_leave = models.BooleanField(
        _("tidak ada cuti tahunan pada tahun yang sama"), default=False
    )
    source = models.TextField(_("dasar hukum"))
    verified = models.BooleanField(
        _("sudah dikonfirmasi BKPSDM"),
        default=True,
        help_text=_("Tidak dicentang: ada angka yang belum dikonfirmasi (DOMAIN.md: [UNVERIFIED])."),
    )

    class Meta:
        ordering = ["asn_type", "leave_type"]
        verbose_name = _("syarat jenis cuti")
        verbose_name_plural = _("syarat jenis cuti")
        constraints = [
            models.UniqueConstraint(fields=["asn_type", "leave_type"], name="leavetyperule_unique_type"),
        ]

    def __str__(self):
        return f"{self.get_asn_type_display()}: {self.get_leave_type_display()}"

    def clean(self):
        from policy.arrangements.rules import LEAVE_TYPES

        if self.leave_type not in LEAVE_TYPES.get(self.asn_type, ()):
            raise ValidationError(
                {"leave_type": _("Jenis cuti ini tidak tersedia bagi %(asn)s.") % {"asn": self.get_asn_type_display()}}
            )


class LeaveHistory(models.Model):
    """What Hadir cannot know of a person's leave before it kept their records, entered by an admin from the
    personnel file: the earlier births (cuti melahirkan) and the annual leave carried into the first year
    Hadir holds (LeaveRules.records_from_year)."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="leave_history", verbose_name=_("pegawai")
    )
    earlier_births = models.PositiveSmallIntegerField(
        _("cuti melahirkan sebelum tercatat di Hadir"), default=0, validators=[MaxValueValidator(20)]
    )
    carried_days = models.PositiveSmallIntegerField(
        _("sisa cuti tahunan dibawa ke tahun pertama Hadir (hari kerja)"),
        default=0,
        validators=[MaxValueValidator(36)],
    )
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("riwayat cuti sebelum Hadir")
        verbose_name_plural = _("riwayat cuti sebelum Hadir")

    def __str__(self):
        return str(self.employee)


class PlanEntryQuerySet(models.QuerySet):
    def plan_inputs(self, people, start, end):
        """What the plan reads of the heads' assignments: those of `people` (ids, or a subquery of them)
        on the days of [start, end], as dicts. As ArrangementQuerySet.plan_inputs, the one query for it; a DL
        assignment's activity site comes with it."""
        return self.filter(employee_id__in=people, date__range=(start, end)).values(
            "employee_id", "date", "mode", "shift_id", *ActivitySite.SITE_FIELDS
        )


class PlanEntry(ActivitySite):
    """A unit head's assignment of a person's mode (or shift) for one day; a DL assignment (an official
    activity the head sends the person to) carries its activity site, where the day's check-ins are fenced."""

    class Mode(models.TextChoices):
        ONSITE = "onsite", _("Di kantor")
        WFH = "wfh", _("WFH")
        OFF = "off", _("Lepas shift")
        DL = "dl", _("Dinas luar di lokasi kegiatan")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="plan_entries")
    date = models.DateField()
    mode = models.CharField(max_length=8, choices=Mode)
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = PlanEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan harian")
        verbose_name_plural = _("penugasan harian")
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="planentry_unique_day"),
            ActivitySite.whole_or_none("planentry_site_whole_or_none"),
            # A DL assignment is fenced at its activity site: it always has one, and nothing else has one.
            models.CheckConstraint(
                condition=Q(mode="dl", site_latitude__isnull=False) | (~Q(mode="dl") & Q(site_latitude__isnull=True)),
                name="planentry_dl_has_site",
            ),
        ]
        # The city's plan for a day (boards, recap); one person's days use the unique constraint's index.
        indexes = [models.Index(fields=["date"], name="planentry_date")]

    def __str__(self):
        return f"{self.employee_id} {self.date}: {self.mode}"


class ShiftSwap(Decision):
    """Two shift staff of one unit swap shifts (issue 17): the proposer (`employee`) gives her shift on
    `date` for the partner's shift on `partner_date` (another day, or the same day); the partner accepts or
    declines, then a head decides in the approval workflow (policy.approvals: pending means accepted by the
    partner). Approved, the plan follows: the head's assignments (PlanEntry) of both people on both days."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Menunggu jawaban rekan")
        PENDING = "pending", _("Menunggu persetujuan kepala unit")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak kepala unit")
        DECLINED = "declined", _("Ditolak rekan")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="shift_swaps")
    date = models.DateField(_("tanggal shift pengusul"))
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift pengusul"))
    partner = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="partner_swaps", verbose_name=_("rekan")
    )
    partner_date = models.DateField(_("tanggal shift rekan"))
    partner_shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift rekan")
    )
    reason = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    partner_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attachment = None  # nothing attached (the workflow's download is not routed for swaps)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tukar shift")
        verbose_name_plural = _("tukar shift")
        constraints = [
            models.CheckConstraint(condition=~Q(partner=models.F("employee")), name="shiftswap_two_people"),
        ]
        indexes = [
            # The approvals list: swaps waiting for a head, oldest first.
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="shiftswap_pending_created"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.date} ⇄ {self.partner_id} {self.partner_date}"

    already_decided = _("Tukar shift ini sudah %(status)s; tidak ada yang diubah.")

    def page_url(self) -> str:
        return reverse("swap_detail", kwargs={"code": self.code})

    def trail(self) -> dict:
        """How the swap is named in the audit trail (policy.audit.record's keywords): the events carry its code."""
        return {"employee": self.employee, "swap": str(self.code), "date": str(self.date)}


class AuditEvent(models.Model):
    """Append-only trail: who did what, when and why. Never updated or deleted through the app."""

    class Action(models.TextChoices):
        POLICY_CREATED = "policy_created", _("Draf kebijakan dibuat")
        POLICY_ACTIVATED = "policy_activated", _("Kebijakan diberlakukan")
        POLICY_SUPERSEDED = "policy_superseded", _("Kebijakan digantikan versi baru")
        POLICY_REVOKED = "policy_revoked", _("Kebijakan dicabut")
        REQUESTED = "requested", _("Pengajuan dibuat")
        APPROVED = "approved", _("Pengajuan disetujui")
        REJECTED = "rejected", _("Pengajuan ditolak")
        CANCELLED = "cancelled", _("Pengajuan dibatalkan")
        # Issue 17: a person took back their pending request or correction (policy.approvals).
        WITHDRAWN = "withdrawn", _("Ditarik pemiliknya")
        OVERRIDDEN = "overridden", _("Pengecualian oleh admin kota")
        CAP_OVERRIDDEN = "cap_overridden", _("Batas hari WFH/WFA PermenPANRB 4/2025 dilampaui dengan alasan")
        PLAN_SET = "plan_set", _("Rencana harian diubah")
        # Personal data (UU 27/2022): a person downloaded their own data; the retention purge ran.
        DATA_DOWNLOADED = "data_downloaded", _("Data pribadi diunduh pemiliknya")
        DATA_PURGED = "data_purged", _("Data pribadi lama dihapus (masa retensi)")
        # Passwords (units.passwords sends them; policy.audit writes them here).
        PASSWORD_RESET_ISSUED = resets.RESET_ISSUED, _("Kode atur ulang kata sandi dibuat")
        PASSWORD_RESET_USED = resets.RESET_USED, _("Kata sandi baru dibuat dengan kode atur ulang")
        PASSWORD_TEMPORARY_SET = resets.TEMPORARY_SET, _("Kata sandi sementara diatur admin kota")
        PASSWORD_CHANGED = resets.CHANGED, _("Kata sandi diganti pemiliknya")
        PASSKEY_REGISTERED = "passkey_registered", _("Ponsel didaftarkan (passkey)")
        PASSKEY_REMOVED = "passkey_removed", _("Ponsel dihapus dari akun (passkey)")
        # Issue 15: a head or an admin reviewed a person's suspicious check-ins (attendance.integrity).
        SUSPICION_REVIEWED = "suspicion_reviewed", _("Presensi mencurigakan ditinjau")
        # Issue 16: a person took back a check-out made moments before (attendance.checkin.undo).
        CHECKOUT_UNDONE = "checkout_undone", _("Presensi pulang dibatalkan pemiliknya")
        KIOSK_REGISTERED = "kiosk_registered", _("Perangkat kios didaftarkan")
        KIOSK_REVOKED = "kiosk_revoked", _("Perangkat kios dicabut")
        # Issue 17: a shift swap's partner answers the proposal (policy.swaps).
        SWAP_ACCEPTED = "swap_accepted", _("Tukar shift diterima rekan")
        SWAP_DECLINED = "swap_declined", _("Tukar shift ditolak rekan")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="audit")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="audit")
    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
