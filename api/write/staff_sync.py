"""The staff sync: the staff file import's row checks (units.staff_import.importer.check_rows) and writing
(`write_valid`), on rows sent as JSON, plus the client's scope. A fixed number of queries whatever the row count:
the units, the existing staff by NIP, the client's units, and the bulk writes."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from api.clients.scope import Scope
from units import clock
from units.models import RegulationRule
from units.nip import normalize_nip
from units.staff_import import importer

MAX_ROWS = importer.MAX_ROWS


def _outside(checked: list[dict], existing: dict, allowed: set[int]) -> None:
    """Mark as errors the rows whose unit, or whose person's current unit, the client may not see."""
    for row in checked:
        if row["errors"]:
            continue
        data = row["data"]
        current = existing.get(data["nip"])
        if data["unit_id"] not in allowed:
            row["errors"].append(_("Unit %(unit)s di luar unit yang boleh diubah kunci ini.") % {"unit": data["unit"]})
        elif current is not None and current["unit_id"] not in allowed:
            row["errors"].append(_("NIP ini terdaftar di unit di luar unit yang boleh diubah kunci ini."))
        if row["errors"]:
            row["action"], row["changes"] = "error", []


def sync(scope: Scope, rows: list[dict[str, Any]], *, dry_run: bool) -> dict[str, Any]:
    raw = [{"line": i + 1, **row} for i, row in enumerate(rows)]
    nips = {normalize_nip(r.get("nip", "").lstrip("'")) for r in raw} - {""}
    existing = importer.existing_employees(nips)
    checked = importer.check_rows(raw, importer.unit_index(), existing, RegulationRule.nip_limits())
    _outside(checked, existing, set(scope.units().values_list("pk", flat=True)))
    written = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    if not dry_run:
        valid = [r["data"] for r in checked if not r["errors"]]
        with transaction.atomic():
            written = importer.write_valid(valid, now=clock.now())
    return {
        "dry_run": dry_run,
        "counts": importer.counts(checked),
        "written": written,
        "rows": [
            {
                "index": r["line"] - 1,
                "nip": r["data"]["nip"],
                "action": r["action"],
                "errors": r["errors"],
                "warnings": r["warnings"],
                "changes": r["changes"],
            }
            for r in checked
        ],
    }
