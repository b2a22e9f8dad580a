"""Corrections: the checks a request must pass, and the services that submit and approve it (the
decision fields and the rejection are those of every kind: policy.approvals).

An approval never edits a check-in: it adds correcting events (method "correction", pointing at the
correction and at the event they replace), and attendance.evaluation.bulk.evaluate leaves replaced events out.
A "DL mendadak" becomes an approved one-day dinas luar arrangement instead of an event: the plan is
where DL lives, so every board, calendar and recap shows it without a second way of computing it.
Every step is one transaction and one audit event (data: {"correction": code}).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.evaluation.bulk import events_by_day, local
from attendance.models import CheckIn, Correction, MonthLock
from policy import audit
from policy.approvals import attachments, notices
from policy.approvals.decision import DecisionError
from policy.models import Arrangement, AuditEvent
from policy.plan import day_plan
from policy.plan.building import build_plan, tables
from units import clock
from units.models import Employee

JAKARTA = ZoneInfo("Asia/Jakarta")
Kind = Correction.Kind
Status = Correction.Status
# The plan modes on which check-ins decide the day: only those days can be corrected.
CORRECTABLE_MODES = (day_plan.ONSITE, day_plan.WFH)
AWAY_WORDS = {
    day_plan.DL: gettext_lazy("dinas luar"),
    day_plan.CUTI: gettext_lazy("cuti"),
    day_plan.SAKIT: gettext_lazy("sakit"),
    day_plan.IZIN: gettext_lazy("izin"),
}


class CorrectionError(DecisionError):
    """A correction cannot be submitted or decided; the message says why, in Bahasa Indonesia."""


def month_text(day: dt.date) -> str:
    return date_format(day, "F Y")


def locked_message(day: dt.date) -> str:
    return _(
        "Bulan %(month)s sudah dikunci setelah verifikasi rekap; presensinya tidak dapat dikoreksi lagi. "
        "Hubungi admin BKPSDM bila ada kekeliruan."
    ) % {"month": month_text(day)}


def counting_events(employee: Employee, day: dt.date) -> list[CheckIn]:
    """The day's events that count now (replaced ones left out), oldest first (one query)."""
    return events_by_day([employee.pk], day, day).get((employee.pk, day), [])


def flagged_events(events: list[CheckIn]) -> list[CheckIn]:
    return [e for e in events if e.flagged]


def day_refusal(employee: Employee, day: dt.date, kind: str, *, planned: day_plan.PlannedDay | None = None) -> str:
    """Why this day cannot get this kind of correction, or "" when it can (about 15 queries)."""
    if day > clock.today():
        return _("Koreksi hanya untuk hari ini atau hari yang sudah lewat.")
    if MonthLock.is_locked(day):
        return locked_message(day)
    planned = planned or build_plan([employee], [day]).cells[(employee.pk, day)]
    if planned.mode in (day_plan.LIBUR, day_plan.OFF):
        return _("%(date)s bukan hari kerja Anda, jadi tidak ada presensi yang perlu dikoreksi.") % {
            "date": date_format(day, "l, j F Y")
        }
    # A DL at an activity site is checked in there (SE BKPSDM 4/2025), so its check-ins can be corrected too;
    # not with "DL mendadak": it is a DL already.
    at_site = planned.site is not None and kind != Kind.DL
    if planned.mode not in CORRECTABLE_MODES and not at_site:
        return _(
            "Pada %(date)s Anda sudah tercatat %(mode)s (pengajuan disetujui), jadi presensi hari itu tidak dihitung."
        ) % {"date": date_format(day, "j F Y"), "mode": AWAY_WORDS.get(planned.mode, planned.mode)}
    if Correction.objects.filter(employee=employee, date=day, kind=kind, status=Status.PENDING).exists():
        return _(
            "Koreksi '%(kind)s' untuk %(date)s sudah diajukan dan masih menunggu keputusan kepala unit."
        ) % {"kind": Kind(kind).label, "date": date_format(day, "j F Y")}
    if kind == Kind.GPS and not flagged_events(counting_events(employee, day)):
        return _(
            "Pada %(date)s tidak ada presensi yang ditandai masalah lokasi. Pilih jenis koreksi lain."
        ) % {"date": date_format(day, "j F Y")}
    return ""


def break_window(employee: Employee, day: dt.date, planned: day_plan.PlannedDay) -> tuple[dt.datetime, dt.datetime] | None:
    """The break check-in window of the person's day (naive local), or None when the day asks for none: the
    hours the plan gives it (the assigned shift, or the schedule's day), from memory."""
    hours = tables().hours_of(employee.effective_schedule_id, day, planned)
    return hours.break_window(day) if hours is not None else None


def _record(actor, action, correction: Correction, note: str, **extra) -> AuditEvent:
    return audit.record(actor, action, note=note, **correction.decision_trail(), **extra)


def submit(employee: Employee, actor, data: dict) -> Correction:
    """Record a pending correction; the checks run again with the person's row locked, so two
    submissions at once cannot both pass the "not twice pending" check."""
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        problem = day_refusal(employee, data["date"], data["kind"])
        if problem:
            raise CorrectionError(problem)
        correction = Correction.objects.create(
            employee=employee,
            date=data["date"],
            kind=data["kind"],
            time_in=data.get("time_in") if data["kind"] == Kind.FORGOT_IN else None,
            time_out=data.get("time_out") if data["kind"] == Kind.FORGOT_OUT else None,
            time_break=data.get("time_break") if data["kind"] == Kind.FORGOT_BREAK else None,
            spt_number=data.get("spt_number", "") if data["kind"] == Kind.DL else "",
            reason=data["reason"],
            attachment=attachments.renamed(data.get("attachment")),
        )
        _record(actor, AuditEvent.Action.REQUESTED, correction, correction.reason)
        notices.waiting(correction)
    return correction


def aware(day: dt.date, time: dt.time, *, after: dt.datetime | None = None) -> dt.datetime:
    """The local time on that date in Asia/Jakarta; a check-out at or before the check-in (a night
    shift) falls on the next day."""
    moment = dt.datetime.combine(day, time, tzinfo=JAKARTA)
    if after is not None and moment <= after:
        moment += dt.timedelta(days=1)
    return moment


def _event(correction: Correction, actor, kind: str, at: dt.datetime, replaces: CheckIn | None, **extra) -> CheckIn:
    return CheckIn.objects.create(
        employee=correction.employee,
        date=correction.date,
        kind=kind,
        at=at,
        method=CheckIn.Method.CORRECTION,
        unit=replaces.unit if replaces else correction.employee.unit,
        planned_mode=replaces.planned_mode if replaces else "",
        correction=correction,
        corrects=replaces,
        created_by=actor,
        **extra,
    )


def _apply(correction: Correction, actor, note: str) -> tuple[list[CheckIn], Arrangement | None]:
    """The correcting events (or the DL arrangement) of an approval; inside its transaction."""
    events = counting_events(correction.employee, correction.date)
    ins = [e for e in events if e.kind == CheckIn.Kind.IN]
    outs = [e for e in events if e.kind == CheckIn.Kind.OUT]
    if correction.kind == Kind.FORGOT_IN:
        # The first check-in counts: a wrong (late) one is replaced by the corrected time.
        replaces = ins[0] if ins else None
        assert correction.time_in is not None  # CorrectionForm requires it for this kind
        at = aware(correction.date, correction.time_in)
        return [_event(correction, actor, CheckIn.Kind.IN, at, replaces)], None
    if correction.kind == Kind.FORGOT_OUT:
        # The last check-out counts: an early one (pressed by mistake) is replaced.
        replaces = outs[-1] if outs else None
        first_in = ins[0].at if ins else None
        assert correction.time_out is not None  # CorrectionForm requires it for this kind
        at = aware(correction.date, correction.time_out, after=first_in)
        return [_event(correction, actor, CheckIn.Kind.OUT, at, replaces)], None
    if correction.kind == Kind.FORGOT_BREAK:
        # The day's first break check-in counts: one outside the break window is replaced.
        breaks = [e for e in events if e.kind == CheckIn.Kind.BREAK]
        assert correction.time_break is not None  # CorrectionForm requires it for this kind
        first_in = ins[0].at if ins else None
        at = aware(correction.date, correction.time_break, after=first_in)
        return [_event(correction, actor, CheckIn.Kind.BREAK, at, breaks[0] if breaks else None)], None
    if correction.kind == Kind.GPS:
        flagged = flagged_events(events)
        if not flagged:
            raise CorrectionError(
                _("Tidak ada lagi presensi yang ditandai masalah lokasi pada hari itu; tidak ada yang diubah.")
            )
        return [
            _event(
                correction, actor, e.kind, e.at, e,
                location=CheckIn.Location.INSIDE,
                latitude=e.latitude, longitude=e.longitude,
                accuracy_m=e.accuracy_m, distance_m=e.distance_m,
            )
            for e in flagged
        ], None
    # DL mendadak: an approved one-day dinas luar with the SPT number, decided by the approver.
    planned = build_plan([correction.employee], [correction.date]).cells[
        (correction.employee_id, correction.date)
    ]
    if planned.mode not in CORRECTABLE_MODES:
        raise CorrectionError(
            _("Hari itu sudah tercatat %(mode)s; tidak ada yang diubah.")
            % {"mode": AWAY_WORDS.get(planned.mode, _("bukan hari kerja"))}
        )
    arrangement = Arrangement.objects.create(
        employee=correction.employee,
        kind=Arrangement.Kind.DL,
        start_date=correction.date,
        end_date=correction.date,
        working_days=1,
        spt_number=correction.spt_number,
        reason=correction.reason,
        status=Arrangement.Status.APPROVED,
        decided_by=actor,
        decided_at=clock.now(),
        decision_note=note,
    )
    return [], arrangement


def approve(correction: Correction, actor, *, note: str = "") -> list[CheckIn]:
    """Approve: the month is checked again with the correction row locked, then the correcting events
    are added. Returns the new events (none for a DL, which becomes an approved arrangement).
    DecisionError once it is no longer pending."""
    with transaction.atomic():
        locked = correction.lock_pending()
        if MonthLock.is_locked(locked.date):
            raise CorrectionError(locked_message(locked.date))
        # Two approvals for the same person's day are serialised: each sees the other's events.
        Employee.objects.select_for_update().filter(pk=locked.employee_id).first()
        events, arrangement = _apply(locked, actor, note)
        locked.decide(Status.APPROVED, actor, note)
        _record(
            actor,
            AuditEvent.Action.APPROVED,
            locked,
            note,
            arrangement=arrangement,
            events=[
                {"kind": e.kind, "at": local(e.at).strftime("%Y-%m-%d %H:%M:%S"), "corrects": e.corrects_id}
                for e in events
            ],
        )
    correction.refresh_from_db()
    return events

