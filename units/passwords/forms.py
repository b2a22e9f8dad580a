from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from units.nip import normalize_nip


class NewPasswordForm(forms.Form):
    """A new password typed twice and checked by the project's validators against `user` (the NIP and
    name it must not resemble)."""

    new_password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Paling sedikit 8 karakter; jangan hanya angka, jangan mirip NIP atau nama."),
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def user_for_validation(self):
        return None

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                password_validation.validate_password(first, self.user_for_validation())
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class RedeemForm(NewPasswordForm):
    """The person, not signed in: their NIP, the code they were given, and the password they choose."""

    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("Kode atur ulang"),
        max_length=20,
        help_text=_("8 huruf dan angka dari kepala unit, operator, atau e-mail, misalnya K7QP-M2XD."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    field_order = ["nip", "code", "new_password1", "new_password2"]

    def clean_nip(self) -> str:
        return normalize_nip(self.cleaned_data["nip"])

    def user_for_validation(self):
        return get_user_model()(username=self.cleaned_data.get("nip", ""))


class TemporaryPasswordForm(NewPasswordForm):
    """An admin's override: a temporary password and the reason, both kept in the audit trail (the
    reason, never the password)."""

    reason = forms.CharField(
        label=_("Alasan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tercatat di jejak audit dan terlihat oleh pegawai ini."),
    )
    field_order = ["new_password1", "new_password2", "reason"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_password1"].label = _("Kata sandi sementara")
        self.fields["new_password2"].label = _("Ulangi kata sandi sementara")

    def user_for_validation(self):
        return self.user
