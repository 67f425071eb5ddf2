from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from fanzha.dissuade.deadlines import DeadlinePolicy, new_breaches
from fanzha.dissuade.models import AttemptResult, Channel, Level, Task
from fanzha.dissuade.playbooks import PlaybookBook, due_steps
from fanzha.dissuade.workflow import attempt, record_attempt, resolve, sign
from fanzha.durations import parse_duration

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

POLICY = DeadlinePolicy.load()


def test_default_policy_is_the_documented_one() -> None:
    high = POLICY.levels[Level.HIGH]
    assert (high.sign, high.first_contact, high.on_site) == (
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=30),
    )


def test_missed_sign_deadline_breaches_once(high_task: Task) -> None:
    assert new_breaches(high_task, POLICY, T0 + timedelta(minutes=4)) == []
    breaches = new_breaches(high_task, POLICY, T0 + timedelta(minutes=6))
    assert [b.deadline for b in breaches] == ["sign"]
    high_task.breaches.append("sign")
    later = new_breaches(high_task, POLICY, T0 + timedelta(minutes=11))
    assert [b.deadline for b in later] == ["first_contact"]


def test_late_sign_counts_as_breach_even_after_the_fact(high_task: Task) -> None:
    sign(high_task, "o", T0 + timedelta(minutes=7))
    record_attempt(
        high_task,
        attempt(Channel.DOOR_VISIT, T0 + timedelta(minutes=8), "o", AttemptResult.REACHED),
    )
    assert [b.deadline for b in new_breaches(high_task, POLICY, T0 + timedelta(minutes=9))] == [
        "sign"
    ]


def test_resolved_task_owes_nothing(high_task: Task) -> None:
    sign(high_task, "o", T0 + timedelta(minutes=1))
    from fanzha.dissuade.models import Outcome

    resolve(high_task, Outcome.NOT_FRAUD, "o", T0 + timedelta(minutes=2))
    assert new_breaches(high_task, POLICY, T0 + timedelta(hours=5)) == []


def test_bad_policy_names_the_level_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "deadlines.yaml"
    bad.write_text("levels:\n  high: {sign: fast, first_contact: 10m}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        DeadlinePolicy.load(bad)
    assert "high" in str(err.value) and "sign" in str(err.value)
    assert "not a duration" in str(err.value)


def test_parse_duration() -> None:
    assert parse_duration("2d") == timedelta(days=2)
    assert parse_duration(15) == timedelta(minutes=15)


def test_san_kuai_playbook_schedules_follow_ups(high_task: Task) -> None:
    name, playbook = PlaybookBook.load().for_level(Level.HIGH)
    assert name == "san_kuai"
    due_now = due_steps(high_task, playbook, T0)
    assert {s.step.channel for s in due_now} == {Channel.CALL_96110, Channel.SMS_12381}
    sign(high_task, "o", T0)
    record_attempt(high_task, attempt(Channel.CALL_96110, T0, "o", AttemptResult.REACHED))
    record_attempt(high_task, attempt(Channel.SMS_12381, T0, "o", AttemptResult.DONE))
    record_attempt(high_task, attempt(Channel.PHONE_CALL, T0, "o", AttemptResult.REACHED))
    record_attempt(high_task, attempt(Channel.DOOR_VISIT, T0, "o", AttemptResult.REACHED))
    from fanzha.dissuade.models import Outcome

    resolve(high_task, Outcome.DISSUADED, "o", T0 + timedelta(hours=1))
    day4 = due_steps(high_task, playbook, T0 + timedelta(days=4, hours=2))
    # The day-0 call does not count as the day-4 follow-up call.
    assert [s.step.action for s in day4] == ["第4天回访电话 / follow-up call"]
