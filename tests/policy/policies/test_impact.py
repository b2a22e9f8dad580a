"""Impact preview on a small city worked out by hand.

    Dinas Uji (not frontline): Ani, Bima, Cici
    Kelurahan Uji (frontline): Dedi, Eka; a city policy requires 2 of them on site every working day

Today is Monday 2 March 2026; the drafts start on Tuesday 3 March, so the preview covers 3–16 March:
10 working days (Tue 3 – Fri 6, Mon 9 – Fri 13, Mon 16).
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from policy.models import Policy
from policy.policies import impact
from tests.conftest import PASSWORD, make_employee, make_unit
from units import clock
from units.models import Employee, Unit

MONDAY = dt.date(2026, 3, 2)


def nip(n: int) -> str:
    """A NIP of our own (born 1 Jan 1970), so bulk staff leave the shared NIP sequence alone."""
    return f"197001012000011{n:03d}"


TUESDAY, WEDNESDAY = dt.date(2026, 3, 3), dt.date(2026, 3, 4)


class Town:
    def __init__(self):
        self.admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
        self.dinas = make_unit("dinas-uji", "Dinas Uji", Unit.Kind.DINAS, is_frontline=False)
        self.kelurahan = make_unit(
            "17.99.09.1001", "Kelurahan Uji", Unit.Kind.KELURAHAN, is_frontline=True
        )
        self.ani, self.bima, self.cici = (
            make_employee(self.dinas, n, login=False, nip=nip(i))
            for i, n in enumerate(("Ani", "Bima", "Cici"))
        )
        self.dedi = make_employee(self.kelurahan, "Dedi", login=False, nip=nip(3))
        self.eka = make_employee(self.kelurahan, "Eka", login=False, nip=nip(4))
        self.city = self.policy(
            title="Tidak menerapkan WFH bagi ASN",
            status=Policy.Status.ACTIVE,
            scope_city=True,
            effective_from=dt.date(2026, 1, 1),
            decided_on=dt.date(2026, 1, 21),
        )
        self.city.minimums.create(unit=self.kelurahan, min_count=2)

    def policy(self, **extra) -> Policy:
        values = dict(
            title="Draf",
            legal_basis_type="se_walikota",
            legal_basis_number="800/9/2026",
            decided_by="Wali Kota Bengkulu",
            decided_on=MONDAY,
            effective_from=TUESDAY,
            rule=Policy.Rule.WFO_REQUIRED,
            reason="Uji",
            created_by=self.admin,
        )
        return Policy.objects.create(**{**values, **extra})

    def flood(self, *, unit=None, employees=()) -> Policy:
        draft = self.policy(
            title="Banjir",
            rule=Policy.Rule.WFH_REQUIRED,
            effective_until=WEDNESDAY,
            decided_on=MONDAY,
        )
        if unit is not None:
            draft.scope_units.create(unit=unit, include_sub_units=True)
        draft.scope_employees.set(employees)
        return draft


@pytest.fixture
def town(db, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return Town()


def test_it_counts_the_staff_and_units_a_two_day_flood_sends_home(town):
    result = impact.preview(town.flood(unit=town.dinas), MONDAY)
    assert result.days[0] == TUESDAY and len(result.days) == 14
    assert result.staff_total == 5
    assert (result.changed_staff, result.changed_units) == (3, 1)
    assert (result.rule_changed_staff, result.rule_changed_units) == (3, 1)
    assert result.blocking_units == []
    dinas = next(u for u in result.units if u.unit == town.dinas)
    assert len(dinas.working_days) == 10
    on_site = {d.day: (sum(d.before.values()), sum(d.after.values())) for d in dinas.working_days}
    assert on_site[TUESDAY] == (3, 0) and on_site[WEDNESDAY] == (3, 0)
    assert on_site[dt.date(2026, 3, 5)] == (3, 3)


def test_it_lists_the_frontline_unit_with_a_minimum_even_when_unchanged(town):
    result = impact.preview(town.flood(unit=town.dinas), MONDAY)
    kelurahan = next(u for u in result.units if u.unit == town.kelurahan)
    assert not kelurahan.changed and not kelurahan.short
    assert kelurahan.minimum_words() == "2 orang" and kelurahan.fewest_on_site == 2
    assert result.unchanged == [kelurahan]


def test_it_shows_a_shortfall_when_the_draft_sends_one_of_two_home(town):
    result = impact.preview(town.flood(employees=[town.dedi]), MONDAY)
    assert (result.changed_staff, result.changed_units) == (1, 1)
    [kelurahan] = result.blocking_units
    assert kelurahan.unit == town.kelurahan
    short_days = [d.day for d in kelurahan.working_days if d.short]
    assert short_days == [TUESDAY, WEDNESDAY]
    status = dict(kelurahan.rows())["Keterangan"]
    assert [c.text for c in status[:3]] == ["Kurang 1", "Kurang 1", "Cukup"]
    assert status[0].note == "akibat draf ini"
    assert result.units[0] is kelurahan  # short units come first


def test_it_does_not_blame_the_draft_for_a_unit_already_short(town):
    town.eka.is_active = False
    town.eka.save()
    result = impact.preview(town.flood(unit=town.dinas), MONDAY)
    kelurahan = next(u for u in result.units if u.unit == town.kelurahan)
    assert kelurahan.short and not kelurahan.worse and not kelurahan.blocking
    assert result.already_short_units == [kelurahan]
    assert dict(kelurahan.rows())["Keterangan"][0].note == "sudah kurang sebelum draf ini"


def test_it_previews_a_new_version_that_replaces_the_old_one_from_its_start(town):
    draft = town.policy(
        title="WFH wajib",
        rule=Policy.Rule.WFH_REQUIRED,
        scope_city=True,
        version=2,
        lineage=town.city.lineage,
        supersedes=town.city,
        effective_until=WEDNESDAY,
    )
    result = impact.preview(draft, MONDAY)
    # The old version's minimum ends the day before the new one starts: no minimum on 3–4 March.
    kelurahan = next(u for u in result.units if u.unit == town.kelurahan)
    assert kelurahan.days[0].needed == {} and not kelurahan.blocking
    assert (result.changed_staff, result.changed_units) == (5, 2)


def test_it_allows_wfh_without_changing_the_plan(town):
    draft = town.policy(
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=1,
        scope_city=True,
        scope_frontline=Policy.Frontline.EXCLUDED,
        decided_on=dt.date(2026, 2, 1),
    )
    result = impact.preview(draft, MONDAY)
    assert (result.changed_staff, result.changed_units) == (0, 0)
    assert (result.rule_changed_staff, result.rule_changed_units) == (3, 1)


@pytest.mark.parametrize("extra_staff", [0, 30])
def test_it_runs_a_fixed_number_of_queries(town, extra_staff, django_assert_max_num_queries):
    for i in range(extra_staff):
        make_employee(
            town.kelurahan if i % 2 else town.dinas,
            f"Tambahan {i}",
            login=False,
            nip=nip(100 + i),
            service_role=Employee.ServiceRole.PETUGAS_LAYANAN,
        )
    draft = town.flood(unit=town.dinas)
    with django_assert_max_num_queries(25):
        result = impact.preview(draft, MONDAY)
    assert result.staff_total == 5 + extra_staff
