"""An activity site typed into a form (SE BKPSDM 4/2025: an official activity away from the office checks in
at its location): the fields and their check, shared by the DL request (policy.arrangements.forms) and the
head's DL assignment (policy.plan.forms); drawn by templates/policy/plan/_site_fields.html."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy.models import ActivitySite

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise as _StrPromise

SITE_FIELDS = ActivitySite.SITE_FIELDS
DEFAULT_SITE_RADIUS_M = 15  # the SE's "about 15 m", as units.Unit.geofence_radius_m


class CoordinateField(forms.FloatField):
    """A latitude or longitude typed in degrees; a decimal comma is taken as a point ("-3,7956")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class SiteForm(forms.Form):
    """The activity site's fields; a subclass calls `check_site` from its clean() and says in `site_help`
    what the site means for its days."""

    site_legend: "str | _StrPromise" = ""
    site_help: "str | _StrPromise" = ""

    site_name = forms.CharField(
        label=gettext_lazy("Nama lokasi kegiatan"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Misalnya: Aula Kantor Gubernur Bengkulu."),
    )
    site_latitude = CoordinateField(
        label=gettext_lazy("Lintang (latitude)"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=gettext_lazy("Derajat desimal, misalnya -3.795600 (selatan khatulistiwa bernilai negatif)."),
        error_messages={
            "invalid": gettext_lazy("Tulis lintang sebagai angka desimal, misalnya -3.795600."),
            "min_value": gettext_lazy("Lintang berada di antara -90 dan 90."),
            "max_value": gettext_lazy("Lintang berada di antara -90 dan 90."),
        },
    )
    site_longitude = CoordinateField(
        label=gettext_lazy("Bujur (longitude)"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=gettext_lazy("Derajat desimal, misalnya 102.259200."),
        error_messages={
            "invalid": gettext_lazy("Tulis bujur sebagai angka desimal, misalnya 102.259200."),
            "min_value": gettext_lazy("Bujur berada di antara -180 dan 180."),
            "max_value": gettext_lazy("Bujur berada di antara -180 dan 180."),
        },
    )
    site_radius_m = forms.IntegerField(
        label=gettext_lazy("Radius presensi (meter)"),
        required=False,
        min_value=5,
        max_value=5000,
        help_text=gettext_lazy("Bila dikosongkan: 15 m."),
        error_messages={
            "invalid": gettext_lazy("Tulis radius dalam meter, angka bulat."),
            "min_value": gettext_lazy("Radius paling kecil 5 m."),
            "max_value": gettext_lazy("Radius paling besar 5000 m."),
        },
    )

    def site_initial(self, site) -> None:
        """Show `site` (policy.plan.day_plan.Site, or None) in the empty fields."""
        if site is not None:
            self.initial.update(
                site_name=site.name, site_latitude=f"{site.latitude:.6f}", site_longitude=f"{site.longitude:.6f}",
                site_radius_m=site.radius_m,
            )

    def check_site(self, data: dict, *, wanted: bool, required: bool = False) -> None:
        """A site in `data` (cleaned_data): a point (both coordinates) with a name, or nothing (an error
        when `required`); the radius defaults to 15 m. Cleared when not `wanted`. The coordinates are kept to
        6 decimals (about 0.1 m), as the model stores them."""
        if not wanted:
            data.update(site_name="", site_latitude=None, site_longitude=None, site_radius_m=None)
            return
        if any(name in self.errors for name in SITE_FIELDS):
            return
        name = (data.get("site_name") or "").strip()
        latitude, longitude, radius = data.get("site_latitude"), data.get("site_longitude"), data.get("site_radius_m")
        if latitude is None and longitude is None:
            if required:
                self.add_error("site_latitude", _("Isi lintang dan bujur lokasi kegiatan: presensi hari itu dilakukan di sana."))
            if name and not required:
                self.add_error("site_name", _("Isi lintang dan bujur lokasi kegiatan, atau kosongkan namanya."))
            if radius is not None:
                self.add_error(
                    "site_radius_m", _("Radius dipakai bersama titik lokasi kegiatan: isi lintang dan bujurnya.")
                )
            if not name and required:
                self.add_error("site_name", _("Beri nama lokasi kegiatan, misalnya: Aula Kantor Gubernur Bengkulu."))
            return
        if latitude is None or longitude is None:
            missing = "site_latitude" if latitude is None else "site_longitude"
            self.add_error(missing, _("Isi lintang dan bujur lokasi kegiatan, atau kosongkan keduanya."))
            return
        if not name:
            self.add_error("site_name", _("Beri nama lokasi kegiatan, misalnya: Aula Kantor Gubernur Bengkulu."))
        data["site_name"] = name
        data["site_latitude"] = Decimal(f"{latitude:.6f}")
        data["site_longitude"] = Decimal(f"{longitude:.6f}")
        data["site_radius_m"] = radius if radius is not None else DEFAULT_SITE_RADIUS_M

    def site_values(self) -> dict:
        """The model's site fields from cleaned_data (after check_site)."""
        data = self.cleaned_data
        return {name: data.get(name) for name in SITE_FIELDS} | {"site_name": data.get("site_name") or ""}
