from policy.models import AuditEvent


def record(actor, action, *, policy=None, employee=None, arrangement=None, note="", **data) -> AuditEvent:
    """Append one event to the audit trail (never updated or deleted through the app)."""
    return AuditEvent.objects.create(
        actor=actor, action=action, policy=policy, employee=employee, arrangement=arrangement,
        note=note, data=data,
    )


def record_account_event(sender, *, actor, employee, action, note="", **data) -> None:
    """units.passwords.resets.account_event: a password step, in the person's audit trail."""
    data.pop("signal", None)
    record(actor, action, employee=employee, note=note, **data)
