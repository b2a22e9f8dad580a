"""Monthly recap (rekap bulanan): a unit with its sub-units, the whole city, XLSX/CSV exports, a print page,
and locking a month after verification.

Heads and operators see their unit (and the units below it); city admins see every unit and the city.
The city file counts every person's TK days since 1 January, too slow for one request (docs/performance.md,
"Recap and exports"): locked months come from the figures stored when they were locked; the other months are
prepared one month per request on a page that shows its progress (htmx polling; a "Lanjutkan" button
without JavaScript), and the running totals wait in the session until the download.
"""

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from attendance.models import MonthLock
from attendance.recap import display, exports, monthly, official
from attendance.recap.forms import LockForm, MonthForm, month_label, month_value
from attendance.verification import decisions as verification
from units import clock
from units.access import (
    ADMIN,
    MANAGERS,
    access_for,
    get_unit_or_404,
    own_unit,
    role_required,
    signed_in_user,
)
from units.http import HtmxHttpRequest
from units.models import Employee, Unit

PAGE_SIZE = 50
SESSION_KEY = "rekap_kota"
FRESH_FOR = dt.timedelta(minutes=15)  # a prepared year-to-date is used this long, then counted again


def _month(request: HttpRequest, data: QueryDict | None = None) -> tuple[MonthForm, int, int]:
    form = MonthForm(data if data is not None else (request.GET or None), today=clock.today())
    year, month = form.month()
    return form, year, month


def _unit_recap(request: HttpRequest, unit: Unit, year: int, month: int) -> monthly.Recap:
    staff = access_for(request).employees().filter(unit__tree_path__startswith=unit.tree_path)
    return monthly.gather(monthly.ordered(staff), year, month, today=clock.today())


@role_required(*MANAGERS)
def recap_home(request: HttpRequest) -> HttpResponse:
    """Heads and operators go to their unit's recap; city admins to the city's."""
    access = access_for(request)
    query = display.month_query(*_month(request)[1:]) if request.GET.get("bulan") else ""
    if access.is_admin:
        return redirect(reverse("recap_city") + query)
    return redirect(reverse("recap_unit", args=[own_unit(request).code]) + query)


@role_required(*MANAGERS)
def recap_unit(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_or_404(request, code)
    form, year, month = _month(request)
    recap = _unit_recap(request, unit, year, month)
    lock = monthly.month_lock(year, month)
    parent = access_for(request).units().filter(pk=unit.parent_id).first() if unit.parent_id else None
    return render(
        request,
        "attendance/recap/unit.html",
        {
            "unit": unit,
            "parent": parent,
            "form": form,
            "month_label": month_label(year, month),
            "bulan": month_value(year, month),
            "nav": display.month_nav("recap_unit", [unit.code], year, month),
            "lock": lock,
            "lock_text": display.lock_text(lock),
            "header": display.header_lines(display.scope_line(unit, recap), recap, lock),
            **display.table_context(recap, _("Rekap %(month)s per pegawai") % {"month": month_label(year, month)}),
        },
    )


@role_required(*MANAGERS)
def recap_unit_print(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_or_404(request, code)
    _form, year, month = _month(request)
    recap = _unit_recap(request, unit, year, month)
    lock = monthly.month_lock(year, month)
    return render(
        request,
        "attendance/recap/print.html",
        {
            "title": _("Rekap kehadiran bulanan %(unit)s") % {"unit": unit.name},
            "month_label": month_label(year, month),
            "back": reverse("recap_unit", args=[unit.code]) + display.month_query(year, month),
            "header": display.header_lines(display.scope_line(unit, recap), recap, lock),
            "lock": lock,
            **official.for_unit(unit, clock.today()),
            **display.table_context(recap, _("Rekap %(month)s per pegawai") % {"month": month_label(year, month)}),
        },
    )


@role_required(*MANAGERS)
def recap_unit_export(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    unit = get_unit_or_404(request, code)
    _form, year, month = _month(request)
    recap = _unit_recap(request, unit, year, month)
    filename = f"rekap-{unit.code}-{month_value(year, month)}"
    columns = exports.employee_columns()
    if kind == "csv":
        return exports.download(exports.csv_bytes(columns, recap.rows), filename, kind)
    title = _("Rekap kehadiran bulanan %(unit)s, %(month)s") % {
        "unit": unit.name,
        "month": month_label(year, month),
    }
    sheet = exports.Sheet(_("Rekap pegawai"), columns, recap.rows, _total_row(recap))
    signed = official.for_unit(unit, clock.today())
    lines = display.header_lines(display.scope_line(unit, recap), recap, monthly.month_lock(year, month))
    content = exports.xlsx(title, [*signed.top, *lines], [sheet], signed.bottom)
    return exports.download(content, filename, kind)


@dataclass(frozen=True)
class _PersonTotal:
    """The "Jumlah" row of the per-person sheet: column totals, without a person, a year-to-date or
    a sanction (read as a monthly.Row by exports.employee_columns)."""


    summary: monthly.Summary
    tally: None = None
    level: None = None


def _total_row(recap: monthly.Recap) -> _PersonTotal:
    return _PersonTotal(recap.total)


def _city_staff() -> QuerySet[Employee]:
    return Employee.objects.filter(is_active=True)


@role_required(ADMIN)
def recap_city(request: HttpRequest) -> HttpResponse:
    """Per unit totals for the month (one evaluation of every active person), or per person, paginated."""
    form, year, month = _month(request)
    per_person = request.GET.get("tampilan") == "pegawai"
    lock = monthly.month_lock(year, month)
    context: dict[str, Any] = {
        "form": form,
        "month_label": month_label(year, month),
        "bulan": month_value(year, month),
        "nav": display.month_nav("recap_city", [], year, month, "&tampilan=pegawai" if per_person else ""),
        "per_person": per_person,
        "lock": lock,
        "lock_text": display.lock_text(lock),
        "month_over": monthly.month_days(year, month)[-1] < clock.today(),
    }
    if per_person:
        staff = _city_staff().select_related("unit").order_by("unit__tree_path", "full_name", "nip")
        page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("halaman"))
        recap = monthly.gather(list(page.object_list), year, month, today=clock.today())
        caption = _("Rekap %(month)s per pegawai, halaman %(n)d dari %(total)d") % {
            "month": month_label(year, month),
            "n": page.number,
            "total": page.paginator.num_pages,
        }
        context.update(page=page, **display.table_context(recap, caption))
    else:
        recap = monthly.gather(monthly.ordered(_city_staff()), year, month, today=clock.today(), year_to_date=False)
        caption = _("Rekap %(month)s per unit (pegawai unit itu sendiri)") % {"month": month_label(year, month)}
        context.update(sections=display.city_units(recap), **display.table_context(recap, caption))
    context["header"] = display.header_lines(display.scope_line(None, recap), recap, lock)
    return render(request, "attendance/recap/city.html", context)


@role_required(ADMIN)
def recap_city_print(request: HttpRequest) -> HttpResponse:
    _form, year, month = _month(request)
    recap = monthly.gather(monthly.ordered(_city_staff()), year, month, today=clock.today(), year_to_date=False)
    return render(
        request,
        "attendance/recap/print.html",
        {
            "title": _("Rekap kehadiran bulanan seluruh kota"),
            "month_label": month_label(year, month),
            "back": reverse("recap_city") + display.month_query(year, month),
            "header": display.header_lines(display.scope_line(None, recap), recap, monthly.month_lock(year, month)),
            "sections": display.city_units(recap),
            "lock": monthly.month_lock(year, month),
            **official.for_city(access_for(request), clock.today()),
            **display.table_context(recap, _("Rekap %(month)s per unit (pegawai unit itu sendiri)") % {"month": month_label(year, month)}),
        },
    )


# --- The city file: the year-to-date prepared one month per request -----------------------------------


# The city file's progress, kept in the session (JSON): bulan, at, months, done, through, tk, seconds.
State = dict[str, Any]


def _state(request: HttpRequest, year: int, month: int) -> State | None:
    state = request.session.get(SESSION_KEY)
    if not state or state.get("bulan") != month_value(year, month) or "months" not in state:
        return None
    if clock.now() - dt.datetime.fromisoformat(state["at"]) > FRESH_FOR:
        return None
    return state


def _tallies(state: State) -> dict[int, monthly.Tally]:
    return {int(pk): monthly.Tally(*values) for pk, values in state["tk"].items()}


def _step(state: State, year: int) -> State:
    """Count one more open (not locked) month of the year's TK days for every active person (one evaluate
    call), with the locked months before it taken from their stored figures."""
    started = time.monotonic()
    month = state["months"][state["done"]]
    tallies = monthly.advance(_city_staff(), year, month, _tallies(state), today=clock.today(), after=state["through"])
    return {
        **state,
        "done": state["done"] + 1,
        "through": month,
        "tk": {str(pk): [t.days, t.run, t.longest] for pk, t in tallies.items()},
        "seconds": round(time.monotonic() - started, 1),
    }


def _open_months(year: int, month: int) -> tuple[list[int], list[int]]:
    """The months before `month` still to evaluate (not locked, or not over), and the locked ones."""
    frozen = monthly.frozen_months(year, range(1, month), today=clock.today())
    return [m for m in range(1, month) if m not in frozen], sorted(frozen)


def _ready(state: State | None, pending: list[int]) -> bool:
    return not pending or (state is not None and state["done"] >= len(state["months"]))


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def recap_city_export(request: HtmxHttpRequest) -> HttpResponse:
    """Prepare the city file: a page with progress; each POST counts one more month."""
    form, year, month = _month(request, request.POST if request.method == "POST" else None)
    state = _state(request, year, month)
    pending, frozen = _open_months(year, month)  # the month itself is counted when the file is made
    if request.method == "POST":
        if state is None or "ulang" in request.POST:
            state = {"bulan": month_value(year, month), "at": clock.now().isoformat(), "months": pending,
                     "done": 0, "through": 0, "tk": {}}
        if state["done"] < len(state["months"]):
            state = _step(state, year)
        request.session[SESSION_KEY] = state
        if not request.htmx:
            return redirect(reverse("recap_city_export") + display.month_query(year, month))
    done = state["done"] if state else 0
    needed = len(state["months"]) if state else len(pending)
    context = {
        "form": form,
        "month_label": month_label(year, month),
        "bulan": month_value(year, month),
        "staff": _city_staff().count(),
        "started": state is not None,
        "ready": _ready(state, pending),
        "done": done,
        "needed": needed,
        "frozen": len(frozen),
        "percent": round(100 * done / needed) if needed else 100,
        "done_label": month_label(year, state["through"]) if state and done else "",
        "remaining": round((state or {}).get("seconds", 2) * (needed - done)),
        "prepared_at": dt.datetime.fromisoformat(state["at"]) if state else None,
    }
    template = "attendance/recap/city_export.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@role_required(ADMIN)
def recap_city_file(request: HttpRequest, kind: str) -> HttpResponse:
    _form, year, month = _month(request)
    state = _state(request, year, month)
    if not _ready(state, _open_months(year, month)[0]):
        messages.info(request, _("Siapkan berkas seluruh kota dulu; halaman ini menampilkan kemajuannya."))
        return redirect(reverse("recap_city_export") + display.month_query(year, month))
    tallies, after = (_tallies(state), state["through"]) if state else ({}, 0)
    recap = monthly.gather(monthly.ordered(_city_staff()), year, month, today=clock.today(), tallies=tallies, after=after)
    filename = f"rekap-kota-bengkulu-{month_value(year, month)}"
    columns = exports.employee_columns()
    if kind == "csv":
        return exports.download(exports.csv_bytes(columns, recap.rows), filename, kind)
    sections = display.city_units(recap)
    units = [g for s in sections for g in s["groups"]]
    title = _("Rekap kehadiran bulanan seluruh Kota Bengkulu, %(month)s") % {"month": month_label(year, month)}
    sheets = [
        exports.Sheet(_("Per pegawai"), columns, recap.rows, _total_row(recap)),
        exports.Sheet(_("Per unit"), exports.unit_columns(), units, _CityRow(recap), frozen_columns=1),
    ]
    lines = display.header_lines(display.scope_line(None, recap), recap, monthly.month_lock(year, month))
    signed = official.for_city(access_for(request), clock.today())
    return exports.download(exports.xlsx(title, [*signed.top, *lines], sheets, signed.bottom), filename, kind)


class _CityRow:
    """The "Jumlah" row of the per-unit sheet: the whole city, no unit."""

    def __init__(self, recap: monthly.Recap) -> None:
        self.unit, self.rows, self.total = None, recap.rows, recap.total


# --- Locking --------------------------------------------------------------------------------------------


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def recap_lock(request: HttpRequest) -> HttpResponse:
    """Lock a month after verification: a confirmation page, then a POST. There is no unlocking in the app."""
    data = request.POST if request.method == "POST" else None
    form, year, month = _month(request, data)
    lock = monthly.month_lock(year, month)
    over = monthly.month_days(year, month)[-1] < clock.today()
    lock_form = LockForm(data, initial={"bulan": month_value(year, month)})
    if request.method == "POST" and lock is None and over and form.is_valid() and lock_form.is_valid():
        try:
            with transaction.atomic():
                lock = MonthLock.objects.create(
                    year=year, month=month, locked_by=signed_in_user(request), note=lock_form.cleaned_data["note"]
                )
                # Check-ins outside every place still waiting for verification never count now.
                verification.close_month(year, month, lock.locked_by)
                # The month is final: store its figures for the year's TK count (one evaluation, bulk).
                monthly.freeze(_city_staff(), year, month, lock.pk, today=clock.today(), since=monthly.recorded_since())
            messages.success(
                request,
                _("Rekap %(month)s dikunci. Koreksi untuk bulan ini sekarang ditolak.")
                % {"month": month_label(year, month)},
            )
        except IntegrityError:  # locked by someone else a moment ago
            messages.info(request, _("Rekap %(month)s sudah dikunci.") % {"month": month_label(year, month)})
        return redirect(reverse("recap_city") + display.month_query(year, month))
    return render(
        request,
        "attendance/recap/lock.html",
        {
            "form": lock_form,
            "month_label": month_label(year, month),
            "bulan": month_value(year, month),
            "lock": lock,
            "lock_text": display.lock_text(lock),
            "over": over,
            "waiting": verification.waiting_in_month(year, month) if lock is None and over else 0,
            "back": reverse("recap_city") + display.month_query(year, month),
        },
    )
