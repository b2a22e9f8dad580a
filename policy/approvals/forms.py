"""The decision forms of every kind, and what the kinds' submit forms share."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Shown only to a city admin on a row the rules block (requests); ignored elsewhere.
    override_reason = forms.CharField(
        label=gettext_lazy("Alasan pengecualian (admin kota)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Hanya bila aturan menolak dan Anda tetap menyetujui; dicatat di jejak audit."
        ),
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Alasan penolakan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Tuliskan alasan penolakan untuk pegawai.")},
    )


# The two decisions: the form, and the word in its fields' ids (the rows of a page each have theirs).
DECISIONS = {"approve": (ApproveForm, "setujui"), "reject": (RejectForm, "tolak")}


def decision_form(decision: str, item: Any, data: Any = None) -> forms.Form:
    """The "approve" or "reject" form of one item, bound to `data` when given."""
    form_class, word = DECISIONS[decision]
    return form_class(data, auto_id=f"id_%s_{word}_{item.pk}")


class KindFieldsMixin:
    """For a submit form with a `kind` choice whose other fields depend on it (swapped in by htmx):
    `fields_by_kind` names them for each kind."""

    fields_by_kind: Mapping[Any, tuple[str, ...]]
    # Those of the form it is mixed into.
    is_bound: bool
    data: Any
    initial: Any

    @property
    def chosen_kind(self) -> str:
        value = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return value if value in self.fields_by_kind else ""

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields_by_kind.get(self.chosen_kind, ())]  # type: ignore[index]
