"""The precedence rule, as a table: the most specific scope wins; between equals, the latest decision."""

import datetime as dt

import pytest

from policy.plan import precedence

D = dt.date
# Units: 1 city root is not a unit; 10 kecamatan, 11 its kelurahan; 20 Disdukcapil; 30 Diskominfo
KELURAHAN = precedence.Person(1, 11, (10, 11), "kelurahan", True, "petugas_layanan", "pelaksana")
DUKCAPIL = precedence.Person(2, 20, (20,), "dinas", True, "petugas_layanan", "pelaksana")
KOMINFO = precedence.Person(3, 30, (30,), "dinas", False, "teknis", "fungsional")


JAN_21, JAN_1 = D(2026, 1, 21), D(2026, 1, 1)


def policy(pid, rule, decided=JAN_21, start=JAN_1, until=None, version=1, **scope):
    return precedence.PolicyFacts(
        id=pid, title=f"P{pid}", legal_basis="SE", decided_on=decided, effective_from=start,
        effective_until=until, rule=rule, wfh_days_per_week=2 if rule == precedence.WFH_ALLOWED else 0,
        version=version, **{k: frozenset(v) if isinstance(v, set | list) else v for k, v in scope.items()},
    )


CITY_WFO = policy(1, precedence.WFO_REQUIRED, city=True)
NONFRONT_WFH = policy(2, precedence.WFH_ALLOWED, decided=D(2026, 6, 1), city=True, frontline=precedence.FRONTLINE_EXCLUDED)
KOMINFO_WFO = policy(3, precedence.WFO_REQUIRED, decided=D(2026, 5, 1), units={30})
NAMED_WFH = policy(4, precedence.WFH_ALLOWED, decided=D(2026, 2, 1), employees={1})
FLOOD = policy(5, precedence.WFH_REQUIRED, decided=D(2026, 3, 1), start=D(2026, 3, 2), until=D(2026, 3, 3), unit_trees={10})
KIND_WFH = policy(6, precedence.WFH_ALLOWED, decided=D(2026, 1, 1), unit_kinds={"dinas"})
ROLE_WFO = policy(7, precedence.WFO_REQUIRED, decided=D(2026, 1, 2), city=True, service_roles={"petugas_layanan"})
CITY_WFH_LATER = policy(8, precedence.WFH_ALLOWED, decided=D(2026, 2, 1), city=True)


@pytest.mark.parametrize(
    "who, day, policies, rule, winner, level",
    [
        # No policy: on site, decided by nobody.
        (KOMINFO, D(2026, 3, 2), [], precedence.WFO_REQUIRED, None, 0),
        # City only.
        (KOMINFO, D(2026, 3, 2), [CITY_WFO], precedence.WFO_REQUIRED, 1, precedence.LEVEL_CITY),
        # Not in force before it starts.
        (KOMINFO, D(2025, 12, 31), [CITY_WFO], precedence.WFO_REQUIRED, None, 0),
        # A filter (non-frontline) is more specific than the plain city, whatever the dates.
        (KOMINFO, D(2026, 7, 1), [CITY_WFO, NONFRONT_WFH], precedence.WFH_ALLOWED, 2, precedence.LEVEL_GROUP),
        # ...and does not cover a frontline unit.
        (DUKCAPIL, D(2026, 7, 1), [CITY_WFO, NONFRONT_WFH], precedence.WFO_REQUIRED, 1, precedence.LEVEL_CITY),
        # A named unit beats a group rule even when decided earlier.
        (KOMINFO, D(2026, 7, 1), [NONFRONT_WFH, KOMINFO_WFO], precedence.WFO_REQUIRED, 3, precedence.LEVEL_UNIT),
        # A named employee beats everything.
        (KELURAHAN, D(2026, 3, 2), [CITY_WFO, FLOOD, NAMED_WFH], precedence.WFH_ALLOWED, 4, precedence.LEVEL_EMPLOYEE),
        # A unit with its sub-units covers the kelurahan under the kecamatan, only on its dates.
        (KELURAHAN, D(2026, 3, 2), [CITY_WFO, FLOOD], precedence.WFH_REQUIRED, 5, precedence.LEVEL_UNIT),
        (KELURAHAN, D(2026, 3, 4), [CITY_WFO, FLOOD], precedence.WFO_REQUIRED, 1, precedence.LEVEL_CITY),
        # Unit kind and service role are equally specific: the latest decision wins.
        (DUKCAPIL, D(2026, 3, 2), [KIND_WFH, ROLE_WFO], precedence.WFO_REQUIRED, 7, precedence.LEVEL_GROUP),
        # Equal scope (city): the latest decision wins.
        (KOMINFO, D(2026, 3, 2), [CITY_WFO, CITY_WFH_LATER], precedence.WFH_ALLOWED, 8, precedence.LEVEL_CITY),
        (KOMINFO, D(2026, 3, 2), [CITY_WFH_LATER, CITY_WFO], precedence.WFH_ALLOWED, 8, precedence.LEVEL_CITY),
        # A service-role filter that does not match leaves the person out.
        (KOMINFO, D(2026, 3, 2), [ROLE_WFO, KIND_WFH], precedence.WFH_ALLOWED, 6, precedence.LEVEL_GROUP),
    ],
)
def test_it_applies_the_precedence_rule(who, day, policies, rule, winner, level):
    result = precedence.resolve(who, day, policies)
    assert result.rule == rule
    assert (result.decided_by.id if result.decided_by else None) == winner
    assert result.level == level


def test_it_lists_the_policies_that_applied_and_lost():
    result = precedence.resolve(KELURAHAN, D(2026, 3, 2), [CITY_WFO, FLOOD, NAMED_WFH, KOMINFO_WFO])
    assert result.decided_by.id == 4
    assert [p.id for p in result.overruled] == [5, 1]


def test_it_breaks_a_tie_on_the_same_decision_date_by_version():
    v1 = policy(10, precedence.WFO_REQUIRED, city=True, version=1)
    v2 = policy(11, precedence.WFH_ALLOWED, city=True, version=2)
    assert precedence.resolve(KOMINFO, D(2026, 3, 2), [v2, v1]).decided_by.id == 11


def test_it_reports_the_weekly_cap_of_the_deciding_policy():
    assert precedence.resolve(KOMINFO, D(2026, 7, 1), [NONFRONT_WFH]).wfh_days_per_week == 2
    assert precedence.resolve(KOMINFO, D(2026, 7, 1), [CITY_WFO]).wfh_days_per_week == 0
