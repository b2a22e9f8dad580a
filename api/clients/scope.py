"""What a client may see: the units it was given, each with its sub-units (as units.access does for a head), or
the whole city. Every read and write goes through these querysets, so another unit's code or NIP gives 404."""

from dataclasses import dataclass

from django.db.models import Q

from api.models import ApiClient
from units.models import Employee, EmployeeQuerySet, Unit, UnitQuerySet


@dataclass(frozen=True)
class Scope:
    whole_city: bool
    paths: tuple[str, ...]  # tree paths of the units given (their subtrees are seen)

    @classmethod
    def of(cls, client: ApiClient) -> "Scope":
        """One query (the client's units)."""
        return cls(client.whole_city, tuple(client.units.values_list("tree_path", flat=True)))

    def _q(self, field: str) -> Q:
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(**{f"{field}__startswith": path})
        return q

    def units(self) -> UnitQuerySet:
        if self.whole_city:
            return Unit.objects.all()
        return Unit.objects.filter(self._q("tree_path"))

    def employees(self) -> EmployeeQuerySet:
        if self.whole_city:
            return Employee.objects.all()
        return Employee.objects.filter(self._q("unit__tree_path"))

    def sees_path(self, tree_path: str | None) -> bool:
        """Whether a unit of this tree path is seen (None: something of the whole city, such as a locked
        month, which every client is told)."""
        if self.whole_city or tree_path is None:
            return True
        return any(tree_path.startswith(p) for p in self.paths)
