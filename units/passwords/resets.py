"""Passwords are the person's own: heads issue one-time codes, admins an audited temporary password.

Nobody sets another person's password and keeps it secret from them. A head, an operator or an admin
*issues a code* (`issue`): shown once to whoever issued it, or e-mailed by a task when the person has
an e-mail address. The person *redeems* it (`redeem`) by choosing a new password themselves; the code
is good once, for PASSWORD_RESET_MINUTES and a few wrong tries. An admin may instead *set a temporary
password* (`set_temporary`) with a written reason; the person must then choose their own at their
next sign-in. Every step is sent as `account_event`, which policy writes to the audit trail (units
cannot import policy), so the person sees it in their history.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils.translation import gettext as _

from units.models import Employee, PasswordReset

# The actions sent with account_event; policy.models.AuditEvent.Action lists them.
RESET_ISSUED = "pw_reset_issued"
RESET_USED = "pw_reset_used"
TEMPORARY_SET = "pw_temporary_set"
CHANGED = "pw_changed"

# Sent with actor (the user who acted), employee, action (one of the above), note and data.
account_event = Signal()

# Letters and digits a person reads out without confusion (no 0/O, 1/I/L); 8 of them: 31^8 ≈ 8.5e11.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
MAX_TRIES = 5


class AccountTaken(Exception):
    """The NIP already names another login (an admin's, someone else's): nothing is issued."""


def new_secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(secret: str) -> str:
    """ABCD-EFGH: easier to read out and type."""
    return f"{secret[:4]}-{secret[4:]}"


def normalized(typed: str) -> str:
    """What the person typed, as issued: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def masked(email: str) -> str:
    """s•••@bengkulukota.go.id: enough for the head to know where it went, not the whole address."""
    name, _sep, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def _login_for(employee: Employee) -> User:
    """The person's login, created (with no usable password) for someone who has none yet."""
    if employee.user is not None:  # a null login is None without a query
        return employee.user
    users = get_user_model()
    if users.objects.filter(username=employee.nip).exists():
        raise AccountTaken
    user = users(username=employee.nip, first_name=employee.full_name[:150])
    user.set_unusable_password()
    user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return user


def issue(employee: Employee, by: User, *, now: dt.datetime) -> tuple[PasswordReset, str | None]:
    """A new code for the person; the codes issued before it end. Returns the row and the code, which
    is kept nowhere else: show it once. When the person has an e-mail address the code is None: the
    delivery task makes it (`deliver`), so it passes neither through the issuer's screen nor through
    the task's arguments."""
    with transaction.atomic():
        user = _login_for(employee)
        PasswordReset.objects.filter(
            employee=employee, used_at__isnull=True, ended_at__isnull=True
        ).update(ended_at=now)
        secret = None if user.email else new_secret()
        reset = PasswordReset.objects.create(
            employee=employee,
            secret_hash=make_password(secret) if secret else "",  # "": waits for its delivery
            issued_by=by,
            issued_at=now,
            expires_at=now + dt.timedelta(minutes=settings.PASSWORD_RESET_MINUTES),
            sent_to=masked(user.email) if user.email else "",
        )
        account_event.send(
            issue, actor=by, employee=employee, action=RESET_ISSUED, note="",
            reset=str(reset.code), sent_to=reset.sent_to,
        )
    return reset, secret


def deliver(reset_code: str) -> str | None:
    """Make the code of a reset issued for e-mail and return it, once: a second run (a retry, another
    worker) finds the reset already made and returns None, so the person never gets two codes."""
    secret = new_secret()
    claimed = PasswordReset.objects.filter(
        code=reset_code, secret_hash="", used_at__isnull=True, ended_at__isnull=True
    ).update(secret_hash=make_password(secret))
    return secret if claimed else None


@dataclass(frozen=True)
class Redeemed:
    ok: bool
    message: str = ""
    employee: Employee | None = None


def _refused() -> Redeemed:
    # The same words whatever was wrong, so the page tells nobody which NIPs have a code.
    return Redeemed(
        False,
        _(
            "NIP atau kode tidak cocok, atau kode sudah tidak berlaku. Periksa lagi; bila tetap "
            "gagal, minta kode baru kepada kepala unit atau admin BKPSDM."
        ),
    )


def redeem(nip: str, typed: str, new_password: str, *, now: dt.datetime) -> Redeemed:
    """The person sets `new_password` with a code issued to them (the caller validated the password)."""
    with transaction.atomic():
        reset = (
            PasswordReset.objects.select_for_update(of=("self",))
            .select_related("employee__user")
            .filter(
                employee__nip=nip,
                employee__is_active=True,
                used_at__isnull=True,
                ended_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("-issued_at", "-id")
            .first()
        )
        if reset is None or reset.employee.user is None:  # no code, or its login was removed since
            return _refused()
        if not check_password(normalized(typed), reset.secret_hash):
            tries = reset.failed_attempts + 1
            PasswordReset.objects.filter(pk=reset.pk).update(
                failed_attempts=F("failed_attempts") + 1,
                ended_at=now if tries >= MAX_TRIES else None,
            )
            return _refused()
        employee, user = reset.employee, reset.employee.user
        user.set_password(new_password)
        user.save(update_fields=["password"])
        PasswordReset.objects.filter(pk=reset.pk).update(used_at=now)
        Employee.objects.filter(pk=employee.pk).update(password_change_required=False)
        account_event.send(
            redeem, actor=user, employee=employee, action=RESET_USED, note="", reset=str(reset.code)
        )
    return Redeemed(True, employee=employee)


def set_temporary(employee: Employee, by: User, password: str, reason: str, *, now: dt.datetime) -> None:
    """An admin's override: a temporary password, which the person must replace at their next
    sign-in. Open codes end: the temporary password is now the way in."""
    with transaction.atomic():
        user = _login_for(employee)
        user.set_password(password)
        user.save(update_fields=["password"])
        Employee.objects.filter(pk=employee.pk).update(password_change_required=True)
        employee.password_change_required = True
        PasswordReset.objects.filter(
            employee=employee, used_at__isnull=True, ended_at__isnull=True
        ).update(ended_at=now)
        account_event.send(set_temporary, actor=by, employee=employee, action=TEMPORARY_SET, note=reason)


def overridden_in_admin(user: User, *, by: User) -> None:
    """A password an admin set for `user` in the Django admin: as set_temporary, without the form."""
    employee = Employee.objects.filter(user=user).first()
    if employee is not None and user != by:
        Employee.objects.filter(pk=employee.pk).update(password_change_required=True)
    account_event.send(
        overridden_in_admin, actor=by, employee=employee, action=TEMPORARY_SET, note="Django admin",
        user=user.username,
    )


def changed_own(employee: Employee, user: User) -> None:
    """The person changed their own password (with the old one): recorded, and no longer required."""
    if employee.password_change_required:
        Employee.objects.filter(pk=employee.pk).update(password_change_required=False)
        employee.password_change_required = False
    account_event.send(changed_own, actor=user, employee=employee, action=CHANGED, note="")
