"""The rules file: validated on load, compiled once, swapped atomically on reload.

Keywords are written in simplified Chinese; their traditional forms are made
with OpenCC when the rules load, so messages in either script match without
converting every message (that would cost more than all other detection).
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Final

import yaml
from opencc import OpenCC
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from fanzha.contract.warning import Level
from fanzha.contract.words import SAME_ADDRESS_MIN_RATIO
from fanzha.detect.signals import SIGNAL_NAMES

DEFAULT_RULES: Final = Path(__file__).parent / "rules" / "default.yaml"
LEVEL_ORDER: Final = ("low", "medium", "high")
_TO_TRADITIONAL = OpenCC("s2t")


class RulesError(ValueError):
    """A rules file that cannot be used, with the rule's name and the reason."""


class SignalRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    weight: float = Field(ge=0, le=1)
    zh: str
    en: str


class LevelRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_score: float = Field(gt=0, le=1)
    colour: str
    """How the level is shown: must be the one ``contract.warning.Level`` shows."""
    min_signals: int = Field(default=1, ge=1)
    """Distinct signals a person needs before this level, whatever the score: a door
    visit on one call alone sends officers to every look-alike of that call."""


class CallRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_long_s: int = Field(ge=0)
    flagged_tags: list[str]
    risky_tags: list[str]
    risky_prefixes: list[str]
    overseas_prefix_not: str = "+86"
    service_lines: list[str] = Field(default_factory=list)
    """Official service lines (+8695588, +8610086…): a long call from one is no
    stranger's long call (no ``call_long``)."""
    flagged_long_also_long: bool = False
    """A long call from a tagged number also gives its length signal (by origin)."""

    @property
    def service_line_prefixes(self) -> tuple[str, ...]:
        return tuple(self.service_lines)


class MoneyRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    large_transfer_fen: int = Field(gt=0)
    remember_payee_fen: int = Field(gt=0)
    small_payment_max_fen: int = Field(gt=0)
    rebate_window_hours: float = Field(gt=0)
    large_withdrawal_fen: int = Field(gt=0)
    item_only_window_hours: float = Field(gt=0)
    new_account_days: int = Field(gt=0)
    risk_memory_hours: float = Field(gt=0)
    payee_memory_days: float = Field(default=35, gt=0)
    """How long a payee stays known: a monthly rent is not a new payee."""
    rebate_max_ratio: float = Field(default=1.5, gt=1)
    """A 'rebate' is more than a recent small payment and at most this many times it."""
    same_address_min_ratio: float = Field(default=SAME_ADDRESS_MIN_RATIO, gt=0, le=1)
    """Gold mailed to an address less alike than this to the account's or the holder's
    home is mailed elsewhere (``contract.words``: the partners' checks use the same)."""


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    window_hours: float = Field(gt=0)
    levels: dict[str, LevelRule]
    signals: dict[str, SignalRule]
    sms_scripts: dict[str, list[str]]
    sms_exclusions: list[str]
    sms_min_hits: int = Field(default=1, ge=1)
    domain_stems: dict[str, list[str]]
    risky_tlds: list[str]
    trusted_domains: list[str]
    app_stems: dict[str, list[str]]
    known_apps: list[str]
    licensed_finance_apps: list[str] = Field(default_factory=list)
    """Apps of licensed lenders and banks: their names carry the stems loan scams use
    (jinrong, daikuan, loan), yet installing one is no sign of fraud."""
    screen_share_apps: list[str]
    """Meeting apps people share screens with at work: installing one is no sign of fraud
    (sharing a screen with any app still is, after a risky contact)."""
    screen_share_after_risk_hours: float = Field(default=2, gt=0)
    """A screen share this soon after a risky contact is ``screen_share_after_risk``."""
    screen_share_after_long_call_minutes: float = Field(default=0, ge=0)
    """A screen share this soon after a stranger's long call (``call_long``,
    ``call_overseas``) is ``screen_share_after_risk`` too: the 客服 and loan 'officer'
    who talks the victim through the sharing app. 0: off."""
    disguised_hosts: bool = False
    """Sites whose host is an IP address, punycode, or a trusted domain worn as a
    prefix (``jd.com.x.net``) are ``fraud_site`` whatever their stems."""
    calls: CallRules
    money: MoneyRules
    _label: str = PrivateAttr(default="")

    @property
    def version_label(self) -> str:
        """Which rules these are: ``<file name> v<version>@<sha-256 of the file, 12 hex>``.

        Kept with every warning, so an analyst can tell which rule set raised it
        after the rules were edited, reloaded or tried in shadow.
        """
        return self._label or f"rules v{self.version}"

    @field_validator("levels")
    @classmethod
    def _three_levels(cls, levels: dict[str, LevelRule]) -> dict[str, LevelRule]:
        missing = set(LEVEL_ORDER) - set(levels)
        if missing:
            raise ValueError(
                f"levels must define {', '.join(LEVEL_ORDER)}; missing {sorted(missing)}"
            )
        for name in LEVEL_ORDER:
            shown = Level(name).colour
            if levels[name].colour != shown:
                raise ValueError(
                    f"levels.{name}.colour: {levels[name].colour!r}; a {name} warning is "
                    f"shown {shown} everywhere (contract.warning.Level)"
                )
        scores = [levels[name].min_score for name in LEVEL_ORDER]
        if scores != sorted(scores) or len(set(scores)) != 3:
            raise ValueError("levels: min_score must rise from low to medium to high")
        return levels

    @model_validator(mode="after")
    def _known_signals(self) -> Rules:
        unknown = set(self.signals) - SIGNAL_NAMES
        if unknown:
            raise ValueError(
                f"signals: unknown signal(s) {sorted(unknown)}; known: {sorted(SIGNAL_NAMES)}"
            )
        missing = SIGNAL_NAMES - set(self.signals)
        if missing:
            raise ValueError(f"signals: no rule for {sorted(missing)}")
        for name, rule in self.signals.items():
            if "{detail}" not in rule.zh or "{detail}" not in rule.en:
                raise ValueError(f"signals.{name}: zh and en must contain {{detail}}")
        return self

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.window_hours)

    @cached_property
    def sms_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(typology, _alternation(words)) for typology, words in self.sms_scripts.items()]

    @cached_property
    def flagged_tag_set(self) -> frozenset[str]:
        return frozenset(self.calls.flagged_tags)

    @cached_property
    def known_app_set(self) -> frozenset[str]:
        return (
            frozenset(self.known_apps)
            | frozenset(self.licensed_finance_apps)
            | frozenset(self.screen_share_apps)
        )

    @cached_property
    def licensed_finance_app_set(self) -> frozenset[str]:
        return frozenset(self.licensed_finance_apps)

    @cached_property
    def trusted_set(self) -> frozenset[str]:
        return frozenset(d.lower() for d in self.trusted_domains)

    @cached_property
    def sms_exclusion(self) -> re.Pattern[str]:
        return _alternation(self.sms_exclusions)

    def level_for(self, score: float, signals: int = 1) -> str | None:
        found = None
        for name in LEVEL_ORDER:
            if score >= self.levels[name].min_score:
                found = name
        return self.corroborated(found, signals)

    def corroborated(self, level: str | None, signals: int) -> str | None:
        """``level``, lowered until ``signals`` distinct signals are enough for it."""
        while level is not None and signals < self.levels[level].min_signals:
            index = LEVEL_ORDER.index(level)
            level = LEVEL_ORDER[index - 1] if index else None
        return level


def _alternation(words: list[str]) -> re.Pattern[str]:
    variants = {w for word in words for w in (word, _TO_TRADITIONAL.convert(word))}
    return re.compile("|".join(sorted(map(re.escape, variants), key=len, reverse=True)))


def load_rules(path: Path = DEFAULT_RULES) -> Rules:
    """Load and validate; a bad file raises ``RulesError`` naming the rule and why."""
    try:
        text = Path(path).read_bytes()
    except OSError as err:
        raise RulesError(f"{path}: cannot read rules: {err}") from err
    return parse_rules(text, Path(path).name)


def parse_rules(text: bytes, name: str) -> Rules:
    """Rules from a file's bytes (an upload, a candidate for shadow mode), named ``name``."""
    path = name
    try:
        data = yaml.safe_load(text.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        raise RulesError(f"{path}: cannot read rules: {err}") from err
    try:
        rules = Rules.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"rule '{'.'.join(str(p) for p in e['loc']) or 'file'}': {e['msg']}"
            for e in err.errors()
        )
        raise RulesError(f"{path}: {problems}") from err
    digest = hashlib.sha256(text).hexdigest()[:12]
    rules._label = f"{name} v{rules.version}@{digest}"
    return rules
