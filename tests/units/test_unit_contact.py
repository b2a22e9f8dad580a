"""A unit's contact for citizens (address, telephone, WhatsApp, whether they are examples): edited in the
unit form and in the admin, checked, and shown on the public status page."""

from django.core.cache import cache

from tests.conftest import login
from units.models import Unit


def edit_data(unit: Unit, **changes) -> dict:
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "is_frontline": "on" if unit.is_frontline else "",
        "latitude": "-3.795600",
        "longitude": "102.259200",
        "geofence_radius_m": "50", "outside_fence": "flag", "passkeys": "switchover",
        "schedule": unit.schedule_id,
        "is_active": "on",
    }
    return {**data, **changes}


def test_it_edits_the_contact_in_the_unit_form(client, world):
    login(client, world.admin_user)
    html = client.get(f"/unit/{world.kel_alpha1.code}/ubah/").content.decode()
    for label in ("Alamat kantor", "Telepon", "WhatsApp", "Kontak contoh"):
        assert f">{label}:</label>" in html or f">{label}</label>" in html, label
    response = client.post(
        f"/unit/{world.kel_alpha1.code}/ubah/",
        edit_data(world.kel_alpha1, address="Jl. Salak Raya No. 3", phone="(0736) 21000", whatsapp="+62 812-7000-1234"),
    )
    assert response.status_code == 302
    unit = Unit.objects.get(pk=world.kel_alpha1.pk)
    assert (unit.address, unit.phone, unit.whatsapp, unit.contact_is_example) == (
        "Jl. Salak Raya No. 3", "(0736) 21000", "+62 812-7000-1234", False,
    )
    cache.clear()
    html = client.get(f"/status/{unit.code}/").content.decode()
    assert "Jl. Salak Raya No. 3" in html and 'href="https://wa.me/6281270001234"' in html


def test_it_refuses_a_telephone_that_is_not_a_number(client, world):
    login(client, world.admin_user)
    response = client.post(f"/unit/{world.kel_alpha1.code}/ubah/", edit_data(world.kel_alpha1, phone="telepon kantor"))
    assert response.status_code == 200
    assert "Isi nomor telepon dengan angka, misalnya 0736-21000." in response.content.decode()
    assert Unit.objects.get(pk=world.kel_alpha1.pk).phone == ""


def test_it_edits_the_contact_in_the_admin(client, world):
    client.force_login(world.admin_user)
    html = client.get(f"/admin/units/unit/{world.kel_alpha1.pk}/change/").content.decode()
    for name in ("address", "phone", "whatsapp", "contact_is_example"):
        assert f'name="{name}"' in html, name
