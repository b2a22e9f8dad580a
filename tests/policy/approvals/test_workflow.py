"""The shared approval workflow (policy.approvals): every kind is wired the same way, scope is decided
once, and a decision locks the row, records who, when and why, and refuses a second one."""

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse

from policy.approvals import workflow
from policy.approvals.decision import Decision, DecisionError
from policy.arrangements.views import REQUESTS
from policy.models import AuditEvent
from tests.policy.arrangements.requests_fixtures import friday, pending  # noqa: F401

pytestmark = pytest.mark.usefixtures("friday")


def kinds() -> list[workflow.Kind]:
    """Every kind of the project (the URL configuration imports them all)."""
    reverse("home")
    return [kind() for kind in workflow.Kind.__subclasses__()]


def test_every_kind_plugs_in_whole():
    found = kinds()
    assert {type(kind).__name__ for kind in found} >= {"Requests", "Corrections"}
    for kind in found:
        assert issubclass(kind.model, Decision) and not kind.model._meta.abstract, kind
        assert reverse(kind.list_url).startswith("/"), kind
        for partial in ("row", "count"):
            get_template(f"{kind.template}#{partial}")
        for hook in ("facts", "approve", "detail"):
            assert getattr(type(kind), hook) is not getattr(workflow.Kind, hook), (kind, hook)


def as_user(employee):
    request = RequestFactory().get("/")
    request.user = employee.user
    return request


def test_it_lets_a_head_decide_in_scope_but_never_their_own(world):
    theirs = pending(world.staff_alpha1, kind="izin", reason="x")
    own = pending(world.lurah_alpha1, kind="izin", reason="x")
    elsewhere = pending(world.staff_beta1, kind="izin", reason="x")
    lurah = as_user(world.lurah_alpha1)
    assert set(REQUESTS.visible(lurah)) == {theirs, own}
    assert list(REQUESTS.pending(lurah)) == [theirs]
    assert REQUESTS.may_decide(lurah, theirs) and not REQUESTS.may_decide(lurah, own)
    assert not REQUESTS.may_decide(as_user(world.staff_alpha1), theirs)
    assert list(REQUESTS.pending(as_user(world.camat_alpha))) == [theirs, own]
    assert elsewhere not in REQUESTS.visible(as_user(world.camat_alpha))


def test_it_builds_one_row_per_item_with_its_own_form_ids(world):
    first = pending(world.staff_alpha1, kind="izin", reason="x")
    second = pending(world.staff_alpha2, kind="izin", reason="y")
    rows = REQUESTS.rows(as_user(world.camat_alpha), REQUESTS.pending(as_user(world.camat_alpha)))
    assert [row["item"] for row in rows] == [first, second]
    assert rows[0]["approve_form"]["note"].auto_id == f"id_note_setujui_{first.pk}"
    assert rows[1]["reject_form"]["note"].auto_id == f"id_note_tolak_{second.pk}"
    assert REQUESTS.rows(as_user(world.camat_alpha), []) == []


def test_a_rejection_records_the_decision_and_one_audit_event(world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x")
    workflow.reject_pending(arrangement, world.lurah_alpha1.user, note="Loket penuh")
    assert (arrangement.status, arrangement.decided_by, arrangement.decision_note) == (
        "rejected",
        world.lurah_alpha1.user,
        "Loket penuh",
    )
    assert arrangement.decided_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.employee, event.arrangement, event.note) == (
        "rejected",
        world.staff_alpha1,
        arrangement,
        "Loket penuh",
    )


def test_a_second_decision_is_refused_in_the_kinds_words(world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x", status="approved")
    with pytest.raises(DecisionError, match="Pengajuan ini sudah disetujui; tidak ada yang diubah."):
        workflow.reject_pending(arrangement, world.lurah_alpha1.user, note="Terlambat")
    assert not AuditEvent.objects.exists()
