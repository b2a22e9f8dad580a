from django import forms
from django.utils.translation import gettext_lazy as _


class DeviceForm(forms.Form):
    """Register this browser as the unit's kiosk."""

    name = forms.CharField(
        label=_("Nama perangkat"),
        max_length=80,
        help_text=_("Misalnya: Tablet loket depan. Nama ini tampil di daftar perangkat, bukan di layar kios."),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Isi nama perangkat."))
        return name
