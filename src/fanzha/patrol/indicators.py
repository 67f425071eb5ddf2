"""What the detection engine asks patrol: is this domain/app blocked, does it imitate a brand.

Usage from detect::

    lookup = PatrolIndicators.open()          # store under FANZHA_DATA_DIR/patrol/blocklist
    lookup.is_blocked_domain("https://a.evil.com/x")   # -> Entry | None
    lookup.lookalike_score("icbc-kefu.top")            # -> LookalikeScore (score 0..1)
    lookup.is_blocked_app("com.fake.bank")             # -> Entry | None
    lookup.count_hit("detection", entry)               # the rule earned a hit

Every rule hit is counted per channel (``hits``, shown by ``fanzha patrol hits`` and
``GET /v1/patrol/hits``); every 风险查询 per indicator and day (``lookups``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fanzha.clock import Clock, SystemClock
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.counts import HitCounts, LookupCounts
from fanzha.patrol.lookalike import LookalikeScore, score_domain
from fanzha.patrol.names import IndicatorKind
from fanzha.settings import get_settings


def default_store_path() -> Path:
    return get_settings().data_dir / "patrol" / "blocklist"


@dataclass
class PatrolIndicators:
    blocklist: Blocklist
    clock: Clock
    hits: HitCounts
    lookups: LookupCounts

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> PatrolIndicators:
        blocklist = Blocklist(path or default_store_path())
        return cls(
            blocklist,
            clock or SystemClock(),
            HitCounts(blocklist.path),
            LookupCounts(blocklist.path),
        )

    def count_hit(self, channel: str, entry: Entry) -> None:
        self.hits.add(channel, entry.kind, entry.value)

    def flush(self) -> None:
        """Write the counts still in memory (a server stopping calls it)."""
        self.hits.file.flush()
        self.lookups.file.flush()

    def _now(self) -> datetime:
        return self.clock.now()

    def is_blocked_domain(self, url_or_domain: str) -> Entry | None:
        """The rule blocking this domain or URL (parents count; allowlist wins), else None."""
        return self.blocklist.match("domain", url_or_domain, self._now())

    def is_blocked_url(self, url: str) -> Entry | None:
        return self.blocklist.match("url", url, self._now()) or self.is_blocked_domain(url)

    def is_blocked_app(self, app_id: str) -> Entry | None:
        return self.blocklist.match("app", app_id, self._now())

    def is_blocked_phone(self, number: str) -> Entry | None:
        return self.blocklist.match("phone", number, self._now())

    def is_blocked_account(self, account: str) -> Entry | None:
        return self.blocklist.match("account", account, self._now())

    def is_blocked_ip(self, address: str) -> Entry | None:
        """An address (its own rule or a range holding it), or ``ip:port``."""
        kind: IndicatorKind = "ipport" if address.count(":") == 1 or "]:" in address else "ip"
        return self.blocklist.match(kind, address, self._now())

    def lookalike_score(self, url_or_domain: str) -> LookalikeScore:
        return score_domain(url_or_domain)
