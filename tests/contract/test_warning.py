"""The warning crosses packages with a ``Level``; its colour is only how files show it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import yaml

from fanzha.contract.warning import Level, Warning, decode_warning, encode_warning
from fanzha.detect.rules import DEFAULT_RULES, RulesError, parse_rules

T0 = datetime.fromisoformat("2025-03-03T10:00:00+08:00")


def _warning(level: Level) -> Warning:
    return Warning(
        warning_id="W-P1-202503031000", person_id="P1", ts=T0, level=level,
        typology="impersonate_police", score=0.9, reasons=["甲 | a"], evidence=["ca-1"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("level", "colour"), [(Level.HIGH, "red"), (Level.MEDIUM, "orange"), (Level.LOW, "yellow")]
)
def test_a_warnings_file_shows_the_colour_and_reads_back_the_level(
    level: Level, colour: str
) -> None:
    line = encode_warning(_warning(level))
    assert json.loads(line)["level"] == colour
    back = decode_warning(line)
    assert back == _warning(level) and back.level is level
    assert decode_warning(line.replace(colour.encode(), level.value.encode())) == back


def test_levels_rank_and_unknown_words_are_refused() -> None:
    assert sorted(Level, key=lambda x: x.rank) == [Level.LOW, Level.MEDIUM, Level.HIGH]
    assert Level.parse("red") is Level.HIGH and Level.parse("low") is Level.LOW
    with pytest.raises(ValueError, match="purple"):
        Level.parse("purple")
    with pytest.raises(ValueError, match="purple"):
        decode_warning(encode_warning(_warning(Level.LOW)).replace(b"yellow", b"purple"))


def test_a_rules_file_cannot_show_a_level_in_another_colour() -> None:
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    data["levels"]["high"]["colour"] = "yellow"
    with pytest.raises(RulesError, match=r"levels.*high.*colour.*red"):
        parse_rules(yaml.safe_dump(data, allow_unicode=True).encode(), "odd.yaml")
