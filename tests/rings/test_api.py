"""Rings over real HTTP: who may read, masking per role, merge and split audited and replayed."""

from __future__ import annotations

from typing import Any

from tests.rings._city import City, ring_with_victims

from fanzha.rings.config import RingConfig
from fanzha.rings.evidence import Evidence
from fanzha.rings.group import find_rings
from fanzha.security.roles import Principal, Role
from fanzha.trace.config import TraceConfig


def load_city(server: Any) -> list[str]:
    """Two rings of two victims each (each ring's victims sent couriers to one address),
    posted as events, then found by the analyst's rebuild."""
    city = City()
    reports = ring_with_victims(city, 1, [11, 12], 0) + ring_with_victims(city, 2, [21, 22], 600)
    city.courier("+8613900000011", "鄂州市人民路91号翡翠酒店384房", 10)
    city.courier("+8613900000012", "鄂州市人民路91号翡翠酒店384房", 310)
    city.courier("+8613900000021", "长沙市解放路144号翡翠小区251房", 610)
    city.courier("+8613900000022", "长沙市解放路144号翡翠小区251房", 910)
    analyst = server.login("analyst")
    rows = [r for r in city.rows if r["kind"] != "person"]
    persons = [r for r in city.rows if r["kind"] == "person"]
    analyst.post("/v1/events", json=persons + rows).raise_for_status()
    answer = analyst.post("/v1/rings/rebuild")
    answer.raise_for_status()
    return reports


def ring_holding(server: Any, case_id: str) -> dict[str, Any]:
    analyst = server.login("analyst")
    for row in analyst.get("/v1/rings").json():
        ring = analyst.get(f"/v1/rings/{row['ring_id']}").json()
        if case_id in ring["members"]["cases"]:
            return ring
    raise AssertionError(f"no ring holds {case_id}")


def test_roles_read_rings_masked_and_only_analysts_change_them(server: Any) -> None:
    a, b, c, _ = load_city(server)
    ring = ring_holding(server, a)
    assert b in ring["members"]["cases"] and c not in ring["members"]["cases"]
    ring_id = ring["ring_id"]
    clear = ring["members"]["accounts"]
    assert all("*" not in account for account in clear)
    officer = server.login("qk").get(f"/v1/rings/{ring_id}").json()
    assert all(acc.startswith("*") for acc in officer["members"]["accounts"])
    assert officer["members"]["addresses"] == ring["members"]["addresses"]  # officers visit
    auditor = server.login("auditor").get(f"/v1/rings/{ring_id}").json()
    assert all("*" in a for a in auditor["members"]["addresses"])
    for link in auditor["links"]:
        for end in (link["source"], link["target"]):
            assert not any(account in end for account in clear)
    assert server.login("hzj").get("/v1/rings").status_code == 403
    assert server.login("hzj").get(f"/v1/rings/{ring_id}").status_code == 403
    other = ring_holding(server, c)["ring_id"]
    body = {"other": other, "reason": "同一上线"}
    assert server.login("qk").post(f"/v1/rings/{ring_id}/merge", json=body).status_code == 403
    assert server.login("auditor").post("/v1/rings/rebuild").status_code == 403
    assert server.login("analyst").get("/v1/rings/ring-nope").status_code == 404


def test_merge_and_split_are_audited_kept_in_history_and_survive_a_rebuild(server: Any) -> None:
    a, b, c, d = load_city(server)
    analyst = server.login("analyst")
    first, second = ring_holding(server, a)["ring_id"], ring_holding(server, c)["ring_id"]
    assert (
        analyst.post(f"/v1/rings/{first}/merge", json={"other": first, "reason": "x"}).status_code
        == 409
    )
    assert (
        analyst.post(f"/v1/rings/{first}/merge", json={"other": second, "reason": ""}).status_code
        == 422
    )
    merged = analyst.post(
        f"/v1/rings/{first}/merge", json={"other": second, "reason": "同一取现人"}
    )
    merged.raise_for_status()
    assert set(merged.json()["members"]["cases"]) == {a, b, c, d}
    gone = analyst.get(f"/v1/rings/{second}").json()
    assert gone["state"] == "merged" and gone["merged_into"] == first
    assert [r["ring_id"] for r in analyst.get("/v1/rings").json()].count(second) == 0

    stray = {"reason": "误并", "cases": ["rep-nobody"]}
    assert analyst.post(f"/v1/rings/{first}/split", json=stray).status_code == 409
    split = analyst.post(f"/v1/rings/{first}/split", json={"reason": "误并", "cases": [c, d]})
    split.raise_for_status()
    child = split.json()
    assert set(child["members"]["cases"]) == {c, d}
    assert child["history"][-1]["action"] == "split_from"
    parent = analyst.get(f"/v1/rings/{first}").json()
    assert set(parent["members"]["cases"]) == {a, b}
    assert [h["action"] for h in parent["history"]] == ["found", "merged", "split"]
    assert parent["history"][-1]["reason"] == "误并"

    actions = [(e.action, e.user_id) for e in server.context.audit.entries()]
    assert ("ring.merge", "analyst") in actions and ("ring.split", "analyst") in actions
    assert ("ring.view", "analyst") in actions and ("rings.load", "analyst") in actions

    analyst.post("/v1/rings/rebuild").raise_for_status()  # decisions replayed on new findings
    again = ring_holding(server, a)
    assert set(again["members"]["cases"]) == {a, b}
    assert set(ring_holding(server, c)["members"]["cases"]) == {c, d}
    assert again["ring_id"] == first


def test_load_keeps_a_fanzha_rings_run(server: Any) -> None:
    city = City()
    reports = ring_with_victims(city, 1, [31, 32], 0)
    found = find_rings(Evidence().extend(city.events()), TraceConfig(), RingConfig())
    principal = server.login("analyst")
    count = server.context.rings.load(
        Principal(user_id="analyst", role=Role.CENTER_ANALYST), found, "rings.jsonl"
    )
    assert count == len(found) == 2
    listed = principal.get("/v1/rings").json()
    assert sorted(r["first_case"] for r in listed) == sorted(reports)
