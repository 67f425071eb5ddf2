"""What the detection engine asks patrol: is this domain/app blocked, does it imitate a brand.

Usage from detect::

    lookup = PatrolIndicators.open()          # store under FANZHA_DATA_DIR/patrol/blocklist
    lookup.is_blocked_domain("https://a.evil.com/x")   # -> Entry | None
    lookup.lookalike_score("icbc-kefu.top")            # -> LookalikeScore (score 0..1)
    lookup.is_blocked_app("com.fake.bank")             # -> Entry | None
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fanzha.clock import Clock, SystemClock
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.lookalike import LookalikeScore, score_domain
from fanzha.settings import get_settings


def default_store_path() -> Path:
    return get_settings().data_dir / "patrol" / "blocklist"


@dataclass
class PatrolIndicators:
    blocklist: Blocklist
    clock: Clock

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> PatrolIndicators:
        return cls(Blocklist(path or default_store_path()), clock or SystemClock())

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

    def lookalike_score(self, url_or_domain: str) -> LookalikeScore:
        return score_domain(url_or_domain)
