"""The impact preview page and activation: an explicit confirmation, and a written reason to take a
frontline unit below its minimum (recorded in the audit trail)."""

import pytest

from policy.models import AuditEvent, Policy
from tests.conftest import login, make_employee
from tests.policy.policies.test_impact import MONDAY, Town, nip
from units import clock


@pytest.fixture
def town(db, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return Town()


def test_it_previews_the_impact_with_the_shortfall_first(client, town):
    draft = town.flood(employees=[town.dedi])
    login(client, town.admin)
    html = client.get(f"/kebijakan/{draft.code}/dampak/").content.decode()
    assert "Perlu perhatian" in html
    assert (
        "1 unit layanan garis depan akan kurang dari jumlah minimum di kantor karena draf ini."
        in html
    )
    assert (
        "Rencana kehadiran berubah untuk <strong>1 dari 5 pegawai</strong> di <strong>1 unit</strong>."
        in html
    )
    assert html.index("Unit yang akan kurang dari minimum") < html.index("Kelurahan Uji")
    assert 'Kurang 1</strong> <span class="help">akibat draf ini</span>' in html
    assert "Saya sudah memeriksa dampaknya" in html and 'name="override_reason"' in html
    assert f'action="/kebijakan/{draft.code}/berlakukan/"' in html


def test_it_says_when_no_frontline_unit_falls_short(client, town):
    draft = town.flood(unit=town.dinas)
    login(client, town.admin)
    html = client.get(f"/kebijakan/{draft.code}/dampak/").content.decode()
    assert "Tidak ada unit layanan garis depan yang menjadi kurang dari jumlah minimum" in html
    assert (
        "Rencana kehadiran berubah untuk <strong>3 dari 5 pegawai</strong> di <strong>1 unit</strong>."
        in html
    )
    assert 'name="override_reason"' not in html
    assert "Unit garis depan dengan minimum yang tidak terpengaruh" in html


def test_it_refuses_activation_without_the_confirmation(client, town):
    draft = town.flood(unit=town.dinas)
    login(client, town.admin)
    html = client.post(f"/kebijakan/{draft.code}/berlakukan/", {}).content.decode()
    assert "Centang &#x27;Saya sudah memeriksa dampaknya&#x27;" in html
    draft.refresh_from_db()
    assert draft.status == Policy.Status.DRAFT and not AuditEvent.objects.exists()


def test_it_refuses_activation_when_a_frontline_unit_would_fall_short(client, town):
    draft = town.flood(employees=[town.dedi])
    login(client, town.admin)
    response = client.post(
        f"/kebijakan/{draft.code}/berlakukan/", {"confirm": "on", "override_reason": "  "}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Kebijakan belum diberlakukan." in html
    assert "1 unit layanan garis depan akan kurang dari jumlah minimum di kantor. " in html
    assert "Kebijakan hanya dapat diberlakukan dengan alasan tertulis." in html
    draft.refresh_from_db()
    assert draft.status == Policy.Status.DRAFT and not AuditEvent.objects.exists()


def test_it_activates_with_an_override_reason_and_records_it(client, town):
    draft = town.flood(employees=[town.dedi])
    login(client, town.admin)
    response = client.post(
        f"/kebijakan/{draft.code}/berlakukan/",
        {"confirm": "on", "override_reason": "Dedi rumahnya terendam banjir"},
    )
    assert response["Location"] == f"/kebijakan/{draft.code}/#main"
    draft.refresh_from_db()
    assert draft.status == Policy.Status.ACTIVE
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.policy) == (
        AuditEvent.Action.POLICY_ACTIVATED,
        town.admin,
        draft,
    )
    assert event.note == "Dedi rumahnya terendam banjir"
    assert event.data["override"] is True and event.data["short_units"] == ["Kelurahan Uji"]
    html = client.get(f"/kebijakan/{draft.code}/").content.decode()
    assert "dengan pengecualian admin: 1 unit layanan garis depan di bawah minimum" in html
    assert "Dedi rumahnya terendam banjir" in html


def test_it_activates_a_safe_draft_with_the_confirmation_alone(client, town):
    draft = town.flood(unit=town.dinas)
    login(client, town.admin)
    client.post(
        f"/kebijakan/{draft.code}/berlakukan/", {"confirm": "on", "override_reason": "tidak perlu"}
    )
    draft.refresh_from_db()
    event = AuditEvent.objects.get()
    assert draft.status == Policy.Status.ACTIVE
    assert event.note == "" and event.data["override"] is False and event.data["changed_staff"] == 3


def test_it_activates_only_drafts_and_only_by_post(client, town):
    login(client, town.admin)
    assert client.get(f"/kebijakan/{town.city.code}/berlakukan/").status_code == 405
    response = client.post(f"/kebijakan/{town.city.code}/berlakukan/", {"confirm": "on"})
    assert response["Location"] == f"/kebijakan/{town.city.code}/"
    assert (
        client.get(f"/kebijakan/{town.city.code}/dampak/")["Location"]
        == f"/kebijakan/{town.city.code}/"
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("extra_staff", [0, 40])
def test_it_renders_the_preview_page_in_a_fixed_number_of_queries(
    client, town, extra_staff, django_assert_max_num_queries
):
    for i in range(extra_staff):
        make_employee(
            town.kelurahan if i % 2 else town.dinas, f"Tambahan {i}", login=False, nip=nip(100 + i)
        )
    draft = town.flood(unit=town.dinas)
    login(client, town.admin)
    with django_assert_max_num_queries(30):
        assert client.get(f"/kebijakan/{draft.code}/dampak/").status_code == 200
