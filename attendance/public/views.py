"""Public service status ("Status layanan"): for each frontline unit, whether it is open today, its service
hours and whether it is staffed now. No login and no personal data: counts only, never a name or a NIP.

The pages are rendered without a RequestContext, so they never touch request.user, the session or the
CSRF token: no cookie is set and the response does not vary on Cookie, which lets a shared cache keep it
for a minute (Cache-Control: public, max-age=60). For the same reason they are always in the default
language, Bahasa Indonesia: a language cookie would make one address answer in two languages.
The city-wide list is counted at most once a minute per server process (Django's cache), so a busy
morning of citizens costs one evaluation a minute; one unit's page is cheap and counted on each request.

The list can be searched (`?q=`, a plain GET form): the search filters the counted rows in memory, so a
search costs no query, and its address differs by the query string, so it is cached like the list. With
htmx the form asks for the results only (the `answer` partial) as the citizen types; that response
varies on HX-Request.
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from attendance.boards import coverage
from attendance.evaluation.bulk import local
from attendance.public import listing
from policy.plan.day_plan import week_of
from units import clock
from units.context_processors import demo_clock
from units.http import HtmxHttpRequest
from units.models import Employee, Holiday, Schedule, Unit

MAX_AGE = 60  # seconds a browser or a shared cache may keep a page
FOLD_OVER = 3  # rows of a group shown unfolded on the whole list (the kecamatan and the puskesmas fold)


def _frontline() -> QuerySet[Unit]:
    return Unit.objects.active().filter(is_frontline=True)


def _staff(units: QuerySet[Unit]) -> QuerySet[Employee]:
    return Employee.objects.active().filter(unit__in=units)


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET or HEAD only, in the default language whatever the visitor's language cookie says."""

    @login_not_required  # also: no account checks (units.passwords.middleware), nothing to vary on
    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return wrapped


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], updated: dt.datetime
) -> HttpResponse:
    response = HttpResponse(render_to_string(template, {**context, **demo_clock(request)}))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    stamp = int(updated.timestamp())
    response["Last-Modified"] = http_date(stamp)
    response["Content-Language"] = settings.LANGUAGE_CODE
    # A 304 when the visitor's copy is as recent; never None when given a response.
    return get_conditional_response(request, last_modified=stamp, response=response) or response


CityRows = tuple[dt.datetime, list[coverage.UnitCoverage], dict[int, listing.Contact]]


def _city_rows() -> CityRows:
    """(when counted, every frontline unit, their contacts), counted at most once a minute."""
    now = clock.now()
    key = f"hadir:public-status:v2:{local(now):%Y%m%d%H%M}"
    found = cache.get(key)
    if found is None:
        units = _frontline()
        found = (now, coverage.gather(units, _staff(units), now=now), listing.contacts(units))
        cache.set(key, found, MAX_AGE)
    return found


def _searched(row: coverage.UnitCoverage, contact: listing.Contact | None) -> tuple[str, ...]:
    """What a citizen's search looks in: the public names, the kecamatan, the kind, the address (a puskesmas is
    found by its street or kecamatan) and the services ("ktp" finds Disdukcapil)."""
    contact = contact or listing.Contact()
    names = (listing.public_name(row.name), listing.public_name(row.short_name))
    return (*names, row.kecamatan, row.kind_label, contact.address, contact.services)


def _item(row: coverage.UnitCoverage, contact: listing.Contact) -> dict[str, Any]:
    return {"row": row, "name": listing.public_name(row.name), "contact": contact}


@_public
def public_status(request: HtmxHttpRequest) -> HttpResponse:
    updated, rows, contacts = _city_rows()
    query = listing.clean_query(request.GET.get("q", ""))
    if query:
        rows = [row for row in rows if listing.matches(query, *_searched(row, contacts.get(row.unit_id)))]
    groups = coverage.group_rows(rows, short_first=False)
    # Citizens look for the city-wide counters first; the kecamatan groups (many kelurahan) come after.
    groups.sort(key=lambda group: group.key[1] == 0)
    listed = [
        {
            "label": coverage.public_label(group),
            "items": [_item(row, contacts.get(row.unit_id, listing.Contact())) for row in group.rows],
            "open": sum(1 for row in group.rows if row.service.is_open),
            "short": sum(1 for row in group.rows if row.public.css == "short"),
            # On a phone the whole city is many screens long: the larger groups start folded, unless searched.
            "folded": not query and len(group.rows) > FOLD_OVER,
        }
        for group in groups
    ]
    examples = any(contacts[row.unit_id].example for row in rows if row.unit_id in contacts)
    context = {"groups": listed, "updated": local(updated), "count": len(rows), "query": query, "examples": examples}
    template = "attendance/public/status.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#answer"  # the results and their count, as the citizen types
    response = _respond(request, template, context, updated)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _week(unit: Unit, today: dt.date, now: dt.datetime) -> list[dict[str, Any]]:
    """This week's service hours of the unit, Monday to Sunday, holidays named."""
    schedule = Schedule.objects.prefetch_related("days", "overrides__days").get(pk=unit.schedule_id)
    timetable = schedule.timetable()
    days = week_of(today)
    holidays: dict[dt.date, str] = {}
    for day, name in Holiday.objects.filter(date__range=(days[0], days[-1])).order_by("category").values_list("date", "name"):
        holidays[day] = f"{holidays[day]}, {name}" if day in holidays else name
    week = []
    for day in days:
        service = coverage.service_today(
            timetable=timetable,
            shift_based=schedule.kind == Schedule.Kind.SHIFT,
            works_on_holidays=schedule.works_on_holidays,
            holiday=holidays.get(day, ""),
            day=day,
            now=dt.datetime.combine(day, dt.time.min),
        )
        week.append({"day": day, "hours": coverage.hours_words(service), "holiday": service.holiday, "today": day == today})
    return week


@_public
def public_unit_status(request: HttpRequest, code: str) -> HttpResponse:
    if "\x00" in code:  # PostgreSQL refuses NUL in a query: a 404, not a 500
        raise Http404
    unit = get_object_or_404(_frontline(), code=code)
    now = clock.now()
    units = Unit.objects.filter(pk=unit.pk)
    (row,) = coverage.gather(units, _staff(units), now=now)
    context = {
        "row": row,
        "name": listing.public_name(row.name),
        "contact": listing.contact_of(unit),
        "unit": unit,
        "updated": local(now),
        "week": _week(unit, local(now).date(), now),
        "permalink": request.build_absolute_uri(request.path),
    }
    return _respond(request, "attendance/public/unit_status.html", context, now)
