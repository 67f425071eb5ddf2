"""What the city's partners actually send: the observability draw.

The world is lived in full (truth knows every call and transfer); this filter
stands between the world and ``events.jsonl`` and passes only what a partner
shares. A bank that does not share sends nothing — its accounts appear only
as ids in the transfers of banks that do. A telecom may send SMS with the
text blanked, or only the calls its anti-fraud system tagged. Platforms,
express carriers and gold sellers share or do not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fanzha.sim.hardness import Sharing


@dataclass
class Observability:
    sharing: Sharing
    dropped: dict[str, int] = field(default_factory=dict)
    blanked: int = 0
    payee_bank: Callable[[str], str | None] | None = None
    """Hard money worlds: a transfer a silent bank sent is still seen by the payee's bank
    when that one shares (the credit side of the same payment)."""
    credited: int = 0

    def __post_init__(self) -> None:
        self._banks = {f"bank:{b}" for b in self.sharing.banks}
        self._telecoms = {f"telecom:{t}": m for t, m in self.sharing.telecoms.items()}
        self._platforms = {f"platform:{p}" for p in self.sharing.platforms}
        self._carriers = {f"express:{c}" for c in self.sharing.carriers}
        self._sellers = set(self.sharing.gold_sellers)

    def shared(self, kind: str, source: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """The fields as the partner sends them, or None when it does not send the event."""
        seen = self._shared(kind, source, fields)
        if seen is None:
            self.dropped[source] = self.dropped.get(source, 0) + 1
        return seen

    def seen_as(
        self, kind: str, source: str, fields: dict[str, Any]
    ) -> tuple[str, dict[str, Any]] | None:
        """(source, fields) as the event reaches the center, or None.

        Without ``payee_bank`` this is ``shared``. With it, a transfer the sending
        bank keeps to itself arrives from the payee's bank if that one shares.
        """
        seen = self._shared(kind, source, fields)
        if seen is not None:
            return source, seen
        if kind == "transfer" and self.payee_bank is not None:
            bank = self.payee_bank(fields["to_account"])
            if bank is not None and f"bank:{bank}" in self._banks:
                self.credited += 1
                return f"bank:{bank}", fields
        self.dropped[source] = self.dropped.get(source, 0) + 1
        return None

    def _shared(self, kind: str, source: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        if source.startswith("police:"):
            return fields
        if source.startswith("bank:"):
            if source not in self._banks:
                return None
            if kind == "gold_purchase" and fields.get("channel") == "store":
                return fields if fields.get("seller") in self._sellers else None
            return fields
        if source.startswith("telecom:"):
            mode = self._telecoms.get(source, "none")
            if mode == "full":
                return fields
            if mode == "sms_text_blanked":
                if kind == "sms":
                    self.blanked += 1
                    return {**fields, "text": ""}
                return fields
            if mode == "tagged_calls_only":
                return fields if kind == "call" and fields.get("caller_tags") else None
            return None
        if source.startswith("platform:"):
            return fields if source in self._platforms else None
        if source.startswith("express:"):
            return fields if source in self._carriers else None
        return fields
