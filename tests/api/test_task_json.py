"""The queue's fast JSON is byte for byte what ``TaskOut`` would have sent.

The list route skips pydantic for speed (``fanzha.api.task_json``); clients
and the OpenAPI schema still promise ``TaskOut``. Tasks here cover every
field kind: times with and without microseconds, history lines the officer
reads in Chinese and unknown ones, attempts, outcomes, breaches, no district.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter

from fanzha.api.schemas import TaskOut
from fanzha.api.task_json import task_list_json
from fanzha.api.task_schemas import task_out
from fanzha.dissuade.models import (
    Attempt,
    AttemptResult,
    Channel,
    Level,
    Outcome,
    Task,
    TaskState,
    Tier,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LINES = [
    "created from warning W-1",
    "signed",
    "phone_call: reached",
    "escalated: sign deadline missed",
    "upgraded to high by order 省厅-17",
    "<script>alert(1)</script> 备注",
    "closed",
    "resolved",
]


def tasks(n: int) -> list[Task]:
    rng = random.Random(16)
    made = []
    for i in range(n):
        created = T0 + timedelta(seconds=rng.choice([0, 1.5, 61.123456]) + i)
        attempts = [
            Attempt(channel=rng.choice(list(Channel)), ts=created + timedelta(minutes=k),
                    officer=f"qk{k}", result=rng.choice(list(AttemptResult)),
                    note=rng.choice(["", "家属在场", "客户称“已转账”"]))
            for k in range(rng.randrange(3))
        ]  # fmt: skip
        history = [(created + timedelta(minutes=k), rng.choice(["system", "qk1", "110"]), line)
                   for k, line in enumerate(rng.sample(LINES, rng.randrange(1, 6)))]  # fmt: skip
        closed = rng.random() < 0.4
        made.append(
            Task(
                task_id=f"T-{i:03d}",
                warning_id=f"W-{i:03d}",
                person_id=f"P{i}",
                level=rng.choice(list(Level)),
                typology=rng.choice(["investment", "romance", "其他"]),
                district=rng.choice(["硚口区", None]),
                station=rng.choice(["汉正街派出所", None]),
                created=created,
                state=TaskState.CLOSED if closed else rng.choice(list(TaskState)),
                tier=rng.choice(list(Tier)),
                officer=rng.choice([None, "qk1"]),
                signed_at=rng.choice([None, created + timedelta(minutes=2)]),
                resolved_at=created + timedelta(hours=1) if closed else None,
                outcome=rng.choice(list(Outcome)) if closed else None,
                attempts=attempts,
                history=history,
                breaches=rng.sample(["sign", "first_contact", "on_site"], rng.randrange(3)),
                version=rng.randrange(9),
                rules_version=rng.choice(["", "rules.yaml v3 sha256:ab12"]),
            )
        )
    return made


def test_the_fast_page_equals_the_model_page_byte_for_byte() -> None:
    page = tasks(60)
    model = TypeAdapter(list[TaskOut]).dump_json([task_out(t) for t in page])
    assert task_list_json(page) == model


def test_an_empty_page_is_an_empty_list() -> None:
    assert task_list_json([]) == b"[]"
