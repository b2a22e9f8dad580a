"""Who is asking and what they may see: the one place where role and unit scope are decided.

Every view and the Django admin go through `access_for(request)`; lookups by id use the scoped
querysets, so asking for another unit's person by changing an id gives 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from units import auth, clock
from units.models import Deputy, Employee, EmployeeQuerySet, Unit, UnitQuerySet

ADMIN = Employee.Role.ADMIN
HEAD = Employee.Role.HEAD
OPERATOR = Employee.Role.OPERATOR
STAFF = Employee.Role.STAFF
MANAGERS = (ADMIN, HEAD, OPERATOR)
View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Access:
    role: str | None  # None: signed in, but neither an employee nor a superuser
    employee: Employee | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGERS

    @property
    def unit(self) -> Unit | None:
        return self.employee.unit if self.employee else None

    @property
    def _manager(self) -> Employee | None:
        """The head's or operator's own record (a role that always comes from one); None otherwise."""
        return self.employee if self.role in (HEAD, OPERATOR) else None

    def units(self) -> UnitQuerySet:
        if self.is_admin:
            return Unit.objects.all()
        if (manager := self._manager) is not None:
            return Unit.objects.within(manager.unit)
        return Unit.objects.none()

    def sees_unit(self, unit: Unit) -> bool:
        """Whether `unit` is among units(), without a query."""
        if self.is_admin:
            return True
        if (manager := self._manager) is not None:
            return unit.tree_path.startswith(manager.unit.tree_path)
        return False

    def employees(self) -> EmployeeQuerySet:
        if self.is_admin:
            return Employee.objects.all()
        if (manager := self._manager) is not None:
            return Employee.objects.filter(unit__tree_path__startswith=manager.unit.tree_path)
        if self.employee is not None:
            return Employee.objects.filter(pk=self.employee.pk)
        return Employee.objects.none()

    @cached_property
    def deputyships(self) -> list[Deputy]:
        """This person's appointments as Plh./Plt. in force today (units.clock), with their units and heads:
        one query, once per request, and none when the sign-in's query found there is none (most people);
        none for an admin (who decides everywhere) or an account without a record."""
        if self.employee is None or self.is_admin:
            return []
        # Read with the user when EmployeeBackend signed them in (units.auth): no query for the many who are not.
        if self.employee.deputy_in_force is False:
            return []
        return list(
            Deputy.objects.in_force(clock.today()).filter(deputy=self.employee).select_related("unit", "head")
        )

    @property
    def decides(self) -> bool:
        """Whether this user decides anyone's requests and corrections: heads, admins, and a deputy in force."""
        return self.role in (HEAD, ADMIN) or bool(self.deputyships)

    def _deputised(self, *, heads: bool) -> Q:
        """The people of the units this user deputises for (units below included); without the unit's own
        heads unless `heads` (a head's requests go to their superior, not to the one standing in for them)."""
        found = Q(pk__in=[])
        for deputy in self.deputyships:
            people = Q(unit__tree_path__startswith=deputy.unit.tree_path)
            if not heads:
                people &= ~Q(role=HEAD, unit_id=deputy.unit_id)
            found |= people
        return found

    def readable_people(self) -> EmployeeQuerySet:
        """People whose requests and corrections this user may read: themselves; a head's staff (units
        below included), and those of the units they deputise for while in force; admins: everyone."""
        if self.is_admin:
            return Employee.objects.all()
        if self.employee is None:
            return Employee.objects.none()
        mine = Q(pk=self.employee.pk)
        if self.role == HEAD:
            mine |= Q(unit__tree_path__startswith=self.employee.unit.tree_path)
        if self.deputyships:
            mine |= self._deputised(heads=True)
        return Employee.objects.filter(mine)

    def decidable_people(self) -> EmployeeQuerySet:
        """People whose requests and corrections this user may decide: in scope, never themselves. A head's
        go to the head above (a lurah's to the camat: kelurahan sit under their kecamatan) or, for a head of
        a top unit (an OPD, a kecamatan), to a city admin; never to a peer head of the same unit, nor to the
        one standing in for them. A deputy (Plh./Plt.) in force decides as the head of the unit they stand
        in for."""
        if self.role not in (HEAD, ADMIN) and not self.deputyships:
            return Employee.objects.none()
        if self.is_admin:
            people = Q()
        elif self.role == HEAD and self.employee is not None:
            people = Q(unit__tree_path__startswith=self.employee.unit.tree_path) & ~Q(
                role=HEAD, unit_id=self.employee.unit_id
            )
        else:
            people = Q(pk__in=[])
        if self.deputyships:
            people |= self._deputised(heads=False)
        found = Employee.objects.filter(people)
        return found.exclude(pk=self.employee.pk) if self.employee is not None else found

    def deputy_for(self, employee: Employee) -> Deputy | None:
        """The appointment through which this user decides for `employee` (in scope: decidable_people), or
        None when their own role does (an admin, the head above)."""
        if self.is_admin:
            return None
        path = employee.unit.tree_path
        if self.role == HEAD and self.employee is not None:
            own = path.startswith(self.employee.unit.tree_path)
            if own and not (employee.role == HEAD and employee.unit_id == self.employee.unit_id):
                return None
        return next((d for d in self.deputyships if path.startswith(d.unit.tree_path)), None)

    def may_edit(self, employee: Employee) -> bool:
        """Whether this user may change the person's record and account (in scope: the caller looked
        them up through employees()). Admins edit anyone; nobody else edits an admin (a superuser's
        record included), and an operator never edits a head (their role, login and password stay with
        the head's own superiors)."""
        if self.is_admin:
            return True
        # A null user is None without a query.
        if employee.role == ADMIN or (employee.user is not None and employee.user.is_superuser):
            return False
        return not (self.role == OPERATOR and employee.role == HEAD)

    def can_see_personal_data(self, employee: Employee) -> bool:
        """Home location and similar (UU 27/2022): the person, their head and admins."""
        if self.is_admin or (self.employee and self.employee.pk == employee.pk):
            return True
        return (
            self.role == HEAD
            and self.employee is not None
            and employee.unit.tree_path.startswith(self.employee.unit.tree_path)
        )


class EmployeeBackend(auth.EmployeeBackend):
    """units.auth.EmployeeBackend under the path it had before it moved there: a session keeps the
    dotted path of the backend that signed it in, and Django accepts only paths listed in
    AUTHENTICATION_BACKENDS, so the sessions signed in before the move stay valid. It reads their user
    and never checks a password (listed after the real one). Remove with its settings line once
    SESSION_COOKIE_AGE has passed after the deploy."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        return None


def _employee(user: User) -> Employee | None:
    """The user's active employee record with its unit: read with the user when EmployeeBackend signed
    them in, else one query."""
    if User.employee.is_cached(user):
        employee = getattr(user, "employee", None)
        return employee if employee is not None and employee.is_active else None
    return Employee.objects.select_related("unit").filter(user=user, is_active=True).first()


def access_for_user(user: User | AnonymousUser) -> Access:
    if not user.is_authenticated:
        return Access(None)
    employee = _employee(user)
    if user.is_superuser:
        return Access(ADMIN, employee)
    if employee is None:
        return Access(None)
    return Access(employee.role, employee)


_CACHED = "_hadir_access"


def access_for(request: HttpRequest) -> Access:
    """The Access of the signed-in user, computed once per request."""
    access: Access | None = getattr(request, _CACHED, None)
    if access is None:
        access = access_for_user(request.user)
        setattr(request, _CACHED, access)
    return access


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed in with one of `roles`, else 403 (anonymous users go to the sign-in page)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if access_for(request).role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def decider_required(view: View) -> View:
    """Signed in as someone who decides (Access.decides: a head, an admin, a deputy in force), else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access_for(request).decides:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def signed_in_user(request: HttpRequest) -> User:
    """request.user in a view behind login_required or role_required (403 were it anonymous)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def own_employee(request: HttpRequest) -> Employee:
    """The signed-in person's employee record; 403 for an account without one (a bare admin login)."""
    employee = access_for(request).employee
    if employee is None:
        raise PermissionDenied
    return employee


def own_unit(request: HttpRequest) -> Unit:
    """The signed-in person's unit; 403 for an account without one (a bare admin login)."""
    return own_employee(request).unit


def get_unit_or_404(request: HttpRequest, code: str) -> Unit:
    if "\x00" in code:  # no unit has one, and PostgreSQL refuses NUL in a query (a 500, not a 404)
        raise Http404
    return get_object_or_404(access_for(request).units(), code=code)


def get_employee_or_404(request: HttpRequest, code: str) -> Employee:
    return get_object_or_404(access_for(request).employees().select_related("unit"), code=code)
