from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units import clock
from units.access import (
    ADMIN,
    HEAD,
    MANAGERS,
    access_for,
    get_unit_or_404,
    role_required,
)
from units.models import Employee, Holiday, Unit
from units.organisation.forms import PlaceFormSet, UnitForm

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own page: admin today's city coverage, a head or operator today's board of their
    unit (its counters against their minimums first; a camat's includes the kelurahan below), staff their day."""
    access = access_for(request)
    if access.is_admin:
        return redirect("board_city")
    if access.is_manager and access.unit is not None:
        return redirect("board_unit", code=access.unit.code)
    if access.employee:
        return redirect("my_day")
    return render(request, "units/no_access.html", status=403)


@role_required(ADMIN)
def city_overview(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    kinds = (
        Unit.objects.active()
        .values("kind")
        .annotate(
            units=Count("id", distinct=True),
            staff=Count("employees", filter=Q(employees__is_active=True)),
        )
        .order_by("kind")
    )
    labels = dict(Unit.Kind.choices)
    rows = [{**row, "label": labels.get(row["kind"], row["kind"])} for row in kinds]
    totals = Employee.objects.active().aggregate(
        all=Count("id"),
        pns=Count("id", filter=Q(asn_type=Employee.AsnType.PNS)),
        pppk=Count("id", filter=Q(asn_type=Employee.AsnType.PPPK)),
    )
    return render(
        request,
        "units/organisation/city_overview.html",
        {
            "rows": rows,
            "totals": totals,
            "unit_count": sum(r["units"] for r in rows),
            "frontline_count": Unit.objects.active().filter(is_frontline=True).count(),
            "upcoming": Holiday.objects.filter(date__gte=today).order_by("date")[:5],
            "today": today,
        },
    )


@role_required(*MANAGERS)
def unit_list(request: HttpRequest) -> HttpResponse:
    """The unit tree: top-level units grouped by kind, each with its sub-units (kecamatan → kelurahan)."""
    access = access_for(request)
    units = list(
        access.units()
        .select_related("parent")
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("tree_path")
    )
    by_id = {u.pk: u for u in units}
    for unit in units:
        unit.sub_units = []
    roots: list[Unit] = []
    for unit in units:
        parent = by_id.get(unit.parent_id)
        (parent.sub_units if parent else roots).append(unit)
    labels = dict(Unit.Kind.choices)
    groups: dict[str, list[Unit]] = {}
    for unit in sorted(roots, key=lambda u: (list(labels).index(u.kind), u.name)):
        groups.setdefault(str(labels[unit.kind]), []).append(unit)
    return render(
        request,
        "units/organisation/unit_list.html",
        {"groups": groups, "count": len(units), "count_roots": len(roots)},
    )


@role_required(*MANAGERS)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = access_for(request)
    unit = get_unit_or_404(request, code)
    unit = Unit.objects.select_related("parent", "schedule").prefetch_related("places").get(pk=unit.pk)
    staff = (
        access.employees()
        .filter(unit__tree_path__startswith=unit.tree_path)
        .select_related("unit")
        .order_by("unit__tree_path", "full_name")
    )
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("halaman"))
    children = (
        access.units()
        .filter(parent=unit)
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
    )
    return render(
        request,
        "units/organisation/unit_detail.html",
        {
            "unit": unit,
            "page": page,
            "children": children,
            "can_edit": access.is_admin,
            "can_appoint": access.is_admin or (access.role == HEAD and access.unit == unit),
            "parent_visible": unit.parent_id and access.units().filter(pk=unit.parent_id).exists(),
        },
    )


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    parent = request.GET.get("induk", "")
    initial = {
        "kind": request.GET.get("kind", ""),
        # PostgreSQL refuses NUL in a query; no unit code has one.
        "parent": Unit.objects.filter(code=parent).first() if "\x00" not in parent else None,
    }
    form = UnitForm(request.POST or None, access=access, initial=initial)
    return _unit_form_page(request, form, None, _("Unit %(name)s dibuat."))


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = access_for(request)
    unit = get_unit_or_404(request, code)
    form = UnitForm(request.POST or None, instance=unit, access=access)
    return _unit_form_page(request, form, unit, _("Perubahan unit %(name)s disimpan."))


PLACES = "place"  # the prefix of the places' rows


def _unit_form_page(request: HttpRequest, form: UnitForm, unit: Unit | None, saved: str) -> HttpResponse:
    """The unit form with the unit's other places of check-in (PlaceFormSet: its own places only, so a row
    naming another unit's place is refused). A POST without the places' rows (a client sending only the
    unit's fields) leaves the places as they are."""
    with_places = request.method == "POST" and f"{PLACES}-TOTAL_FORMS" in request.POST
    places = PlaceFormSet(request.POST if with_places else None, instance=unit or Unit(), prefix=PLACES)
    # Both validated, so that every error shows at once.
    if request.method == "POST" and all([form.is_valid(), not with_places or places.is_valid()]):
        with transaction.atomic():
            unit = form.save()
            if with_places:
                places.instance = unit
                places.save()
        messages.success(request, saved % {"name": unit.name})
        return redirect("unit_detail", code=unit.code)
    return render(request, "units/organisation/unit_form.html", {"form": form, "places": places, "unit": unit})
