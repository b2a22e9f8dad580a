"""Demo policies: the city's 2026 decision (no WFH for ASN, with on-site minimums) and a draft to try; a DL with an
activity site for a demo account; a puskesmas nurse rostered on two cuti bersama (her annual leave shows 14 days); a
shift swap waiting for a puskesmas head."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from policy import audit
from policy.models import (
    Arrangement,
    AuditEvent,
    LegalBasisType,
    PlanEntry,
    Policy,
    ShiftSwap,
    StaffingMinimum,
)
from policy.plan import day_plan
from policy.plan.building import build_plan, working_days
from policy.swaps import services as swap_services
from units import clock
from units.demo import DEMO_ACCOUNTS
from units.deputies.appointing import appoint
from units.models import Deputy, Employee, Holiday, Shift, Unit

NO_WFH_TITLE = "Tidak menerapkan WFH bagi ASN"
DRAFT_TITLE = "Uji coba WFH 1 hari per minggu untuk unit non-layanan"

# (unit code or kind, service role or "", count, percent)
MINIMUMS = [
    ("disdukcapil", Employee.ServiceRole.PETUGAS_LAYANAN, 3, None),
    ("disdukcapil", "", None, 60),
    ("dpmptsp", Employee.ServiceRole.PETUGAS_LAYANAN, 2, None),
    (Unit.Kind.PUSKESMAS, "", 3, None),
    (Unit.Kind.KELURAHAN, "", 2, 50),
    (Unit.Kind.KECAMATAN, "", 3, 50),
]


def _admin():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


@transaction.atomic
def load() -> str:
    admin = _admin()
    if admin is None:
        return "Demo policies skipped: no admin account.\n"
    policy, created = Policy.objects.get_or_create(
        title=NO_WFH_TITLE,
        version=1,
        defaults=dict(
            legal_basis_type=LegalBasisType.SE_WALIKOTA,
            legal_basis_number="(demo: nomor SE belum diverifikasi)",
            decided_by="Wali Kota Bengkulu",
            decided_on=dt.date(2026, 1, 21),
            effective_from=dt.date(2026, 1, 1),
            rule=Policy.Rule.WFO_REQUIRED,
            reason=(
                "Unit layanan garis depan (kelurahan, kecamatan, puskesmas, Disdukcapil, DPMPTSP) "
                "harus selalu ada petugas di tempat: warga yang datang jauh untuk e-KTP, akta atau izin "
                "usaha tidak boleh menemukan loket kosong. Kebijakan ditinjau kembali sesuai "
                "perkembangan teknologi dan kebutuhan."
            ),
            scope_city=True,
            created_by=admin,
            status=Policy.Status.ACTIVE,
        ),
    )
    if created:
        units = {u.code: u for u in Unit.objects.filter(code__in=[m[0] for m in MINIMUMS])}
        StaffingMinimum.objects.bulk_create(
            StaffingMinimum(
                policy=policy,
                unit=units.get(target),
                unit_kind="" if target in units else target,
                service_role=role,
                min_count=count,
                min_percent=percent,
            )
            for target, role, count, percent in MINIMUMS
            if target in units or target in Unit.Kind.values
        )
        audit.record(admin, AuditEvent.Action.POLICY_ACTIVATED, policy=policy, note="Data demo")
    today = clock.today()
    Policy.objects.get_or_create(
        title=DRAFT_TITLE,
        version=1,
        defaults=dict(
            legal_basis_type=LegalBasisType.SE_BKPSDM,
            legal_basis_number="(draf)",
            decided_by="Kepala BKPSDM Kota Bengkulu",
            decided_on=today,
            effective_from=today + dt.timedelta(days=7 - today.weekday()),
            rule=Policy.Rule.WFH_ALLOWED,
            wfh_days_per_week=1,
            reason="Uji coba kerja fleksibel (PermenPANRB 4/2025) di unit yang tidak melayani warga langsung.",
            scope_city=True,
            scope_frontline=Policy.Frontline.EXCLUDED,
            created_by=admin,
        ),
    )
    return (
        f"Policies: '{NO_WFH_TITLE}' (active since 2026-01-01, {policy.minimums.count()} minimum rules), "
        f"'{DRAFT_TITLE}' (draft).\n"
    )


# A DL with an activity site (SE BKPSDM 4/2025) for the demo's Diskominfo staff member: on its day the check-in
# is fenced at the site, not at the office. A demo point in Kota Bengkulu, not a surveyed one.
SITE_DL_ACCOUNT = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "diskominfo")
SITE_DL = {
    "site_name": "Aula Kantor Gubernur Bengkulu",
    "site_latitude": "-3.813500",
    "site_longitude": "102.286000",
    "site_radius_m": 15,
    "spt_number": "094/SE-4/Diskominfo/demo",
    "reason": "Rapat koordinasi SPBE di Kantor Gubernur Bengkulu (data demo; presensi di lokasi kegiatan).",
}


def _free_working_day(person: Employee, nth: int) -> dt.date | None:
    """The person's nth working day from today (today counted when it is one), unless a pending or approved
    request covers it."""
    today = clock.today()
    days = working_days(person, today, today + dt.timedelta(days=14))
    if len(days) < nth:
        return None
    day = days[nth - 1]
    requested = Arrangement.objects.filter(
        employee=person, status__in=[Arrangement.Status.PENDING, Arrangement.Status.APPROVED],
        start_date__lte=day, end_date__gte=day,
    )
    return None if requested.exists() else day


@transaction.atomic
def load_activity_site() -> str:
    """An approved one-day DL with an activity site on the demo person's third working day from today (today
    counted when it is one), unless they already have a request on that day. Not the first ones: a newcomer
    trying the demo (and the browser tests) asks for WFH or checks in on the next working day."""
    admin = _admin()
    person = Employee.objects.select_related("unit").filter(nip=SITE_DL_ACCOUNT["nip"]).first()
    if admin is None or person is None:
        return ""
    day = _free_working_day(person, 3)
    if day is None:
        return ""
    head = Employee.objects.filter(unit=person.unit, role=Employee.Role.HEAD, user__isnull=False).first()
    decider = head.user if head is not None else admin
    dl = Arrangement.objects.create(
        employee=person, kind=Arrangement.Kind.DL, start_date=day, end_date=day, working_days=1,
        status=Arrangement.Status.APPROVED, decided_by=decider, decided_at=timezone.now(),
        decision_note="Data demo", **SITE_DL,
    )
    audit.record(person.user or admin, AuditEvent.Action.REQUESTED, employee=person, arrangement=dl, note=dl.reason,
                 kind=dl.kind, start=str(day), end=str(day), working_days=1, site=dl.site_name)
    audit.record(decider, AuditEvent.Action.APPROVED, employee=person, arrangement=dl, note="Data demo")
    return f"A DL with an activity site ({dl.site_name}) for {person.full_name} on {day:%Y-%m-%d}.\n"


# A head's DL assignment with an activity site (SE BKPSDM 4/2025) for the demo's Disdukcapil counter clerk:
# e-KTP recording "jemput bola" at a kecamatan office; on its day the check-in is fenced there. A demo point.
ASSIGNED_SITE_ACCOUNT = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
ASSIGNED_SITE = {
    "site_name": "Kantor Camat Selebar (perekaman e-KTP jemput bola)",
    "site_latitude": "-3.845200",
    "site_longitude": "102.305500",
    "site_radius_m": 15,
}


@transaction.atomic
def load_assigned_site() -> str:
    """A DL assignment at an activity site, set by the unit's head, on the demo clerk's fourth working day from
    today, unless that day already has an assignment or a request."""
    person = Employee.objects.select_related("unit").filter(nip=ASSIGNED_SITE_ACCOUNT["nip"]).first()
    head = Employee.objects.filter(unit=person.unit, role=Employee.Role.HEAD, user__isnull=False).first() if person else None
    if person is None or head is None:
        return ""
    day = _free_working_day(person, 4)
    if day is None or PlanEntry.objects.filter(employee=person, date=day).exists():
        return ""
    PlanEntry.objects.create(employee=person, date=day, mode=PlanEntry.Mode.DL, set_by=head.user, **ASSIGNED_SITE)
    audit.record(
        head.user, AuditEvent.Action.PLAN_SET, employee=person, note=f"{day:%Y-%m-%d}: dinas luar (data demo)",
        date=day.isoformat(), mode=PlanEntry.Mode.DL, site=ASSIGNED_SITE["site_name"],
    )
    return f"A DL assignment at {ASSIGNED_SITE['site_name']} for {person.full_name} on {day:%Y-%m-%d}.\n"


# The demo nurse (Puskesmas Jalan Gedang, on shifts) was rostered on these two cuti bersama of 2026, Imlek and
# Nyepi, and off shift on the other six: Keppres 42/2025 adds them to her annual leave, so /pengajuan/ shows
# 12 + 2 = 14 days (demo_history gives her no annual leave, so the number stays put).
LEAVE_ACCOUNT = next(a for a in DEMO_ACCOUNTS if a.get("service_role") == Employee.ServiceRole.TENAGA_KESEHATAN)
LEAVE_WORKED = (dt.date(2026, 2, 16), dt.date(2026, 3, 18))


def load_leave_story() -> str:
    """The nurse's roster on every cuti bersama of 2026: on the morning shift on LEAVE_WORKED, off on the rest.
    Safe to run again (one plan entry per person and day)."""
    person = Employee.objects.select_related("unit").filter(nip=LEAVE_ACCOUNT["nip"]).first()
    admin = _admin()
    if person is None or admin is None:
        return ""
    head = Employee.objects.filter(unit=person.unit, role=Employee.Role.HEAD, user__isnull=False).first()
    set_by = head.user if head else admin
    shift = Shift.objects.filter(schedule_id=person.effective_schedule_id).order_by("start").first()
    days = Holiday.objects.filter(category=Holiday.Category.GOVERNMENT, date__year=2026).values_list("date", flat=True)
    for day in days:
        worked = day in LEAVE_WORKED and shift is not None
        PlanEntry.objects.update_or_create(
            employee=person,
            date=day,
            defaults={
                "mode": PlanEntry.Mode.ONSITE if worked else PlanEntry.Mode.OFF,
                "shift": shift if worked else None,
                "set_by": set_by,
            },
        )
    return f"{person.full_name}: on shift on 2 of the {len(days)} cuti bersama of 2026 (annual leave 12 + 2).\n"


# A puskesmas where two nurses agreed a shift swap that waits for the head (issue 17).
SWAP_UNIT = "pkm-jalan-gedang"


def _swap_candidates(nurses: list[Employee], days: list[dt.date]):
    """(proposer, partner, her night-shift day, his shift day) pairs the roster allows, in a fixed order."""
    plan = build_plan(nurses, days)
    night = {shift.pk for shift in Shift.objects.filter(code="malam")}
    for a in nurses:
        for x in days:
            if plan.cells[(a.pk, x)].shift_id not in night:
                continue
            for b in nurses:
                if b.pk == a.pk or plan.cells[(b.pk, x)].mode != day_plan.OFF:
                    continue
                for y in days:
                    if y != x and plan.cells[(b.pk, y)].shift_id and plan.cells[(a.pk, y)].mode == day_plan.OFF:
                        yield a, b, x, y


@transaction.atomic
def load_shift_swap() -> str:
    """Two nurses of Puskesmas Jalan Gedang swap a night shift in the coming days: proposed and accepted, so it
    waits for the head; none is added while one of the unit's swaps waits (run after the shift roster)."""
    unit = Unit.objects.filter(code=SWAP_UNIT).first()
    head = Employee.objects.active().filter(unit=unit, role=Employee.Role.HEAD, user__isnull=False).first()
    waiting = [ShiftSwap.Status.PROPOSED, ShiftSwap.Status.PENDING]
    if unit is None or head is None or ShiftSwap.objects.filter(employee__unit=unit, status__in=waiting).exists():
        return ""
    staff = Employee.objects.active().filter(unit=unit, role=Employee.Role.STAFF, user__isnull=False)
    nurses = list(swap_services.shift_staff(staff).select_related("unit", "user").order_by("nip")[:12])
    nurses.sort(key=lambda nurse: nurse.nip != LEAVE_ACCOUNT["nip"])  # the demo nurse's own swap when she can
    today = clock.today()
    days = [today + dt.timedelta(days=i) for i in range(2, 10)]
    for a, b, x, y in _swap_candidates(nurses, days) if len(nurses) > 1 else ():
        proposal = swap_services.Proposal(a, b, x, y)
        finding = swap_services.check(proposal)
        if finding.refusals:
            continue
        data = {"date": x, "partner": b, "partner_date": y, "reason": "Ada keperluan keluarga malam itu (data demo)"}
        swap = swap_services.propose(a, a.user, data, finding)
        swap_services.answer(swap, b.user, accept=True, note="Saya bersedia (data demo)")
        return (
            f"A shift swap waiting for {head.full_name} (login {head.nip}) at {unit.short_name}: {a.full_name}'s "
            f"night shift of {x:%Y-%m-%d} for {b.full_name}'s shift of {y:%Y-%m-%d}.\n"
        )
    return ""


# A deputy in force around the demo date (issue 17): the lurah of Pagar Dewa is on leave and the kelurahan's
# secretary decides in his place as Plh.; one request of the kelurahan waits for her.
DEPUTY_ACCOUNT = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "17.71.01.1001")
DEPUTY_HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "17.71.01.1001")
DEPUTY_REASON = "Lurah cuti tahunan (data demo)."


@transaction.atomic
def load_deputy() -> str:
    """The secretary as Plh. of Pagar Dewa from yesterday to four days on, unless one is in force today (the
    demo's own earlier ranges that would overlap are replaced: the unit's ranges never overlap); and a pending
    izin of one of the kelurahan's other staff for her to decide, unless one waits already."""
    people = Employee.objects.select_related("unit", "user").filter(nip__in=[DEPUTY_ACCOUNT["nip"], DEPUTY_HEAD["nip"]])
    found = {p.nip: p for p in people}
    deputy, head = found.get(DEPUTY_ACCOUNT["nip"]), found.get(DEPUTY_HEAD["nip"])
    if deputy is None or head is None or head.user is None:
        return ""
    today, unit = clock.today(), head.unit
    if not Deputy.objects.in_force(today).filter(unit=unit).exists():
        start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=4)
        Deputy.objects.overlapping(unit, start, end).filter(reason=DEPUTY_REASON).delete()
        data = {"deputy": deputy, "kind": Deputy.Kind.PLH, "start_date": start, "end_date": end, "reason": DEPUTY_REASON}
        appoint(unit, head, head.user, data)
    colleague = (
        Employee.objects.active().filter(unit=unit, role=Employee.Role.STAFF, user__isnull=False)
        .exclude(pk=deputy.pk).order_by("nip").first()
    )
    waiting = Arrangement.objects.filter(employee__unit=unit, status=Arrangement.Status.PENDING)
    day = _free_working_day(colleague, 2) if colleague is not None and not waiting.exists() else None
    if colleague is not None and day is not None:
        izin = Arrangement.objects.create(
            employee=colleague, kind=Arrangement.Kind.IZIN, start_date=day, end_date=day, working_days=1,
            reason="Mengantar orang tua berobat (data demo).",
        )
        audit.record(colleague.user, AuditEvent.Action.REQUESTED, employee=colleague, arrangement=izin,
                     note=izin.reason, kind=izin.kind, start=str(day), end=str(day), working_days=1)
    return f"A deputy: {deputy.full_name}, Plh. of {unit.name} around {today:%Y-%m-%d}.\n"
