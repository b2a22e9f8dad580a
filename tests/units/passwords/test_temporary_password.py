"""An admin's audited override (a temporary password the person must replace at their next sign-in),
the person's own change (always with the old password), and the staff form that no longer sets
passwords (finding 2 of issue 11)."""

from policy.models import AuditEvent
from tests.conftest import PASSWORD, login
from tests.security.test_employee_roles import edit_data
from units.passwords import resets

TEMPORARY = "Sementara-bkpsdm-2026"
OWN = "Bengkulu-rafflesia-77"


def set_temporary(client, person, reason="Ponsel hilang, tidak bisa menerima kode"):
    return client.post(
        f"/pegawai/{person.code}/sandi-sementara/",
        {"new_password1": TEMPORARY, "new_password2": TEMPORARY, "reason": reason},
    )


def fresh(person):
    person.refresh_from_db()
    person.user.refresh_from_db()
    return person


def test_an_admin_sets_a_temporary_password_with_a_reason_in_the_trail(client, world):
    person = world.staff_alpha1
    login(client, world.admin_user)
    response = set_temporary(client, person)
    assert response.status_code == 302
    fresh(person)
    assert person.user.check_password(TEMPORARY) and person.password_change_required
    event = AuditEvent.objects.get(employee=person)
    assert event.action == resets.TEMPORARY_SET and event.actor == world.admin_user
    assert event.note == "Ponsel hilang, tidak bisa menerima kode"
    assert TEMPORARY not in str(event.data)


def test_the_override_needs_a_reason(client, world):
    login(client, world.admin_user)
    response = set_temporary(client, world.staff_alpha1, reason="")
    assert response.status_code == 200
    assert fresh(world.staff_alpha1).user.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_heads_and_operators_have_no_override(client, world):
    for who in (world.lurah_alpha1, world.operator_alpha1):
        login(client, who)
        assert set_temporary(client, world.staff_alpha1).status_code == 403
    assert fresh(world.staff_alpha1).user.check_password(PASSWORD)


def test_the_person_must_choose_their_own_password_before_anything_else(client, world):
    person = world.staff_alpha1
    login(client, world.admin_user)
    set_temporary(client, person)
    login(client, fresh(person))
    response = client.get("/saya/")
    assert response.status_code == 302 and response.url == "/kata-sandi/"
    htmx = client.post("/saya/presensi/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/kata-sandi/"
    page = client.get("/kata-sandi/").content.decode()
    assert "Ketik kata sandi sementara itu sebagai kata sandi lama" in page

    response = client.post(
        "/kata-sandi/",
        {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN},
    )
    assert response.status_code == 302
    fresh(person)
    assert person.user.check_password(OWN) and not person.password_change_required
    assert client.get("/saya/").status_code == 200
    assert list(
        AuditEvent.objects.filter(employee=person).order_by("id").values_list("action", flat=True)
    ) == [resets.TEMPORARY_SET, resets.CHANGED]


def test_changing_ones_own_password_needs_the_old_one(client, world):
    person = world.staff_alpha1
    login(client, person)
    response = client.post(
        "/kata-sandi/", {"old_password": "bukan-yang-lama", "new_password1": OWN, "new_password2": OWN}
    )
    assert response.status_code == 200
    assert fresh(person).user.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_the_staff_form_no_longer_sets_a_password(client, world):
    """The finding itself: a head posting a password in the staff form takes over nothing."""
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    response = client.post(
        f"/pegawai/{person.code}/ubah/", edit_data(person, password="diambil-alih-2026")
    )
    assert response.status_code == 302
    assert fresh(person).user.check_password(PASSWORD)
    assert 'name="password"' not in client.get(f"/pegawai/{person.code}/ubah/").content.decode()


def test_a_password_set_in_the_django_admin_is_audited_and_temporary(client, world):
    person = world.staff_alpha1
    login(client, world.admin_user)
    response = client.post(
        f"/admin/auth/user/{person.user.pk}/password/",
        {"password1": TEMPORARY, "password2": TEMPORARY, "usable_password": "true"},
    )
    assert response.status_code == 302
    fresh(person)
    assert person.user.check_password(TEMPORARY) and person.password_change_required
    event = AuditEvent.objects.get(employee=person)
    assert event.action == resets.TEMPORARY_SET and event.note == "Django admin"


def test_the_staff_page_offers_the_code_and_the_override_to_whom_it_may(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    html = client.get(f"/pegawai/{person.code}/").content.decode()
    assert f"/pegawai/{person.code}/kode-sandi/" in html
    assert "/sandi-sementara/" not in html
    login(client, world.admin_user)
    html = client.get(f"/pegawai/{person.code}/").content.decode()
    assert f"/pegawai/{person.code}/sandi-sementara/" in html
