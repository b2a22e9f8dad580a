"""`manage.py load_demo`: the Kota Bengkulu organisation, fictional staff and the demo logins."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Holiday, RegulationRule, Unit
from units.nip import parse_nip

# authenticate() needs the request: the sign-in throttle (django-axes) counts per address.
SIGN_IN = RequestFactory().post("/masuk/")

KELURAHAN_PER_KECAMATAN = {
    "Selebar": 6, "Gading Cempaka": 5, "Teluk Segara": 13, "Muara Bangka Hulu": 7,
    "Kampung Melayu": 6, "Ratu Agung": 8, "Ratu Samban": 9, "Sungai Serut": 7, "Singaran Pati": 6,
}


def load_demo(employees=300) -> str:
    out = StringIO()
    call_command("load_demo", "--employees", str(employees), stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return load_demo()


def counts() -> tuple[int, int, int]:
    return Unit.objects.count(), Employee.objects.count(), get_user_model().objects.count()


def test_it_gives_identical_counts_when_run_twice(demo):
    first = counts()
    assert "(0 created now)" in load_demo()
    assert counts() == first == (130, 300 + len(DEMO_ACCOUNTS), 300 + len(DEMO_ACCOUNTS))


def test_it_builds_the_9_kecamatan_and_67_kelurahan(demo):
    kecamatan = Unit.objects.filter(kind=Unit.Kind.KECAMATAN)
    assert {k.name.removeprefix("Kecamatan "): k.children.count() for k in kecamatan} == (
        KELURAHAN_PER_KECAMATAN
    )
    kelurahan = Unit.objects.filter(kind=Unit.Kind.KELURAHAN).select_related("parent")
    assert kelurahan.count() == 67
    for unit in kelurahan:
        assert unit.parent.code == unit.code[:8]
        assert unit.tree_path == f"/{unit.parent.code}/{unit.code}/"
        assert unit.is_frontline and unit.schedule.code == "5-hari"


def test_it_loads_the_opd_with_frontline_and_shift_units_marked(demo):
    units = {u.code: u for u in Unit.objects.select_related("schedule", "parent")}
    assert {a["unit"] for a in DEMO_ACCOUNTS} <= set(units)
    assert {"bkpsdm", "disdukcapil", "dpmptsp", "diskominfo", "dinkes", "satpol-pp"} <= set(units)
    assert units["disdukcapil"].is_frontline and units["dpmptsp"].is_frontline
    assert not units["diskominfo"].is_frontline
    assert units["rshd"].kind == Unit.Kind.RUMAH_SAKIT
    assert units["rshd"].schedule.code == "shift-24-jam"
    assert units["pkm-jalan-gedang"].parent.code == "dinkes"
    assert units["pkm-jalan-gedang"].schedule.code == "shift-24-jam"


def test_it_labels_the_unverified_puskesmas_candidates(demo):
    puskesmas = Unit.objects.filter(kind=Unit.Kind.PUSKESMAS)
    assert puskesmas.count() == 22
    labelled = puskesmas.filter(name__endswith=" (kandidat, belum terverifikasi)")
    assert labelled.count() == 11
    assert puskesmas.get(code="pkm-kuala-lempuing").name == "Puskesmas Kuala Lempuing"
    assert labelled.filter(code="pkm-anggut-atas").exists()


def test_it_places_every_office_inside_kota_bengkulu(demo):
    for unit in Unit.objects.all():
        assert -3.88 <= unit.latitude <= -3.75 and 102.25 <= unit.longitude <= 102.36, unit.code
        assert unit.geofence_radius_m == 15  # SE BKPSDM Kota Bengkulu 4/2025


def test_it_gives_disdukcapil_its_mpp_counter_and_a_puskesmas_its_pustu(demo):
    from units.models import Place

    places = {(p.unit.code, p.name): p for p in Place.objects.select_related("unit")}
    assert set(places) == {
        ("disdukcapil", "Loket Disdukcapil di MPP Kota Bengkulu"), ("pkm-jalan-gedang", "Pustu Jalan Gedang")
    }
    for place in places.values():
        assert -3.88 <= place.latitude <= -3.75 and 102.25 <= place.longitude <= 102.36
        assert (place.radius_m, place.is_active) == (15, True)
        assert (place.latitude, place.longitude) != (place.unit.latitude, place.unit.longitude)


def test_it_gives_a_demo_account_a_dl_with_an_activity_site_near_today(demo):
    from policy.models import Arrangement
    from units import clock

    staff = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "diskominfo")
    dl = Arrangement.objects.get(employee__nip=staff["nip"], site_radius_m__isnull=False)
    assert (dl.kind, dl.status, dl.site_name, dl.site_radius_m) == ("dl", "approved", "Aula Kantor Gubernur Bengkulu", 15)
    assert 2 <= (dl.start_date - clock.today()).days <= 9 and dl.start_date.weekday() < 5  # the third working day
    load_demo()
    assert Arrangement.objects.filter(employee__nip=staff["nip"], site_radius_m__isnull=False).count() == 1


def test_it_names_a_deputy_in_force_around_the_demo_date(demo):
    from policy.demo import DEPUTY_ACCOUNT
    from policy.models import Arrangement
    from units import clock
    from units.access import access_for_user
    from units.models import Deputy

    deputy = Deputy.objects.in_force(clock.today()).select_related("deputy__user", "head").get(unit__code="17.71.01.1001")
    assert (deputy.deputy.nip, deputy.kind, deputy.head.role) == (DEPUTY_ACCOUNT["nip"], "plh", "head")
    assert access_for_user(deputy.deputy.user).decides
    assert Arrangement.objects.filter(employee__unit__code="17.71.01.1001", status="pending").count() == 1
    load_demo()
    assert Deputy.objects.filter(unit__code="17.71.01.1001").count() == 1
    assert Arrangement.objects.filter(employee__unit__code="17.71.01.1001", status="pending").count() == 1


def test_it_gives_every_employee_a_valid_nip_and_a_login(demo):
    limits = RegulationRule.nip_limits()
    for employee in Employee.objects.select_related("user"):
        parse_nip(employee.nip, employee.asn_type, limits=limits)
        if employee.user.username != "admin":
            assert employee.user.username == employee.nip
    assert Employee.objects.filter(asn_type=Employee.AsnType.PPPK).exists()
    assert Employee.objects.exclude(home_address="").filter(home_latitude__isnull=False).exists()


def test_it_gives_each_unit_one_head(demo):
    heads = Employee.objects.filter(position_category=Employee.PositionCategory.STRUKTURAL)
    assert heads.filter(role=Employee.Role.HEAD).values("unit").distinct().count() == 130
    assert Employee.objects.filter(unit__code="disdukcapil", role=Employee.Role.HEAD).count() == 1
    nakes = Employee.objects.filter(unit__kind=Unit.Kind.PUSKESMAS, role=Employee.Role.STAFF)
    assert set(nakes.values_list("service_role", flat=True)) >= {"tenaga_kesehatan"}


def test_it_lets_every_demo_account_sign_in(demo):
    for account in DEMO_ACCOUNTS:
        user = authenticate(SIGN_IN, username=account["login"], password=DEMO_PASSWORD)
        assert user is not None, account["login"]
        assert (user.employee.nip, user.employee.role) == (account["nip"], account["role"])
        assert user.is_superuser == user.is_staff == (account["role"] == "admin")
    generated = Employee.objects.filter(role=Employee.Role.STAFF).exclude(
        nip__in=[a["nip"] for a in DEMO_ACCOUNTS]
    ).first()
    assert authenticate(SIGN_IN, username=generated.nip, password=DEMO_PASSWORD) == generated.user


def test_it_resets_a_changed_demo_password(demo):
    user = get_user_model().objects.get(username="admin")
    user.set_password("lupa")
    user.save()
    load_demo()
    assert authenticate(SIGN_IN, username="admin", password=DEMO_PASSWORD) == user


def test_it_prints_the_demo_logins_and_seeds_holidays(demo):
    for account in DEMO_ACCOUNTS:
        assert account["login"] in demo and account["label"] in demo
    assert DEMO_PASSWORD in demo
    assert Holiday.objects.filter(category=Holiday.Category.GOVERNMENT).exists()
