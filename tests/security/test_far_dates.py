"""Dates at the end of the calendar (issue 11, item 4): a policy or a start date in year 9999 is refused in
words, as request and correction dates already are, and a far-future draft already stored is refused by
its impact preview and activation instead of a server error (OverflowError)."""

import datetime as dt

import pytest

from policy.models import AuditEvent, Policy
from tests.conftest import login
from tests.policy.policies.test_impact import MONDAY, Town
from tests.policy.policies.test_policy_form import form_data
from tests.units.test_employee_pages import VALID
from units import clock
from units.models import Employee

IN_WORDS = "Periksa tahunnya: tanggal harus antara tahun 1900 dan 2199."


@pytest.fixture(autouse=True)
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)


@pytest.mark.parametrize("field", ["decided_on", "effective_from", "effective_until"])
def test_it_refuses_a_policy_dated_9999_12_31_in_words(client, world, field):
    login(client, world.admin_user)
    response = client.post("/kebijakan/baru/", form_data(**{field: "9999-12-31"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [IN_WORDS]
    assert not Policy.objects.exists()


def test_it_refuses_a_new_version_dated_9999_12_31_in_words(client, db):
    town = Town()
    draft = town.policy(supersedes=town.city, version=2, scope_city=True)
    login(client, town.admin)
    response = client.post(f"/kebijakan/{draft.code}/ubah/", form_data(effective_from="9999-12-31"))
    assert response.context["form"].errors["effective_from"] == [IN_WORDS]
    draft.refresh_from_db()
    assert draft.effective_from == dt.date(2026, 3, 3)


@pytest.fixture
def far_draft(db):
    """A draft stored before the form bounded its dates."""
    town = Town()
    return town, town.policy(effective_from=dt.date(9999, 12, 31), scope_city=True)


def test_it_refuses_to_preview_the_impact_of_a_far_future_draft_in_words(client, far_draft):
    town, draft = far_draft
    login(client, town.admin)
    response = client.get(f"/kebijakan/{draft.code}/dampak/", follow=True)
    assert response.redirect_chain == [(f"/kebijakan/{draft.code}/ubah/", 302)]
    assert f"Tanggal 9999-12-31 pada draf ini tidak dapat dipakai. {IN_WORDS}" in response.content.decode()


def test_it_refuses_to_activate_a_far_future_draft(client, far_draft):
    town, draft = far_draft
    login(client, town.admin)
    response = client.post(f"/kebijakan/{draft.code}/berlakukan/", {"confirm": "on"})
    assert response.status_code == 302 and response.url == f"/kebijakan/{draft.code}/ubah/"
    draft.refresh_from_db()
    assert draft.status == Policy.Status.DRAFT and not AuditEvent.objects.exists()


@pytest.mark.parametrize("path", ["/pegawai/baru/", "/pegawai/{person}/ubah/"])
def test_it_refuses_a_staff_start_date_of_9999_12_31_in_words(client, world, path):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    data = {**VALID, "start_date": "9999-12-31", "unit": world.kel_alpha1.pk}
    if "ubah" in path:
        data.update(nip=person.nip, full_name=person.full_name)
    response = client.post(path.format(person=person.code), data)
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [IN_WORDS]
    assert not Employee.objects.filter(start_date__year=9999).exists()
