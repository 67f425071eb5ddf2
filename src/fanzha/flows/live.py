"""Live detection in the service: the engine, its rules (reloadable), a shadow, the lists.

Why here and not in ``detect``: reloading while requests feed events, a
candidate rule set scored beside the live one, and entries the analysts add
being live at once are the service's concerns; the engine itself stays the
one ``fanzha detect`` runs. One lock orders everything, so a reload never
lands in the middle of an event.

Shadow mode: the candidate engine sees every event the live one sees and
shares its reference directory (who owns which phone and account), but keeps
its own person state; its warnings are counted, by level, beside the live
engine's since the shadow started, and go nowhere — no task, no push.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from fanzha.contract.kinds import Event
from fanzha.contract.warning import Warning
from fanzha.detect.engine import Engine
from fanzha.detect.indicators import PatrolLookup, patrol_lookup
from fanzha.detect.learned import load_model
from fanzha.detect.list_changes import ListChange
from fanzha.detect.lists import ListHit
from fanzha.detect.rules import DEFAULT_RULES, Rules, load_rules, parse_rules
from fanzha.settings import get_settings


@dataclass
class Tally:
    """Warnings counted by level colour, new and upgrades, and the people warned."""

    by_level: dict[str, int] = field(default_factory=dict)
    new: int = 0
    upgrades: int = 0
    persons: set[str] = field(default_factory=set)

    def count(self, warnings: Iterable[Warning]) -> None:
        for w in warnings:
            self.by_level[w.level.colour] = self.by_level.get(w.level.colour, 0) + 1
            self.persons.add(w.person_id)
            if w.upgrade:
                self.upgrades += 1
            else:
                self.new += 1

    def summary(self) -> dict[str, Any]:
        return {
            "warnings": self.new,
            "upgrades": self.upgrades,
            "by_level": dict(sorted(self.by_level.items())),
            "persons": len(self.persons),
        }


@dataclass
class Shadow:
    engine: Engine
    name: str
    since: datetime
    shadow: Tally = field(default_factory=Tally)
    live: Tally = field(default_factory=Tally)
    events: int = 0

    def summary(self) -> dict[str, Any]:
        both = self.shadow.persons & self.live.persons
        return {
            "rules_version": self.engine.rules.version_label,
            "name": self.name,
            "since": self.since.isoformat(),
            "events": self.events,
            "shadow": self.shadow.summary(),
            "live": self.live.summary(),
            "persons_both": len(both),
            "persons_only_shadow": len(self.shadow.persons - both),
            "persons_only_live": len(self.live.persons - both),
        }


class LiveDetector:
    """The embedded detection engine, fed live: no lateness, so warnings come at once."""

    def __init__(
        self,
        rules_path: Path | None = None,
        model: str | Path | None = None,
        lookup: PatrolLookup | None = None,
    ) -> None:
        """``model``: a MODEL_DIR from ``fanzha learn``, "none" for the rules' own
        score, None for ``Settings.detect_model`` (unset: the shipped model). A bad
        directory raises ``ModelError`` naming the file: the start stops."""
        self.rules_path = rules_path or DEFAULT_RULES
        self.model_spec = model if model is not None else get_settings().detect_model
        learned = load_model(self.model_spec)
        self.lookup = lookup or patrol_lookup()
        self.engine = Engine(
            rules=load_rules(self.rules_path), indicators=self.lookup, model=learned
        )
        self.lock = threading.Lock()
        self.shadow: Shadow | None = None
        self.reloads = 0

    # --- events ---------------------------------------------------------------

    def feed(self, event: Event) -> list[Warning]:
        with self.lock:  # one engine, many request threads: keep event order per process
            found = self.engine.feed(event)
            if self.shadow is not None:
                self.shadow.events += 1
                self.shadow.shadow.count(self.shadow.engine.feed(event))
                self.shadow.live.count(found)
        return [self.scored_by(w) for w in found]

    @property
    def model_version(self) -> str:
        return self.engine.model.version if self.engine.model is not None else ""

    def scored_by(self, w: Warning) -> Warning:
        """The warning as tasks keep it: ``rules_version`` names the model that scored it too."""
        scored_by = _scored_by(w.rules_version, w.model_version)
        return msgspec.structs.replace(w, rules_version=scored_by)

    def note_risky_contact(self, person_id: str, at: datetime) -> bool:
        """A 风险查询 of a listed item by the person: detection counts it as a risky contact."""
        with self.lock:
            found = self.engine.note_risky_contact(person_id, at)
            if self.shadow is not None:
                self.shadow.engine.note_risky_contact(person_id, at)
            return found

    # --- rules ----------------------------------------------------------------

    @property
    def rules(self) -> Rules:
        return self.engine.rules

    @property
    def version(self) -> str:
        return _scored_by(self.engine.rules.version_label, self.model_version)

    def reload(self) -> str:
        """Read the rules file (and the model) again; a bad one raises and changes nothing.

        ``RulesError`` names the rule and the reason; the old rules keep running.
        """
        rules = load_rules(self.rules_path)  # validated before anything is touched
        model = load_model(self.model_spec)  # ModelError: likewise nothing changes
        with self.lock:
            self.engine.rules = rules
            self.engine.model = model
            self.engine.reload_step()
            self.reloads += 1
        return self.version

    def start_shadow(self, text: bytes, name: str, now: datetime) -> dict[str, Any]:
        """Score a candidate rule set beside the live one from now on (replacing any)."""
        rules = parse_rules(text, name)  # RulesError: the shadow stays as it was
        with self.lock:
            engine = Engine(
                rules=rules,
                indicators=self.lookup,
                directory=self.engine.directory,
                model=self.engine.model,
            )
            self.shadow = Shadow(engine=engine, name=name, since=now)
            return self.shadow.summary()

    def stop_shadow(self) -> dict[str, Any] | None:
        with self.lock:
            shadow, self.shadow = self.shadow, None
            return shadow.summary() if shadow is not None else None

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {
                "live": {
                    "rules_version": self.engine.rules.version_label,
                    "model_version": self.model_version or None,
                    "rules_file": str(self.rules_path),
                    "reloads": self.reloads,
                },
                "shadow": self.shadow.summary() if self.shadow is not None else None,
            }

    # --- lists ----------------------------------------------------------------

    def apply_change(self, change: ListChange) -> None:
        """What a server told detection besides events (``detect.list_changes``)."""
        if change.hits:
            self.add_listed(change.hits)
        if change.risky_person is not None and change.at is not None:
            self.note_risky_contact(change.risky_person, change.at)

    def add_listed(self, hits: list[ListHit]) -> int:
        """Entries just added to the center's lists count for every later event."""
        from fanzha.patrol.names import normalise

        with self.lock:
            added = self.lookup.lists.add(hits, normalise)
            self.lookup.forget_answers()
            for engine in (self.engine, self.shadow.engine if self.shadow else None):
                if engine is not None:
                    engine.reload_step()
        return added


def _scored_by(rules_label: str, model_version: str | None) -> str:
    """What goes on a warning and a task: the rule set, and the model when one scored."""
    return f"{rules_label} + model {model_version}" if model_version else rules_label
