"""The check-in hot path: the person's business day, where they are, one insert.

A check-in POST costs six statements in four round trips on PostgreSQL: the session, the user with the
employee (units.access), their own plan inputs for yesterday and today (approved arrangements and the
head's assignments, through the queryset methods `build_plan` uses) together with the events of those two
days in one round trip (three prepared statements), and the insert. The slow-changing tables the plan needs (unit paths, policies,
holidays, schedules, shifts, deduction bands, the units' other places of check-in) come from memory
(policy.plan.reference, attendance.checkin.places); a DL's activity site comes with the person's plan
inputs. The plan itself is
the bulk form with one element (policy.plan.building.person_cells). Nothing here reads boards or recaps.
The reads and the insert are the ORM's statements compiled once (attendance.checkin.sql). A phone
check-in outside every place (a flagged location) is inserted with its pending Verification in one
transaction (attendance.verification.opening): one more insert, for those only; it counts once a head
accepts its reason (SE BKPSDM 4/2025), and the day's events carry their verification from the same read.

Integrity: the database allows one "in" per person and day (checkin_one_in_per_day), one use of a form
token (CheckIn.token) and one use of a kiosk code per person (checkin_qr_once_per_person). The insert
runs in a savepoint; when a constraint refuses it, the row that won is returned instead, so double taps,
retries and concurrent requests all get the same first check-in back.

A check-out may be repeated (the latest one counts), but one departure is in effect per person and day:
a new check-out supersedes the day's departure (CheckIn.supersedes), and the database lets a day's
departures form one chain only (checkin_one_first_out_per_day, checkin_superseded_once). Concurrent
check-outs that read the same day collide there and get the winner back, and one within
DEPARTURE_REPEAT_WINDOW of the departure in effect is answered with it without writing: a storm of
taps stores one row.

Moments (SE BKPSDM Kota Bengkulu 4/2025): the moment due now (`Day.next_kind`) is the arrival until there
is one; then, inside the day's break window (units.schedule.Hours.break_window) and until a break check-in
exists, the break (one a day: checkin_one_break_per_day); otherwise the departure. The break is offered only
inside its window: a "Presensi istirahat" sent outside it is refused in words (`break_refusal`), and a
"Presensi pulang" sent from a page left open into the window is refused with the break's hours, so a tap
never turns into another moment than its button said. The kiosk records the moment due now.

Places (SE BKPSDM Kota Bengkulu 4/2025): a phone check-in is compared with the places of the day
(`fences_for`: the unit's point and its other places on site, the registered home on a WFH day, only the
activity site on a DL that has one) and is inside a place within its radius (15 m by default) with an
accuracy no worse than it: the accuracy earns no credit (geo.locate). A position too imprecise for a place it
could be inside of is answered RETRY, nothing stored, until CHECKIN_ACCURACY_TRIES attempts; then it is taken
as it is, flagged INACCURATE. The row names the place it was made at (CheckIn.place_name).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from attendance.checkin import geo, places, sql
from attendance.evaluation.bulk import counting, local, remembered_bands
from attendance.evaluation.status import (
    CHECKOUT_WINDOW,
    DayStatus,
    awaiting_verification,
    evaluate_day,
)
from attendance.models import FLAGGED_LOCATIONS, CheckIn, Presence
from attendance.presence import kept as presence
from attendance.verification import opening
from policy.plan import day_plan
from policy.plan.building import person_cells, tables
from units import words
from units.models import Employee, Passkey, Unit
from units.schedule import Hours, in_window, window_over

IN, OUT, BREAK = CheckIn.Kind.IN, CheckIn.Kind.OUT, CheckIn.Kind.BREAK
Location = CheckIn.Location
CORRECTION = CheckIn.Method.CORRECTION

# A check-out this soon after the departure in effect is the same departure tapped again (a double tap,
# a storm of retries with new forms): it is answered with that departure rather than replacing it.
DEPARTURE_REPEAT_WINDOW = dt.timedelta(seconds=60)

# What the browser reported (the form's hidden location_status field).
POSITION_OK = "ok"
POSITION_STATUSES = {
    "denied": Location.DENIED,
    "unavailable": Location.UNAVAILABLE,
    "timeout": Location.TIMEOUT,
}

# Outcomes of `record`.
RECORDED = "recorded"
DUPLICATE = "duplicate"  # a retry or a second "in": the first row is returned
NEEDS_REASON = "needs_reason"
REFUSED = "refused"
CONFIRM = "confirm"  # a check-out well before the end of the hours (confirm_early_out): ask first
RETRY = "retry"  # a position too imprecise for the place: wait for a better fix and try again (nothing stored)


# The pure part: where is the person, and what does that mean.


# Names a check-in stores for the places that have none of their own (CheckIn.place_name): data, kept in
# Indonesian whatever the language of the page that made the check-in.
OFFICE_NAME = gettext_noop("Kantor %(unit)s")
HOME_NAME = gettext_noop("Rumah terdaftar")
SITE_NAME = gettext_noop("Lokasi kegiatan dinas luar")

Fence = geo.Fence


@dataclass(frozen=True)
class Position:
    """What the phone said; status is "ok", "denied", "unavailable", "timeout" or "" (no script)."""

    latitude: float | None = None
    longitude: float | None = None
    accuracy: float | None = None
    status: str = ""

    @property
    def known(self) -> bool:
        return (
            self.status == POSITION_OK
            and self.latitude is not None
            and self.longitude is not None
            and self.accuracy is not None
        )


@dataclass(frozen=True)
class Where:
    """Where a phone check-in was made (`locate`): the CheckIn.Location, the distance in metres to `fence`
    (the place it is inside, or the nearest one: geo.Fix) and the accuracy the phone reported."""

    location: str
    distance: int | None = None
    fence: Fence | None = None
    accuracy: int | None = None

    @property
    def place_name(self) -> str:
        """What CheckIn.place_name stores: the place's name inside it, else ""."""
        return self.fence.name if self.location == Location.INSIDE and self.fence is not None else ""


def fences_for(employee: Employee, cell: day_plan.PlannedDay) -> list[Fence]:
    """The places of the day where a check-in counts (`employee.unit` loaded): on a DL with an activity
    site, only the site; on site, the unit's own point and its active places (units.Place, from memory); on
    a WFH day, the registered home. Empty when there is no point to compare with."""
    unit = employee.unit
    if cell.site is not None:
        site = cell.site
        return [Fence(geo.SITE, site.name or SITE_NAME, site.latitude, site.longitude, site.radius_m)]
    if cell.mode == day_plan.ONSITE:
        found = list(places.of_unit(unit.pk))
        if unit.latitude is not None and unit.longitude is not None:
            office = OFFICE_NAME % {"unit": unit.short_name}
            found.insert(
                0, Fence(geo.OFFICE, office, float(unit.latitude), float(unit.longitude), unit.geofence_radius_m)
            )
        return found
    if cell.mode == day_plan.WFH and employee.home_latitude is not None and employee.home_longitude is not None:
        home = (float(employee.home_latitude), float(employee.home_longitude))
        return [Fence(geo.HOME, HOME_NAME, *home, unit.geofence_radius_m)]
    return []


def locate(position: Position, fences: list[Fence]) -> Where:
    """Where the position is among the places of the day (geo.locate: no credit for the accuracy). A
    location that could not be read is flagged whether or not there is a place: it is asked for on every
    check-in."""
    if not position.known or position.latitude is None or position.longitude is None or position.accuracy is None:
        return Where(POSITION_STATUSES.get(position.status, Location.UNAVAILABLE))
    accuracy = round(position.accuracy)
    fix = geo.locate(position.latitude, position.longitude, position.accuracy, fences)
    if fix is None:
        return Where(Location.NOT_CHECKED, accuracy=accuracy)
    return Where(fix.location, round(fix.distance), fix.fence, accuracy)


def location_problem(where: Where) -> str:
    """The flag in plain words ("Di luar radius kantor (320 m)"), or "" when nothing is wrong."""
    location, distance, fence = where.location, where.distance, where.fence
    if location == Location.OUTSIDE:
        assert distance is not None  # measured from the nearest place: outside it by this much
        if fence is not None and fence.kind == geo.HOME:
            return _("Di luar radius rumah terdaftar (%(m)s)") % {"m": words.distance(distance)}
        if fence is not None and fence.kind != geo.OFFICE:
            return _("Di luar radius %(place)s (%(m)s)") % {"place": fence.name, "m": words.distance(distance)}
        return _("Di luar radius kantor (%(m)s)") % {"m": words.distance(distance)}
    if location == Location.INACCURATE and fence is not None:
        return _(
            "Akurasi lokasi ponsel ±%(accuracy)s m, lebih besar dari radius %(place)s (%(radius)s m), jadi "
            "presensi ini dicatat sebagai di luar radius"
        ) % {"accuracy": where.accuracy, "place": fence.name, "radius": fence.radius_m}
    if location == Location.DENIED:
        return _("Izin lokasi ditolak di peramban")
    if location == Location.TIMEOUT:
        return _("Lokasi tidak didapat (waktu habis)")
    if location == Location.UNAVAILABLE:
        return _("Lokasi tidak tersedia")
    return ""


def retry_text(where: Where, attempt: int, attempts: int) -> str:
    """The answer to a position too imprecise for the place it could be inside of: wait for a better fix."""
    assert where.fence is not None
    return _(
        "Akurasi lokasi ponsel Anda ±%(accuracy)s m, sedangkan radius %(place)s %(radius)s m: posisi Anda "
        "belum bisa dipastikan. Tunggu sebentar, sebaiknya dekat jendela atau di tempat terbuka, sampai "
        "akurasinya membaik, lalu tekan Coba lagi (percobaan %(attempt)s dari %(attempts)s)."
    ) % {
        "accuracy": where.accuracy,
        "place": where.fence.name,
        "radius": where.fence.radius_m,
        "attempt": attempt,
        "attempts": attempts,
    }


def site_kiosk_refusal(site: day_plan.Site) -> str:
    return _(
        "Hari ini Anda dinas luar dengan lokasi kegiatan %(place)s: presensi dengan tombol di halaman Presensi "
        "dari lokasi itu, bukan dengan kode QR kios kantor."
    ) % {"place": site.name or SITE_NAME}


def undo_window() -> dt.timedelta:
    """How long after a check-out its owner may take it back (CHECKOUT_UNDO_MINUTES)."""
    return dt.timedelta(minutes=settings.CHECKOUT_UNDO_MINUTES)


def confirm_early_out(day: "Day", now: dt.datetime) -> bool:
    """Whether a check-out now is early enough to be asked about first: more than CHECKOUT_CONFIRM_MINUTES
    before the end of the hours (the kiosk and the phone alike; a second tap just after arriving)."""
    if day.next_kind != OUT or day.hours is None:
        return False
    end = day.hours.bounds(day.date)[1]
    return local(now) < end - dt.timedelta(minutes=settings.CHECKOUT_CONFIRM_MINUTES)


def accuracy_attempts() -> int:
    """Check-in attempts with a too imprecise position before it may be sent as outside the radius."""
    return max(1, settings.CHECKIN_ACCURACY_TRIES)


# The person's day.


@dataclass
class Day:
    """One person's business day as the check-in page and the POST see it."""

    employee: Employee
    date: dt.date
    cell: day_plan.PlannedDay
    hours: Hours | None
    events: list[CheckIn]  # the events that count on `date`, in time order
    night_shift_out: bool = False  # a check-out for a shift that began yesterday
    status: DayStatus | None = field(default=None)
    # The end of the day's chain of phone and kiosk check-outs, corrected or not: what a new check-out
    # supersedes (a correction replaces a departure through `corrects`, outside the chain).
    departure: CheckIn | None = None
    now: dt.datetime | None = None  # naive local: when the moment due is asked (day_for's `now`)

    @property
    def needs_checkin(self) -> bool:
        """On site, WFH, or a DL with an activity site (checked in there)."""
        return self.cell.checks_in

    @property
    def next_kind(self) -> str | None:
        """The moment due now: arrival, break (inside its window, once) or departure."""
        if not self.needs_checkin:
            return None
        if not self.first_in:
            return IN
        return BREAK if self.break_open and self.break_in is None else OUT

    @property
    def break_window(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The day's break check-in window (naive local), when the day asks for one: on site or WFH (a DL
        at its activity site is DL whatever its check-ins, as attendance.evaluation.status says)."""
        if self.hours is None or not self.cell.checks_break:
            return None
        return self.hours.break_window(self.date)

    @property
    def break_open(self) -> bool:
        window = self.break_window
        return window is not None and self.now is not None and in_window(self.now, window)

    @property
    def break_later(self) -> bool:
        """The break check-in is still to open today (the page says when)."""
        window = self.break_window
        return window is not None and self.now is not None and self.now < window[0]

    @property
    def break_over(self) -> bool:
        window = self.break_window
        return window is not None and self.now is not None and window_over(self.now, window)

    @property
    def break_in(self) -> CheckIn | None:
        return next((e for e in self.events if e.kind == BREAK), None)

    @property
    def break_in_window(self) -> bool:
        """The day's break check-in was made inside the break window (else it does not count)."""
        window, taken = self.break_window, self.break_in
        return window is not None and taken is not None and in_window(local(taken.at), window)

    @property
    def first_in(self) -> CheckIn | None:
        return next((e for e in self.events if e.kind == IN), None)

    @property
    def last_out(self) -> CheckIn | None:
        """The latest check-out, passing over those taken back (CheckoutUndo) when an earlier one stands."""
        outs = [e for e in self.events if e.kind == OUT]
        standing = [e for e in outs if not e.undone]
        found = standing or outs
        return found[-1] if found else None

    def undoable(self, now: dt.datetime) -> CheckIn | None:
        """The day's departure in effect when its owner may still take it back (CHECKOUT_UNDO_MINUTES)."""
        last = self.last_out
        if last is None or last.undone or last.method == CORRECTION:
            return None
        return last if now - last.at <= undo_window() else None

    def repeated_departure(self, now: dt.datetime) -> CheckIn | None:
        """The departure in effect when a check-out now would only repeat it (within the window)."""
        if self.next_kind == OUT and self.departure is not None and not self.departure.undone:
            if now < self.departure.at + DEPARTURE_REPEAT_WINDOW:
                return self.departure
        return None

    @property
    def late_code(self) -> str:
        return next((c for c in self.status.codes if c.startswith("TL")), "") if self.status else ""

    @property
    def early_code(self) -> str:
        return next((c for c in self.status.codes if c.startswith("PSW")), "") if self.status else ""

    def evaluate(self, now: dt.datetime, late_bands=None, early_bands=None) -> DayStatus:
        """The day's status through attendance.evaluation.status.evaluate_day, as every board and recap does."""
        self.status = self.status_with(self.events, now, late_bands, early_bands)
        return self.status

    def status_with(self, events: list[CheckIn], now: dt.datetime, late_bands=None, early_bands=None) -> DayStatus:
        """The day's status had it these `events` (kept as they are)."""
        if late_bands is None:
            late_bands, early_bands = remembered_bands()
        counted = [e for e in events if e.counts]  # not those waiting for, or refused, verification
        ins = [local(e.at) for e in counted if e.kind == IN]
        outs = [local(e.at) for e in counted if e.kind == OUT]
        breaks = [local(e.at) for e in counted if e.kind == BREAK]
        status = evaluate_day(
            day=self.date,
            planned=self.cell,
            hours=self.hours,
            first_in=min(ins) if ins else None,
            last_out=max(outs) if outs else None,
            now=local(now),
            late_bands=late_bands,
            early_bands=early_bands,
            break_at=min(breaks) if breaks else None,
        )
        return awaiting_verification(status) if any(e.waiting for e in events) else status


def _departure(events: list[CheckIn], day: dt.date) -> CheckIn | None:
    """The end of the chain of the day's phone and kiosk check-outs (`events` in time order, corrected
    ones included): the departure no other supersedes."""
    outs = [e for e in events if e.date == day and e.kind == OUT and e.method != CORRECTION]
    superseded = {e.supersedes_id for e in outs}
    return next((e for e in reversed(outs) if e.pk not in superseded), None)


def day_for(employee: Employee, today: dt.date, now: dt.datetime) -> Day:
    """The business day a check-in made now belongs to: today, except a check-out during a night
    shift that started yesterday (yesterday's shift crosses midnight, yesterday has a check-in,
    today has none, and the shift's check-out window is still open)."""
    yesterday = today - dt.timedelta(days=1)
    arrangements, assignments, rows = sql.read(employee.pk, yesterday, today)
    found = tables()
    cells = person_cells(
        employee, [yesterday, today], arrangements=arrangements, assignments=assignments, tables=found
    )
    by_day = {day: cells[(employee.pk, day)] for day in (yesterday, today)}
    events = counting(rows)  # events_by_day for one person

    def hours(day):
        return found.hours_of(employee.effective_schedule_id, day, by_day[day])

    before, now_events = events.get((employee.pk, yesterday), []), events.get((employee.pk, today), [])
    night = hours(yesterday)
    if (
        night is not None
        and night.crosses_midnight
        and any(e.kind == IN for e in before)
        and not any(e.kind == IN for e in now_events)
        and local(now) < night.bounds(yesterday)[1] + CHECKOUT_WINDOW
    ):
        return Day(
            employee, yesterday, by_day[yesterday], night, before, night_shift_out=True,
            departure=_departure(rows, yesterday), now=local(now),
        )
    return Day(
        employee, today, by_day[today], hours(today), now_events, departure=_departure(rows, today), now=local(now)
    )


# The write.


@dataclass
class Outcome:
    result: str  # RECORDED, DUPLICATE, NEEDS_REASON, REFUSED
    day: Day
    checkin: CheckIn | None = None
    message: str = ""  # the refusal or the flag, in plain words
    location: str = ""
    distance: int | None = None
    fence: Fence | None = None
    tries: int = 0  # RETRY: the attempts made so far with a too imprecise position

    @property
    def ok(self) -> bool:
        return self.result in (RECORDED, DUPLICATE)


def _decimal(value: float | None, places: int = 6) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.{places}f}")


def not_needed_text(cell: day_plan.PlannedDay) -> str:
    if cell.mode == day_plan.LIBUR:
        return _("Hari ini libur; tidak perlu presensi.")
    if cell.mode == day_plan.OFF:
        return _("Hari ini Anda tidak dijadwalkan pada shift mana pun; tidak perlu presensi.")
    names = {day_plan.DL: _("dinas luar"), day_plan.CUTI: _("cuti"), day_plan.SAKIT: _("sakit"), day_plan.IZIN: _("izin")}
    return _("Hari ini Anda tercatat %(mode)s (pengajuan disetujui); tidak perlu presensi.") % {
        "mode": names.get(cell.mode, cell.mode)
    }


def record(
    employee: Employee,
    user,
    *,
    today: dt.date,
    now: dt.datetime,
    position: Position = Position(),
    reason: str = "",
    token=None,
    kiosk_unit: Unit | None = None,
    qr_nonce: str = "",
    intended: str = "",
    early_out_confirmed: bool = False,
    tries: int = 0,
    photo: Callable[[], str] | None = None,
    passkey: Passkey | None = None,
    device: str = "",
) -> Outcome:
    """Check the person in (or out) now. `intended` is the button the person pressed: a "Presensi
    masuk" sent after the day's check-in exists (another tab, a retry with a new form) answers with
    that check-in rather than turning into a check-out; a "Presensi istirahat" outside the break window, or
    a "Presensi pulang" while the break is due, is refused in words (`break_refusal`). With `kiosk_unit` it is a QR check-in at that
    unit: the kiosk vouches for presence, so the position is not asked for. A check-out well before the end
    of the hours (`confirm_early_out`: a scan has no button saying "pulang", and a second tap on the phone's
    button right after arriving is one) waits for `early_out_confirmed`.
    `tries`: the earlier attempts of this form answered with RETRY (a position too imprecise for the
    place); after accuracy_attempts() of them the position is taken as it is, flagged INACCURATE.
    `photo`: writes the face photo already checked (attendance.checkin.photos) and returns its storage key;
    called only once a row is about to be inserted, so a refusal, a retry for a better fix or a reason to
    type writes no file (the caller discards the file when the insert lost to an existing row).
    `passkey`: the registered phone whose passkey signed this check-in (units.passkeys.ceremony), kept on the row;
    `device`: the browser's id (attendance.checkin.device), kept for a phone check-in."""
    day = day_for(employee, today, now)
    if not day.needs_checkin:
        return Outcome(REFUSED, day, message=not_needed_text(day.cell))
    if intended == IN and day.first_in is not None:
        first = day.first_in
        return Outcome(DUPLICATE, day, first, location=first.location, distance=first.distance_m)
    if intended == BREAK and day.break_in is not None:
        taken = day.break_in
        return Outcome(DUPLICATE, day, taken, location=taken.location, distance=taken.distance_m)
    if (intended == BREAK) != (day.next_kind == BREAK) and intended in (BREAK, OUT):
        return Outcome(REFUSED, day, message=break_refusal(day))
    reason = reason.strip()
    if kiosk_unit is not None:
        replayed = CheckIn.objects.with_verification().filter(employee=employee, qr_nonce=qr_nonce).first()
        if replayed is not None:
            return _replay(day, replayed)
    repeated = day.repeated_departure(now)
    if repeated is not None:
        return _replay(day, repeated)
    kind = day.next_kind
    assert kind is not None  # needs_checkin was checked above
    if kiosk_unit is not None and day.cell.site is not None:  # the kiosk vouches for the office, not a DL's site
        return Outcome(REFUSED, day, message=site_kiosk_refusal(day.cell.site))
    if not early_out_confirmed and confirm_early_out(day, now):
        sent = CheckIn.objects.with_verification().filter(token=token).first() if token is not None else None
        if sent is not None:  # a retry of a form already saved (its answer lost): that row, not a question
            _merge(day, sent)
            return Outcome(DUPLICATE, day, sent, location=sent.location, distance=sent.distance_m)
        return Outcome(CONFIRM, day)
    location: str
    if kiosk_unit is not None:
        fence, location, distance, place_name = None, Location.NOT_CHECKED, None, ""
    else:
        fences = fences_for(employee, day.cell)
        where = locate(position, fences)
        fence, location, distance, place_name = where.fence, where.location, where.distance, where.place_name
        attempts = accuracy_attempts()
        if location == Location.INACCURATE and tries + 1 < attempts:
            return Outcome(
                RETRY, day, message=retry_text(where, tries + 1, attempts), location=location, distance=distance,
                fence=fence, tries=tries + 1,
            )
        problem = location_problem(where)
        if location in FLAGGED_LOCATIONS:
            if fences and employee.unit.outside_fence == Unit.OutsideFence.REFUSE:
                return Outcome(REFUSED, day, message=_refusal(problem), location=location, distance=distance, fence=fence)
            if not reason:
                message = _("%(problem)s: alasan wajib diisi.") % {"problem": problem}
                if location == Location.DENIED:
                    message += " " + _(
                        "Agar tidak perlu alasan, izinkan akses lokasi untuk situs ini di pengaturan "
                        "peramban, lalu tekan tombol lagi."
                    )
                return Outcome(NEEDS_REASON, day, message=message, location=location, distance=distance, fence=fence)
    row = CheckIn(
        employee=employee,
        date=day.date,
        kind=kind,
        at=now,
        method=CheckIn.Method.QR if kiosk_unit else CheckIn.Method.PHONE,
        unit=kiosk_unit or employee.unit,
        planned_mode=day.cell.mode,
        latitude=None if kiosk_unit else _decimal(position.latitude),
        longitude=None if kiosk_unit else _decimal(position.longitude),
        accuracy_m=None if kiosk_unit or position.accuracy is None else round(position.accuracy),
        distance_m=distance,
        location=location,
        place_name=place_name,
        reason=reason,
        token=token,
        qr_nonce=qr_nonce,
        photo=photo() if photo is not None else "",
        passkey=passkey,
        device="" if kiosk_unit else device,
        supersedes=day.departure if day.next_kind == OUT else None,
        created_by=user,
    )
    try:
        # With its pending Verification when it needs one (attendance.verification), and the person's kept
        # row of the day when it changes (attendance.presence.kept).
        opening.insert(row, presence_change(day, row, now))
    except IntegrityError:
        existing = _winner(row)
        if existing is None and qr_nonce:
            replayed = CheckIn.objects.with_verification().filter(employee=employee, qr_nonce=qr_nonce).first()
            if replayed is not None:
                return _replay(day, replayed)
        if existing is None:
            raise
        if existing.employee_id != employee.pk:
            return Outcome(REFUSED, day, message=_("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu coba lagi."))
        _merge(day, existing)
        return Outcome(DUPLICATE, day, existing, location=existing.location, distance=existing.distance_m, fence=fence)
    _merge(day, row)
    return Outcome(RECORDED, day, row, location=location, distance=distance, fence=fence)


def presence_change(day: Day, row: CheckIn, now: dt.datetime) -> Presence | None:
    """The person's kept row of the day (attendance.presence.kept) once `row` is recorded, when `row` changes
    what it says (an arrival, a departure); None when it does not (a break, a check-in waiting for
    verification, which counts for nothing yet)."""
    if opening.needed(row):
        return None
    row.verification_status = None  # it counts (opening.insert sets it again)
    before = day.status_with(day.events, now)
    after = day.status_with(sorted([*day.events, row], key=lambda e: e.at), now)
    old = presence.row_for(day.employee, day.date, day.cell.mode, before)
    new = presence.row_for(day.employee, day.date, day.cell.mode, after)
    return None if presence.same(old, new) else new


def _winner(row: CheckIn) -> CheckIn | None:
    """The row that made the insert fail: the same form token, the day's first check-in, or the
    departure that took the check-out's place in the day's chain (with its verification, as the day's events)."""
    if row.token is not None:
        found = CheckIn.objects.with_verification().filter(token=row.token).first()
        if found is not None:
            return found
    if row.kind in (IN, BREAK):  # one a day of each
        return (
            CheckIn.objects.with_verification().filter(employee_id=row.employee_id, date=row.date, kind=row.kind)
            .exclude(method=CheckIn.Method.CORRECTION)
            .first()
        )
    if row.supersedes_id is not None:
        return CheckIn.objects.with_verification().filter(supersedes_id=row.supersedes_id).first()
    return (
        CheckIn.objects.with_verification().filter(employee_id=row.employee_id, date=row.date, kind=OUT, supersedes=None)
        .exclude(method=CheckIn.Method.CORRECTION)
        .first()
    )


def _merge(day: Day, row: CheckIn) -> None:
    if all(e.pk != row.pk for e in day.events) and row.date == day.date:
        day.events = sorted([*day.events, row], key=lambda e: (e.at, e.pk))
        extends = row.supersedes_id == (day.departure.pk if day.departure else None)
        if row.kind == OUT and row.method != CORRECTION and extends:
            day.departure = row


def break_refusal(day: Day) -> str:
    """Why the button pressed is not the moment due now: the break check-in outside its window, or a
    departure pressed on a page left open into the break window."""
    window = day.break_window
    if day.next_kind == IN:
        return _("Belum ada presensi masuk hari ini: tekan Presensi masuk dulu.")
    if window is None:
        return _("Hari ini tidak ada presensi istirahat. Tombol sekarang untuk presensi pulang.")
    hours = {"start": f"{window[0]:%H:%M}", "end": f"{window[1]:%H:%M}"}
    if day.next_kind == BREAK:
        return _(
            "Sekarang jam istirahat (%(start)s–%(end)s): tekan Presensi istirahat dulu. Bila Anda pulang "
            "sekarang, tekan Presensi pulang sesudahnya."
        ) % hours
    if day.break_later:
        return _(
            "Presensi istirahat dibuka pukul %(start)s sampai %(end)s; belum dicatat. Tombol sekarang untuk "
            "presensi pulang."
        ) % hours
    return _(
        "Jam istirahat %(start)s–%(end)s sudah lewat, jadi presensi istirahat tidak dicatat. Tombol "
        "sekarang untuk presensi pulang."
    ) % hours


def _refusal(problem: str) -> str:
    return _(
        "%(problem)s. Unit Anda hanya menerima presensi dari dalam radius, jadi presensi ini tidak "
        "dicatat. Izinkan akses lokasi dan dekati titik kantor lalu coba lagi, atau pindai kode QR di "
        "kios kantor."
    ) % {"problem": problem}


def _replay(day: Day, used: CheckIn) -> Outcome:
    """The same kiosk code scanned again by the same person: usually a retry whose answer was lost
    (a 503 after the commit, a dropped connection). Like a retry of the phone form, it gets the row
    already saved back ("Sudah tercatat sebelumnya"), never a second one and never a refusal. Also
    the answer to a check-out repeated within DEPARTURE_REPEAT_WINDOW: the departure in effect."""
    _merge(day, used)
    return Outcome(DUPLICATE, day, used, location=used.location, distance=used.distance_m)
