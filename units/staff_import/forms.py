from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.staff_import import importer


class StaffFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas daftar pegawai (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Berkas .csv (pemisah koma atau titik koma) atau .xlsx (lembar pertama dibaca), "
            "paling banyak 20.000 baris di bawah baris judul (baris kosong ikut dihitung)."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("Pilih berkas yang akan diimpor.")},
    )

    def clean_file(self):
        """The checks that cost little (size, type by name and content); reading every row is the
        task's (units.staff_import.importer.parse_upload)."""
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (lebih dari %(mb)s MB). Bagi menjadi beberapa berkas.")
                % {"mb": f"{limit / (1024 * 1024):g}".replace(".", ",")}
            )
        try:
            importer.check_file(upload)
        except importer.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
