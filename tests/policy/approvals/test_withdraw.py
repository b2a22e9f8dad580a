"""Withdrawal (issue 17): a person takes back their own pending request or correction, after a confirmation;
it leaves the head's inbox as "Ditarik" and the audit trail records it. A decided one cannot be withdrawn,
nor anyone else's. One step of the shared workflow, so every kind with Status.WITHDRAWN has it."""

import pytest

from attendance.approvals.views import CORRECTIONS
from attendance.models import Correction
from policy.approvals import workflow
from policy.approvals.decision import DecisionError
from policy.arrangements.views import REQUESTS
from policy.models import Arrangement, AuditEvent
from tests.attendance.approvals.test_correction_fixtures import MONDAY, april  # noqa: F401
from tests.attendance.approvals.test_correction_fixtures import pending as pending_correction
from tests.conftest import login
from tests.policy.approvals.deputy_fixtures import NEXT_MONDAY
from tests.policy.approvals.test_workflow import as_user

pytestmark = pytest.mark.usefixtures("april")


def pending_request(employee, **extra) -> Arrangement:
    return Arrangement.objects.create(
        employee=employee, kind="izin", start_date=NEXT_MONDAY, end_date=NEXT_MONDAY, working_days=1,
        reason="Urusan keluarga", **extra,
    )


# (the kind, its item for Siti, the item's page, its withdrawal address, the list with her own)
def request_case(world):
    item = pending_request(world.staff_alpha1)
    return REQUESTS, item, f"/pengajuan/{item.code}/", f"/pengajuan/{item.code}/tarik/", "/pengajuan/"


def correction_case(world):
    item = pending_correction(world.staff_alpha1, MONDAY)
    return CORRECTIONS, item, f"/koreksi/{item.code}/", f"/koreksi/{item.code}/tarik/", "/koreksi/"


CASES = pytest.mark.parametrize("case", [request_case, correction_case], ids=["request", "correction"])


def test_every_kind_that_has_withdrawn_offers_it():
    from tests.policy.approvals.test_workflow import kinds

    for kind in kinds():
        if kind.withdrawable:
            assert kind.withdraw_url and kind.noun and kind.withdrawn, kind
    assert REQUESTS.withdrawable and CORRECTIONS.withdrawable


@CASES
def test_it_asks_first_then_withdraws_audits_and_leaves_the_inbox(client, world, case):
    kind, item, page, url, own_list = case(world)
    lurah = as_user(world.lurah_alpha1)
    assert list(kind.pending(lurah)) == [item]
    login(client, world.staff_alpha1)
    assert url in client.get(page).content.decode() and url in client.get(own_list).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ya, tarik" in confirm.content.decode()
    item.refresh_from_db()
    assert item.status == "pending"
    html = client.post(url, follow=True).content.decode()
    assert "ditarik; kepala unit tidak lagi memutuskannya." in html and "Ditarik" in html
    item.refresh_from_db()
    assert item.status == "withdrawn" and item.decided_by is None
    event = AuditEvent.objects.get(action="withdrawn")
    assert (event.actor, event.employee) == (world.staff_alpha1.user, world.staff_alpha1)
    assert list(kind.pending(lurah)) == []
    login(client, world.lurah_alpha1)
    reject = f"{page}tolak/" if kind is CORRECTIONS else f"/persetujuan/{item.code}/tolak/"
    assert "sudah ditarik; tidak ada yang diubah." in client.post(reject, {"note": "x"}, follow=True).content.decode()
    item.refresh_from_db()
    assert item.status == "withdrawn"


@CASES
@pytest.mark.parametrize("status", ["approved", "rejected"])
def test_a_decided_item_cannot_be_withdrawn(client, world, case, status):
    kind, item, page, url, _own = case(world)
    type(item).objects.filter(pk=item.pk).update(status=status)
    login(client, world.staff_alpha1)
    assert url not in client.get(page).content.decode()
    html = client.get(url, follow=True).content.decode()
    assert "Hanya yang masih menunggu keputusan yang dapat ditarik" in html
    client.post(url)
    item.refresh_from_db()
    assert item.status == status and not AuditEvent.objects.filter(action="withdrawn").exists()
    with pytest.raises(DecisionError):
        workflow.withdraw_pending(item, world.staff_alpha1.user)


@CASES
def test_nobody_else_withdraws_it(client, world, case):
    _kind, item, _page, url, _own = case(world)
    for who in (world.lurah_alpha1, world.camat_alpha, world.staff_alpha2):
        login(client, who)
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(world.admin_user)
    assert client.post(url).status_code == 404
    item.refresh_from_db()
    assert item.status == "pending"


def test_a_kind_without_withdrawn_has_no_withdrawal(world):
    from attendance.verification.views import VERIFICATIONS

    assert not VERIFICATIONS.withdrawable
    assert Correction.Status.WITHDRAWN.label == "Ditarik" == Arrangement.Status.WITHDRAWN.label
