"""Policy files (deadlines, playbooks, stations, criteria…) are YAML validated by pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)


def load_yaml(model: type[Model], path: Path) -> Model:
    """Read ``path`` and validate it as ``model``; errors name the file and the field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return model.model_validate(data, context={"file": str(path)})
