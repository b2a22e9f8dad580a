from django.contrib import admin

from policy.models import (
    Arrangement,
    AuditEvent,
    LeaveHistory,
    LeaveRules,
    LeaveTypeRule,
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


@admin.register(LeaveRules)
class LeaveRulesAdmin(admin.ModelAdmin):
    """Cuti tahunan of PNS and PPPK (policy.arrangements.rules.annual_leave reads them)."""

    list_display = ["asn_type", "from_year", "base_days", "carry_over_days", "max_days", "max_days_after_two_unused",
                    "service_months", "first_year_days", "bersama_worked_days", "verified"]
    list_filter = ["asn_type", "verified"]


@admin.register(LeaveTypeRule)
class LeaveTypeRuleAdmin(admin.ModelAdmin):
    """When each leave type may be taken (policy.arrangements.rules checks a request against its row)."""

    list_display = ["asn_type", "leave_type", "min_service_months", "max_months", "max_births",
                    "excludes_annual_leave", "verified"]
    list_filter = ["asn_type", "verified"]


@admin.register(LeaveHistory)
class LeaveHistoryAdmin(admin.ModelAdmin):
    list_display = ["employee", "earlier_births", "carried_days", "note"]
    search_fields = ["employee__full_name", "employee__nip"]
    autocomplete_fields = ["employee"]


admin.site.register(StaffingMinimum, ReadOnlyAdmin)
admin.site.register(PlanEntry, ReadOnlyAdmin)
