"""Creating and editing a draft: every field, the scope, minimums; validation in Indonesian; only drafts."""

import datetime as dt
import re

import pytest

from policy.models import Policy
from tests.conftest import login
from tests.policy.plan.test_my_day import make_policy
from units import clock

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)


def form_data(**extra):
    data = {
        "title": "Uji coba WFH 1 hari per minggu",
        "legal_basis_type": "se_bkpsdm",
        "legal_basis_number": "800/12/BKPSDM/2026",
        "decided_by": "Kepala BKPSDM",
        "decided_on": "2026-03-02",
        "effective_from": "2026-03-09",
        "effective_until": "",
        "rule": "wfh_allowed",
        "wfh_days_per_week": "1",
        "reason": "Uji coba kerja fleksibel",
        "scope_city": "on",
        "scope_frontline": "exclude",
        "scope_nips": "",
        "minimum-TOTAL_FORMS": "2",
        "minimum-INITIAL_FORMS": "0",
        "minimum-MIN_NUM_FORMS": "0",
        "minimum-MAX_NUM_FORMS": "60",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_it_offers_a_form_with_sensible_defaults(client, world):
    login(client, world.admin_user)
    html = client.get("/kebijakan/baru/").content.decode()
    assert 'name="effective_from" value="2026-03-03"' in html  # the next working day
    assert 'name="decided_on" value="2026-03-02"' in html
    assert "Kecamatan Alpha" in html
    assert "Batas hari WFH per minggu" in html and "Aturan minimum 1" in html


def test_it_creates_a_draft_with_scope_and_minimums(client, world):
    login(client, world.admin_user)
    data = form_data(
        scope_city=None,
        scope_unit_kinds=["kelurahan"],
        scope_units=[str(world.kec_beta.pk)],
        include_sub_units="on",
        scope_service_roles=["administrasi"],
        scope_nips=f"{world.staff_alpha1.nip}\n\n {world.head_dukcapil.nip} \n",
        **{
            "minimum-0-unit": str(world.dukcapil.pk),
            "minimum-0-service_role": "petugas_layanan",
            "minimum-0-min_count": "3",
            "minimum-1-unit_kind": "kelurahan",
            "minimum-1-min_count": "2",
            "minimum-1-min_percent": "50",
        },
    )
    response = client.post("/kebijakan/baru/", data)
    policy = Policy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kebijakan/{policy.code}/"
    assert policy.status == Policy.Status.DRAFT and policy.version == 1
    assert policy.created_by == world.admin_user and policy.wfh_days_per_week == 1
    assert policy.scope_unit_kinds == ["kelurahan"] and policy.scope_service_roles == [
        "administrasi"
    ]
    assert [(s.unit, s.include_sub_units) for s in policy.scope_units.all()] == [
        (world.kec_beta, True)
    ]
    assert set(policy.scope_employees.all()) == {world.staff_alpha1, world.head_dukcapil}
    minimums = {
        (m.unit_id, m.unit_kind, m.service_role, m.min_count, m.min_percent)
        for m in policy.minimums.all()
    }
    assert minimums == {
        (None, "kelurahan", "", 2, 50),
        (world.dukcapil.pk, "", "petugas_layanan", 3, None),
    }
    html = client.get(response["Location"]).content.decode()
    assert (
        "ASN di unit jenis Kelurahan dan ASN di Kecamatan Beta (termasuk sub-unit), hanya unit non-layanan, "
        "hanya peran layanan tenaga administrasi; ditambah pegawai tertentu: "
    ) in html
    assert (
        "Siti Alpha" in html
        and "Setiap unit jenis Kelurahan: paling sedikit 2 pegawai atau 50% dari pegawai unit (yang lebih besar)"
        in html
    )


def test_it_refuses_an_empty_scope(client, world):
    login(client, world.admin_user)
    response = client.post(
        "/kebijakan/baru/", form_data(scope_city=None, scope_service_roles=["teknis"])
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Policy.objects.exists()
    assert "Pilih cakupan: seluruh kota, jenis unit, unit tertentu, atau pegawai tertentu." in html
    assert 'value="Uji coba WFH 1 hari per minggu"' in html  # nothing lost


def test_it_names_an_unknown_nip(client, world):
    login(client, world.admin_user)
    html = client.post(
        "/kebijakan/baru/", form_data(scope_nips=f"{world.staff_beta1.nip}\n199901012020011999")
    ).content.decode()
    assert "NIP 199901012020011999 tidak ditemukan di data pegawai" in html
    assert world.staff_beta1.nip in html and not Policy.objects.exists()


def test_it_needs_an_end_date_for_required_wfh_and_dates_in_order(client, world):
    login(client, world.admin_user)
    html = client.post("/kebijakan/baru/", form_data(rule="wfh_required")).content.decode()
    assert "WFH/WFA wajib berlaku untuk rentang tanggal: isi tanggal akhirnya." in html
    html = client.post("/kebijakan/baru/", form_data(effective_until="2026-03-01")).content.decode()
    assert "Tanggal akhir tidak boleh sebelum tanggal mulai berlaku." in html
    html = client.post("/kebijakan/baru/", form_data(wfh_days_per_week="")).content.decode()
    assert "Isi batas hari WFH per minggu" in html
    assert not Policy.objects.exists()


def test_it_refuses_a_minimum_without_a_target(client, world):
    login(client, world.admin_user)
    html = client.post(
        "/kebijakan/baru/", form_data(**{"minimum-0-min_count": "2"})
    ).content.decode()
    assert "Pilih satu unit atau satu jenis unit." in html and not Policy.objects.exists()


def test_it_edits_a_draft_and_replaces_its_scope(client, world):
    draft = make_policy(world, status=Policy.Status.DRAFT, scope_city=False)
    draft.scope_units.create(unit=world.kec_alpha, include_sub_units=True)
    draft.scope_employees.add(world.staff_beta1)
    draft.minimums.create(unit=world.kel_alpha1, min_count=1)
    login(client, world.admin_user)
    html = client.get(f"/kebijakan/{draft.code}/ubah/").content.decode()
    assert world.staff_beta1.nip in html
    assert re.search(rf'name="scope_units" value="{world.kec_alpha.pk}"[^>]*checked', html)
    minimum = draft.minimums.get()
    response = client.post(
        f"/kebijakan/{draft.code}/ubah/",
        form_data(
            title="Judul baru",
            scope_city=None,
            scope_units=[str(world.dukcapil.pk)],
            scope_nips="",
            **{
                "minimum-TOTAL_FORMS": "3",
                "minimum-INITIAL_FORMS": "1",
                "minimum-0-id": str(minimum.pk),
                "minimum-0-unit": str(world.kel_alpha1.pk),
                "minimum-0-min_count": "1",
                "minimum-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Judul baru"
    assert [(s.unit, s.include_sub_units) for s in draft.scope_units.all()] == [
        (world.dukcapil, False)
    ]
    assert not draft.scope_employees.exists() and not draft.minimums.exists()


@pytest.mark.parametrize(
    "status", [Policy.Status.ACTIVE, Policy.Status.SUPERSEDED, Policy.Status.REVOKED]
)
def test_it_refuses_to_edit_a_policy_in_place_once_it_is_no_longer_a_draft(client, world, status):
    policy = make_policy(world, status=status)
    login(client, world.admin_user)
    response = client.post(
        f"/kebijakan/{policy.code}/ubah/", form_data(title="Diam-diam diubah"), follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[0] == (f"/kebijakan/{policy.code}/", 302)
    assert "bukan draf, sehingga tidak dapat diubah langsung" in html and "Buat versi baru" in html
    policy.refresh_from_db()
    assert policy.title == "Tidak menerapkan WFH bagi ASN" and policy.status == status
    assert client.get(f"/kebijakan/{policy.code}/ubah/").status_code == 302
