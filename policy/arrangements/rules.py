"""Why a request is refused: pure checks over plain facts, each reason said in Bahasa Indonesia.

policy.arrangements.requests gathers the facts in bulk (for the request form, for the approvals list and inside
the approving transaction) and calls `check`. No ORM here, so the rules are tested as tables.

The reasons, in the order they are shown:
  policy       WFH/WFA only on days a policy allows or requires it (the deciding policy is named)
  eligibility  WFH/WFA only after a year of service and outside a disciplinary sanction
  cap          WFH/WFA days in one ISO week within the cap of the deciding policy
  overlap      no two pending or approved requests on the same date
  eligibility  a leave type's service, longest span, births, and no cuti tahunan in a cuti besar year
  leave        cuti tahunan within the year's balance (base + carried + cuti bersama worked − taken or asked),
               and not before a year of service
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
class AnnualRule:
    """policy.models.LeaveRules as plain values; the defaults are the regulation's (PNS)."""

    base_days: int = 12
    carry_over_days: int = 6
    max_days: int = 18
    max_days_after_two_unused: int = 24
    service_months: int = 12
    first_year_days: int = 0
    bersama_worked_days: int = 1
    records_from_year: int = 2026
    source: str = ""


@dataclass(frozen=True)
class TypeRule:
    """policy.models.LeaveTypeRule as plain values."""

    leave_type: str
    label: str = ""  # "Cuti besar"
    min_service_months: int = 0
    max_months: int | None = None
    max_births: int | None = None
    excludes_annual_leave: bool = False
    source: str = ""


@dataclass(frozen=True)
class LeaveYear:
    """Cuti tahunan of one year, in working days, with the parts it adds up from."""

    year: int
    entitled: int  # the year's own days: the base, the first year's, or none
    carried: int  # unused days of the last year brought into this one
    bersama_worked: int  # cuti bersama days the person was rostered to work
    bersama_added: int  # the days they add (AnnualRule.bersama_worked_days each)
    used: int  # approved and pending cuti tahunan, the request being checked excluded
    first_day: dt.date | None = None  # the first day annual leave may be taken (service), None: any
    source: str = ""

    @property
    def balance(self) -> int:
        return max(0, self.entitled + self.carried + self.bersama_added - self.used)

    def lines(self, own: bool = False) -> list[str]:
        """Each part of the balance in words, for the refusal, or (own) for the person's page."""
        lines = [
            ngettext("hak dasar %(days)s hari", "hak dasar %(days)s hari", self.entitled) % {"days": self.entitled}
        ]
        if self.carried:
            lines.append(
                ngettext("sisa %(year)s dibawa %(days)s hari", "sisa %(year)s dibawa %(days)s hari", self.carried)
                % {"year": self.year - 1, "days": self.carried}
            )
        if self.bersama_added:
            worked = (
                ngettext(
                    "cuti bersama yang Anda kerjakan %(days)s hari",
                    "cuti bersama yang Anda kerjakan %(days)s hari",
                    self.bersama_added,
                )
                if own
                else ngettext(
                    "cuti bersama yang dikerjakan %(days)s hari",
                    "cuti bersama yang dikerjakan %(days)s hari",
                    self.bersama_added,
                )
            )
            lines.append(worked % {"days": self.bersama_added})
        lines.append(
            ngettext("sudah diambil atau diajukan %(days)s hari", "sudah diambil atau diajukan %(days)s hari", self.used)
            % {"days": self.used}
        )
        return lines

    @property
    def own_lines(self) -> list[str]:
        """lines(own=True) then the balance, capitalised, for the person's page."""
        lines = [*self.lines(own=True), ngettext("sisa %(days)s hari", "sisa %(days)s hari", self.balance) % {
            "days": self.balance
        }]
        return [line[:1].upper() + line[1:] for line in lines]

    def explained(self) -> str:
        """'hak dasar 12 hari; cuti bersama yang dikerjakan 2 hari; sudah diambil atau diajukan 0 hari'."""
        return "; ".join(self.lines())


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has none)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def annual_leave(
    rules_for, tenure_start: dt.date, year: int, history: dict[int, tuple[int, int]], opening: int = 0
) -> LeaveYear:
    """The person's cuti tahunan of `year` (PP 11/2017 Pasal 311 jo. PP 17/2020, Perban BKN 24/2017 jo. 7/2021):
    the year's days (none in the first year of service), plus the unused days carried from the last year (at
    most carry_over_days and max_days in all; up to max_days_after_two_unused when the two years before took
    none), plus bersama_worked_days per cuti bersama the person was rostered to work (Keppres 42/2025: cuti
    bersama never reduces it), minus the days taken or asked.

    `rules_for(year)` gives the AnnualRule of a year; `history` is {year: (cuti bersama worked, days taken)}
    from the year Hadir keeps (records_from_year) on; `opening` the days an admin recorded as carried into
    that first year. Earlier years are not counted (Hadir does not hold them)."""
    first = max(rules_for(year).records_from_year, tenure_start.year)
    carried, unused_years, leave = 0, 0, None
    if first > year:
        first = year
    for y in range(first, year + 1):
        rule = rules_for(y)
        eligible = add_months(tenure_start, rule.service_months)
        if tenure_start.year > y:
            entitled = 0
        elif eligible.year > y:
            entitled = rule.first_year_days
        else:
            entitled = rule.base_days
        if y == rule.records_from_year:
            carried = min(opening, max(0, rule.max_days_after_two_unused - rule.base_days))
            # An opening above the usual carry-over says the two years before went unused.
            unused_years = 2 if opening > rule.carry_over_days else 0
        worked, taken = history.get(y, (0, 0))
        leave = LeaveYear(
            y,
            entitled,
            carried,
            worked,
            worked * rule.bersama_worked_days,
            taken,
            eligible if eligible.year >= y and not rule.first_year_days else None,
            rule.source,
        )
        unused_years = unused_years + 1 if entitled and not taken else 0
        following = rules_for(y + 1)
        cap = (
            following.max_days_after_two_unused - following.base_days
            if unused_years >= 2
            else min(following.carry_over_days, following.max_days - following.base_days)
        )
        carried = min(leave.balance, max(0, cap))
    assert leave is not None
    return leave


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
    # Leave eligibility: service counted from the first appointment (the NIP's TMT), the rules of the
    # person's leave types, and the births Hadir and the admin's record know of.
    tenure_start: dt.date | None = None
    type_rules: dict[str, TypeRule] = field(default_factory=dict)
    earlier_births: int = 0
    gaps: dict[dt.date, tuple[Gap, ...]] = field(default_factory=dict)


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
    if request.kind == CUTI:
        findings += _leave_type(request, facts)
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


def _cap(facts: Facts) -> list[Finding]:
    """Approved + pending WFH/WFA working days in the same ISO week + the new ones ≤ the deciding policy's cap."""
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
    findings = []
    for week, items in sorted(new_by_week.items()):
        # A WFH_ALLOWED resolution is always decided by a policy (precedence.DEFAULT is WFO).
        deciding = [r.decided_by for _d, r in items if r.decided_by is not None]
        if not deciding:
            continue
        policy = min(deciding, key=lambda p: p.wfh_days_per_week)
        cap = policy.wfh_days_per_week
        taken = taken_by_week[week]
        if taken + len(items) <= cap:
            continue
        monday = dt.date.fromisocalendar(week[0], week[1], 1)
        findings.append(
            Finding(
                CAP,
                _(
                    "Ditolak: batas WFH/WFA %(cap)s hari kerja per minggu menurut kebijakan '%(title)s' terlampaui "
                    "pada minggu %(week)s: %(taken)s hari sudah disetujui atau menunggu persetujuan, ditambah "
                    "%(new)s hari yang diajukan."
                )
                % {
                    "cap": cap,
                    "title": policy.title,
                    "week": range_text(monday, monday + dt.timedelta(days=6)),
                    "taken": taken,
                    "new": len(items),
                },
            )
        )
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
    asked: defaultdict[int, list[dt.date]] = defaultdict(list)
    for day in facts.days:
        asked[day.year].append(day)
    findings = []
    for year, days in sorted(asked.items()):
        leave = facts.leave.get(year)
        if leave is None:
            continue
        if leave.first_day is not None and days[0] < leave.first_day:
            findings.append(
                Finding(
                    LEAVE,
                    _(
                        "Ditolak: cuti tahunan baru dapat diambil setelah masa kerja %(months)s bulan terus-menerus "
                        "(%(source)s); masa kerja %(who)s dihitung sejak %(start)s, jadi cuti tahunan dapat "
                        "diambil sejak %(first)s."
                    )
                    % {
                        "months": _months_between(facts.tenure_start or facts.service_start, leave.first_day),
                        "source": leave.source,
                        "who": facts.who,
                        "start": day_text(facts.tenure_start or facts.service_start),
                        "first": day_text(leave.first_day),
                    },
                )
            )
        elif len(days) > leave.balance:
            findings.append(
                Finding(
                    LEAVE,
                    _(
                        "Ditolak: sisa cuti tahunan %(year)s %(who)s %(balance)s hari kerja (%(lines)s), "
                        "sedangkan yang diajukan %(asked)s hari kerja."
                    )
                    % {
                        "year": year,
                        "who": facts.who,
                        "balance": leave.balance,
                        "lines": "; ".join([*leave.lines(), *([leave.source] if leave.source else [])]),
                        "asked": len(days),
                    },
                )
            )
    return findings


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _years_of(start: dt.date, end: dt.date) -> set[int]:
    return set(range(start.year, end.year + 1))


def _leave_type(request: Request, facts: Facts) -> list[Finding]:
    """The eligibility of the leave type (policy.models.LeaveTypeRule): service, longest span, births, and
    no cuti tahunan in a year with a type that rules it out (cuti besar), in both directions."""
    findings = []
    rule = facts.type_rules.get(request.leave_type)
    tenure = facts.tenure_start or facts.service_start
    if rule is not None:
        eligible = add_months(tenure, rule.min_service_months)
        if rule.min_service_months and request.start < eligible:
            findings.append(
                Finding(
                    ELIGIBILITY,
                    _(
                        "Ditolak: %(type)s baru dapat diambil setelah masa kerja %(months)s bulan terus-menerus "
                        "(%(source)s); masa kerja %(who)s dihitung sejak %(start)s, jadi memenuhi syarat sejak "
                        "%(eligible)s."
                    )
                    % {
                        "type": rule.label.lower(),
                        "months": rule.min_service_months,
                        "source": rule.source,
                        "who": facts.who,
                        "start": day_text(tenure),
                        "eligible": day_text(eligible),
                    },
                )
            )
        if rule.max_months and request.end >= add_months(request.start, rule.max_months):
            findings.append(
                Finding(
                    ELIGIBILITY,
                    _(
                        "Ditolak: %(type)s paling lama %(months)s bulan (%(source)s); yang diajukan %(range)s, "
                        "paling akhir sampai %(last)s."
                    )
                    % {
                        "type": rule.label.lower(),
                        "months": rule.max_months,
                        "source": rule.source,
                        "range": range_text(request.start, request.end),
                        "last": day_text(add_months(request.start, rule.max_months) - dt.timedelta(days=1)),
                    },
                )
            )
        if rule.max_births is not None and facts.earlier_births >= rule.max_births:
            findings.append(
                Finding(
                    ELIGIBILITY,
                    _(
                        "Ditolak: %(type)s diberikan untuk kelahiran pertama sampai ke-%(max)s (%(source)s), "
                        "sedangkan %(who)s sudah tercatat %(count)s kali cuti melahirkan."
                    )
                    % {
                        "type": rule.label.lower(),
                        "max": rule.max_births,
                        "source": rule.source,
                        "who": facts.who,
                        "count": facts.earlier_births,
                    },
                )
            )
    years = _years_of(request.start, request.end)
    for other in facts.others:
        if other.kind != CUTI or not (_years_of(other.start, other.end) & years):
            continue
        other_rule = facts.type_rules.get(other.leave_type)
        if request.leave_type == TAHUNAN and other_rule is not None and other_rule.excludes_annual_leave:
            blocking_rule = other_rule
        elif other.leave_type == TAHUNAN and rule is not None and rule.excludes_annual_leave:
            blocking_rule = rule
        else:
            continue
        findings.append(
            Finding(
                ELIGIBILITY,
                _(
                    "Ditolak: pada tahun %(type)s tidak ada cuti tahunan (%(source)s), sedangkan %(who)s sudah "
                    "mengajukan %(label)s %(range)s (%(status)s)."
                )
                % {
                    "type": blocking_rule.label.lower(),
                    "source": blocking_rule.source,
                    "who": facts.who,
                    "label": other.label.lower(),
                    "range": range_text(other.start, other.end),
                    "status": other.status_label.lower(),
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
