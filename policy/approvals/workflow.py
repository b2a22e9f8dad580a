"""One kind of decidable thing, and the queries and services every kind shares.

Scope is decided here and only here: a person reads their own, a head their staff's (units below
included), an admin everyone's (units.access.readable_people); heads, admins and deputies in force decide
in their scope, never their own, and a head's go to the head above or a city admin (decidable_people).
A person withdraws their own while it waits, in every kind whose Status has WITHDRAWN (withdraw_pending).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from policy import audit
from policy.approvals.decision import Decision
from policy.approvals.forms import decision_form
from policy.models import AuditEvent
from units.access import access_for, signed_in_user

# A row of a list of pending things: "item", what the kind adds (its `facts`), the two decision forms
# and, after a refused approval, "refusal"; or {"item": ..., "decided": True} once decided.
Row = dict[str, Any]
# What a failed decision hands back to its row: the bound forms ("approve", "reject") and "refusal".
Bound = dict[str, Any]


class Kind:
    """One kind of decidable thing. A subclass names its model, its pending list and its rejection
    message, and writes `facts`, `approve` and `detail`; the queries, the rows and the rejection are the
    same for every kind. One instance per kind: the shared views (policy.approvals.views) get it from
    their URLs, sibling slices use its public queries (`pending`, `rows`...)."""

    model: type[Decision]
    # The page listing the pending ones: its template holds the `row` and `count` partials, and a
    # decision without JavaScript goes back to it (or to the item's page: model.page_url).
    template: str
    list_url: str
    # The message after a rejection, with %(name)s.
    rejected: Any
    # Withdrawing (kinds whose model's Status has WITHDRAWN): the URL name of the shared `withdraw` view,
    # what the confirmation calls the item ("pengajuan") and the message after it.
    withdraw_url = ""
    noun: Any = ""
    withdrawn: Any = ""

    def facts(self, request: HttpRequest, items: list[Any]) -> list[dict[str, Any]]:
        """What a pending row shows besides the forms, one dict per item, gathered for all at once."""
        raise NotImplementedError

    def approve(self, request: HttpRequest, item: Any, data: dict[str, Any]) -> list[Any]:
        """Approve with the form's data: post the message and return [], or return what refused it;
        DecisionError when it cannot be decided any more."""
        raise NotImplementedError

    def reject(self, request: HttpRequest, item: Any, data: dict[str, Any]) -> list[Any]:
        """Reject with the form's note (the same for every kind), post the message, return []."""
        reject_pending(item, signed_in_user(request), note=data["note"])
        messages.success(request, self.rejected % {"name": item.employee.full_name})
        return []

    def detail(self, request: HttpRequest, item: Any, row: Row | None = None) -> HttpResponse:
        """The item's page, with its decision row when the user may decide it (`row`: one that failed)."""
        raise NotImplementedError

    def _all(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def visible(self, request: HttpRequest) -> QuerySet[Any]:
        """What the user may read."""
        return self._all().select_related("employee__unit", "decided_by__employee", "on_behalf_of").filter(
            employee__in=access_for(request).readable_people()
        )

    def decidable(self, request: HttpRequest) -> QuerySet[Any]:
        """What the user may decide, whatever its status."""
        return self._all().select_related("employee__unit").filter(
            employee__in=access_for(request).decidable_people()
        )

    def pending(self, request: HttpRequest) -> QuerySet[Any]:
        """What waits for the user's decision, oldest first."""
        pending = self.model.Status.PENDING
        return self.decidable(request).filter(status=pending).order_by("created_at", "id")

    def own(self, request: HttpRequest) -> QuerySet[Any]:
        """The signed-in person's own items (none for an account without an employee record)."""
        employee = access_for(request).employee
        return self._all().filter(employee=employee) if employee is not None else self._all().none()

    @property
    def withdrawable(self) -> bool:
        return hasattr(self.model.Status, "WITHDRAWN")

    def may_withdraw(self, request: HttpRequest, item: Decision) -> bool:
        """Whether the user may withdraw the item: their own, still pending, of a kind that allows it."""
        employee = access_for(request).employee
        own = employee is not None and employee.pk == item.employee_id  # type: ignore[attr-defined]
        return self.withdrawable and own and item.status == item.Status.PENDING

    def may_decide(self, request: HttpRequest, item: Decision) -> bool:
        if not access_for(request).decides or item.status != item.Status.PENDING:
            return False
        return self.decidable(request).filter(pk=item.pk).exists()

    def page_context(self, request: HttpRequest, item: Any, row: Row | None = None) -> dict[str, Any]:
        """What the item's page shows of the workflow: its decision row when the user may decide it
        (`row`: the one of a failed decision), and whether the item is the user's own."""
        if row is None and self.may_decide(request, item):
            row = self.rows(request, [item])[0]
        employee = access_for(request).employee
        return {
            "row": row,
            "is_own": employee is not None and employee.pk == item.employee_id,
            "may_withdraw": self.may_withdraw(request, item),
            "withdraw_url": self.withdraw_url,
        }

    def rows(self, request: HttpRequest, items: Iterable[Any], bound: dict[int, Bound] | None = None) -> list[Row]:
        """One row per pending item with its decision forms (those of a failed decision in `bound`, by pk);
        the kind's facts are gathered once for all the items."""
        bound = bound or {}
        items = list(items)
        rows = []
        for item, facts in zip(items, self.facts(request, items) if items else [], strict=True):
            forms = bound.get(item.pk, {})
            rows.append(
                {
                    "item": item,
                    **facts,
                    "approve_form": forms.get("approve") or decision_form("approve", item),
                    "reject_form": forms.get("reject") or decision_form("reject", item),
                    "refusal": forms.get("refusal", []),
                }
            )
        return rows


def reject_pending(item: Decision, actor: Any, *, note: str) -> None:
    """Reject a pending item: one transaction with its row locked, and one audit event."""
    with transaction.atomic():
        locked = item.lock_pending()
        locked.decide(locked.Status.REJECTED, actor, note)
        audit.record(actor, AuditEvent.Action.REJECTED, note=note, **locked.decision_trail())
    item.refresh_from_db()


def withdraw_pending(item: Decision, actor: Any) -> None:
    """The person takes back their pending item: one transaction with its row locked, and one audit event;
    DecisionError once it was decided."""
    with transaction.atomic():
        locked = item.lock_pending()
        locked.status = locked.Status.WITHDRAWN
        locked.save(update_fields=["status"])
        audit.record(actor, AuditEvent.Action.WITHDRAWN, **locked.trail())
    item.refresh_from_db()
