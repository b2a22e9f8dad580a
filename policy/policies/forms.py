"""Forms for policy drafts (fields, scope, on-site minimums), revocation and activation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from policy.models import Policy, PolicyUnit, StaffingMinimum
from units import regulation
from units.models import Employee, RegulationRule, Unit
from units.nip import normalize_nip
from units.validators import validate_workable_date

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FIELDS = ("decided_on", "effective_from", "effective_until")


def unit_choices():
    """Active units grouped by kind, for the scope and minimum pickers (one query)."""
    labels = dict(Unit.Kind.choices)
    groups: dict[str, list] = {}
    for unit in Unit.objects.active().order_by("tree_path").only("pk", "name", "kind"):
        groups.setdefault(unit.kind, []).append((unit.pk, unit.name))
    return [(labels[kind], groups[kind]) for kind in labels if kind in groups]


class PolicyForm(forms.ModelForm):
    rule = forms.ChoiceField(
        label=_("Aturan"), choices=Policy.Rule.choices, widget=forms.RadioSelect
    )
    wfh_days_per_week = forms.IntegerField(
        label=_("Batas hari WFH per minggu"),
        min_value=1,
        max_value=5,
        required=False,
        help_text=_(
            "Hanya untuk aturan WFH diizinkan. PermenPANRB 4/2025: paling banyak 2 hari kerja per minggu."
        ),
    )
    # The written reason for going beyond PermenPANRB 4/2025's cap (clean: _check_cap; the view audits it).
    cap_override_reason = forms.CharField(
        label=_("Alasan melampaui batas PermenPANRB 4/2025"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hanya bila batas hari WFH per minggu melebihi batas PermenPANRB 4/2025. Dicatat di jejak audit."),
    )
    scope_unit_kinds = forms.MultipleChoiceField(
        label=_("Jenis unit"),
        choices=Unit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope_units = forms.TypedMultipleChoiceField(
        label=_("Unit tertentu"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Centang satu atau beberapa unit; daftar dikelompokkan per jenis unit."),
    )
    include_sub_units = forms.BooleanField(
        label=_("Termasuk sub-unit dari unit yang dipilih (misalnya kelurahan di bawah kecamatan)"),
        required=False,
        initial=True,
    )
    scope_frontline = forms.ChoiceField(
        label=_("Unit layanan garis depan"),
        choices=Policy.Frontline.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    scope_service_roles = forms.MultipleChoiceField(
        label=_("Hanya peran layanan"),
        choices=Employee.ServiceRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk semua peran."),
    )
    scope_position_categories = forms.MultipleChoiceField(
        label=_("Hanya kategori jabatan"),
        choices=Employee.PositionCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk semua kategori."),
    )
    scope_nips = forms.CharField(
        label=_("Pegawai tertentu (NIP)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Satu NIP per baris. Pegawai yang disebut namanya selalu tercakup, apa pun unitnya."
        ),
    )

    class Meta:
        model = Policy
        fields = [
            "title",
            "legal_basis_type",
            "legal_basis_number",
            "decided_by",
            "decided_on",
            "effective_from",
            "effective_until",
            "rule",
            "wfh_days_per_week",
            "cap_override_reason",
            "reason",
            "scope_city",
            "scope_unit_kinds",
            "scope_frontline",
            "scope_service_roles",
            "scope_position_categories",
        ]
        widgets = {
            "decided_on": DATE,
            "effective_from": DATE,
            "effective_until": DATE,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"scope_city": _("Seluruh ASN Kota Bengkulu")}

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:  # the model's date fields, bounded like every date typed in Hadir
            self.fields[name].validators.append(validate_workable_date)
        self.fields["scope_units"].choices = unit_choices
        if self.instance.pk and not self.is_bound:
            scoped = list(self.instance.scope_units.all())
            self.initial["scope_units"] = [s.unit_id for s in scoped]
            self.initial["include_sub_units"] = (
                all(s.include_sub_units for s in scoped) if scoped else True
            )
            self.initial["scope_nips"] = "\n".join(
                e.nip for e in self.instance.scope_employees.all()
            )

    def clean_scope_nips(self) -> list[Employee]:
        nips = []
        for line in self.cleaned_data["scope_nips"].splitlines():
            nip = normalize_nip(line.strip())
            if nip and nip not in nips:
                nips.append(nip)
        found = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
        unknown = [nip for nip in nips if nip not in found]
        if unknown:
            raise ValidationError(
                ngettext(
                    "NIP %(nips)s tidak ditemukan di data pegawai. Periksa lagi angkanya.",
                    "NIP berikut tidak ditemukan di data pegawai: %(nips)s. Periksa lagi angkanya.",
                    len(unknown),
                )
                % {"nips": ", ".join(unknown)}
            )
        return [found[nip] for nip in nips]

    def clean(self):
        data = super().clean()
        organisational = (
            data.get("scope_city") or data.get("scope_unit_kinds") or data.get("scope_units")
        )
        if not organisational and not data.get("scope_nips") and "scope_nips" not in self.errors:
            self.add_error(
                None,
                _(
                    "Pilih cakupan: seluruh kota, jenis unit, unit tertentu, atau pegawai tertentu. "
                    "Peran layanan dan kategori jabatan hanya mempersempit cakupan itu."
                ),
            )
        if data.get("rule") == Policy.Rule.WFH_ALLOWED:
            if not data.get("wfh_days_per_week"):
                self.add_error(
                    "wfh_days_per_week", _("Isi batas hari WFH per minggu (1 sampai 5).")
                )
            else:
                self._check_cap(data)
        elif not data.get("wfh_days_per_week"):
            data["wfh_days_per_week"] = self.instance.wfh_days_per_week or 2
        if not self.cap_overridden:
            data["cap_override_reason"] = ""
        return data

    cap_overridden: int | None = None  # PermenPANRB 4/2025's cap, when the policy goes beyond it with a reason

    def _check_cap(self, data: dict) -> None:
        """PermenPANRB 4/2025: flexible location on at most 2 working days a week per person (an admin-editable
        rule). More only with a written reason, which the view records in the audit trail."""
        cap = RegulationRule.values(regulation.FLEXIBLE_LOCATION_DAYS)[regulation.FLEXIBLE_LOCATION_DAYS]
        days = data["wfh_days_per_week"]
        if cap is None or days <= cap:
            return
        data["cap_override_reason"] = reason = (data.get("cap_override_reason") or "").strip()
        if reason:
            self.cap_overridden = cap
            return
        self.add_error(
            "wfh_days_per_week",
            _(
                "PermenPANRB 4/2025 membatasi fleksibel lokasi (WFH/WFA) paling banyak %(cap)s hari kerja per minggu "
                "per pegawai; kebijakan ini mengizinkan %(days)s hari. Turunkan batasnya, atau tulis alasan "
                "melampaui batas (dicatat di jejak audit)."
            )
            % {"cap": cap, "days": days},
        )

    def save_scope(self, policy: Policy) -> None:
        """Write the units and named employees of the scope (the policy must be saved)."""
        policy.scope_units.all().delete()
        sub_units = self.cleaned_data["include_sub_units"]
        PolicyUnit.objects.bulk_create(
            PolicyUnit(policy=policy, unit_id=unit_id, include_sub_units=sub_units)
            for unit_id in self.cleaned_data["scope_units"]
        )
        policy.scope_employees.set(self.cleaned_data["scope_nips"])


class MinimumForm(forms.ModelForm):
    class Meta:
        model = StaffingMinimum
        fields = ["unit", "unit_kind", "service_role", "min_count", "min_percent"]
        labels = {
            "unit": _("Untuk unit"),
            "unit_kind": _("atau setiap unit jenis"),
            "min_count": _("Paling sedikit (orang)"),
            "min_percent": _("Paling sedikit (% pegawai)"),
            "service_role": _("Yang dihitung"),
        }
        help_texts = {"service_role": ""}

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active()
        # The same grouped list for every row, fetched once by the view.
        self.fields["unit"].choices = [("", "---------"), *unit_choices]
        self.fields["service_role"].choices = [
            ("", _("Semua pegawai unit")),
            *Employee.ServiceRole.choices,
        ]


MinimumFormSet = forms.inlineformset_factory(
    Policy,
    StaffingMinimum,
    form=MinimumForm,
    extra=2,
    can_delete=True,
    max_num=60,
    validate_max=True,
    absolute_max=60,  # a forged TOTAL_FORMS would otherwise build (and render) up to 1,060 rows
)


class RevokeForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal pencabutan"),
        widget=DATE,
        validators=[validate_workable_date],
        help_text=_("Mulai tanggal ini kebijakan tidak berlaku lagi. Paling lambat hari ini."),
    )
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Tulis alasan pencabutan: alasan ini dicatat di jejak audit.")
        },
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa pencabutan tidak dapat dibatalkan"),
        error_messages={"required": _("Centang konfirmasi untuk mencabut kebijakan.")},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > self.today:
            raise ValidationError(
                _(
                    "Tanggal pencabutan tidak boleh di masa depan. Untuk mengakhiri kebijakan pada tanggal "
                    "tertentu nanti, buat versi baru dengan tanggal akhir."
                )
            )
        return value


class ActivateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Saya sudah memeriksa dampaknya"),
        error_messages={
            "required": _("Centang 'Saya sudah memeriksa dampaknya' untuk memberlakukan kebijakan.")
        },
    )
    override_reason = forms.CharField(
        label=_("Alasan tetap memberlakukan walau unit layanan garis depan kurang dari minimum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat di jejak audit bersama nama Anda."),
    )

    def __init__(self, *args, blocking: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocking = blocking

    def clean_override_reason(self):
        reason = self.cleaned_data["override_reason"].strip()
        if self.blocking and not reason:
            raise ValidationError(
                ngettext(
                    "%(count)s unit layanan garis depan akan kurang dari jumlah minimum di kantor. "
                    "Kebijakan hanya dapat diberlakukan dengan alasan tertulis.",
                    "%(count)s unit layanan garis depan akan kurang dari jumlah minimum di kantor. "
                    "Kebijakan hanya dapat diberlakukan dengan alasan tertulis.",
                    self.blocking,
                )
                % {"count": self.blocking}
            )
        return reason
