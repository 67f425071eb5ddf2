"""Reference names the pages show instead of ids: banks by their short Chinese names.

Public (no login): bank names are no secret, and the login page's script may
load them before anyone has a token.
"""

from __future__ import annotations

from fastapi import APIRouter

from fanzha.trace.banks import bank_names

router = APIRouter(prefix="/v1/reference", tags=["reference"])


@router.get("/names")
def names() -> dict[str, dict[str, dict[str, str]]]:
    """``{"banks": {"icbc": {"zh": "工商银行", "en": "ICBC"}, …}}``."""
    return {"banks": {bank: {"zh": n.short_zh, "en": n.en} for bank, n in bank_names().items()}}
