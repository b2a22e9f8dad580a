from django import forms
from django.utils.translation import gettext_lazy as _

OPEN, REVIEWED, ALL = "belum", "sudah", "semua"


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(OPEN, _("Belum ditinjau")), (REVIEWED, _("Sudah ditinjau")), (ALL, _("Semua"))],
        required=False,
    )

    def chosen(self) -> str:
        return self.cleaned_data.get("status") or OPEN if self.is_valid() else OPEN


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Hasil peninjauan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Tuliskan apa yang Anda periksa dan simpulkan, misalnya: sudah dikonfirmasi langsung, pegawai memang "
            "di kantor; atau: diteruskan ke BKPSDM untuk pemeriksaan disiplin."
        ),
    )
