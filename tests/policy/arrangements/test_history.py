"""Past days keep the policy that governed them, after a new version or a revocation."""

import datetime as dt

from policy.models import Policy
from policy.plan.building import resolve_for
from policy.policies import versions
from tests.policy.plan.test_my_day import make_policy

JAN_1, MAR_2, MAR_3 = dt.date(2026, 1, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)


def test_it_keeps_a_superseded_version_for_the_days_before_the_new_one(world):
    old = make_policy(world)
    new = versions.new_version(old, world.admin_user, dt.date(2026, 2, 27))
    new.rule = Policy.Rule.WFH_ALLOWED
    new.effective_from = MAR_3
    new.save()
    versions.activate(new, old, world.admin_user)
    person = world.staff_beta1
    assert resolve_for(person, MAR_2).decided_by.id == old.pk
    assert resolve_for(person, MAR_3).decided_by.id == new.pk


def test_it_keeps_a_revoked_policy_for_the_days_before_the_revocation(world):
    policy = make_policy(world)
    versions.revoke(policy, world.admin_user, MAR_3, "Ditinjau ulang")
    assert resolve_for(world.staff_beta1, MAR_2).decided_by.id == policy.pk
    assert resolve_for(world.staff_beta1, MAR_3).decided_by is None


def test_it_drops_a_version_replaced_before_it_took_effect(world):
    old = make_policy(world, effective_from=MAR_3)
    new = versions.new_version(old, world.admin_user, dt.date(2026, 2, 27))
    new.effective_from = MAR_3
    new.save()
    versions.activate(new, old, world.admin_user)
    old.refresh_from_db()
    assert old.withdrawn and old.status == Policy.Status.SUPERSEDED
    assert resolve_for(world.staff_beta1, MAR_3).decided_by.id == new.pk
    revoked = make_policy(world, title="Dicabut sebelum berlaku", effective_from=MAR_3, decided_on=dt.date(2026, 3, 1))
    versions.revoke(revoked, world.admin_user, MAR_2, "Batal")
    assert resolve_for(world.staff_beta1, MAR_3).decided_by.id == new.pk
