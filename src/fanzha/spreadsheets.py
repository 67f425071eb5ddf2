"""Spreadsheet cells that stay data: the one writer of fanzha's CSV and XLSX tables.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which Excel strips before it looks) is read by spreadsheet programs as a
formula, so a campaign titled ``=cmd|' /C calc'!A0`` would run on the analyst's
machine when the export is opened (OWASP "CSV injection"). Every table the
project writes goes through this module:

- CSV: such a text cell gets a leading apostrophe, the neutraliser Excel,
  LibreOffice and WPS all honour; the UTF-8 byte-order mark lets Excel read Chinese.
- XLSX: the cell is stored as a string, never a formula, with Excel's
  "quote prefix" set so that editing it later does not turn it into one; its
  text is kept exactly.

Numbers stay numbers (``-12.5`` is a number cell), and text that is only a
signed number or percentage (``-4.0%``, ``+8613800000000``) is left as it is:
it cannot call anything.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet program would evaluate this cell's text."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and _PLAIN_NUMBER.fullmatch(value) is None
    )


def csv_cell(value: object) -> object:
    """The value as a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) and isinstance(value, str) else value


def write_csv(path: Path, header: Sequence[object], rows: Iterable[Sequence[object]]) -> None:
    """A CSV file Excel opens in Chinese with no cell evaluated."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(c) for c in header])
        writer.writerows([csv_cell(c) for c in row] for row in rows)


def append_row(sheet: Worksheet, row: Sequence[object]) -> None:
    """One row at the bottom of ``sheet``; formula-like text is stored as text."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
