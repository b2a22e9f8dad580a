"""Forms of the daily plan: the week picker, the city summary filters, and one person's mode for one day.

`PlanCellForm` holds the rules of "within what policy allows": its `clean()` refuses, in words, WFH that no
policy allows (or beyond the weekly cap), on site under WFH/WFA wajib, any change on a holiday, a day off or a
day covered by an approved request, and taking the last people the unit needs off site.
"""

import datetime as dt
from functools import cached_property
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.models import Sanction
from policy.plan import assigning, day_plan, precedence
from policy.plan.sites import SiteForm
from units.models import Employee, Shift, Unit
from units.validators import validate_workable_date

DEFAULT = assigning.DEFAULT
SHIFT_PREFIX = "shift:"

DAY_OFF_LABEL = gettext_lazy("Bukan hari kerja")
DL_AT_SITE = gettext_lazy("Dinas luar di lokasi kegiatan (isi lokasinya di bawah)")
MODE_LABELS = {
    day_plan.ONSITE: gettext_lazy("Di kantor"),
    day_plan.WFH: gettext_lazy("WFH"),
    day_plan.DL: gettext_lazy("DL"),
    day_plan.CUTI: gettext_lazy("Cuti"),
    day_plan.SAKIT: gettext_lazy("Sakit"),
    day_plan.IZIN: gettext_lazy("Izin"),
    day_plan.LIBUR: gettext_lazy("Libur"),
    day_plan.OFF: gettext_lazy("Lepas shift"),
}


def long_date(day: dt.date) -> str:
    return date_format(day, "l, j F Y")


def shift_label(shift: Shift) -> str:
    return _("Shift %(name)s") % {"name": shift.name}


class WeekForm(forms.Form):
    minggu = forms.DateField(
        label=gettext_lazy("Tanggal dalam pekan"),
        required=False,
        validators=[validate_workable_date],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=gettext_lazy("Tanggal mana pun; rencana ditampilkan Senin–Minggu."),
    )

    def week(self, today: dt.date) -> list[dt.date]:
        """Monday to Sunday of the chosen week; when nothing (or nothing valid) is chosen, this week, or on a
        Saturday or Sunday the coming one (what a head plans on a weekend)."""
        day = self.cleaned_data.get("minggu") if self.is_valid() else None
        return day_plan.week_of(day or default_day(today))


def default_day(today: dt.date) -> dt.date:
    """The day whose week the plan opens on: today, or on a weekend the next Monday."""
    return today + dt.timedelta(days=7 - today.weekday()) if today.weekday() >= 5 else today


class CitySummaryForm(WeekForm):
    jenis = forms.ChoiceField(
        label=gettext_lazy("Jenis unit"),
        required=False,
        choices=[("", gettext_lazy("Semua jenis"))] + list(Unit.Kind.choices),
    )
    kurang = forms.BooleanField(
        label=gettext_lazy("Hanya unit yang kurang petugas"), required=False
    )

    def filters(self) -> tuple[str, bool]:
        if not self.is_valid():
            return "", False
        return self.cleaned_data["jenis"], self.cleaned_data["kurang"]


def _a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class PlanCellForm(SiteForm):
    """One person's planned mode for one day, set by the head or operator of their unit: a mode, a shift, or
    a DL at an activity site (SE BKPSDM 4/2025: the day's check-ins are made there; the site is required).

    `week_cells` is the person's plan for the week of `day` (services.build_plan), `shifts` the shifts of
    their schedule when it is a shift schedule. `shortfalls` is services.shortfalls_without(person, [day])
    computed under the unit's row lock; the form only refuses on it when the change takes the person off site.
    """

    pilihan = forms.ChoiceField(label=gettext_lazy("Rencana"), widget=forms.RadioSelect)
    site_legend = gettext_lazy("Lokasi kegiatan (untuk dinas luar)")
    site_help = gettext_lazy(
        "Diisi bila memilih dinas luar di lokasi kegiatan: pada hari itu presensi dilakukan di lokasi kegiatan "
        "(dalam radiusnya), bukan di kantor; tanpa presensi di sana hari itu dihitung TK."
    )
    field_order = ["pilihan"]

    def __init__(
        self,
        *args,
        employee: Employee,
        day: dt.date,
        week_cells: dict,
        shifts: list[Shift],
        shift_based: bool,
        today: dt.date,
        shortfalls: dict | None = None,
        **kwargs,
    ):
        self.employee, self.day, self.today = employee, day, today
        self.week_cells, self.shift_based = week_cells, shift_based
        self.cell: day_plan.PlannedDay = week_cells[(employee.pk, day)]
        self.resolution = self.cell.resolution or precedence.DEFAULT
        self.shifts = {str(s.pk): s for s in shifts}
        self.shortfalls = shortfalls or {}
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["pilihan"])
        choices = self._choices()
        field.choices, field.initial = choices, self._current()
        self._offer_only_allowed(field, choices)
        if self.cell.source == "assignment":
            self.site_initial(self.cell.site)

    def _choices(self):
        if self.shift_based:
            choices = [
                (f"{SHIFT_PREFIX}{pk}", f"{shift_label(s)} ({s.start:%H:%M}–{s.end:%H:%M})")
                for pk, s in self.shifts.items()
            ]
            return choices + [(DEFAULT, _("Lepas shift (tidak ditugaskan)")), (day_plan.DL, DL_AT_SITE)]
        default = MODE_LABELS[day_plan.WFH if self.resolution.rule == precedence.WFH_REQUIRED else day_plan.ONSITE]
        return [
            (DEFAULT, _("Ikuti kebijakan (%(mode)s)") % {"mode": default}),
            (day_plan.ONSITE, _("Di kantor")),
            (day_plan.WFH, _("WFH")),
            (day_plan.DL, DL_AT_SITE),
        ]

    def _offer_only_allowed(self, field: forms.ChoiceField, choices: list[tuple[str, str]]) -> None:
        """Leave out the modes clean() would refuse for who they are and what policy says, with the reason
        in `unavailable`. The field still accepts them: a crafted POST is refused in the same words."""
        self.unavailable: list[str] = []
        if self.shift_based or self.locked_reason():  # shifts offer neither; a locked day offers nothing
            return
        refusals = {day_plan.ONSITE: self.onsite_refusal, day_plan.WFH: self.wfh_refusal}
        hidden = {mode for mode, refusal in refusals.items() if refusal}
        self.unavailable = [refusal for refusal in refusals.values() if refusal]
        if hidden:
            widget = cast(forms.RadioSelect, field.widget)
            widget.choices = [(value, label) for value, label in choices if value not in hidden]

    @property
    def unavailable_id(self) -> str:
        """The id of the reasons in the cell's form, unique on the plan page (as the fields' ids are)."""
        return f"unavailable-{self.employee.code}-{self.day:%Y%m%d}"

    def _current(self) -> str:
        if self.cell.source != "assignment":
            return DEFAULT
        if self.cell.shift_id:
            return f"{SHIFT_PREFIX}{self.cell.shift_id}"
        if self.cell.mode == day_plan.DL:
            return day_plan.DL
        return (
            self.cell.mode
            if self.cell.mode in (day_plan.ONSITE, day_plan.WFH) and not self.shift_based
            else DEFAULT
        )

    def locked_reason(self) -> str:
        """Why this day cannot be changed at all, or "" when it can."""
        day = long_date(self.day)
        if self.day < self.today:
            return _("%(day)s sudah lewat: rencana hari yang sudah lewat tidak dapat diubah.") % {
                "day": day
            }
        if self.cell.source == "holiday":
            return _("%(day)s adalah hari libur (%(name)s): rencananya tidak dapat diubah.") % {
                "day": day,
                "name": self.cell.holiday,
            }
        if self.cell.mode == day_plan.LIBUR:
            return _(
                "%(day)s bukan hari kerja menurut jadwal kerja pegawai ini: rencananya tidak dapat diubah."
            ) % {"day": day}
        if self.cell.source == "arrangement":
            return _(
                "%(name)s sudah punya pengajuan yang disetujui untuk %(day)s (%(mode)s). Penugasan kepala unit "
                "tidak dapat menimpanya; bila perlu, pengajuan itu dibatalkan lebih dulu."
            ) % {"name": self.employee.full_name, "day": day, "mode": MODE_LABELS[self.cell.mode]}
        return ""

    def clean_pilihan(self) -> tuple[str | None, Shift | None]:
        """(mode, shift) to assign; (None, None) to follow the policy or schedule again."""
        value = self.cleaned_data["pilihan"]
        if value == DEFAULT:
            return None, None
        if value.startswith(SHIFT_PREFIX):
            return day_plan.ONSITE, self.shifts[value.removeprefix(SHIFT_PREFIX)]
        return value, None

    def clean(self):
        cleaned = super().clean()
        reason = self.locked_reason()
        if reason:
            raise ValidationError(reason)
        if "pilihan" not in cleaned:
            return cleaned
        mode, _shift = cleaned["pilihan"]
        self.check_site(cleaned, wanted=mode == day_plan.DL, required=True)
        if mode == day_plan.WFH and self.wfh_refusal:
            raise ValidationError(self.wfh_refusal)
        if mode == day_plan.ONSITE and self.onsite_refusal:
            raise ValidationError(self.onsite_refusal)
        if self.cell.on_site and not self._on_site_after(mode):
            self._check_minimum()
        return cleaned

    def _on_site_after(self, mode: str | None) -> bool:
        if mode is not None:
            return mode == day_plan.ONSITE
        return not self.shift_based and self.resolution.rule != precedence.WFH_REQUIRED

    @cached_property
    def onsite_refusal(self) -> str:
        """Why this person cannot be set on site this day (WFH/WFA wajib), or "" when they can."""
        policy = self.resolution.decided_by
        if self.resolution.rule != precedence.WFH_REQUIRED or policy is None:
            return ""
        return _(
            "Tidak dapat ditetapkan di kantor: kebijakan '%(title)s' (%(basis)s) mewajibkan WFH/WFA "
            "pada %(day)s."
        ) % {"title": policy.title, "basis": policy.legal_basis, "day": long_date(self.day)}

    @cached_property
    def wfh_refusal(self) -> str:
        """Why WFH cannot be set for this person this day, or "" when it can: the reason clean() refuses
        with, and the one the form gives for not offering WFH (one query for sanctions, only when the
        policy allows WFH)."""
        policy, day = self.resolution.decided_by, long_date(self.day)
        if self.resolution.rule == precedence.WFH_REQUIRED:
            return ""
        if self.resolution.rule != precedence.WFH_ALLOWED:
            if policy is None:
                return (
                    _(
                        "WFH tidak diizinkan: tidak ada kebijakan yang mengizinkan WFH bagi %(name)s pada %(day)s, "
                        "sehingga berlaku kerja di kantor (Perpres 21/2023)."
                    )
                    % {"name": self.employee.full_name, "day": day}
                )
            return (
                _(
                    "WFH tidak diizinkan: kebijakan '%(title)s' (%(basis)s) mewajibkan bekerja di kantor pada "
                    "%(day)s."
                )
                % {"title": policy.title, "basis": policy.legal_basis, "day": day}
            )
        if not self.employee.home_address:
            return (
                _(
                    "WFH tidak bisa ditetapkan: %(name)s belum punya alamat domisili terdaftar. WFH dilakukan "
                    "dari domisili terdaftar (PermenPANRB 4/2025); isi alamatnya di data pegawai."
                )
                % {"name": self.employee.full_name}
            )
        if self.employee.start_date > _a_year_before(self.day):
            return (
                _(
                    "WFH tidak diizinkan: %(name)s belum satu tahun bertugas (mulai %(start)s); pegawai baru tidak "
                    "termasuk kerja fleksibel (PermenPANRB 4/2025)."
                )
                % {
                    "name": self.employee.full_name,
                    "start": date_format(self.employee.start_date, "j F Y"),
                }
            )
        sanction = (
            Sanction.objects.filter(employee=self.employee, start_date__lte=self.day)
            .exclude(end_date__lt=self.day)
            .first()
        )
        if sanction is not None:
            return (
                _(
                    "WFH tidak diizinkan: %(name)s sedang menjalani hukuman disiplin (%(what)s); pegawai yang "
                    "sedang dihukum tidak termasuk kerja fleksibel."
                )
                % {"name": self.employee.full_name, "what": sanction.description}
            )
        used = [
            d
            for (pk, d), cell in sorted(self.week_cells.items(), key=lambda item: item[0][1])
            if pk == self.employee.pk
            and d != self.day
            and cell.mode == day_plan.WFH
            and cell.source in ("arrangement", "assignment")
        ]
        cap = self.resolution.wfh_days_per_week
        assert policy is not None  # WFH allowed is always a policy's word (precedence.DEFAULT is WFO)
        if len(used) >= cap:
            return (
                _(
                    "WFH tidak diizinkan: batas %(cap)s hari WFH per minggu menurut kebijakan '%(title)s' sudah "
                    "terpakai minggu ini (%(days)s)."
                )
                % {
                    "cap": cap,
                    "title": policy.title,
                    "days": ", ".join(date_format(d, "l j F") for d in used),
                }
            )
        return ""

    def _check_minimum(self):
        found = self.shortfalls.get(self.day)
        if not found:
            return
        roles = dict(Employee.ServiceRole.choices)
        parts = []
        for short in found:
            who = str(roles[short.service_role]).lower() if short.service_role else _("pegawai")
            parts.append(
                _("%(who)s di kantor tinggal %(planned)s dari minimum %(needed)s")
                % {"who": who, "planned": short.planned, "needed": short.needed}
            )
        raise ValidationError(
            _(
                "Tidak dapat disimpan: unit akan kurang petugas di kantor pada %(day)s (%(details)s). Tetapkan "
                "orang lain di kantor lebih dulu."
            )
            % {"day": long_date(self.day), "details": "; ".join(parts)}
        )

    def chosen_label(self) -> str:
        mode, shift = self.cleaned_data["pilihan"]
        if shift:
            return shift_label(shift)
        if mode == day_plan.DL:
            return _("dinas luar di %(site)s") % {"site": self.cleaned_data["site_name"]}
        return str(MODE_LABELS[mode]) if mode else _("ikuti kebijakan/jadwal")

    def save(self, actor) -> bool:
        """Write the assignment (or remove it) and record it in the audit trail; False when nothing changed."""
        mode, shift = self.cleaned_data["pilihan"]
        return assigning.assign(
            actor,
            self.employee,
            self.day,
            mode,
            shift,
            previous=self.cell,
            note=f"{long_date(self.day)}: {self.chosen_label()}",
            site_fields=self.site_values() if mode is not None else None,
            **(
                {"site": self.cleaned_data["site_name"], "site_point": [str(self.cleaned_data["site_latitude"]), str(self.cleaned_data["site_longitude"])], "site_radius_m": self.cleaned_data["site_radius_m"]}
                if mode == day_plan.DL
                else {}
            ),
        )
