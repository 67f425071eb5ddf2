"""Policy files (deadlines, playbooks, stations, criteria…) are YAML validated by pydantic.

Each package reads its file once per process (a ``@cache``'d ``default_…()`` beside
its model) and a bad file is refused at start-up, the error naming the file and
the field, so an operator's edit never fails one request at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails

Model = TypeVar("Model", bound=BaseModel)


class PolicyFileError(ValueError):
    """A policy file that is not YAML; the message names the file and the line."""


def load_yaml(model: type[Model], path: Path) -> Model:
    """Read ``path`` and validate it as ``model``; errors name the file and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise PolicyFileError(f"{path}{where}: not valid YAML: {err}") from None
    try:
        return model.model_validate(data, context={"file": str(path)})
    except ValidationError as err:
        # The same error (same fields, same type for callers), titled with the file.
        title = f"{path} ({model.__name__})"
        try:
            retitled = ValidationError.from_exception_data(
                title, cast(list[InitErrorDetails], err.errors())
            )
        except (KeyError, TypeError):  # an error type pydantic cannot rebuild
            err.add_note(f"in {path}")
            raise
        raise retitled from None


__all__ = ["PolicyFileError", "load_yaml"]
