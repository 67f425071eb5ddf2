"""Who may change reference data: an owner per field of ``person`` and ``account``.

Reference kinds are upserts, so without owners any source could rewrite a
resident's district (and with it who may see the resident's case) by sending
a ``person`` record. Here each field names the sources that speak for it
(``config/ownership.yaml``): the household register for where a person lives,
a bank for its own accounts. Every door (HTTP intake, ``fanzha ingest``, the
detection engines) asks the same object, so none can be used to go around
another. What a non-owner says is not lost: it is an *observation*, stored
and shown to analysts, and never replaces the owner's value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import msgspec
import yaml

from fanzha.contract.kinds import Account, Person

DEFAULT_OWNERSHIP: Final = Path(__file__).parent / "config" / "ownership.yaml"
EXTRA_FIELDS: Final[dict[str, frozenset[str]]] = {
    "person": frozenset({"community"}),
    "account": frozenset({"account_kind"}),
}
"""Fields kept beside the typed ones (read from the raw line), e.g. the simulator's
``community``, or ``account_kind`` (personal, corporate, wallet, sub_merchant, merchant,
institution: what the keeping bank knows of the account): they belong to the record
as much as the typed fields do."""
_NOT_FIELDS: Final = frozenset({"id", "ts", "source"})
_TEMPLATE = re.compile(r"\{([a-z_]+)\}")
Reference = Person | Account


class KindOwners(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: str
    """The record's identity (``person_id``): not a field anyone changes."""
    owners: dict[str, list[str]]
    """Field → source patterns that own it."""


class Split(msgspec.Struct, frozen=True):
    """A reference event, as the store and the engines should take it."""

    owned: frozenset[str]
    """Fields its source owns: these are applied to the record."""
    observed: dict[str, Any]
    """What it says about fields it does not own: kept, shown, never applied."""

    @property
    def whole(self) -> bool:
        """The source owns every field it sent: the record is replaced as before."""
        return not self.observed


class Ownership:
    """Field owners of the reference kinds; answers are cached per source."""

    def __init__(self, kinds: dict[str, KindOwners]) -> None:
        for kind, typed in (("person", Person), ("account", Account)):
            if kind not in kinds:
                raise ValueError(f"ownership: no owners for kind {kind}")
            fields = (set(typed.__struct_fields__) - _NOT_FIELDS - {kinds[kind].key}) | set(
                EXTRA_FIELDS.get(kind, ())
            )
            missing, unknown = fields - set(kinds[kind].owners), set(kinds[kind].owners) - fields
            if missing or unknown:
                raise ValueError(
                    f"ownership of {kind}: fields without owners {sorted(missing)}, "
                    f"unknown fields {sorted(unknown)}"
                )
        self.kinds = kinds
        self._cache: dict[tuple[str, ...], frozenset[str]] = {}

    @classmethod
    def load(cls, path: Path = DEFAULT_OWNERSHIP) -> Ownership:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            kinds = msgspec.convert(data, dict[str, KindOwners])
        except msgspec.ValidationError as err:
            raise ValueError(f"{path}: {err}") from err
        return cls(kinds)

    def key(self, event: Reference) -> str:
        return str(getattr(event, self.kinds[event.kind].key))

    def owned(self, event: Reference) -> frozenset[str]:
        """The fields of this record its source owns (cached: this runs per event)."""
        kind = event.kind
        bank = event.bank if isinstance(event, Account) else ""
        cache_key = (kind, event.source, bank)
        found = self._cache.get(cache_key)
        if found is None:
            values = {"bank": bank}
            found = frozenset(
                name
                for name, patterns in self.kinds[kind].owners.items()
                if any(_matches(p, event.source, values) for p in patterns)
            )
            if len(self._cache) < 10_000:
                self._cache[cache_key] = found
        return found

    def owns(self, event: Reference, field: str) -> bool:
        return field in self.owned(event)

    def split(self, event: Reference, extra: dict[str, Any] | None = None) -> Split:
        """Which fields apply and which are only observed (given, non-owned, not empty)."""
        owned = self.owned(event)
        said: dict[str, Any] = msgspec.to_builtins(event)
        said.update(extra or {})
        for name in (*_NOT_FIELDS, "kind", self.kinds[event.kind].key):
            said.pop(name, None)
        observed = {
            name: value
            for name, value in said.items()
            if name not in owned and value not in (None, [], "")
        }
        return Split(owned=owned, observed=observed)


def _matches(pattern: str, source: str, values: dict[str, str]) -> bool:
    if pattern.endswith(":*"):
        return source.startswith(pattern[:-1])
    wanted = _TEMPLATE.sub(lambda m: values.get(m.group(1), "\x00"), pattern)
    return source == wanted


@lru_cache(maxsize=1)
def ownership() -> Ownership:
    """The center's ownership rules (``config/ownership.yaml``), loaded once."""
    return Ownership.load()


__all__ = ["DEFAULT_OWNERSHIP", "KindOwners", "Ownership", "Split", "ownership"]
