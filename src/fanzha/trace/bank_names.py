"""Banks and payment institutions by the short names officers say (工商银行, 支付宝).

Why: fanzha keys a bank by a short id (``cib``, ``citic``) in events, BIN
rows and holds, and an analyst reading ``cib`` on a freeze list has to guess
which bank to call. Every page shows the short name instead; the English
mode gets the English short name (both from ``config/banks.csv``). An id
missing there falls back to the name in ``config/bins.csv``, then to the id
itself, so a bank a center adds to its BIN rows is still shown.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Literal

from fanzha.trace.banks import BIN_TABLE
from fanzha.trace.banks import bank_names as short_names

Lang = Literal["zh", "en"]


@cache
def _bin_names() -> dict[str, str]:
    """Bank id → the name column of the shipped BIN table (full legal names)."""
    names: dict[str, str] = {}
    with BIN_TABLE.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            bank, name = (row.get("bank") or "").strip(), (row.get("name") or "").strip()
            if bank and name:
                names.setdefault(bank, name)
    return names


def bank_name(bank: str | None, lang: Lang = "zh") -> str | None:
    """The short name of a bank or institution id; ``None`` when the bank is unknown."""
    if not bank:
        return None
    known = short_names().get(bank)
    if known is not None:
        return known.short_zh if lang == "zh" else known.en
    return _bin_names().get(bank, bank)


def bank_names(bank: str | None) -> dict[str, str | None]:
    """Both languages, for an API row the page shows in either."""
    return {"bank_name": bank_name(bank, "zh"), "bank_name_en": bank_name(bank, "en")}
