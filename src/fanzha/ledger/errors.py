"""The ledger's refusals, each with what the API answers for it."""

from __future__ import annotations


class LedgerInvalid(ValueError):
    """Input that breaks a rule of the ledger, with the field it is about (422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class LedgerConflict(Exception):
    """Already recorded, or changed meanwhile (409); ``existing`` names what holds it."""

    def __init__(self, message: str, existing: str | None = None, current: int | None = None):
        super().__init__(message)
        self.existing = existing
        self.current_version = current


class LedgerForbidden(PermissionError):
    pass


class LedgerNotFound(LookupError):
    pass


__all__ = ["LedgerConflict", "LedgerForbidden", "LedgerInvalid", "LedgerNotFound"]
