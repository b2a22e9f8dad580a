"""Signing in: the sign-in form, the authentication backend and the one query that reads the signed-in
user with their employee record and unit."""

from functools import cache

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.utils.translation import gettext_lazy as _

from units import clock, rows
from units.models import Deputy, Employee, Unit
from units.nip import normalize_nip

User = get_user_model()


class SignInForm(AuthenticationForm):
    """Sign in with a NIP (staff logins are named by their NIP) or an admin username."""

    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        help_text=_("Pegawai masuk dengan NIP 18 digit; admin boleh memakai nama pengguna."),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "NIP/nama pengguna atau kata sandi salah. Periksa lagi lalu coba kembali."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin BKPSDM."),
    }

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        digits = normalize_nip(value)
        return digits if digits.isdigit() else value


@cache
def _user_sql() -> str:
    """The user, their employee and unit, and whether the employee stands in for a head today (a Plh./Plt.
    range in force: the menu's approvals link, units.access.Access.deputyships), for [today, today, id]."""
    user, employee, unit, deputy = User._meta, Employee._meta, Unit._meta, Deputy._meta
    return (
        f"SELECT {rows.columns(User, 'u')}, {rows.columns(Employee, 'e')}, {rows.columns(Unit, 'n')}, "
        f"EXISTS (SELECT 1 FROM {deputy.db_table} d WHERE d.deputy_id = e.id AND d.start_date <= %s "
        f"AND d.end_date >= %s) "
        f"FROM {user.db_table} u LEFT JOIN {employee.db_table} e ON e.user_id = u.id "
        f"LEFT JOIN {unit.db_table} n ON n.id = e.unit_id WHERE u.id = %s"
    )


def user_with_employee(user_id):
    """The user with their employee record (or None) and its unit, in one query (and on the employee,
    `deputy_in_force`: see _user_sql): what
    User.objects.select_related("employee__unit").get(pk=user_id) gives, without compiling that query
    on every request, where compiling it cost more than running it (docs/performance.md, "Signing in
    and every request")."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    today = connection.ops.adapt_datefield_value(clock.today())
    with connection.cursor() as cursor:
        cursor.execute(_user_sql(), [today, today, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    a, b = rows.width(User), rows.width(User) + rows.width(Employee)
    user = rows.build(User, row[:a])
    employee = None
    if row[a] is not None:  # the employee's id: the LEFT JOIN found one
        employee = rows.build(Employee, row[a:b])
        Employee.unit.field.set_cached_value(employee, rows.build(Unit, row[b:-1]))
        Employee.user.field.set_cached_value(employee, user)
        employee.deputy_in_force = bool(row[-1])
    User.employee.related.set_cached_value(user, employee)
    return user


class EmployeeBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in person's employee record and unit with the user: every
    page asks for them (access_for), so a request costs one query fewer. Listed in AUTHENTICATION_BACKENDS
    in place of ModelBackend."""

    def get_user(self, user_id):
        user = user_with_employee(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
