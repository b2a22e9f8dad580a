"""Staff search, detail, create and edit."""

from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests.conftest import login, make_employee
from units.models import Employee

# authenticate() needs the request: the sign-in throttle (django-axes) counts per address.
SIGN_IN = RequestFactory().post("/masuk/")

VALID = {
    "nip": "19900101 201903 2 011",
    "full_name": "Maya Sari",
    "asn_type": "PNS",
    "position_title": "Analis Kebijakan",
    "position_category": "fungsional",
    "service_role": "administrasi",
    "role": "staff",
    "start_date": "2019-03-01",
    "is_active": "on",
}


def test_it_searches_staff_by_name_and_nip(client, world):
    login(client, world.admin_user)
    html = client.get("/pegawai/", {"q": "rina"}).content.decode()
    assert "Rina Beta" in html and "Siti Alpha" not in html
    html = client.get("/pegawai/", {"q": world.staff_alpha1.nip[:12]}).content.decode()
    assert "Siti Alpha" in html


def test_it_returns_only_the_results_partial_to_htmx(client, world):
    login(client, world.admin_user)
    response = client.get(
        "/pegawai/", {"q": "Alpha"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert "Siti Alpha" in html and "Rina Beta" not in html


def test_it_keeps_the_search_to_the_heads_scope(client, world):
    login(client, world.lurah_alpha1)
    html = client.get("/pegawai/", {"q": "a"}).content.decode()
    assert "Siti Alpha" in html
    assert "Rina Beta" not in html and "Budi Alpha Dua" not in html


def test_it_keeps_the_search_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.admin_user)
    with django_assert_max_num_queries(8):
        client.get("/pegawai/")
    for n in range(40):
        make_employee(world.kel_beta1, f"Tambahan {n}", login=False)
    with django_assert_max_num_queries(8):
        client.get("/pegawai/")


def test_it_creates_staff_who_sign_in_with_their_nip_after_a_first_code(client, world):
    login(client, world.admin_user)
    response = client.post("/pegawai/baru/", {**VALID, "unit": world.kel_alpha1.pk})
    assert response.status_code == 302, response.context["form"].errors
    employee = Employee.objects.get(nip="199001012019032011")
    assert response.url == f"/pegawai/{employee.code}/"
    assert "Buat kode masuk pertama" in client.get(response.url).content.decode()
    html = client.post(f"/pegawai/{employee.code}/kode-sandi/").content.decode()
    code = html.split('class="reset-code">')[1][:9]
    client.post(
        "/kata-sandi/atur-ulang/",
        {"nip": employee.nip, "code": code, "new_password1": "kata-sandi-awal-99", "new_password2": "kata-sandi-awal-99"},
    )
    employee.refresh_from_db()
    assert (
        authenticate(SIGN_IN, username="199001012019032011", password="kata-sandi-awal-99") == employee.user
    )


def test_it_explains_a_bad_nip_and_keeps_the_input(client, world):
    login(client, world.admin_user)
    data = {**VALID, "nip": "199001012019033011", "unit": world.kel_alpha1.pk}
    html = client.post("/pegawai/baru/", data).content.decode()
    assert "jenis kelamin" in html
    assert 'value="Maya Sari"' in html
    assert not Employee.objects.filter(full_name="Maya Sari").exists()


def test_it_refuses_a_duplicate_nip(client, world):
    login(client, world.admin_user)
    data = {**VALID, "nip": world.staff_alpha1.nip, "unit": world.kel_alpha1.pk}
    response = client.post("/pegawai/baru/", data)
    assert response.status_code == 200
    assert Employee.objects.filter(nip=world.staff_alpha1.nip).count() == 1


def test_it_lets_a_head_add_staff_only_to_their_own_units(client, world):
    login(client, world.lurah_alpha1)
    response = client.post("/pegawai/baru/", {**VALID, "unit": world.kel_beta1.pk})
    assert response.status_code == 200
    assert not Employee.objects.filter(full_name="Maya Sari").exists()
    response = client.post(
        "/pegawai/baru/", {**VALID, "unit": world.kel_alpha1.pk, "role": "admin"}
    )
    assert response.status_code == 200  # heads cannot grant the admin role
    response = client.post("/pegawai/baru/", {**VALID, "unit": world.kel_alpha1.pk})
    assert response.status_code == 302


def test_it_shows_home_location_only_to_those_allowed(client, world):
    login(client, world.operator_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/").content.decode()
    assert "Jl. Mawar 1" not in html
    login(client, world.lurah_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/").content.decode()
    assert "Jl. Mawar 1" in html


def test_it_edits_staff_and_keeps_the_login_named_by_nip(client, world):
    person = world.staff_alpha1
    login(client, world.admin_user)
    data = {
        **VALID,
        "nip": person.nip,
        "full_name": "Siti Alpha Rahma",
        "unit": world.kel_alpha2.pk,
        "asn_type": person.asn_type,
    }
    response = client.post(f"/pegawai/{person.code}/ubah/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Siti Alpha Rahma" and person.unit == world.kel_alpha2
    assert person.user.username == person.nip


def test_it_pages_search_results_keeping_the_query(client, world):
    for n in range(55):
        make_employee(world.kel_beta1, f"Halim {n:02d}", login=False)
    login(client, world.admin_user)
    html = client.get("/pegawai/", {"q": "Halim"}).content.decode()
    assert "Halaman 1 dari 2" in html
    assert 'href="?q=Halim&amp;halaman=2"' in html
    html = client.get("/pegawai/", {"q": "Halim", "halaman": 2}).content.decode()
    assert "Halim 54" in html and "Halim 00" not in html
