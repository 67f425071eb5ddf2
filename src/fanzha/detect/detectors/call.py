"""Calls: tagged numbers, long calls from risky or overseas ranges, untagged long calls.

A long call from a tagged number is both facts: the tag (``call_flagged``) and the
length by origin. Legitimate telemarketers carry ``reported_fraud`` tags too, but
their calls are short; a ring's 'officer' keeps the victim on the line for an hour.
Official service lines (a bank's 95xxx, a carrier's 100xx, the police's 96110) are
no stranger's long call: the remote-support help a bank really gives starts there.
"""

from __future__ import annotations

from collections.abc import Callable

from fanzha.contract.kinds import Call
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def on_call(e: Call, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    tags = set(e.caller_tags)
    flagged = tags & set(r.calls.flagged_tags)
    found: list[Signal] = []
    if flagged:
        typology = "impersonate_police" if "spoofed_official" in flagged else None
        found.append(Signal("call_flagged", e.ts, e.id, "、".join(sorted(flagged)), typology))
        if not r.calls.flagged_long_also_long:
            return found
    if e.duration_s < r.calls.min_long_s:
        return found
    return [*found, *_long_call(e, tags, r)]


def _long_call(e: Call, tags: set[str], r: Rules) -> list[Signal]:
    if e.caller.startswith(r.calls.service_line_prefixes):
        return []
    minutes = f"{e.duration_s // 60}分钟 {e.caller[:6]}…"
    if tags & set(r.calls.risky_tags) or e.caller.startswith(tuple(r.calls.risky_prefixes)):
        return [Signal("call_risky_origin", e.ts, e.id, minutes)]
    if not e.caller.startswith(r.calls.overseas_prefix_not):
        return [Signal("call_overseas", e.ts, e.id, minutes)]
    # An untagged long call says little alone, but before a screen share it is how
    # 客服 and loan scams begin: kept so a model can weigh the pair.
    return [Signal("call_long", e.ts, e.id, minutes)]


def ordinary_call(r: Rules, tools: Tools) -> Callable[[Call], bool]:
    """A short call from an untagged number."""
    flagged, min_long = r.flagged_tag_set, r.calls.min_long_s
    return lambda e: e.duration_s < min_long and not flagged.intersection(e.caller_tags)


CALL = register(
    Registration(
        name="call",
        kind=Call,
        role=SUBJECT,
        emits=frozenset({"call_flagged", "call_risky_origin", "call_overseas", "call_long"}),
        state=(),
        keeps_state=False,
        numbers=(
            "calls.min_long_s",
            "calls.flagged_tags",
            "calls.risky_tags",
            "calls.risky_prefixes",
            "calls.overseas_prefix_not",
            "calls.service_lines",
            "calls.flagged_long_also_long",
        ),
        bind=lambda tools: on_call,
        ordinary=ordinary_call,
    )
)
