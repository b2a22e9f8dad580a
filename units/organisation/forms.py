from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from units.access import Access
from units.models import Place, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "is_frontline",
            "latitude",
            "longitude",
            "address",
            "phone",
            "whatsapp",
            "services",
            "contact_is_example",
            "geofence_radius_m",
            "outside_fence",
            "photo_required",
            "passkeys",
            "schedule",
            "is_active",
        ]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        parents = access.units()
        if self.instance.pk:
            parents = parents.exclude(tree_path__startswith=self.instance.tree_path)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents
        self.fields["kind"].widget.attrs.update(
            {
                "data-frontline-kinds": " ".join(sorted(Unit.FRONTLINE_KINDS)),
                "data-frontline-target": "id_is_frontline",
            }
        )
        if not self.instance.pk and not self.is_bound:
            kind = self.initial.get("kind")
            self.initial["is_frontline"] = bool(kind and Unit.frontline_by_default(kind))


class PlaceForm(forms.ModelForm):
    """Another place where the unit's staff check in (an MPP counter, a pustu), with its point and radius."""

    class Meta:
        model = Place
        fields = ["name", "latitude", "longitude", "radius_m", "is_active"]
        labels = {"is_active": _("Dipakai untuk presensi")}
        help_texts = {
            "latitude": _("Derajat desimal, misalnya -3.795600."),
            "longitude": _("Derajat desimal, misalnya 102.259200."),
            "radius_m": _("Presensi dihitung di dalam radius bila akurasi lokasi ponsel tidak lebih besar darinya."),
        }


# The places of a unit, edited on the unit's page by city admins (units.organisation.views.unit_edit).
PlaceFormSet = forms.inlineformset_factory(
    Unit,
    Place,
    form=PlaceForm,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
    absolute_max=20,  # a forged TOTAL_FORMS would otherwise build up to 1,020 rows
)
