"""A task says why: its warnings' reasons, their evidence (masked by role), the money at
risk and the payee, what to do now, and a history an officer reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fanzha.contract.kinds import Call, Event, Transfer
from fanzha.contract.warning import Level, Warning
from fanzha.dissuade.history import PATTERNS, describe

from .conftest import PHONE_OWNER, Server, spoofed_call

VICTIM_ACCOUNT = "6222020000000101"
PAYEE = "6217000000000201"


class CallThenPaymentDetector:
    """A detection double: a spoofed call warns (orange); a payment after it raises the
    same warning to red, naming both events as evidence, reasons worded as the rules do."""

    def __init__(self) -> None:
        self.calls: dict[str, str] = {}

    def feed(self, event: Event) -> list[Warning]:
        if isinstance(event, Call) and "spoofed_official" in event.caller_tags:
            person = PHONE_OWNER.get(event.callee)
            if person is None:
                return []
            self.calls[person] = event.id
            return [self._warning(person, event, "orange", [event.id])]
        if isinstance(event, Transfer) and event.from_account == VICTIM_ACCOUNT:
            call = self.calls.get("P1")
            if call is not None:
                return [self._warning("P1", event, "red", [call, event.id])]
        return []

    def _warning(self, person: str, event: Event, level: str, evidence: list[str]) -> Warning:
        reasons = ["接到被标记为冒充公检法的号码来电 | call from a number tagged spoofed_official"]
        if len(evidence) > 1:
            reasons.append("可疑接触后向新收款人大额转账 | large transfer to a new payee")
        return Warning(
            warning_id=f"W-{person}-1",
            person_id=person,
            ts=event.ts,
            level=Level.parse(level),
            typology="impersonate_police",
            score=0.9 if level == "red" else 0.7,
            reasons=reasons,
            evidence=evidence,
            rules_version="default v1@abc + model m7",
            model_version="m7",
        )


def warned_and_paid(server: Server) -> str:
    server.context.detector = CallThenPaymentDetector()
    at = server.clock.now()
    transfer = {
        "kind": "transfer", "id": "tx-1", "ts": (at + timedelta(minutes=5)).isoformat(),
        "source": "bank:icbc", "from_account": VICTIM_ACCOUNT, "to_account": PAYEE,
        "amount_fen": 75_000_000, "channel": "mobile",
    }  # fmt: skip
    analyst = server.login("analyst")
    first = analyst.post("/v1/events", json=[spoofed_call("c1", "+8613812345678", at)])
    first.raise_for_status()
    answer = analyst.post("/v1/events", json=[transfer])
    answer.raise_for_status()
    assert answer.json()["tasks"] == first.json()["tasks"]  # the payment upgraded the task
    return str(answer.json()["tasks"][0])


def test_task_returns_reasons_evidence_money_and_payee(server: Server) -> None:
    task_id = warned_and_paid(server)
    officer = server.login("qk")
    task = officer.get(f"/v1/tasks/{task_id}").json()
    assert task["level"] == "high"
    assert task["reasons_zh"] == [
        "接到被标记为冒充公检法的号码来电",
        "可疑接触后向新收款人大额转账",
    ]
    assert task["reasons_en"][0] == "call from a number tagged spoofed_official"
    [warning] = task["warnings"]  # the upgrade replaced the first version, not a second row
    assert warning["amount_at_risk_fen"] == 75_000_000
    assert warning["rules_version"] == "default v1@abc" and warning["model_version"] == "m7"
    assert warning["evidence"] == ["c1", "tx-1"]
    # The officer sees phones in clear but never account numbers: the payee is masked.
    assert warning["payee"] == "************0201"
    by_id = {e["id"]: e for e in task["evidence"]}
    assert by_id["c1"]["kind"] == "call" and by_id["c1"]["fields"]["callee"] == "+8613812345678"
    assert by_id["tx-1"]["fields"]["to_account"] == "************0201"
    assert by_id["tx-1"]["fields"]["amount_fen"] == 75_000_000
    # The analyst traces money: numbers in clear.
    analyst_view = server.login("analyst").get(f"/v1/tasks/{task_id}").json()
    assert analyst_view["warnings"][0]["payee"] == PAYEE
    assert {e["id"] for e in analyst_view["evidence"]} == {"c1", "tx-1"}


def test_task_says_what_to_do_now(server: Server, task_for: Any) -> None:
    task_id = task_for("P1")
    officer = server.login("qk")
    guide = officer.get(f"/v1/tasks/{task_id}").json()["guide"]
    assert guide["playbook_zh"].startswith("三快")
    assert [s["channel"] for s in guide["due_steps"]] == ["call_96110", "sms_12381"]
    assert guide["next_deadline"]["name"] == "sign"
    assert "硚口区公安局" in guide["script_zh"][0]
    assert any("安全账户" in line for line in guide["script_zh"])
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    attempt = {"channel": "call_96110", "result": "reached", "note": "本人称已转账"}
    officer.post(f"/v1/tasks/{task_id}/attempts", json=attempt).raise_for_status()
    server.clock.advance(timedelta(minutes=11))
    task = officer.get(f"/v1/tasks/{task_id}").json()
    steps = [s["channel"] for s in task["guide"]["due_steps"]]
    assert steps == ["sms_12381", "phone_call"]  # the 96110 call is done; 10 min: officer call
    assert task["attempts"][0]["note"] == "本人称已转账"


def test_another_district_gets_neither_task_nor_reasons(server: Server, task_for: Any) -> None:
    task_id = task_for("P1")
    answer = server.login("ja").get(f"/v1/tasks/{task_id}")
    assert answer.status_code == 404
    assert "冒充" not in answer.text
    seen = [(e.user_id, e.action) for e in server.context.audit.entries() if e.object_id == task_id]
    assert ("ja", "denied") in seen and ("ja", "view") not in seen


def test_history_reads_in_chinese_without_system_or_versions(server: Server, task_for: Any) -> None:
    task_id = task_for("P1")
    server.clock.advance(timedelta(minutes=6))
    server.context.tasks.sweep_deadlines()  # sign deadline missed: escalated by the system
    officer = server.login("qk")
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    history = officer.get(f"/v1/tasks/{task_id}").json()["history"]
    texts = [h["what_zh"] for h in history]
    assert texts[0] == "由预警 W-c1 生成任务"
    assert "升级至分局（签收超时）" in texts
    assert texts[-1] == "签收"
    assert {h["by_zh"] for h in history} == {"系统自动", "qk"}
    for line in history:
        assert not any(c.isascii() and c.isalpha() for c in line["what_zh"].replace("W-c", ""))


def test_every_workflow_line_has_a_chinese_label() -> None:
    lines = [
        "signed", "on site", "contact by door_visit", "attempt call_96110: no_answer",
        "escalated to center: first_contact deadline missed", "escalated to district: manual",
        "on_site deadline missed", "money left: stop-payment and trace", "resolved: dissuaded",
        "follow-up", "closed", "created from warning W-1", "upgraded to high by W-1",
        "upgraded to high by W-1 after closing",
        "stop-payment case rep-T-1-1 opened: 2 accounts sent to banks",
        "created from order manual 3f2a9c", "created from order province SJ-1",
        "order national GJ-7 merged",
        "handed over from 硚口区/汉正街派出所 to 东湖新技术开发区/-: 住光谷",
    ]  # fmt: skip
    assert len(PATTERNS) == len(lines) - 1  # one pattern each (two escalation reasons)
    for line in lines:
        zh, en = describe(line)
        assert zh != line, line
        assert not any("a" <= c <= "z" for c in zh.replace("rep-T-", "").replace("W-", "")), zh
        assert en and en != zh
