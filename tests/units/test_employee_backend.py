"""units.access.EmployeeBackend reads the person's employee record and unit with the user, so a page
that asks who is signed in (every page, through units.access.access_for) costs one query fewer."""

import pytest

from units.access import EmployeeBackend, access_for_user

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


def test_it_saves_the_employee_query(client, world, backend, django_assert_max_num_queries):
    user = world.staff_alpha1.user
    plain = _queries_of_my_day(client, user, "django.contrib.auth.backends.ModelBackend", django_assert_max_num_queries)
    merged = _queries_of_my_day(client, user, BACKEND, django_assert_max_num_queries)
    assert merged == plain - 1


def test_it_gives_the_same_access(world, backend):
    for person in (world.staff_alpha1, world.lurah_alpha1, world.operator_alpha1):
        loaded = EmployeeBackend().get_user(person.user.pk)
        merged, plain = access_for_user(loaded), access_for_user(person.user)
        assert (merged.role, merged.employee, merged.unit) == (plain.role, plain.employee, plain.unit)
    admin = access_for_user(EmployeeBackend().get_user(world.admin_user.pk))
    assert admin.is_admin and admin.employee is None


def test_it_treats_a_deactivated_employee_as_no_employee(world, backend):
    person = world.staff_alpha1
    person.is_active = False
    person.save()
    access = access_for_user(EmployeeBackend().get_user(person.user.pk))
    assert access.role is None and access.employee is None
