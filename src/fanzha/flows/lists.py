"""The center's lists in the running service: freeze lists and ring clues, 反查.

Why a flow of its own: a list entry concerns three capabilities at once — the
patrol store keeps it, detection must see it at once, and the residents the
listed number already called must be warned (反查: the last 30 days of stored
events, searched by SQL, each resident warned once per entry however often
the entry is added again).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fanzha.contract.warning import Level, Warning
from fanzha.detect.list_changes import ListChange
from fanzha.detect.lists import ListHit
from fanzha.detect.sql import already_warned, contacts_of, mark_warned
from fanzha.flows.live import LiveDetector
from fanzha.patrol.blocklist import Entry
from fanzha.patrol.names import normalise
from fanzha.services import Services
from fanzha.settings import center_zone

RESCAN_WINDOW = timedelta(days=30)
RESCAN_LIMIT = 10_000
"""Contacts looked at per entry: a number that called more people than this is a
campaign for the patrol's own channels, not for one warning each."""
SIGNAL_OF = {"phone": "listed_phone", "account": "listed_account", "app": "listed_app",
             "domain": "listed_site", "url": "listed_site", "ip": "listed_site",
             "ipport": "listed_site"}  # fmt: skip


class CachedAccountList:
    """Accounts some store lists (freeze lists, the mule scorer's), as a list source.

    Asked for every payee, so held in memory and read again from the store at
    most every ``ttl_s`` seconds: a new hold, or tonight's mule load, counts
    within that time without a restart.
    """

    def __init__(self, read: Callable[[], dict[str, ListHit]], ttl_s: float) -> None:
        self.read = read
        self.ttl_s = ttl_s
        self._accounts: dict[str, ListHit] = {}
        self._read_at = float("-inf")

    def __call__(self, account_id: str) -> ListHit | None:
        if time.monotonic() - self._read_at > self.ttl_s:
            self.refresh()
        return self._accounts.get(account_id)

    def refresh(self) -> None:
        self._accounts = self.read()
        self._read_at = time.monotonic()


def freeze_list_accounts(live_holds: Callable[[], Any], ttl_s: float = 30.0) -> CachedAccountList:
    """Accounts under a stop-payment or freeze (the cases' freeze lists)."""

    def read() -> dict[str, ListHit]:
        found = {}
        for hold in live_holds():
            cases = "、".join(c.case_id for c in hold.claims) or "—"
            found[hold.account_id] = ListHit(
                kind="account",
                value=hold.account_id,
                source=f"冻结名单:{cases}",
                reason=f"止付/冻结（{hold.state}）",
            )
        return found

    return CachedAccountList(read, ttl_s)


def mule_score_accounts(listed: Callable[[], Any], ttl_s: float = 60.0) -> CachedAccountList:
    """Accounts the mule scorer listed (``fanzha mules … --load``)."""

    def read() -> dict[str, ListHit]:
        return {
            s.account_id: ListHit(
                kind="account",
                value=s.account_id,
                source=f"断卡模型:{s.model}",
                reason=f"评分{s.score:.2f}：{_said(s.reasons)}",
            )
            for s in listed()
        }

    return CachedAccountList(read, ttl_s)


def _said(reasons: list[str]) -> str:
    """The Chinese half of each reason ("中文 | English"), as a clerk reads them."""
    return "；".join(r.split(" | ")[0] for r in reasons) or "—"


def ring_account_hit(account_id: str) -> ListHit:
    """An account a partner tied to a fraud ring (``POST /v1/clues`` with ``ring``)."""
    return ListHit(kind="account", value=account_id, source="合作方线索", reason="关联诈骗团伙")


def ring_accounts(ring: set[str]) -> Callable[[str], ListHit | None]:
    """Partners' ring accounts as a list source (the set grows as clues come)."""

    def lookup(account_id: str) -> ListHit | None:
        return ring_account_hit(account_id) if account_id in ring else None

    return lookup


def attach_lists(context: Services) -> None:
    """Give live detection the freeze lists, partners' ring accounts and listed mules."""
    context.mule_list = mule_score_accounts(context.mules.listed)
    if not isinstance(context.detector, LiveDetector):
        return
    ring = ring_accounts(context.partners.ring_accounts)
    attach_stored_lists(context.detector, context.cases.holds.live, context.mule_list, ring)


def attach_stored_lists(
    detector: LiveDetector,
    live_holds: Callable[[], Any],
    mule_list: CachedAccountList,
    ring: Callable[[str], ListHit | None] | None = None,
) -> None:
    """The lists the database keeps (freeze lists, listed mules), read again every few
    seconds: the detector process of a many-server city reads them as a server does.
    In this order, as the first list that names an account is the one a warning cites:
    a freeze list, then partners' ring accounts (a server's own), then the mule scores."""
    sources = detector.lookup.lists.account_sources
    sources.append(freeze_list_accounts(live_holds))
    if ring is not None:
        sources.append(ring)
    sources.append(mule_list)


def clue_heard(context: Services, clue: dict[str, Any]) -> None:
    """A partner tied an account to a ring. One process reads the partners' set itself
    (``ring_accounts``); with many servers the detector is told through the bus."""
    if context.bus is not None and clue.get("ring") and clue.get("kind") == "account":
        context.bus.publish_change(ListChange(hits=[ring_account_hit(str(clue["value"]))]))


def tell_detection(context: Services, change: ListChange) -> None:
    """List entries or a risky contact reach detection: this process's engine, or, with
    many servers (``serve --bus``), the detector process through the bus."""
    if context.bus is not None:
        context.bus.publish_change(change)
        return
    apply = getattr(context.detector, "apply_change", None)
    if apply is not None:
        apply(change)


@dataclass
class Rescan:
    contacts: int = 0
    warned: int = 0
    tasks: list[str] | None = None


def entries_added(context: Services, entries: list[Entry]) -> Rescan:
    """New list entries: live for detection at once, then 反查 of the last 30 days."""
    hits = [
        ListHit(kind=e.kind, value=v, source=e.source, reason=e.reason, typology=e.typology)
        for e in entries
        if (v := normalise(e.kind, e.value))
    ]
    if hits:
        tell_detection(context, ListChange(hits=hits))
    done = Rescan(tasks=[])
    for hit in hits:
        rescan_entry(context, hit, done)
    return done


def rescan_entry(context: Services, hit: ListHit, done: Rescan) -> None:
    """Warn the residents the entry was in touch with lately, each once."""
    engine = context.cases.engine
    now = context.clock.now()
    same = (lambda url: normalise("url", url) == hit.value) if hit.kind == "url" else None
    contacts = contacts_of(engine, hit, now - RESCAN_WINDOW, RESCAN_LIMIT, same)
    done.contacts += len(contacts)
    warned_before = already_warned(engine, hit, [c.person_id for c in contacts])
    rules = getattr(context.detector, "rules", None)
    version = getattr(context.detector, "version", "")
    for contact in contacts:
        if contact.person_id in warned_before:
            continue
        warning = _warning(hit, contact.person_id, contact.event_id, contact.ts, now, rules)
        warning.rules_version = version
        if not mark_warned(engine, hit, contact.person_id, warning.warning_id, now):
            continue  # another request warned them a moment ago
        task = context.tasks.task_from_warning(warning)
        done.warned += 1
        if done.tasks is not None and task.task_id not in done.tasks:
            done.tasks.append(task.task_id)
        # Their next payments read as after a risky contact.
        tell_detection(context, ListChange(risky_person=contact.person_id, at=now))
        context.partners.push_warning(
            warning.person_id,
            {"warning_id": warning.warning_id, "person_id": warning.person_id,
             "level": warning.level.colour, "typology": warning.typology,
             "ts": warning.ts.isoformat(), "task_id": task.task_id},
        )  # fmt: skip


def _warning(
    hit: ListHit, person_id: str, event_id: str, contact_ts: datetime, now: datetime, rules: Any
) -> Warning:
    """The 反查 warning: the entry's signal, weighed and worded by the live rules."""
    name = SIGNAL_OF[hit.kind]
    detail = f"{hit.detail()}；反查：{contact_ts.astimezone(center_zone()):%Y-%m-%d %H:%M} 曾接触"
    if rules is not None:
        rule = rules.signals[name]
        level = Level(rules.level_for(rule.weight) or Level.LOW)
        reasons = [f"{rule.zh.format(detail=detail)} | {rule.en.format(detail=detail)}"]
        score = rule.weight
    else:
        level, score, reasons = Level.LOW, 0.6, [detail]
    return Warning(
        warning_id=f"W-{person_id}-{now.astimezone(center_zone()):%Y%m%d%H%M}-L",
        person_id=person_id,
        ts=now,
        level=level,
        typology=hit.typology_hint() or "other",
        score=score,
        reasons=reasons,
        evidence=[event_id],
    )


__all__ = [
    "CachedAccountList",
    "Rescan",
    "attach_lists",
    "entries_added",
    "freeze_list_accounts",
    "mule_score_accounts",
    "ring_accounts",
]
