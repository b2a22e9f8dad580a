"""Versions, never silent edits: a new version supersedes from a date; revocation says who and why;
the history lists every version and the audit trail of the whole lineage."""

import datetime as dt

import pytest

from policy.models import AuditEvent, Policy, StaffingMinimum
from tests.conftest import login
from tests.policy.plan.test_my_day import make_policy
from units import clock
from units.models import Holiday

FRIDAY = dt.date(2026, 3, 13)


@pytest.fixture(autouse=True)
def friday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: FRIDAY)


@pytest.fixture
def active(world):
    policy = make_policy(
        world, scope_city=False, scope_unit_kinds=["kelurahan"], scope_service_roles=["teknis"]
    )
    policy.scope_units.create(unit=world.dukcapil, include_sub_units=False)
    policy.scope_employees.add(world.staff_beta1)
    policy.minimums.create(unit=world.dukcapil, service_role="petugas_layanan", min_count=3)
    policy.minimums.create(unit_kind="kelurahan", min_count=2, min_percent=50)
    return policy


def test_it_creates_a_new_version_as_a_draft_copy_from_the_next_working_day(client, world, active):
    Holiday.objects.create(date=dt.date(2026, 3, 16), name="Libur uji", category="public")
    login(client, world.admin_user)
    response = client.post(f"/kebijakan/{active.code}/versi-baru/")
    draft = Policy.objects.get(version=2)
    assert response["Location"] == f"/kebijakan/{draft.code}/ubah/"
    assert (draft.lineage, draft.supersedes, draft.status) == (
        active.lineage,
        active,
        Policy.Status.DRAFT,
    )
    assert draft.effective_from == dt.date(2026, 3, 17)  # Monday 16 is a holiday
    assert (draft.title, draft.rule, draft.scope_unit_kinds, draft.scope_service_roles) == (
        active.title,
        active.rule,
        ["kelurahan"],
        ["teknis"],
    )
    assert [(s.unit, s.include_sub_units) for s in draft.scope_units.all()] == [
        (world.dukcapil, False)
    ]
    assert list(draft.scope_employees.all()) == [world.staff_beta1]
    assert draft.minimums.count() == 2 and StaffingMinimum.objects.count() == 4
    active.refresh_from_db()
    assert active.status == Policy.Status.ACTIVE  # unchanged until the new version is activated
    assert "akan menggantikan versi 1" in client.get("/kebijakan/").content.decode()


def test_it_sends_a_second_request_for_a_new_version_to_the_existing_draft(client, world, active):
    login(client, world.admin_user)
    client.post(f"/kebijakan/{active.code}/versi-baru/")
    response = client.post(f"/kebijakan/{active.code}/versi-baru/", follow=True)
    assert Policy.objects.count() == 2
    assert "Draf versi 2 sudah ada" in response.content.decode()


def test_it_supersedes_the_old_version_from_the_new_start(client, world, active):
    login(client, world.admin_user)
    client.post(f"/kebijakan/{active.code}/versi-baru/")
    draft = Policy.objects.get(version=2)
    response = client.post(f"/kebijakan/{draft.code}/berlakukan/", {"confirm": "on"})
    assert response.status_code == 302
    active.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == Policy.Status.ACTIVE
    assert active.status == Policy.Status.SUPERSEDED and active.effective_until == dt.date(
        2026, 3, 15
    )
    superseded = AuditEvent.objects.get(action=AuditEvent.Action.POLICY_SUPERSEDED)
    assert (superseded.policy, superseded.actor) == (active, world.admin_user)
    assert "Digantikan versi 2 yang berlaku mulai 16 Maret 2026" in superseded.note
    assert AuditEvent.objects.get(action=AuditEvent.Action.POLICY_ACTIVATED).policy == draft


def test_it_supersedes_without_dates_when_the_new_version_starts_first(client, world, active):
    draft = make_policy(
        world,
        status=Policy.Status.DRAFT,
        lineage=active.lineage,
        version=2,
        supersedes=active,
        effective_from=active.effective_from,
    )
    login(client, world.admin_user)
    client.post(f"/kebijakan/{draft.code}/berlakukan/", {"confirm": "on"})
    active.refresh_from_db()
    assert active.status == Policy.Status.SUPERSEDED and active.effective_until is None


def test_it_revokes_with_who_and_why(client, world, active):
    login(client, world.admin_user)
    html = client.get(f"/kebijakan/{active.code}/cabut/").content.decode()
    assert 'name="date" value="2026-03-13"' in html and "Saya mengerti" in html
    response = client.post(
        f"/kebijakan/{active.code}/cabut/",
        {"date": "2026-03-10", "reason": "Diganti Perwal", "confirm": "on"},
    )
    assert response["Location"] == f"/kebijakan/{active.code}/"
    active.refresh_from_db()
    assert active.status == Policy.Status.REVOKED and active.effective_until == dt.date(2026, 3, 9)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.policy, event.note) == (
        AuditEvent.Action.POLICY_REVOKED,
        world.admin_user,
        active,
        "Diganti Perwal",
    )
    assert event.data == {"revoked_on": "2026-03-10"}
    html = client.get(f"/kebijakan/{active.code}/").content.decode()
    assert "Kebijakan dicabut (versi 1)" in html and "Diganti Perwal" in html and "admin" in html


def test_it_refuses_a_revocation_without_reason_confirmation_or_with_a_future_date(
    client, world, active
):
    login(client, world.admin_user)
    html = client.post(
        f"/kebijakan/{active.code}/cabut/", {"date": "2026-03-20", "reason": ""}
    ).content.decode()
    assert "Tulis alasan pencabutan" in html
    assert "Centang konfirmasi" in html
    assert "tidak boleh di masa depan" in html
    active.refresh_from_db()
    assert active.status == Policy.Status.ACTIVE and not AuditEvent.objects.exists()


def test_it_revokes_a_policy_that_has_not_started_without_touching_its_dates(client, world):
    later = make_policy(world, effective_from=dt.date(2026, 4, 1))
    login(client, world.admin_user)
    client.post(
        f"/kebijakan/{later.code}/cabut/",
        {"date": "2026-03-13", "reason": "Batal", "confirm": "on"},
    )
    later.refresh_from_db()
    assert later.status == Policy.Status.REVOKED and later.effective_until is None


def test_it_lists_every_version_and_the_audit_trail_of_the_lineage(client, world, active):
    login(client, world.admin_user)
    client.post(f"/kebijakan/{active.code}/versi-baru/")
    v2 = Policy.objects.get(version=2)
    client.post(f"/kebijakan/{v2.code}/berlakukan/", {"confirm": "on"})
    client.post(f"/kebijakan/{v2.code}/versi-baru/")
    v3 = Policy.objects.get(version=3)
    html = client.get(f"/kebijakan/{v3.code}/").content.decode()
    assert "Versi 3 (halaman ini)" in html
    assert (
        f'href="/kebijakan/{v2.code}/">Versi 2' in html
        and f'href="/kebijakan/{active.code}/">Versi 1' in html
    )
    for status in ("Draf", "Berlaku", "Digantikan versi baru"):
        assert f"<td>{status}</td>" in html
    assert (
        "Kebijakan diberlakukan (versi 2)" in html
        and "Kebijakan digantikan versi baru (versi 1)" in html
    )


def test_it_offers_actions_by_status(client, world, active):
    draft = make_policy(world, title="Draf", status=Policy.Status.DRAFT)
    login(client, world.admin_user)
    html = client.get(f"/kebijakan/{draft.code}/").content.decode()
    assert "Pratinjau dampak & berlakukan" in html and "Ubah draf" in html and "Hapus draf" in html
    html = client.get(f"/kebijakan/{active.code}/").content.decode()
    assert "Buat versi baru" in html and "Cabut" in html and "Ubah draf" not in html
    assert (
        "Dinas Kependudukan dan Pencatatan Sipil: paling sedikit 3 petugas layanan di kantor setiap hari kerja"
        in html
    )
    assert (
        "Setiap unit jenis Kelurahan: paling sedikit 2 pegawai atau 50% dari pegawai unit (yang lebih besar)"
        in html
    )


def test_it_deletes_a_draft_after_confirmation(client, world):
    draft = make_policy(world, title="Draf", status=Policy.Status.DRAFT)
    draft.minimums.create(unit=world.dukcapil, min_count=1)
    login(client, world.admin_user)
    html = client.get(f"/kebijakan/{draft.code}/hapus/").content.decode()
    assert "Ya, hapus draf" in html and Policy.objects.filter(pk=draft.pk).exists()
    response = client.post(f"/kebijakan/{draft.code}/hapus/")
    assert response["Location"] == "/kebijakan/"
    assert not Policy.objects.filter(pk=draft.pk).exists() and not StaffingMinimum.objects.exists()


def test_it_refuses_to_delete_an_active_policy_or_a_draft_in_the_audit_trail(client, world, active):
    recorded = make_policy(world, title="Draf demo", status=Policy.Status.DRAFT)
    AuditEvent.objects.create(
        actor=world.admin_user, action=AuditEvent.Action.POLICY_CREATED, policy=recorded
    )
    login(client, world.admin_user)
    assert client.post(f"/kebijakan/{active.code}/hapus/").status_code == 302
    response = client.post(f"/kebijakan/{recorded.code}/hapus/")
    assert response.status_code == 200 and "tidak dapat dihapus" in response.content.decode()
    assert Policy.objects.filter(pk__in=[active.pk, recorded.pk]).count() == 2


@pytest.mark.parametrize("versions", [2, 6])
def test_it_shows_the_detail_in_a_fixed_number_of_queries(
    client, world, active, versions, django_assert_max_num_queries
):
    previous = active
    for v in range(2, versions + 1):
        previous = make_policy(
            world,
            lineage=active.lineage,
            version=v,
            supersedes=previous,
            status=Policy.Status.SUPERSEDED,
        )
        AuditEvent.objects.create(
            actor=world.admin_user, action=AuditEvent.Action.POLICY_SUPERSEDED, policy=previous
        )
    login(client, world.admin_user)
    with django_assert_max_num_queries(11):
        assert client.get(f"/kebijakan/{previous.code}/").status_code == 200
