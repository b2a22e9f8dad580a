"""The decision fields every decidable thing carries, and the two steps every decision takes.

Imported by the apps' models.py (an abstract model adds no table and no migration), so it imports no
model module of its own.
"""

from collections.abc import Callable
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policy.approvals import notices
from units import clock
from units.access import access_for_user
from units.models import Deputy, Employee


class DecisionError(Exception):
    """A decision (or another step of a request) cannot be taken; the message says why, in Bahasa
    Indonesia."""


class Decision(models.Model):
    """A thing a head or a city admin approves or rejects. Besides these fields, a concrete model has a
    public `code`, an `employee`, a `status` with `Status.PENDING`, `APPROVED` and `REJECTED`, a
    `created_at`, an `attachment`, `already_decided` (the refusal of a second decision, with
    %(status)s), `trail()` and `page_url()`; a `Status.WITHDRAWN` when the person may withdraw it."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    # Decided by a deputy (Plh./Plt., units.models.Deputy): as what, and the head on whose behalf ("a.n.");
    # empty when the decider's own role decided (the head, the head above, a city admin).
    deputy_kind = models.CharField(_("sebagai"), max_length=3, choices=Deputy.Kind, blank=True)
    on_behalf_of = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("atas nama")
    )

    # Provided by the concrete model (see the docstring); declared for the readers of this class.
    Status: Any
    status: Any
    employee: Any
    get_status_display: Callable[[], str]
    already_decided: Any

    class Meta:
        abstract = True

    def lock_pending(self) -> Self:
        """This row again, locked until the transaction ends, with its employee and unit; DecisionError
        once it is no longer pending (another head decided, or the person cancelled)."""
        locked = (
            type(self)
            ._default_manager.select_for_update(of=("self",))
            .select_related("employee__unit")
            .get(pk=self.pk)
        )
        if locked.status != self.Status.PENDING:
            raise DecisionError(
                self.already_decided % {"status": locked.get_status_display().lower()}
            )
        return locked

    def page_url(self) -> str:
        """The item's page (not get_absolute_url: the Django admin would link to it)."""
        raise NotImplementedError

    def trail(self) -> dict[str, Any]:
        """How this is named in the audit trail: policy.audit.record's keywords (the employee, and a key
        or the code)."""
        raise NotImplementedError

    def decide(self, status: str, actor: Any, note: str, *also: str) -> None:
        """Record the decision (and the fields named in `also`, set by the caller) on a locked row; a
        deputy's records as what they decided and on whose behalf (units.access.Access.deputy_for)."""
        deputy = access_for_user(actor).deputy_for(self.employee)
        self.status = status
        self.decided_by = actor
        self.decided_at = clock.now()
        self.decision_note = note
        self.deputy_kind = deputy.kind if deputy else ""
        self.on_behalf_of = deputy.head if deputy else None
        fields = ["status", "decided_by", "decided_at", "decision_note", "deputy_kind", "on_behalf_of"]
        self.save(update_fields=[*fields, *also])
        notices.decided(self)

    def decision_trail(self) -> dict[str, Any]:
        """trail() of a decided item, with the deputy's part when a deputy decided: what the audit event of
        an approval or a rejection records."""
        if not self.deputy_kind:
            return self.trail()
        head = self.on_behalf_of.full_name if self.on_behalf_of else ""
        return {**self.trail(), "deputy_kind": self.deputy_kind, "on_behalf_of": head}
