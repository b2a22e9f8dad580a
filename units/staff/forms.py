from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from units.access import ADMIN, HEAD, Access
from units.models import Employee, Unit
from units.nip import normalize_nip
from units.validators import validate_workable_date

PERSONAL_FIELDS = ("home_address", "home_latitude", "home_longitude")


class EmployeeForm(forms.ModelForm):
    # Wider than 18 so a NIP typed with spaces ("19860926 201505 1 001") is accepted and normalised.
    nip = forms.CharField(label=_("NIP"), max_length=30)
    class Meta:
        model = Employee
        fields = [
            "nip",
            "full_name",
            "asn_type",
            "position_title",
            "position_category",
            "service_role",
            "unit",
            "role",
            "start_date",
            "schedule",
            "home_address",
            "home_latitude",
            "home_longitude",
            "is_active",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = access.units().filter(
            is_active=True
        )
        if not access.is_admin:
            # Nobody grants a role above their own: heads never grant admin, operators never head.
            refused = {ADMIN} if access.role == HEAD else {ADMIN, HEAD}
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                c for c in Employee.Role.choices if c[0] not in refused
            ]
        if not self._may_see_home(access):
            for name in PERSONAL_FIELDS:
                del self.fields[name]
        self.fields["nip"].help_text = _("18 digit, tanpa spasi. Contoh PNS: 198609262015051001.")
        self.fields["start_date"].validators.append(validate_workable_date)

    def _may_see_home(self, access: Access) -> bool:
        """Home location (UU 27/2022): the person, their head and admins; a new person: heads and admins."""
        if self.instance.pk:
            return access.can_see_personal_data(self.instance)
        return access.is_admin or access.role == HEAD

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"])

    def clean(self):
        cleaned = super().clean()
        nip = cleaned.get("nip")
        if nip and self.instance.user_id:
            other = get_user_model().objects.filter(username=nip).exclude(pk=self.instance.user_id)
            # A login named by this NIP that is not this person's: renaming onto it would fail.
            if other.exists():
                self.add_error(
                    "nip",
                    _("NIP ini sudah dipakai akun masuk lain. Hubungi admin BKPSDM."),
                )
        return cleaned

    def save(self, commit=True):
        """The login follows the NIP and name; passwords are never set here (units.passwords)."""
        employee = super().save(commit=False)
        if employee.user_id is not None:
            employee.user.username = employee.nip
            employee.user.first_name = employee.full_name[:150]
            employee.user.save(update_fields=["username", "first_name"])
        if commit:
            employee.save()
        return employee


class EmployeeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Semua unit"),
    )

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = access.units()
