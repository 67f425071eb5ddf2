from datetime import UTC, datetime, timedelta

import pytest

from fanzha.dissuade.models import AttemptResult, Channel, Outcome, Task, TaskState, Tier
from fanzha.dissuade.workflow import (
    TransitionError,
    attempt,
    close,
    escalate,
    open_stop_payment,
    record_attempt,
    resolve,
    sign,
    start_follow_up,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_full_journey_records_times_history_and_versions(high_task: Task) -> None:
    sign(high_task, "officer-1", T0 + timedelta(minutes=2))
    record_attempt(
        high_task,
        attempt(
            Channel.CALL_96110, T0 + timedelta(minutes=4), "officer-1", AttemptResult.NO_ANSWER
        ),
    )
    assert high_task.state == TaskState.CONTACTING
    record_attempt(
        high_task,
        attempt(Channel.DOOR_VISIT, T0 + timedelta(minutes=25), "officer-1", AttemptResult.REACHED),
    )
    assert high_task.state == TaskState.ON_SITE
    resolve(high_task, Outcome.DISSUADED, "officer-1", T0 + timedelta(minutes=40))
    start_follow_up(high_task, "officer-1", T0 + timedelta(days=4))
    record_attempt(
        high_task,
        attempt(Channel.PHONE_CALL, T0 + timedelta(days=4), "officer-1", AttemptResult.REACHED),
    )
    close(high_task, "officer-1", T0 + timedelta(days=4, hours=1))

    assert high_task.state == TaskState.CLOSED
    assert high_task.outcome == Outcome.DISSUADED
    assert high_task.signed_at == T0 + timedelta(minutes=2)
    assert high_task.first_contact_at == T0 + timedelta(minutes=4)
    assert high_task.on_site_at == T0 + timedelta(minutes=25)
    assert len(high_task.attempts) == 3
    assert high_task.version == len(high_task.history)
    assert high_task.history[0][2] == "signed"


def test_attempts_need_a_signed_task(high_task: Task) -> None:
    with pytest.raises(TransitionError, match="no attempts while new"):
        record_attempt(high_task, attempt(Channel.PHONE_CALL, T0, "o", AttemptResult.REACHED))


def test_closed_task_cannot_be_resolved_again(high_task: Task) -> None:
    sign(high_task, "o", T0)
    resolve(high_task, Outcome.NOT_FRAUD, "o", T0)
    close(high_task, "o", T0)
    with pytest.raises(TransitionError, match="cannot go from closed"):
        resolve(high_task, Outcome.DISSUADED, "o", T0)


def test_escalation_climbs_the_ladder_and_stops_at_the_center(high_task: Task) -> None:
    assert escalate(high_task, "system", T0, "sign deadline missed") == Tier.DISTRICT
    assert escalate(high_task, "system", T0, "contact deadline missed") == Tier.CENTER
    assert escalate(high_task, "system", T0, "visit deadline missed") == Tier.CENTER
    assert high_task.state == TaskState.ESCALATED
    sign(high_task, "district-officer", T0 + timedelta(minutes=9))
    assert high_task.state == TaskState.SIGNED


def test_stop_payment_branch(high_task: Task) -> None:
    sign(high_task, "o", T0)
    open_stop_payment(high_task, "o", T0 + timedelta(minutes=3))
    assert high_task.state == TaskState.STOP_PAYMENT
    record_attempt(
        high_task, attempt(Channel.PHONE_CALL, T0 + timedelta(minutes=4), "o", AttemptResult.DONE)
    )
    resolve(high_task, Outcome.PAID_STOPPED, "o", T0 + timedelta(hours=1))
    assert high_task.outcome == Outcome.PAID_STOPPED
