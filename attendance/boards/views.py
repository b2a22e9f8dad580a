"""Boards: a unit's "Kehadiran hari ini" for its head and operators, and the city coverage board for admins.

The unit board lists every person of the unit (and of its sub-units) today: the planned mode, the
check-in, the status code, the location flag and what waits for a decision, with the counts at the top.
The board region refreshes itself through htmx polling (the filters travel with each poll through
hx-include); pending requests and corrections are decided inline with the approval pages' own rows,
which post to their own endpoints.

Both boards keep their rendered body as a snapshot (attendance.boards.snapshot) for every request in the same
minute over the same data: a poll, a reload or a second viewer then costs a fingerprint query instead
of an evaluation of every person.
"""

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from attendance.approvals.views import CORRECTIONS
from attendance.boards import coverage, daily, snapshot, unit_board
from attendance.boards.forms import CoverageFilterForm, DayForm
from attendance.evaluation.bulk import local
from attendance.integrity.views import open_cases
from attendance.models import CoverageAlert
from attendance.recap import exports, official
from attendance.verification.views import VERIFICATIONS
from policy.arrangements.views import REQUESTS
from policy.models import ShiftSwap
from policy.swaps.views import SWAPS
from units import clock
from units.access import ADMIN, HEAD, MANAGERS, Access, access_for, own_unit, role_required
from units.http import HtmxHttpRequest
from units.models import Employee, EmployeeQuerySet, Unit, UnitQuerySet

# Seconds between two refreshes of a unit board (the browser test makes it shorter).
UNIT_REFRESH_SECONDS = 30
# Pending requests (and corrections) decided inline on a unit board; the rest on the approval pages.
UNIT_DECISIONS_SHOWN = 20


# --- Unit board ------------------------------------------------------------------------------------------


@role_required(*MANAGERS)
def board_home(request: HttpRequest) -> HttpResponse:
    """Heads and operators go to their unit's board; city admins to the city's."""
    access = access_for(request)
    if access.is_admin:
        return redirect("board_city")
    return redirect("board_unit", code=own_unit(request).code)


def _unit_and_subtree(request: HttpRequest, code: str) -> tuple[Unit, list[Unit]]:
    """The unit the user asked for (with the unit above it) and it with the active units below it, in
    tree order, in one query: a unit's path holds its code ("/17.71.01/17.71.01.1001/"). 404 outside the
    user's units."""
    if "\x00" in code or "/" in code:  # no unit code has one (PostgreSQL refuses NUL: a 500, not a 404)
        raise Http404
    access = access_for(request)

    def load() -> list[Unit]:
        found = access.units().filter(tree_path__contains=f"/{code}/")
        return list(found.select_related("parent").order_by("tree_path"))

    # The units change a few times a year: kept for the minute like the boards (attendance.boards.snapshot), for
    # the user's own scope.
    found = snapshot.kept("unit-tree", (code, *_viewer(access)), (), load)
    unit = next((u for u in found if u.code == code), None)
    if unit is None:
        raise Http404
    return unit, [u for u in found if u.is_active or u.pk == unit.pk]  # all below `unit`: their paths hold its code


def _viewer(access: Access) -> tuple[str | None, int | None]:
    """What decides which units and staff a manager sees (units.access): the role and, below the city, the
    unit their scope starts at; part of every snapshot key, so a snapshot never crosses scopes."""
    scope = None if access.is_admin or access.employee is None else access.employee.unit_id
    return access.role, scope


def _unit_staff(request: HttpRequest, units: list[Unit], chosen: Unit | None) -> EmployeeQuerySet:
    """Active staff of the board (only the chosen unit's own staff when one is chosen), in display order
    (a queryset)."""
    staff = access_for(request).employees().active().select_related("unit")
    staff = staff.filter(unit=chosen) if chosen else staff.filter(unit__in=units)
    return staff.order_by("unit__tree_path", "full_name", "nip")


def _unit_links(unit: Unit, chosen: Unit | None) -> dict[str, str]:
    """The board's address for each status filter, keeping the unit filter (the counts link to them)."""
    base = reverse("board_unit", args=[unit.code])
    keep = f"&unit={chosen.code}" if chosen else ""
    return {
        "all": base + (f"?unit={chosen.code}" if chosen else ""),
        "not_in": f"{base}?status={unit_board.NOT_IN}{keep}",
        "late": f"{base}?status={unit_board.LATE}{keep}",
        "wfh": f"{base}?status={unit_board.WFH}{keep}",
        "away": f"{base}?status={unit_board.AWAY}{keep}",
    }


def _unit_decisions(
    request: HttpRequest, staff: EmployeeQuerySet, board: unit_board.Board
) -> dict[str, Any] | None:
    """Pending requests, corrections and check-ins waiting for verification of the board's staff (a queryset)
    that the user may decide, as the approval pages' rows (their templates and endpoints); None for
    operators, who do not decide.

    A fixed number of queries: one rule check for all the requests, one evaluation for the corrections, one
    for the verifications, and for the shift swaps their own query and their rows' one plan (none of them when
    the board counts none pending)."""
    if access_for(request).role not in (HEAD, ADMIN):
        return None
    ids = staff.values("pk")
    shown = UNIT_DECISIONS_SHOWN
    asked, fixes, outside = [], [], []
    if board.pending_requests:
        asked = list(REQUESTS.pending(request).filter(employee_id__in=ids)[: shown + 1])
    if board.pending_corrections:
        fixes = list(CORRECTIONS.pending(request).filter(employee_id__in=ids)[: shown + 1])
    if board.pending_verifications:
        outside = list(VERIFICATIONS.pending(request).filter(employee_id__in=ids)[: shown + 1])
    swaps = []
    if board.pending_swaps:  # their rows join nine tables (docs/performance.md, "Boards")
        swaps = list(SWAPS.pending(request).filter(employee_id__in=ids)[: shown + 1])
    return {
        "requests": REQUESTS.rows(request, asked[:shown]),
        "corrections": CORRECTIONS.rows(request, fixes[:shown]),
        "verifications": VERIFICATIONS.rows(request, outside[:shown]),
        "swaps": SWAPS.rows(request, swaps[:shown]),
        "more_swaps": len(swaps) > shown,
        "more_requests": len(asked) > shown,
        "more_corrections": len(fixes) > shown,
        "more_verifications": len(outside) > shown,
        "shown": shown,
    }


def _visible_parent(request: HttpRequest, unit: Unit) -> Unit | None:
    """The unit above (loaded with `unit`), when the user may open its board."""
    parent = unit.parent
    return parent if parent is not None and access_for(request).sees_unit(parent) else None


def _alerts(unit_ids: list[int], today: dt.date, board: unit_board.Board) -> list[CoverageAlert]:
    """Today's coverage alerts of the board's units, and any still open, the open ones first: one query when the
    board counts some, none otherwise (read outside the snapshot, so that "Saya tangani" shows at once)."""
    if not board.alerts:
        return []
    found = CoverageAlert.objects.shown_on(unit_ids, today)
    found = found.select_related("unit", "acknowledged_by__employee")
    return list(found.order_by(F("resolved_at").asc(nulls_first=True), "-opened_at"))


_ANY_CODE = "00000000-0000-0000-0000-000000000000"


def _url_around_code(name: str) -> tuple[str, str]:
    """The URL `name` takes for an employee code, as (before, after) the code: reversed once per page
    rather than once per row (200 reverses were a tenth of the board's time)."""
    before, after = reverse(name, args=[_ANY_CODE]).split(_ANY_CODE)
    return before, after


@role_required(*MANAGERS)
@vary_on_headers("HX-Request")
def board_unit(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """One unit today; an htmx request (the poll, or a filter change) gets the list region and the counts
    (out of band), not the page."""
    access = access_for(request)
    unit, units = _unit_and_subtree(request, code)
    form = unit_board.FilterForm(request.GET or None, units=units, top=unit)
    chosen = form.unit_value
    staff = _unit_staff(request, units, chosen)
    status = form.status_value
    now = clock.now()
    today = local(now).date()
    context: dict[str, Any] = {
        "unit": unit,
        "form": form,
        "has_sub_units": len(units) > 1,
        "chosen": chosen,
        "status": status,
        "status_label": dict(unit_board.STATUS_CHOICES).get(status, ""),
        "now": now,
        "links": _unit_links(unit, chosen),
        "refresh": UNIT_REFRESH_SECONDS,
        "may_view_requests": access.role in (HEAD, ADMIN),
        "month_url": _url_around_code("employee_month"),
    }
    template = "attendance/boards/unit.html"
    unit_ids = [u.pk for u in units]

    def build() -> tuple[unit_board.Board, str]:
        """The counts (the board without its rows) and the rendered list."""
        board = unit_board.gather(staff, units if chosen is None else [chosen], now, status_filter=status)
        html = render_to_string(template + "#board", {**context, "board": board}, request)
        # What the page lists beside the board, counted here so that it reads their rows only when some wait.
        swaps = ShiftSwap.objects.filter(employee_id__in=staff.values("pk"), status=ShiftSwap.Status.PENDING)
        alerts = CoverageAlert.objects.shown_on(unit_ids, today)
        counted = dataclasses.replace(board, groups=[], pending_swaps=swaps.count(), alerts=alerts.count())
        return counted, mark_safe(html)

    # What is shown depends on the unit, the filters, the viewer's scope and role, and the language.
    shown = ("unit", unit.pk, chosen.pk if chosen else None, status, *_viewer(access), get_language())
    # Yesterday too: the people still on a night shift that began then are on site now.
    found = snapshot.fingerprint([today - dt.timedelta(days=1), today], unit_ids)
    context["board"], context["board_html"] = snapshot.kept("unit-board", shown, found, build)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, template + "#poll", context)  # the list, and the counts out of band
    context["parent"] = _visible_parent(request, unit)
    context["decisions"] = _unit_decisions(request, staff, context["board"])
    context["alerts"] = _alerts(unit_ids, today, context["board"])
    return render(request, template, context)


# --- Daily attendance list (daftar hadir harian) ------------------------------------------------------------


def _daily(request: HttpRequest, code: str) -> tuple[Unit, DayForm, dt.date, list[daily.Section]]:
    """The unit (with its sub-units, as on its board), the day asked for, and its list: the board's own
    gather for that day, so the codes are the board's. 404 outside the user's units."""
    unit, units = _unit_and_subtree(request, code)
    form = DayForm(request.GET or None, today=clock.today())
    day = form.day()
    board = unit_board.gather(_unit_staff(request, units, None), units, clock.now(), day=day)
    return unit, form, day, daily.sections(board)


def _day_query(day: dt.date) -> str:
    return "" if day == clock.today() else f"?tanggal={day.isoformat()}"


def _daily_lines(unit: Unit, day: dt.date) -> list[str]:
    """The lines above the list in the XLSX: the letterhead, the day and when the file was made."""
    made = date_format(timezone.localtime(clock.now()), "j F Y H:i")
    return [
        *official.for_unit(unit, clock.today()).top,
        _("Hari, tanggal: %(day)s") % {"day": date_format(day, "l, j F Y")},
        _("Dibuat: %(at)s WIB (jam server)") % {"at": made},
    ]


@role_required(*MANAGERS)
def board_daily(request: HttpRequest, code: str) -> HttpResponse:
    """The daily attendance list to print: letterhead, everybody expected that day, an empty column to sign
    (paraf), the head's signature block."""
    unit, form, day, sections = _daily(request, code)
    return render(
        request,
        "attendance/boards/daily.html",
        {
            "unit": unit,
            "form": form,
            "day": day,
            "is_today": day == clock.today(),
            "now": clock.now(),
            "sections": sections,
            "grouped": len(sections) > 1,
            "count": sum(len(s.lines) for s in sections),
            "query": _day_query(day),
            **official.for_unit(unit, clock.today()),
        },
    )


@role_required(*MANAGERS)
def board_daily_export(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The daily attendance list as XLSX or CSV (attendance.recap.exports, as the recaps)."""
    unit, _form, day, sections = _daily(request, code)
    filename = f"daftar-hadir-{unit.code}-{day.isoformat()}"
    columns = daily.columns()
    lines = daily.lines_of(sections)
    if kind == "csv":
        return exports.download(exports.csv_bytes(columns, lines), filename, kind)
    title = _("Daftar hadir harian %(unit)s, %(day)s") % {"unit": unit.name, "day": date_format(day, "j F Y")}
    sheet = exports.Sheet(_("Daftar hadir"), columns, lines, frozen_columns=2)
    signed = official.for_unit(unit, clock.today()).bottom
    return exports.download(exports.xlsx(title, _daily_lines(unit, day), [sheet], signed), filename, kind)


# --- City board ------------------------------------------------------------------------------------------

# Seconds between two refreshes of the city board.
CITY_REFRESH_SECONDS = 30


def _city_scope(kind: str, kecamatan: Unit | None) -> tuple[UnitQuerySet, EmployeeQuerySet]:
    """The active units on the city board and their active staff, narrowed by the filters."""
    units = Unit.objects.active()
    staff = Employee.objects.active().filter(unit__is_active=True)
    if kind:
        units, staff = units.filter(kind=kind), staff.filter(unit__kind=kind)
    if kecamatan is not None:
        units = units.within(kecamatan)
        staff = staff.filter(unit__tree_path__startswith=kecamatan.tree_path)
    return units, staff


@role_required(ADMIN)
@vary_on_headers("HX-Request")
def board_city(request: HtmxHttpRequest) -> HttpResponse:
    """Every active unit now against its on-site minimum (one lean evaluation of the staff shown, about
    12 queries for any number of staff); an htmx poll gets only the board region."""
    form = CoverageFilterForm(request.GET or None)
    kind, kecamatan, only_short = form.filters()
    now = clock.now()
    context = {
        "form": form,
        "filtered": bool(kind or kecamatan or only_short),
        "now": now,
        "refresh": CITY_REFRESH_SECONDS,
    }
    template = "attendance/boards/city.html"

    def build() -> str:
        rows = coverage.gather(*_city_scope(kind, kecamatan), now=now)
        for row in rows:
            row.link = reverse("board_unit", args=[row.code])
        groups = coverage.group_rows([r for r in rows if r.short] if only_short else rows, short_first=True)
        extra = {"groups": groups, "summary": coverage.summary(rows)}
        return mark_safe(render_to_string(template + "#board", {**context, **extra}, request))

    # The body links to its own address (the filters), so that address is part of what is shown.
    shown = ("city", request.get_full_path(), get_language())
    today = clock.today()
    found = snapshot.fingerprint([today - dt.timedelta(days=1), today])  # night shifts began yesterday
    board_html = snapshot.kept("city-board", shown, found, build)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(board_html)
    return render(request, template, {**context, "board_html": board_html, "waiting": _waiting(request)})


def _waiting(request: HttpRequest) -> list[tuple[str, int]]:
    """What waits for the admin's decision, by kind (the list's URL name, how many): five counts."""
    found = [
        ("request_list", REQUESTS.pending(request).count()),
        ("correction_list", CORRECTIONS.pending(request).count()),
        ("verification_list", VERIFICATIONS.pending(request).count()),
        ("swap_approval_list", SWAPS.pending(request).count()),
        ("suspicion_list", open_cases(access_for(request)).count()),
    ]
    return [(name, n) for name, n in found if n]
