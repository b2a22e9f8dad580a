from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from units.deputies.appointing import candidates, overlap_refusal
from units.models import Deputy, Employee, Unit
from units.validators import validate_workable_date


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.position_title} · {obj.unit.short_name}"


class DeputyForm(forms.Form):
    deputy = PersonChoiceField(
        label=_("Pelaksana"),
        queryset=Employee.objects.none(),
        help_text=_("Pegawai unit ini atau unit induknya, selain kepala unit."),
    )
    kind = forms.ChoiceField(label=_("Sebagai"), choices=Deputy.Kind.choices, initial=Deputy.Kind.PLH)
    start_date = forms.DateField(
        label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_workable_date]
    )
    end_date = forms.DateField(
        label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_workable_date]
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: cuti tahunan, dinas luar ke Jakarta (nomor SPT)."),
    )

    def __init__(self, *args: Any, unit: Unit, head: Employee | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        cast(forms.ModelChoiceField, self.fields["deputy"]).queryset = candidates(unit, head)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
            elif problem := overlap_refusal(self.unit, start, end):
                self.add_error(None, problem)
        return data
