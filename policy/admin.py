from django.contrib import admin

from policy.models import (
    Arrangement,
    AuditEvent,
    LeaveAllowance,
    PlanEntry,
    Policy,
    Sanction,
    ShiftSwap,
    StaffingMinimum,
)
from units.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "policy", "employee", "note"]
    list_filter = ["action"]
    search_fields = ["note", "employee__full_name", "employee__nip", "policy__title"]
    date_hierarchy = "at"


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    """Policies change only through their pages (drafts, versions, revocation), never here."""

    list_display = ["title", "version", "status", "rule", "effective_from", "effective_until", "decided_on"]
    list_filter = ["status", "rule", "legal_basis_type"]
    search_fields = ["title", "legal_basis_number"]


@admin.register(Arrangement)
class ArrangementAdmin(ReadOnlyAdmin):
    list_display = ["employee", "kind", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["employee__full_name", "employee__nip", "spt_number"]
    list_select_related = ["employee"]


@admin.register(ShiftSwap)
class ShiftSwapAdmin(ReadOnlyAdmin):
    """Swaps change only through their pages (the partner's answer, the head's decision)."""

    list_display = ["employee", "date", "partner", "partner_date", "status"]
    list_filter = ["status"]
    search_fields = ["employee__full_name", "partner__full_name"]
    list_select_related = ["employee", "partner"]


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["employee", "level", "description", "start_date", "end_date"]
    list_filter = ["level"]
    search_fields = ["employee__full_name", "employee__nip", "decree_number"]
    autocomplete_fields = ["employee"]


@admin.register(LeaveAllowance)
class LeaveAllowanceAdmin(admin.ModelAdmin):
    """A year without a row uses LeaveAllowance.DEFAULT_DAYS (12 working days)."""

    list_display = ["year", "days", "legal_basis"]


admin.site.register(StaffingMinimum, ReadOnlyAdmin)
admin.site.register(PlanEntry, ReadOnlyAdmin)
