from typing import cast

from django import forms

from units.access import Access
from units.models import Unit


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
            "geofence_radius_m",
            "outside_fence",
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
