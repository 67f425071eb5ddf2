"""The queue's pages as JSON bytes, straight from the stored tasks.

Why not through ``TaskOut``: a page of 100 tasks built as pydantic models and
validated again on the way out cost 25–40 ms of the request, most of a
queue page's time at year scale. Here each task goes from its msgspec struct
to the same JSON ``TaskOut`` would give — the same fields in the same order,
the model's defaults for what only one task's page fills in — and a test
holds the two equal. ``TaskOut`` stays the documented schema of the route.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import msgspec

from fanzha.api.schemas import AttemptOut, TaskOut
from fanzha.dissuade import history
from fanzha.dissuade.models import Task

_TASK_FIELDS: Final = tuple(TaskOut.model_fields)
_ATTEMPT_FIELDS: Final = tuple(AttemptOut.model_fields)
_DEFAULTS: Final = {
    name: field.get_default(call_default_factory=True)
    for name, field in TaskOut.model_fields.items()
    if not field.is_required()
}
_ENCODER: Final = msgspec.json.Encoder()


def history_line(ts: Any, by: str, what: str) -> dict[str, Any]:
    """One history line with the words an officer reads (``HistoryLine``'s fields)."""
    what_zh, what_en = history.describe(what)
    by_zh, by_en = history.actor(by)
    return {"ts": ts, "by": by, "what": what, "by_zh": by_zh, "by_en": by_en,
            "what_zh": what_zh, "what_en": what_en}  # fmt: skip


def task_item(task: Task) -> dict[str, Any]:
    """One task as ``TaskOut`` renders it in a list (no person, no detail)."""
    data = msgspec.to_builtins(task)
    data["attempts"] = [{k: a[k] for k in _ATTEMPT_FIELDS} for a in data["attempts"]]
    data["history"] = [history_line(*line) for line in data["history"]]
    data["person"] = None
    return {name: data[name] if name in data else _DEFAULTS[name] for name in _TASK_FIELDS}


def task_list_json(tasks: Iterable[Task]) -> bytes:
    return _ENCODER.encode([task_item(task) for task in tasks])
