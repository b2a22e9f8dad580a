"""Default contents of the admin-editable code and sanction tables, read from attendance/data."""

import csv
import re
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BANDS = {1: (1, 30), 2: (31, 60), 3: (61, 90), 4: (91, None)}


def _first_number(text: str) -> Decimal:
    match = re.search(r"\d+(?:,\d+)?", text)
    return Decimal(match.group(0).replace(",", ".")) if match else Decimal(0)


def deduction_rules() -> list[dict]:
    rows = []
    with open(DATA / "attendance_codes_examples.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            band = BANDS.get(int(code[-1])) if code[:-1] in ("TL", "PSW") else None
            rows.append(
                {
                    "code": code,
                    "name": row["nama"],
                    "min_minutes": band[0] if band else None,
                    "max_minutes": band[1] if band else None,
                    "deduction_percent": _first_number(row["potongan_persen_contoh"]),
                    "is_example": True,
                    "source": f"{row['potongan_persen_contoh']} — {row['sumber']}"[:300],
                }
            )
    return rows + [dict(row) for row in LOCAL_CODES]


# Codes of Kota Bengkulu's own rule, not in the central agencies' examples. Their deduction is an example
# marked unverified until BKPSDM confirms it (admin-editable: DeductionRule).
MISSED_BREAK = "TPI"
LOCAL_CODES = [
    {
        "code": MISSED_BREAK,
        "name": "Tidak presensi istirahat",
        "min_minutes": None,
        "max_minutes": None,
        "deduction_percent": Decimal("0.5"),
        "is_example": True,
        "source": "SE BKPSDM Kota Bengkulu No. 4/2025 (presensi tiga kali sehari); besaran potongan belum "
        "terverifikasi: contoh setara TL1/PSW1",
    },
]


def sanction_levels() -> list[dict]:
    """Cumulative-day rows only; the "10 consecutive days" rule is applied in the recap itself."""
    rows = []
    with open(DATA / "pp94_2021_sanksi_tidak_masuk.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            days = row["hari_kerja_tanpa_alasan_sah_kumulatif_per_tahun"]
            if "berturut" in days:
                continue
            if days.endswith("+"):
                low, high = int(days[:-1]), None
            elif "-" in days:
                low, high = (int(x) for x in days.split("-"))
            else:
                low = high = int(days)
            rows.append(
                {
                    "min_days": low,
                    "max_days": high,
                    "level": row["tingkat"],
                    "sanction": row["hukuman_disiplin"],
                    "source": row["sumber"][:200],
                }
            )
    return rows
