"""Who is asking and what they may see: the one place where role and unit scope are decided.

Every view and the Django admin go through `access_for(request)`; lookups by id use the scoped
querysets, so asking for another unit's person by changing an id gives 404.
"""

from dataclasses import dataclass
from functools import cache, wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from units import rows
from units.models import Employee, Unit

ADMIN = Employee.Role.ADMIN
HEAD = Employee.Role.HEAD
OPERATOR = Employee.Role.OPERATOR
STAFF = Employee.Role.STAFF
MANAGERS = (ADMIN, HEAD, OPERATOR)
User = get_user_model()


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

    def units(self):
        if self.is_admin:
            return Unit.objects.all()
        if self.role in (HEAD, OPERATOR):
            return Unit.objects.within(self.employee.unit)
        return Unit.objects.none()

    def sees_unit(self, unit: Unit) -> bool:
        """Whether `unit` is among units(), without a query."""
        if self.is_admin:
            return True
        if self.role in (HEAD, OPERATOR):
            return unit.tree_path.startswith(self.employee.unit.tree_path)
        return False

    def employees(self):
        if self.is_admin:
            return Employee.objects.all()
        if self.role in (HEAD, OPERATOR):
            return Employee.objects.filter(unit__tree_path__startswith=self.employee.unit.tree_path)
        if self.employee is not None:
            return Employee.objects.filter(pk=self.employee.pk)
        return Employee.objects.none()

    def readable_people(self):
        """People whose requests and corrections this user may read: themselves; a head's staff (units
        below included); admins: everyone."""
        if self.is_admin:
            return Employee.objects.all()
        if self.role == HEAD:
            return Employee.objects.filter(
                Q(unit__tree_path__startswith=self.employee.unit.tree_path) | Q(pk=self.employee.pk)
            )
        if self.employee is not None:
            return Employee.objects.filter(pk=self.employee.pk)
        return Employee.objects.none()

    def decidable_people(self):
        """People whose requests and corrections this user may decide (heads and admins only): in scope,
        never themselves; a head's go to the head above or a city admin, never to a peer head."""
        if self.role not in (HEAD, ADMIN):
            return Employee.objects.none()
        people = self.employees()
        if self.employee is not None:
            people = people.exclude(pk=self.employee.pk)
        if self.role == HEAD:
            people = people.exclude(role=HEAD, unit_id=self.employee.unit_id)
        return people

    def may_edit(self, employee: Employee) -> bool:
        """Whether this user may change the person's record and account (in scope: the caller looked
        them up through employees()). Admins edit anyone; nobody else edits an admin (a superuser's
        record included), and an operator never edits a head (their role, login and password stay with
        the head's own superiors)."""
        if self.is_admin:
            return True
        if employee.role == ADMIN or (employee.user_id and employee.user.is_superuser):
            return False
        return not (self.role == OPERATOR and employee.role == HEAD)

    def can_see_personal_data(self, employee: Employee) -> bool:
        """Home location and similar (UU 27/2022): the person, their head and admins."""
        if self.is_admin or (self.employee and self.employee.pk == employee.pk):
            return True
        return self.role == HEAD and employee.unit.tree_path.startswith(
            self.employee.unit.tree_path
        )


@cache
def _user_sql() -> str:
    user, employee, unit = User._meta, Employee._meta, Unit._meta
    return (
        f"SELECT {rows.columns(User, 'u')}, {rows.columns(Employee, 'e')}, {rows.columns(Unit, 'n')} "
        f"FROM {user.db_table} u LEFT JOIN {employee.db_table} e ON e.user_id = u.id "
        f"LEFT JOIN {unit.db_table} n ON n.id = e.unit_id WHERE u.id = %s"
    )


def user_with_employee(user_id):
    """The user with their employee record (or None) and its unit, in one query: what
    User.objects.select_related("employee__unit").get(pk=user_id) gives, without compiling that query
    on every request (it cost more than the database)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_user_sql(), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    a, b = rows.width(User), rows.width(User) + rows.width(Employee)
    user = rows.build(User, row[:a])
    employee = None
    if row[a] is not None:  # the employee's id: the LEFT JOIN found one
        employee = rows.build(Employee, row[a:b])
        Employee.unit.field.set_cached_value(employee, rows.build(Unit, row[b:]))
        Employee.user.field.set_cached_value(employee, user)
    User.employee.related.set_cached_value(user, employee)
    return user


class EmployeeBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in person's employee record and unit with the user: every
    page asks for them (access_for), so a request costs one query fewer. Listed in AUTHENTICATION_BACKENDS
    in place of ModelBackend."""

    def get_user(self, user_id):
        user = user_with_employee(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _employee(user) -> Employee | None:
    """The user's active employee record with its unit: read with the user when EmployeeBackend signed
    them in, else one query."""
    if User.employee.is_cached(user):
        employee = getattr(user, "employee", None)
        return employee if employee is not None and employee.is_active else None
    return Employee.objects.select_related("unit").filter(user=user, is_active=True).first()


def access_for_user(user) -> Access:
    if not user.is_authenticated:
        return Access(None)
    employee = _employee(user)
    if user.is_superuser:
        return Access(ADMIN, employee)
    if employee is None:
        return Access(None)
    return Access(employee.role, employee)


def access_for(request) -> Access:
    """The Access of the signed-in user, computed once per request."""
    if not hasattr(request, "_hadir_access"):
        request._hadir_access = access_for_user(request.user)
    return request._hadir_access


def role_required(*roles):
    """Signed in with one of `roles`, else 403 (anonymous users go to the sign-in page)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if access_for(request).role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def own_employee(request) -> Employee:
    """The signed-in person's employee record; 403 for an account without one (a bare admin login)."""
    employee = access_for(request).employee
    if employee is None:
        raise PermissionDenied
    return employee


def get_unit_or_404(request, code: str) -> Unit:
    if "\x00" in code:  # no unit has one, and PostgreSQL refuses NUL in a query (a 500, not a 404)
        raise Http404
    return get_object_or_404(access_for(request).units(), code=code)


def get_employee_or_404(request, code) -> Employee:
    return get_object_or_404(access_for(request).employees().select_related("unit"), code=code)
