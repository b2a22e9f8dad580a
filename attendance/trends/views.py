"""Trends for the policy review (/tren/): per day over the last 30 or 90 days, for the city or a unit, the
presence rate, the lateness rate, the WFH share and the days short of the on-site minimum, as inline SVG
charts with a data table; and two periods compared side by side.

City admins see the city and every unit; unit heads their unit (and the units below it). Counting the whole
city over 90 days is slow the first time (attendance.trends.figures keeps past days in the cache), so one
request counts at most BUDGET person-days: while days are missing, the page shows its progress and asks
for the next part (htmx on load; a "Lanjutkan" link without JavaScript).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from attendance.recap.monthly import recorded_since
from attendance.trends import display, figures, shortfalls
from attendance.trends.forms import LENGTHS, Period, PeriodsForm, TrendForm
from policy.models import Policy
from units import clock
from units.access import ADMIN, HEAD, Access, access_for, get_unit_or_404, role_required
from units.http import HtmxHttpRequest
from units.models import Employee, Unit

# Person-days evaluated per request, so a page that counts answers in time (docs/performance.md, "Trends").
BUDGET = 30_000


def _scope(request: HttpRequest) -> Unit | None:
    """The unit asked for (?unit=code, within the user's units, else 404), or None for the whole city
    (admins only: a head without ?unit= gets their own unit)."""
    access = access_for(request)
    code = request.GET.get("unit", "")
    if code:
        return get_unit_or_404(request, code)
    return None if access.is_admin else access.unit


def _staff_and_units(request: HttpRequest, unit: Unit | None) -> tuple[list[Employee], list[Unit]]:
    """Active staff (with their unit) and units, in tree order: 2 queries."""
    access = access_for(request)
    if unit is None:
        staff, units = Employee.objects.active(), Unit.objects.all()
    else:
        staff = access.employees().filter(is_active=True, unit__tree_path__startswith=unit.tree_path)
        units = access.units().within(unit)
    return list(staff.select_related("unit")), list(units.order_by("tree_path"))


def _policy_starts(since: dt.date | None, today: dt.date) -> list[Policy]:
    """Policies that took effect after Hadir started recording and before today (1 query)."""
    if since is None:
        return []
    return list(
        Policy.objects.in_force_between(since, today)
        .filter(effective_from__gt=since, effective_from__lt=today)
        .order_by("-effective_from")
        .only("title", "version", "effective_from")[:5]
    )


def _query(request: HttpRequest, **changes: str) -> str:
    params = {k: v for k, v in request.GET.items() if v}
    params.update({k: v for k, v in changes.items()})
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _kept(request: HttpRequest, names: Iterable[str]) -> list[tuple[str, str]]:
    """Parameters of the other form on the page, carried as hidden inputs."""
    return [(name, request.GET[name]) for name in names if request.GET.get(name)]


def _period_links(
    request: HttpRequest, policies: list[Policy], today: dt.date, since: dt.date | None
) -> list[tuple[str, str]]:
    """Ready-made comparisons: before/after each recent policy, and the last 30 days against the 30 before."""
    yesterday = today - dt.timedelta(days=1)
    links: list[tuple[str, Period, Period]] = []
    for policy in policies:
        start = policy.effective_from
        a = (start - dt.timedelta(days=30), start - dt.timedelta(days=1))
        b = (start, min(start + dt.timedelta(days=29), yesterday))
        label = _("30 hari sebelum dan sesudah “%(title)s” berlaku (%(day)s)") % {
            "title": policy.title,
            "day": display.long_day(start),
        }
        links.append((label, a, b))
    a, b = figures.default_periods(today, [], since=since)
    links.append((_("30 hari terakhir dibanding 30 hari sebelumnya"), a, b))
    return [
        (label, _query(request, a_mulai=a[0].isoformat(), a_sampai=a[1].isoformat(),
                       b_mulai=b[0].isoformat(), b_sampai=b[1].isoformat()) + "#banding")
        for label, a, b in links
    ]


@role_required(ADMIN, HEAD)
@vary_on_headers("HX-Request")
def trends(request: HtmxHttpRequest) -> HttpResponse:
    access = access_for(request)
    today = clock.today()
    unit = _scope(request)
    form = TrendForm(request.GET or None)
    length = form.length()
    since = recorded_since()
    policies = _policy_starts(since, today)
    periods_form = PeriodsForm(
        request.GET or None,
        today=today,
        default=figures.default_periods(today, [p.effective_from for p in policies], since=since),
    )
    periods = periods_form.periods()
    window = figures.days_between(today - dt.timedelta(days=length), today - dt.timedelta(days=1))
    wanted = window + [d for start, end in periods or () for d in figures.days_between(start, end)]
    needed = figures.counted_days(wanted, today=today, since=since)
    staff, units = _staff_and_units(request, unit)
    unit_ids = [u.pk for u in units]
    gathered = figures.gather(staff, unit_ids, needed, today=today, budget=BUDGET)
    scope = unit.name if unit else _("Seluruh Kota Bengkulu")
    context: dict[str, Any] = {
        "unit": unit,
        "scope": scope,
        "length": length,
        "form": form,
        "query": _query(request),
    }
    if not gathered.complete:
        template = "attendance/trends/progress.html#progress" if request.htmx else "attendance/trends/progress.html"
        return render(request, template, {**context, "done": gathered.done, "needed": gathered.needed,
                                          "percent": 100 * gathered.done // max(1, gathered.needed)})
    if request.htmx:
        return HttpResponseClientRefresh()  # all counted: load the whole page (from the cache)
    counts = figures.series(gathered.counts, unit_ids, window)
    context.update(
        {
            "window": window,
            "window_label": display.span(window[0], window[-1]),
            "since": since,
            "counted": sum(1 for c in counts if c is not None),
            "stats": display.stats(figures.total(counts)),
            "charts": display.build_charts(window, counts, scope),
            "days": display.day_rows(window, counts),
            "units": display.unit_rows(units, gathered.counts, window) if len(units) > 1 else [],
            "choices": _choices(access),
            "periods_form": periods_form,
            "period_links": _period_links(request, policies, today, since),
            "fresh_minutes": figures.FRESH_FOR // 60,
            "lengths": [(n, n == length) for n in LENGTHS],
            "keep_periods": _kept(request, ("a_mulai", "a_sampai", "b_mulai", "b_sampai")),
            "keep_trend": _kept(request, ("unit", "hari")),
            "shortfalls": shortfalls.rows_for(units, window[0], window[-1], clock.now()),
        }
    )
    if periods:
        context.update(_comparison(gathered.counts, unit_ids, periods))
    return render(request, "attendance/trends/trends.html", context)


def _choices(access: Access) -> list[tuple[str, str]]:
    """The unit selector: admins get the city and every unit; heads their unit and the ones below it
    (1 query)."""
    visible = Unit.objects.all() if access.is_admin else access.units()
    units = list(visible.order_by("tree_path").only("code", "name", "tree_path"))
    options = [("", _("Seluruh Kota Bengkulu"))] if access.is_admin else []
    depth = min((u.depth for u in units), default=0)
    return options + [(u.code, "\u2003" * (u.depth - depth) + u.name) for u in units]


def _comparison(
    by_unit_day: dict[tuple[int, dt.date], figures.Counts],
    unit_ids: list[int],
    periods: tuple[Period, Period],
) -> dict[str, Any]:
    (a_start, a_end), (b_start, b_end) = periods
    a_days, b_days = figures.days_between(a_start, a_end), figures.days_between(b_start, b_end)
    a_counts, b_counts = figures.series(by_unit_day, unit_ids, a_days), figures.series(by_unit_day, unit_ids, b_days)
    a_known = sum(1 for c in a_counts if c is not None and c.expected)
    b_known = sum(1 for c in b_counts if c is not None and c.expected)
    rows, drawing = display.comparison(figures.total(a_counts), figures.total(b_counts), a_known, b_known)
    return {
        "comparison": rows,
        "comparison_chart": drawing,
        "period_a": display.span(a_start, a_end),
        "period_b": display.span(b_start, b_end),
        "comparison_empty": not (a_known and b_known),
    }
