"""Taking back a check-out (issue 16): a second tap on the big button right after arriving recorded "pulang 08:12"
and took a counter officer off the coverage count. Within CHECKOUT_UNDO_MINUTES of it, the person who made a
check-out can undo it: a CheckoutUndo is appended beside it (the check-out stays as it happened, and counts for
nothing from then on), the audit trail says so, and the person's kept presence row follows."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from attendance.checkin import recording
from attendance.models import CheckIn, CheckoutUndo, MonthLock
from attendance.presence import kept
from policy import audit
from policy.models import AuditEvent
from units.models import Employee


class Refused(Exception):
    """Why the check-out cannot be taken back, in words for the person."""


def undo(employee: Employee, user, checkin_id: int, now: dt.datetime) -> CheckIn:
    """Take back the person's own check-out `checkin_id` made within the window; Refused says why not."""
    checkin = CheckIn.objects.with_verification().filter(pk=checkin_id, employee=employee).first()
    if checkin is None or checkin.kind != CheckIn.Kind.OUT or checkin.method == CheckIn.Method.CORRECTION:
        raise Refused(_("Presensi pulang ini tidak ditemukan di antara presensi Anda."))
    if checkin.undone:
        raise Refused(_("Presensi pulang ini sudah dibatalkan."))
    window = recording.undo_window()
    if now - checkin.at > window:
        raise Refused(
            _("Presensi pulang hanya dapat dibatalkan dalam %(minutes)s menit sesudahnya. Bila tercatat keliru, ajukan koreksi.")
            % {"minutes": int(window.total_seconds() // 60)}
        )
    if MonthLock.is_locked(checkin.date):
        raise Refused(_("Bulan ini sudah dikunci setelah verifikasi rekap; presensinya tidak dapat diubah lagi."))
    try:
        with transaction.atomic():
            CheckoutUndo.objects.create(checkin=checkin, at=now, by=user)
            audit.record(
                user, AuditEvent.Action.CHECKOUT_UNDONE, employee=employee,
                checkin=checkin.pk, date=checkin.date.isoformat(), checked_out=checkin.at.isoformat(),
            )
            kept.refresh([employee.pk], checkin.date, now)
    except IntegrityError:  # a second tap on the undo button: the first one won
        raise Refused(_("Presensi pulang ini sudah dibatalkan.")) from None
    return checkin
