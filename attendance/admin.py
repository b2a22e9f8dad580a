from django.contrib import admin

from attendance.models import (
    CheckIn,
    Correction,
    DeductionRule,
    IntegrityRules,
    MonthLock,
    SanctionLevel,
    SuspicionCase,
    Verification,
)
from units.admin import ReadOnlyAdmin


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    """Append-only events: visible, never changed or deleted here."""

    list_display = ["employee", "date", "kind", "at", "method", "location", "distance_m"]
    list_filter = ["kind", "method", "location"]
    search_fields = ["employee__full_name", "employee__nip"]
    date_hierarchy = "date"
    list_select_related = ["employee"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["employee", "date", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["employee__full_name", "employee__nip"]
    list_select_related = ["employee"]


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    """Decided by heads in the app (attendance.verification), never here."""

    list_display = ["employee", "date", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["employee__full_name", "employee__nip"]
    date_hierarchy = "date"
    list_select_related = ["employee", "decided_by"]


@admin.register(DeductionRule)
class DeductionRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "min_minutes", "max_minutes", "deduction_percent", "is_example"]
    list_editable = ["min_minutes", "max_minutes", "deduction_percent", "is_example"]
    search_fields = ["code", "name"]


@admin.register(SanctionLevel)
class SanctionLevelAdmin(admin.ModelAdmin):
    """The discipline ladders: PNS (PP 94/2021) and PPPK (their own consequences), each row with its source."""

    list_display = ["asn_type", "consecutive", "min_days", "max_days", "level", "sanction", "source"]
    list_filter = ["asn_type", "consecutive"]


@admin.register(MonthLock)
class MonthLockAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "locked_by", "locked_at"]


@admin.register(IntegrityRules)
class IntegrityRulesAdmin(admin.ModelAdmin):
    """The spoofing signals' thresholds: one row (attendance.integrity.signals)."""

    list_display = ["__str__", "same_point_days", "max_speed_kmh", "period_days", "is_example"]

    def has_add_permission(self, request):
        return not IntegrityRules.objects.exists()


@admin.register(SuspicionCase)
class SuspicionCaseAdmin(ReadOnlyAdmin):
    list_display = ["employee", "unit", "scored_at", "reviewed_at"]
    list_filter = [("reviewed_at", admin.EmptyFieldListFilter)]
