"""``fanzha serve --model``: the live engine scores with the model it was given."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fanzha.detect.learned import DEFAULT_MODEL, LearnedModel, ModelError
from fanzha.flows.live import LiveDetector
from fanzha.settings import get_settings


@pytest.fixture
def model_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[str | None], LiveDetector]]:
    monkeypatch.setenv("FANZHA_DATA_DIR", str(tmp_path))

    def use(value: str | None) -> LiveDetector:
        if value is None:
            monkeypatch.delenv("FANZHA_DETECT_MODEL", raising=False)
        else:
            monkeypatch.setenv("FANZHA_DETECT_MODEL", value)
        get_settings.cache_clear()
        return LiveDetector()

    yield use
    get_settings.cache_clear()


def _version(detector: LiveDetector) -> str | None:
    model = detector.engine.model
    return None if model is None else model.version


def test_the_live_engine_takes_the_model_it_is_given(
    model_env: Callable[[str | None], LiveDetector], tmp_path: Path
) -> None:
    shipped = LearnedModel.load(DEFAULT_MODEL)
    assert _version(model_env(None)) == shipped.version
    assert _version(model_env("none")) is None
    mine = tmp_path / "mine"
    mine.mkdir()
    data = json.loads((DEFAULT_MODEL / "model.json").read_text(encoding="utf-8"))
    data["version"] = "model-mine"
    (mine / "model.json").write_text(json.dumps(data), encoding="utf-8")
    assert _version(model_env(str(mine))) == "model-mine"
    (mine / "model.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="mine"):
        model_env(str(mine))
