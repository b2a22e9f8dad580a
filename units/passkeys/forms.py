from django import forms
from django.utils.translation import gettext_lazy as _


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Alasan menghapus"), max_length=300)
