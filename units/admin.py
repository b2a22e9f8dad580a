from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from units.access import access_for
from units.models import (
    Deputy,
    Employee,
    Holiday,
    Passkey,
    PasskeyRules,
    Place,
    RegulationRule,
    Schedule,
    ScheduleDay,
    ScheduleOverride,
    Shift,
    Unit,
)
from units.passwords import resets


class ScopedAdmin(admin.ModelAdmin):
    """Django admin rows limited by the same scope as the pages (units.access)."""

    scope = "units"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scoped = getattr(access_for(request), self.scope)()
        return qs.filter(pk__in=scoped.values("pk"))


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    fk_name = "schedule"
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).filter(override__isnull=True)


class OverrideDayInline(admin.TabularInline):
    model = ScheduleDay
    fk_name = "override"
    exclude = ["schedule"]
    extra = 0


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "works_on_holidays", "break_checkin_from"]
    list_filter = ["kind", "works_on_holidays"]
    search_fields = ["name", "code"]
    inlines = [ScheduleDayInline, ShiftInline]


@admin.register(ScheduleOverride)
class ScheduleOverrideAdmin(admin.ModelAdmin):
    list_display = ["name", "schedule", "start_date", "end_date"]
    list_filter = ["schedule"]
    search_fields = ["name"]
    inlines = [OverrideDayInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "category", "source"]
    list_filter = ["category", "source", "date"]
    search_fields = ["name"]
    date_hierarchy = "date"


class PlaceInline(admin.TabularInline):
    """The unit's other places of check-in (an MPP counter, a pustu), each with its point and radius."""

    model = Place
    extra = 0
    fields = ["name", "latitude", "longitude", "radius_m", "is_active"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "parent", "is_frontline", "is_active"]
    list_filter = ["kind", "is_frontline", "photo_required", "is_active", "schedule"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceInline]


@admin.register(Employee)
class EmployeeAdmin(ScopedAdmin):
    scope = "employees"
    list_display = [
        "full_name",
        "nip",
        "unit",
        "asn_type",
        "position_category",
        "role",
        "is_active",
    ]
    list_filter = [
        "asn_type",
        "position_category",
        "service_role",
        "role",
        "is_active",
        "unit__kind",
    ]
    search_fields = ["full_name", "nip"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "user"]
    readonly_fields = ["code", "created_at", "updated_at"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    """Django's user admin. A password typed here is an admin's override, like "Kata sandi sementara"
    in the app: audited, and the person replaces it at their next sign-in."""

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            resets.overridden_in_admin(self.get_object(request, unquote(id)), by=request.user)
        return response


@admin.register(PasskeyRules)
class PasskeyRulesAdmin(admin.ModelAdmin):
    """How many phones a person may register (units/passkeys/): one row."""

    list_display = ["__str__", "max_per_person"]

    def has_add_permission(self, request):
        return not PasskeyRules.objects.exists()


@admin.register(RegulationRule)
class RegulationRuleAdmin(admin.ModelAdmin):
    """Numbers from regulations (units.regulation): value, switched on or off, verified, source."""

    list_display = ["key", "value", "enabled", "verified", "source"]
    list_editable = ["value", "enabled", "verified"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: visible in the Django admin, never changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Passkey)
class PasskeyAdmin(ReadOnlyAdmin):
    """Registered phones, to read: a lost one is removed from the person's page (audited), never here."""

    list_display = ["user", "name", "created_at", "last_used_at", "removed_at"]
    search_fields = ["user__username", "name"]


@admin.register(Deputy)
class DeputyAdmin(ReadOnlyAdmin):
    """Plh./Plt. appointments, to read (made on the unit's page, units.deputies), within the user's units."""

    list_display = ["unit", "kind", "deputy", "head", "start_date", "end_date", "appointed_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "deputy__full_name", "head__full_name"]
    list_select_related = ["unit", "deputy", "head", "appointed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=access_for(request).units())
