"""Which bank issued a card: the BIN/IIN table, longest prefix first.

Why: an account at a bank that shares nothing with the center appears only
as an id in someone else's transfer, yet its stop-payment still has to go to
its bank (through the PBOC risk-event platform). A UnionPay card number's
first 6–10 digits (the issuer identification number) name the bank.

The table is ``config/bins.csv`` (its source named in the file's header),
plus the ``bins`` of the trace settings, which win: a center adds the
numbers of its local banks there.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

BIN_TABLE = Path(__file__).parent / "config" / "bins.csv"


@dataclass(frozen=True)
class BinTable:
    """Prefix → bank id; ``issuer`` tries the longest prefix first."""

    prefixes: Mapping[str, str] = field(default_factory=dict)
    lengths: tuple[int, ...] = ()

    @classmethod
    def of(cls, prefixes: Mapping[str, str]) -> BinTable:
        lengths = tuple(sorted({len(p) for p in prefixes}, reverse=True))
        return cls(dict(prefixes), lengths)

    def issuer(self, card: str) -> str | None:
        for size in self.lengths:
            bank = self.prefixes.get(card[:size])
            if bank is not None:
                return bank
        return None

    def extended(self, extra: Mapping[str, str]) -> BinTable:
        return BinTable.of({**self.prefixes, **extra})


def read_bins(path: Path) -> dict[str, str]:
    """``bin,bank,…`` rows after ``#`` comment lines; errors name the line."""
    rows: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            prefix, bank = (row.get("bin") or "").strip(), (row.get("bank") or "").strip()
            if not prefix.isdigit() or not bank:
                raise ValueError(f"{path}: row {number}: needs a numeric bin and a bank")
            rows.setdefault(prefix, bank)
    return rows


@cache
def shipped_bins() -> BinTable:
    return BinTable.of(read_bins(BIN_TABLE))


BANK_NAMES = Path(__file__).parent / "config" / "banks.csv"


@dataclass(frozen=True)
class BankName:
    short_zh: str
    """What officers and bank staff say: 工商银行, 建设银行."""
    en: str


@cache
def bank_names() -> dict[str, BankName]:
    """Bank id → its short Chinese name and English name, from ``config/banks.csv``.

    Pages show a bank by these names, never by its id (``cib``); errors name the line."""
    names: dict[str, BankName] = {}
    with BANK_NAMES.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            bank, short, en = (row.get(k, "").strip() for k in ("bank", "short_zh", "name_en"))
            if not bank or not short or not en:
                raise ValueError(f"{BANK_NAMES}: row {number}: needs bank, short_zh and name_en")
            names[bank] = BankName(short, en)
    return names
