"""The city coverage board's filters: a GET form, so a filtered board is a link that can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class CoverageFilterForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis unit"), required=False, choices=[("", _("Semua jenis"))] + Unit.Kind.choices
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Unit.objects.active().filter(kind=Unit.Kind.KECAMATAN).order_by("name"),
        to_field_name="code",
        empty_label=_("Semua kecamatan"),
        help_text=_("Kantor kecamatan dan kelurahannya."),
    )
    kurang = forms.BooleanField(label=_("Hanya unit yang kurang petugas sekarang"), required=False)

    def filters(self) -> tuple[str, Unit | None, bool]:
        """(kind, kecamatan, only short); a value that does not validate is ignored (and shown as an error)."""
        if not self.is_bound:
            return "", None, False
        self.is_valid()
        data = self.cleaned_data
        return data.get("jenis", ""), data.get("kecamatan"), bool(data.get("kurang"))
