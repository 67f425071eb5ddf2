"""The call detector: tagged numbers fire at once; long calls by where they come from."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, MakeEvent

from fanzha.detect.detectors.call import on_call, ordinary_call
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def _call(ev: MakeEvent, caller: str, seconds: int, tags: list[str] | None = None) -> object:
    return ev("call", caller=caller, callee=PHONE, duration_s=seconds, caller_tags=tags or [])


def test_a_spoofed_official_number_fires_even_on_a_short_call(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    call = _call(ev, "+8610110", 20, ["spoofed_official"])
    [signal] = on_call(call, PersonState(), directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.typology) == ("call_flagged", "impersonate_police")
    assert not ordinary_call(rules, Tools())(call)  # type: ignore[arg-type]


def test_long_calls_are_named_by_their_origin(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    long = rules.calls.min_long_s
    names = [
        on_call(_call(ev, caller, long), PersonState(), directory, rules)[0].name  # type: ignore[arg-type]
        for caller in ("+85512345678", "+4412345678", "+8613900000000")
    ]
    assert names == ["call_risky_origin", "call_overseas", "call_long"]


def test_a_short_untagged_call_says_nothing(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    call = _call(ev, "+85512345678", rules.calls.min_long_s - 1)
    assert on_call(call, PersonState(), directory, rules) == []  # type: ignore[arg-type]
    assert ordinary_call(rules, Tools())(call)  # type: ignore[arg-type]


def test_a_long_tagged_call_is_also_a_long_call(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    """A telemarketer tagged reported_fraud talks for minutes; a ring's 'officer' for an hour."""
    short = _call(ev, "+8613900000000", 120, ["reported_fraud"])
    long = _call(ev, "+8613900000000", 3000, ["reported_fraud"])
    assert [s.name for s in on_call(short, PersonState(), directory, rules)] == ["call_flagged"]  # type: ignore[arg-type]
    assert [s.name for s in on_call(long, PersonState(), directory, rules)] == [  # type: ignore[arg-type]
        "call_flagged",
        "call_long",
    ]


def test_a_long_call_from_an_official_service_line_is_no_strangers(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    long = rules.calls.min_long_s * 2
    for line in ("+8695588", "+8610086", "+8696110"):
        assert on_call(_call(ev, line, long), PersonState(), directory, rules) == [], line  # type: ignore[arg-type]
    spoofed = _call(ev, "+8695588", long, ["spoofed_official"])
    assert [s.name for s in on_call(spoofed, PersonState(), directory, rules)] == ["call_flagged"]  # type: ignore[arg-type]
