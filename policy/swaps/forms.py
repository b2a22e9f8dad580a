"""The forms of a shift swap: the proposal, and the partner's answer (the head's decision uses
policy.approvals.forms)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from policy.swaps import services
from units.models import Employee
from units.validators import validate_workable_date


def _date_field(label: Any, help_text: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=[validate_workable_date],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class SwapForm(forms.Form):
    """A person's proposal: her shift on `date` for a colleague's shift on `partner_date` (empty: the same day).
    The colleagues offered are the active shift staff of her unit; clean() checks the rules (services.find)."""

    date = _date_field(gettext_lazy("Tanggal shift Anda"), gettext_lazy("Hari shift Anda yang ingin ditukar."))
    partner = forms.ModelChoiceField(
        label=gettext_lazy("Rekan"),
        queryset=Employee.objects.none(),
        to_field_name="code",
        empty_label=gettext_lazy("Pilih rekan satu unit"),
        help_text=gettext_lazy("Hanya rekan satu unit yang bekerja dengan pola shift."),
    )
    partner_date = _date_field(
        gettext_lazy("Tanggal shift rekan"),
        gettext_lazy("Hari shift rekan yang Anda ambil; kosongkan bila hari yang sama (tukar jam shift)."),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Keterangan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, employee: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.finding: services.Finding | None = None
        colleagues = Employee.objects.active().filter(unit_id=employee.unit_id).exclude(pk=employee.pk)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services.shift_staff(colleagues).order_by("full_name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or "date" not in cleaned or "partner" not in cleaned:
            return cleaned
        cleaned["partner_date"] = cleaned.get("partner_date") or cleaned["date"]
        proposal = services.Proposal(self.employee, cleaned["partner"], cleaned["date"], cleaned["partner_date"])
        self.finding = services.check(proposal)
        if self.finding.refusals:
            raise ValidationError(self.finding.refusals)
        return cleaned


class AnswerForm(forms.Form):
    """The partner's answer: accept or decline, with a note."""

    note = forms.CharField(
        label=gettext_lazy("Catatan untuk pengusul (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
