"""Unit tree, unit detail, creating and editing units."""

from tests.conftest import login
from units.models import Unit


def test_it_shows_the_tree_with_kelurahan_under_their_kecamatan(client, world):
    login(client, world.admin_user)
    html = client.get("/unit/").content.decode()
    alpha = html.index("Kecamatan Alpha")
    assert alpha < html.index("Kelurahan Alpha Satu") < html.index("Kecamatan Beta")
    assert "Disdukcapil" in html or "Dinas Kependudukan" in html


def test_it_shows_a_camat_only_their_own_subtree(client, world):
    login(client, world.camat_alpha)
    html = client.get("/unit/").content.decode()
    assert "Kelurahan Alpha Dua" in html
    assert "Kecamatan Beta" not in html


def test_it_keeps_the_tree_query_count_flat(client, world, django_assert_max_num_queries):
    login(client, world.admin_user)
    with django_assert_max_num_queries(8):
        client.get("/unit/")
    for n in range(30):
        Unit.objects.create(
            code=f"17.99.01.2{n:03d}",
            name=f"Kelurahan Tambahan {n}",
            short_name=f"Tambahan {n}",
            kind=Unit.Kind.KELURAHAN,
            parent=world.kec_alpha,
            schedule=world.kec_alpha.schedule,
        )
    with django_assert_max_num_queries(8):
        client.get("/unit/")


def test_it_creates_a_kelurahan_under_a_kecamatan(client, world):
    login(client, world.admin_user)
    response = client.post(
        "/unit/baru/",
        {
            "code": "17.99.01.1003",
            "name": "Kelurahan Alpha Tiga",
            "short_name": "Alpha Tiga",
            "kind": "kelurahan",
            "parent": world.kec_alpha.pk,
            "is_frontline": "on",
            "latitude": "-3.80",
            "longitude": "102.26",
            "geofence_radius_m": "50", "outside_fence": "flag", "passkeys": "switchover",
            "schedule": world.kec_alpha.schedule_id,
            "is_active": "on",
        },
    )
    unit = Unit.objects.get(code="17.99.01.1003")
    assert response.status_code == 302 and response.url == "/unit/17.99.01.1003/"
    assert unit.tree_path == "/17.99.01/17.99.01.1003/"
    assert unit.is_frontline


def test_it_refuses_bad_unit_input_with_indonesian_errors_and_keeps_it(client, world):
    login(client, world.admin_user)
    response = client.post(
        "/unit/baru/",
        {
            "code": "Kode Salah",
            "name": "Unit Baru",
            "short_name": "Baru",
            "kind": "dinas",
            "latitude": "-3.80",
            "geofence_radius_m": "1",
            "schedule": world.kec_alpha.schedule_id,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "huruf kecil, angka" in html
    assert "Isi lintang dan bujur kantor" in html
    assert 'value="Unit Baru"' in html
    assert not Unit.objects.filter(name="Unit Baru").exists()


def test_it_moves_a_subtree_when_a_unit_changes_parent(world):
    world.kel_alpha2.parent = world.kec_beta
    world.kel_alpha2.save()
    world.kec_beta.code = "17.99.09"
    world.kec_beta.save()
    world.kel_alpha2.refresh_from_db()
    assert world.kel_alpha2.tree_path == "/17.99.09/17.99.01.1002/"


def test_it_refuses_a_unit_as_its_own_ancestor(client, world):
    login(client, world.admin_user)
    response = client.post(
        f"/unit/{world.kec_alpha.code}/ubah/",
        {
            "code": world.kec_alpha.code,
            "name": world.kec_alpha.name,
            "short_name": "Alpha",
            "kind": "kecamatan",
            "parent": world.kel_alpha1.pk,
            "geofence_radius_m": "50", "outside_fence": "flag", "passkeys": "switchover",
            "schedule": world.kec_alpha.schedule_id,
            "is_active": "on",
        },
    )
    # The form offers no descendant as parent, so the choice is refused.
    assert response.status_code == 200
    world.kec_alpha.refresh_from_db()
    assert world.kec_alpha.parent is None


def test_it_lets_only_admins_create_units(client, world):
    login(client, world.lurah_alpha1)
    assert client.get("/unit/baru/").status_code == 403
    assert client.get(f"/unit/{world.kel_alpha1.code}/ubah/").status_code == 403
