from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.models import NoticeChoice


class NoticeChoiceForm(forms.ModelForm):
    """A person's channels and quiet hours (units.models.NoticeChoice)."""

    class Meta:
        model = NoticeChoice
        fields = ["by_email", "telegram_chat_id", "quiet_from", "quiet_until"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "telegram_chat_id": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "telegram_chat_id": gettext_lazy(
                "Kirim pesan ke bot Telegram Hadir kota, lalu salin ID obrolan yang dibalasnya ke sini. Kosongkan "
                "untuk tidak menerima lewat Telegram."
            ),
            "quiet_from": gettext_lazy("Misalnya 21:00. Pada jam tenang hanya peringatan loket kurang petugas yang dikirim."),
            "quiet_until": gettext_lazy("Misalnya 06:00 (boleh melewati tengah malam)."),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None) and not {"quiet_from", "quiet_until"} & set(self.errors):
            raise forms.ValidationError(_("Isi jam tenang mulai dan sampai, atau kosongkan keduanya."))
        if start is not None and start == end:
            self.add_error("quiet_until", _("Jam tenang sampai harus berbeda dari jam mulainya."))
        return data
