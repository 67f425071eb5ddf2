"""Warm-up: live detection starts knowing the residents and accounts already stored.

Without it a restarted server would not know whose phone a call reached until the
residents were posted again.
"""

from __future__ import annotations

from pathlib import Path

from fanzha.clock import SystemClock
from fanzha.detect.state import AccountInfo
from fanzha.flows.live import LiveDetector
from fanzha.store import engine
from fanzha.store.service import accounts_for_directory, residents_for_directory


def load_detector(
    url: str,
    rules_path: Path | None = None,
    model: str | None = None,
    shadow_rules: Path | None = None,
) -> LiveDetector:
    """The live engine, its directory warmed with the residents and accounts already stored.

    A bad rules file stops the start with ``RulesError``, a bad model with ``ModelError``,
    naming the rule: a service must not come up on rules nobody meant.
    """
    detector = LiveDetector(rules_path, model)
    if shadow_rules is not None:
        detector.start_shadow(shadow_rules.read_bytes(), shadow_rules.name, SystemClock().now())
    directory = detector.engine.directory
    with engine(url).connect() as conn:
        for person_id, phones, address in residents_for_directory(conn):
            directory.home[person_id] = address
            for phone in phones.split(","):
                if phone:
                    directory.phone_owner[phone] = person_id
        for account_id, holder, opened, on_file in accounts_for_directory(conn):
            directory.accounts[account_id] = AccountInfo(
                holder=holder, opened=opened, address=on_file
            )
    return detector
