"""Officers' actions through the service's table (``workflow.ACTIONS``): each name
makes its move and is audited; a name not in the table changes nothing."""

from __future__ import annotations

import pytest
from tests.dissuade.test_service import T0, make_service, warning

from fanzha.dissuade import workflow
from fanzha.dissuade.models import AttemptResult, Channel, TaskState
from fanzha.security.roles import Principal, Role

OFFICER = Principal(user_id="qk", role=Role.DISTRICT_OFFICER, district="硚口区")


def test_a_task_goes_from_signed_to_closed_through_the_actions_table() -> None:
    service = make_service()
    task = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    visit = workflow.attempt(Channel.DOOR_VISIT, T0, "someone-else", AttemptResult.REACHED)
    steps = [
        ("sign", {}, TaskState.SIGNED),
        ("escalate", {"reason": "needs the district"}, TaskState.ESCALATED),
        ("attempt", {"attempt": visit}, TaskState.ON_SITE),
        ("stop_payment", {"case_id": "rep-1", "accounts": 2}, TaskState.STOP_PAYMENT),
        ("resolve", {"outcome": "paid_stopped"}, TaskState.RESOLVED),
        ("follow_up", {}, TaskState.FOLLOW_UP),
        ("close", {}, TaskState.CLOSED),
    ]
    assert {name for name, _, _ in steps} == set(workflow.ACTIONS)
    for name, params, state in steps:
        task = service.act(OFFICER, task.task_id, name, **params)
        assert task.state == state, name
    assert task.attempts[0].officer == "qk"  # recorded as the acting officer
    assert task.outcome == "paid_stopped"
    history = [what for _, _, what in task.history]
    assert any("needs the district" in what for what in history)
    assert any("stop-payment case rep-1 opened: 2 accounts" in what for what in history)
    entries = service.audit.entries()  # type: ignore[attr-defined]
    audited = [e.action for e in entries if e.object_type == "task" and e.action != "view"]
    assert audited == ["create", *(name for name, _, _ in steps)]


def test_an_unknown_action_is_refused_and_changes_nothing() -> None:
    service = make_service()
    task = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    with pytest.raises(ValueError, match="unknown action 'teleport'"):
        service.act(OFFICER, task.task_id, "teleport")
    assert service.get(OFFICER, task.task_id).version == task.version
    entries = service.audit.entries()  # type: ignore[attr-defined]
    assert {e.action for e in entries} == {"create", "view"}  # only reads were audited


def test_a_move_the_workflow_does_not_allow_is_still_a_transition_error() -> None:
    service = make_service()
    task = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    with pytest.raises(workflow.TransitionError, match="cannot go from new to closed"):
        service.act(OFFICER, task.task_id, "close")
