"""units.access.EmployeeBackend reads the person's employee record and unit with the user, so a page
that asks who is signed in (every page, through units.access.access_for) costs one query fewer."""

import pytest

from tests.attendance.checkin.test_checkin_page import Clock
from tests.conftest import PASSWORD
from units.access import access_for_user
from units.auth import EmployeeBackend, user_with_employee

BACKEND = "units.access.EmployeeBackend"


@pytest.fixture(name="backend")
def _backend(settings):
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]


def _queries_of_my_day(client, user, backend, django_assert_max_num_queries):
    client.force_login(user, backend=backend)
    client.get("/saya/")  # the tables in memory are read once per process
    with django_assert_max_num_queries(100) as captured:
        assert client.get("/saya/").status_code == 200
    return len(captured.captured_queries)


def test_it_saves_the_employee_query(client, world, backend, django_assert_max_num_queries, monkeypatch):
    Clock(monkeypatch)  # a working morning: the page asks the same on every day of the week
    user = world.staff_alpha1.user
    plain = _queries_of_my_day(client, user, "django.contrib.auth.backends.ModelBackend", django_assert_max_num_queries)
    merged = _queries_of_my_day(client, user, BACKEND, django_assert_max_num_queries)
    # The employee record, on a working day their user again (the passkeys of the check-in form read it
    # through the employee, which the ORM's read does not link back), and whether they stand in for a head
    # today (the menu: units.access.Access.deputyships).
    assert merged == plain - 3


def test_it_gives_the_same_access(world, backend):
    for person in (world.staff_alpha1, world.lurah_alpha1, world.operator_alpha1):
        loaded = EmployeeBackend().get_user(person.user.pk)
        merged, plain = access_for_user(loaded), access_for_user(person.user)
        assert (merged.role, merged.employee, merged.unit) == (plain.role, plain.employee, plain.unit)
    admin = access_for_user(EmployeeBackend().get_user(world.admin_user.pk))
    assert admin.is_admin and admin.employee is None


def test_it_reads_whether_the_person_stands_in_for_a_head_today(world, backend, django_assert_num_queries):
    import datetime as dt

    from units import clock
    from units.deputies.appointing import appoint

    person = world.staff_alpha1
    loaded = EmployeeBackend().get_user(person.user.pk)
    assert loaded.employee.deputy_in_force is False
    with django_assert_num_queries(0):
        assert not access_for_user(loaded).decides
    today = clock.today()
    data = {"deputy": person, "kind": "plh", "start_date": today, "end_date": today + dt.timedelta(days=1), "reason": "Cuti"}
    appoint(world.kel_alpha1, world.lurah_alpha1, world.lurah_alpha1.user, data)
    loaded = EmployeeBackend().get_user(person.user.pk)
    assert loaded.employee.deputy_in_force is True and access_for_user(loaded).decides


def test_it_treats_a_deactivated_employee_as_no_employee(world, backend):
    person = world.staff_alpha1
    person.is_active = False
    person.save()
    access = access_for_user(EmployeeBackend().get_user(person.user.pk))
    assert access.role is None and access.employee is None


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_it_loads_the_same_objects_as_the_orm_in_one_query(world, django_assert_num_queries):
    """The written-out read (units.access.user_with_employee) gives the user, the employee and the unit
    field for field as select_related would, with the relations cached both ways."""
    from django.contrib.auth import get_user_model

    for person in (world.staff_alpha1, world.head_dukcapil, world.admin_user):
        expected = get_user_model().objects.select_related("employee__unit").get(pk=getattr(person, "user", person).pk)
        with django_assert_num_queries(1):
            user = user_with_employee(str(expected.pk))  # the session keeps the id as text
            employee = getattr(user, "employee", None)
            unit = employee.unit if employee else None
            assert employee is None or employee.user is user
        assert _values(user) == _values(expected)
        assert user.check_password(PASSWORD) and user.get_session_auth_hash() == expected.get_session_auth_hash()
        if employee is None:
            assert not hasattr(expected, "employee")
        else:
            assert _values(employee) == _values(expected.employee)
            assert _values(unit) == _values(expected.employee.unit)


def test_it_refuses_unknown_ids_and_inactive_users(world):
    assert user_with_employee(987654321) is None
    assert user_with_employee("not-a-number") is None
    assert user_with_employee(None) is None
    user = world.staff_alpha1.user
    user.is_active = False
    user.save()
    assert EmployeeBackend().get_user(user.pk) is None
