"""Why a request is refused: pure checks over plain facts, each reason said in Bahasa Indonesia.

policy.arrangements.requests gathers the facts in bulk (for the request form, for the approvals list and inside
the approving transaction) and calls `check`. No ORM here, so the rules are tested as tables.

The reasons, in the order they are shown:
  policy       WFH/WFA only on days a policy allows or requires it (the deciding policy is named)
  eligibility  WFH/WFA only after a year of service and outside a disciplinary sanction
  cap          WFH/WFA days in one ISO week within the cap of the deciding policy and PermenPANRB 4/2025's
               (Facts.flexible_cap, an admin-editable rule: 2 working days a week) unless the policy's cap was
               overridden with a written reason; the week counts every flexible-location request of the person,
               pending or approved, and the days a head assigned them WFH
  overlap      no two pending or approved requests on the same date
  leave        cuti tahunan within the year's balance (entitlement − cuti bersama − taken or asked)
  minimum      the unit keeps its minimum on site on every requested day

`flexible_unavailable` runs the policy and eligibility checks over the coming weeks, so the request form
offers WFH/WFA only when they could pass, and says why not otherwise.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policy.plan import precedence

WFH = "wfh"
WFA = "wfa"
DL = "dl"
CUTI = "cuti"
SAKIT = "sakit"
IZIN = "izin"
FLEXIBLE = frozenset({WFH, WFA})
TAHUNAN = "tahunan"
# Leave a unit head cannot refuse for lack of staff: illness and childbirth. Official duty (DL) is
# ordered by an SPT. For these a shortfall is a warning to the head, not a refusal.
NOT_DISCRETIONARY_LEAVE = frozenset({"sakit", "melahirkan"})
NOT_DISCRETIONARY_KINDS = frozenset({DL, SAKIT})
# The request form offers WFH/WFA when the rules allow it on at least one working day of the coming
# OFFER_DAYS calendar days (policies change with dates; the submit checks the days actually asked).
OFFER_DAYS = 28

POLICY = "policy"
ELIGIBILITY = "eligibility"
CAP = "cap"
OVERLAP = "overlap"
LEAVE = "leave"
MINIMUM = "minimum"

# Leave types per ASN type (DOMAIN.md section 3); cuti bersama is a holiday, never requested.
LEAVE_TYPES = {
    "PNS": ("tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "cltn"),
    "PPPK": ("tahunan", "sakit", "melahirkan"),
}


@dataclass(frozen=True)
class Request:
    kind: str
    start: dt.date
    end: dt.date
    leave_type: str = ""


@dataclass(frozen=True)
class Other:
    """Another pending or approved request of the same person."""

    kind: str
    start: dt.date
    end: dt.date
    status: str
    label: str  # e.g. "Cuti tahunan" or "WFH (dari domisili terdaftar)"
    status_label: str
    days: tuple[dt.date, ...] = ()  # its working days
    leave_type: str = ""


@dataclass(frozen=True)
class Sanction:
    description: str
    start: dt.date
    end: dt.date | None
    decree_number: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class LeaveYear:
    """Cuti tahunan of one year, in working days."""

    year: int
    entitled: int
    cuti_bersama: int
    used: int  # approved and pending cuti tahunan, the request being checked excluded

    @property
    def balance(self) -> int:
        return max(0, self.entitled - self.cuti_bersama - self.used)


@dataclass(frozen=True)
class Gap:
    """The unit would have `planned` of `needed` (of a service role, or all staff) on site."""

    role_label: str
    needed: int
    planned: int

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.planned)


@dataclass(frozen=True)
class Facts:
    who: str  # "Anda" on the person's own form, their name for a head
    days: tuple[dt.date, ...]  # the request's working days
    service_start: dt.date
    resolutions: dict[dt.date, precedence.Resolution] = field(default_factory=dict)
    sanctions: tuple[Sanction, ...] = ()
    others: tuple[Other, ...] = ()
    leave: dict[int, LeaveYear] = field(default_factory=dict)
    unit_name: str = ""
    gaps: dict[dt.date, tuple[Gap, ...]] = field(default_factory=dict)
    flexible_cap: int | None = None  # PermenPANRB 4/2025's days a week (RegulationRule); None: not applied
    assigned: tuple[dt.date, ...] = ()  # working days a head assigned the person WFH (policy.plan)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    blocking: bool = True


# Dates, in the active language (Indonesian by default).


def day_text(day: dt.date) -> str:
    return date_format(day, "j F Y")


def weekday_text(day: dt.date) -> str:
    return date_format(day, "l, j F Y")


def days_text(days) -> str:
    """'2 Maret 2026', '2 Maret 2026 dan 3 Maret 2026', or a count with the first and last day."""
    days = sorted(days)
    if len(days) > 4:
        return _("%(count)s hari kerja antara %(first)s dan %(last)s") % {
            "count": len(days),
            "first": day_text(days[0]),
            "last": day_text(days[-1]),
        }
    texts = [weekday_text(d) for d in days]
    if len(texts) == 1:
        return texts[0]
    return _("%(list)s dan %(last)s") % {"list": ", ".join(texts[:-1]), "last": texts[-1]}


def range_text(start: dt.date, end: dt.date) -> str:
    """'2 Maret 2026', '2–6 Maret 2026', '30 Maret – 3 April 2026', '29 Desember 2026 – 2 Januari 2027'."""
    if start == end:
        return day_text(start)
    if start.year != end.year:
        return f"{day_text(start)} – {day_text(end)}"
    if start.month != end.month:
        return f"{date_format(start, 'j F')} – {day_text(end)}"
    return f"{start.day}–{day_text(end)}"


def iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


# The checks.


def check(request: Request, facts: Facts) -> list[Finding]:
    """Every reason to refuse `request`, in a stable order; an empty list means it may be approved."""
    findings = []
    if request.kind in FLEXIBLE:
        findings += _policy(facts)
        findings += _eligibility(request, facts)
        findings += _cap(facts)
    findings += _overlap(request, facts)
    if request.kind == CUTI and request.leave_type == TAHUNAN:
        findings += _leave(facts)
    findings += minimum(request, facts)
    return findings


def allows_flexible(resolution: precedence.Resolution) -> bool:
    """WFH/WFA only on days whose resolution is WFH allowed or WFH/WFA required."""
    return resolution.rule in (precedence.WFH_ALLOWED, precedence.WFH_REQUIRED)


def _refused_by_policy(facts: Facts) -> dict[precedence.PolicyFacts | None, list[dt.date]]:
    """The days whose resolution does not allow WFH/WFA, by deciding policy (None: no policy)."""
    refused = defaultdict(list)
    for day in facts.days:
        resolution = facts.resolutions.get(day, precedence.DEFAULT)
        if not allows_flexible(resolution):
            refused[resolution.decided_by].append(day)
    return refused


def _policy(facts: Facts) -> list[Finding]:
    findings = []
    for policy, days in _refused_by_policy(facts).items():
        if policy is None:
            message = _(
                "Ditolak: tidak ada kebijakan yang mengizinkan WFH/WFA bagi %(who)s pada %(days)s; "
                "tanpa kebijakan itu ASN bekerja di kantor (Perpres 21/2023)."
            ) % {"who": facts.who, "days": days_text(days)}
        else:
            message = _(
                "Ditolak: kebijakan '%(title)s' (%(basis)s) mewajibkan %(who)s bekerja di kantor "
                "pada %(days)s. Bila perlu tidak masuk, ajukan cuti atau izin."
            ) % {
                "title": policy.title,
                "basis": policy.legal_basis,
                "who": facts.who,
                "days": days_text(days),
            }
        findings.append(Finding(POLICY, message))
    return findings


def _eligibility(request: Request, facts: Facts) -> list[Finding]:
    """PermenPANRB 4/2025: new staff (under a year of service) and staff under a sanction are not eligible."""
    findings = []
    first = min(facts.days, default=request.start)
    eligible_from = eligible_since(facts.service_start)
    if first < eligible_from:
        findings.append(
            Finding(
                ELIGIBILITY,
                _(
                    "Ditolak: %(who)s belum memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) karena masa kerja "
                    "belum satu tahun: mulai bertugas %(start)s, memenuhi syarat sejak %(eligible)s."
                )
                % {
                    "who": facts.who,
                    "start": day_text(facts.service_start),
                    "eligible": day_text(eligible_from),
                },
            )
        )
    for sanction in facts.sanctions:
        hit = [d for d in facts.days if sanction.covers(d)]
        if not hit:
            continue
        decree = (
            _(", keputusan No. %(number)s") % {"number": sanction.decree_number}
            if sanction.decree_number
            else ""
        )
        span = _span(sanction.start, sanction.end)
        findings.append(
            Finding(
                ELIGIBILITY,
                _(
                    "Ditolak: %(who)s tidak memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) selama menjalani "
                    "hukuman disiplin: %(description)s%(decree)s, %(span)s."
                )
                % {
                    "who": facts.who,
                    "description": sanction.description,
                    "decree": decree,
                    "span": span,
                },
            )
        )
    return findings


def eligible_since(service_start: dt.date) -> dt.date:
    """The first day of flexible work for someone who started on `service_start`: a year later."""
    day = service_start
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28) + dt.timedelta(days=1)


def flexible_unavailable(facts: Facts) -> list[str]:
    """Why the request form does not offer WFH/WFA, in words; empty when it does.

    `facts.days` are the working days the form can ask for soon (OFFER_DAYS). WFH/WFA is offered when
    `check`'s policy and eligibility rules (the same functions, day by day) pass on at least one of
    them; submitting runs `check` again on the days asked. The weekly cap depends on the days asked,
    so it is left to the submit.
    """
    if not facts.days:
        return []
    for day in facts.days:
        one_day = replace(facts, days=(day,))
        if not _policy(one_day) and not _eligibility(Request(WFH, day, day), one_day):
            return []
    reasons = [
        _offer_policy_reason(policy, facts.resolutions.get(days[0], precedence.DEFAULT).level)
        for policy, days in _refused_by_policy(facts).items()
    ]
    eligible_from = eligible_since(facts.service_start)
    if facts.days[0] < eligible_from:
        reasons.append(
            _(
                "WFH/WFA tidak tersedia: masa kerja Anda belum satu tahun (mulai bertugas %(start)s), jadi Anda "
                "baru memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) sejak %(eligible)s."
            )
            % {"start": day_text(facts.service_start), "eligible": day_text(eligible_from)}
        )
    for sanction in facts.sanctions:
        if any(sanction.covers(d) for d in facts.days):
            reasons.append(
                _(
                    "WFH/WFA tidak tersedia: Anda sedang menjalani hukuman disiplin (%(description)s), "
                    "sehingga tidak memenuhi syarat kerja fleksibel (PermenPANRB 4/2025)."
                )
                % {"description": sanction.description}
            )
    return reasons


def _span(start: dt.date, end: dt.date | None) -> str:
    """"sejak 1 Januari 2026", or "1 Januari 2026 sampai 31 Maret 2026"."""
    if end is None:
        return _("sejak %(start)s") % {"start": day_text(start)}
    return _("%(start)s sampai %(end)s") % {"start": day_text(start), "end": day_text(end)}


# How specifically the deciding policy names the person (precedence.LEVEL_*), for the form's reasons.
def _scope_text(level: int) -> str:
    return {
        precedence.LEVEL_EMPLOYEE: _("untuk Anda"),
        precedence.LEVEL_UNIT: _("untuk unit Anda"),
        precedence.LEVEL_GROUP: _("untuk kelompok unit atau jabatan Anda"),
    }.get(level, _("untuk seluruh ASN Kota Bengkulu"))


def _offer_policy_reason(policy: precedence.PolicyFacts | None, level: int) -> str:
    if policy is None:
        return _(
            "WFH/WFA tidak tersedia: tidak ada kebijakan yang mengizinkan WFH/WFA bagi Anda dalam %(days)s hari "
            "ke depan; tanpa kebijakan itu ASN bekerja di kantor (Perpres 21/2023)."
        ) % {"days": OFFER_DAYS}
    return _(
        "WFH/WFA tidak tersedia: kebijakan '%(title)s' (%(basis)s) berlaku %(scope)s %(period)s dan mewajibkan "
        "bekerja di kantor. Bila perlu tidak masuk, ajukan cuti atau izin."
    ) % {
        "title": policy.title,
        "basis": policy.legal_basis,
        "scope": _scope_text(level),
        "period": _span(policy.effective_from, policy.effective_until),
    }


def weekly_cap(policy: precedence.PolicyFacts, flexible_cap: int | None) -> tuple[int, bool]:
    """(WFH/WFA days a week a person may have under `policy`, whether PermenPANRB 4/2025's cap is what binds).
    A policy whose cap an admin overrode with a written reason keeps its own number."""
    if flexible_cap is None or policy.cap_overridden or policy.wfh_days_per_week <= flexible_cap:
        return policy.wfh_days_per_week, False
    return flexible_cap, True


def _cap(facts: Facts) -> list[Finding]:
    """Approved + pending WFH/WFA working days and the head's WFH assignments in the same ISO week + the new
    ones ≤ the weekly cap (`weekly_cap`)."""
    new_by_week: defaultdict[tuple[int, int], list[tuple[dt.date, precedence.Resolution]]] = defaultdict(list)
    for day in facts.days:
        resolution = facts.resolutions.get(day, precedence.DEFAULT)
        if resolution.rule == precedence.WFH_ALLOWED:
            new_by_week[iso_week(day)].append((day, resolution))
    taken_by_week: defaultdict[tuple[int, int], int] = defaultdict(int)
    for other in facts.others:
        if other.kind in FLEXIBLE:
            for day in other.days:
                taken_by_week[iso_week(day)] += 1
    for day in facts.assigned:
        if day not in facts.days:
            taken_by_week[iso_week(day)] += 1
    findings = []
    for week, items in sorted(new_by_week.items()):
        # A WFH_ALLOWED resolution is always decided by a policy (precedence.DEFAULT is WFO).
        deciding = [r.decided_by for _d, r in items if r.decided_by is not None]
        if not deciding:
            continue
        policy = min(deciding, key=lambda p: weekly_cap(p, facts.flexible_cap)[0])
        cap, by_regulation = weekly_cap(policy, facts.flexible_cap)
        taken = taken_by_week[week]
        if taken + len(items) <= cap:
            continue
        monday = dt.date.fromisocalendar(week[0], week[1], 1)
        numbers = {
            "cap": cap,
            "title": policy.title,
            "week": range_text(monday, monday + dt.timedelta(days=6)),
            "taken": taken,
            "new": len(items),
        }
        if by_regulation:
            message = _(
                "Ditolak: fleksibel lokasi (WFH/WFA) paling banyak %(cap)s hari kerja per minggu menurut "
                "PermenPANRB 4/2025, terlampaui pada minggu %(week)s: %(taken)s hari sudah disetujui, menunggu "
                "persetujuan atau ditugaskan, ditambah %(new)s hari yang diajukan."
            ) % numbers
        else:
            message = _(
                "Ditolak: batas WFH/WFA %(cap)s hari kerja per minggu menurut kebijakan '%(title)s' terlampaui "
                "pada minggu %(week)s: %(taken)s hari sudah disetujui, menunggu persetujuan atau ditugaskan, "
                "ditambah %(new)s hari yang diajukan."
            ) % numbers
        findings.append(Finding(CAP, message))
    return findings


def _overlap(request: Request, facts: Facts) -> list[Finding]:
    return [
        Finding(
            OVERLAP,
            _(
                "Ditolak: tanggalnya bertabrakan dengan pengajuan lain %(who)s: %(label)s, %(range)s (%(status)s)."
            )
            % {
                "who": facts.who,
                "label": other.label,
                "range": range_text(other.start, other.end),
                "status": other.status_label,
            },
        )
        for other in facts.others
        if other.start <= request.end and request.start <= other.end
    ]


def _leave(facts: Facts) -> list[Finding]:
    asked: defaultdict[int, int] = defaultdict(int)
    for day in facts.days:
        asked[day.year] += 1
    findings = []
    for year, count in sorted(asked.items()):
        leave = facts.leave.get(year)
        if leave is None or count <= leave.balance:
            continue
        findings.append(
            Finding(
                LEAVE,
                _(
                    "Ditolak: sisa cuti tahunan %(year)s %(who)s %(balance)s hari kerja (hak %(entitled)s, dikurangi "
                    "cuti bersama %(bersama)s dan cuti tahunan yang sudah disetujui atau diajukan %(used)s), "
                    "sedangkan yang diajukan %(asked)s hari kerja."
                )
                % {
                    "year": year,
                    "who": facts.who,
                    "balance": leave.balance,
                    "entitled": leave.entitled,
                    "bersama": leave.cuti_bersama,
                    "used": leave.used,
                    "asked": count,
                },
            )
        )
    return findings


def blocks_on_minimum(request: Request) -> bool:
    """Whether a shortfall refuses this request (else it is only a warning for the head)."""
    if request.kind in NOT_DISCRETIONARY_KINDS:
        return False
    return not (request.kind == CUTI and request.leave_type in NOT_DISCRETIONARY_LEAVE)


MAX_MINIMUM_MESSAGES = 5


def minimum(request: Request, facts: Facts) -> list[Finding]:
    """The unit's shortfalls (facts.gaps) if the person were away: refusals, or warnings for sick
    leave, maternity leave and official duty."""
    blocking = blocks_on_minimum(request)
    lines = []
    for day in sorted(facts.gaps):
        for gap in facts.gaps[day]:
            text = ngettext(
                "%(unit)s akan kurang %(missing)s %(role)s pada %(day)s (minimal %(needed)s di kantor)",
                "%(unit)s akan kurang %(missing)s %(role)s pada %(day)s (minimal %(needed)s di kantor)",
                gap.missing,
            ) % {
                "unit": facts.unit_name,
                "missing": gap.missing,
                "role": gap.role_label,
                "day": weekday_text(day),
                "needed": gap.needed,
            }
            lines.append(text)
    findings = []
    for text in lines[:MAX_MINIMUM_MESSAGES]:
        if blocking:
            findings.append(Finding(MINIMUM, _("Ditolak: %(text)s.") % {"text": text}))
        else:
            findings.append(
                Finding(
                    MINIMUM,
                    _("Perhatian: %(text)s. Pengajuan jenis ini tetap dapat disetujui.")
                    % {"text": text},
                    blocking=False,
                )
            )
    if len(lines) > MAX_MINIMUM_MESSAGES:
        rest = len(lines) - MAX_MINIMUM_MESSAGES
        findings.append(
            Finding(
                MINIMUM,
                ngettext(
                    "… dan %(count)s kekurangan lain pada hari lain.",
                    "… dan %(count)s kekurangan lain pada hari lain.",
                    rest,
                )
                % {"count": rest},
                blocking=blocking,
            )
        )
    return findings


def leave_types_for(asn_type: str) -> tuple[str, ...]:
    return LEAVE_TYPES.get(asn_type, LEAVE_TYPES["PPPK"])
