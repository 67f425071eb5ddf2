"""Risk notices to gold merchants (风险告知书) over real HTTP: served, signed for,
listed by merchant and month, within the officer's district, audited, never twice."""

from __future__ import annotations

from typing import Any


def notice(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchant_name": "汉正街周记金店",
        "shop_id": "QK-GOLD-017",
        "account_id": "6222000000001234",
        "issued_on": "2025-03-01",
        "case_id": "rep-qk-1",
        "ring_id": "R-2025-007",
    }
    body.update(changes)
    return body


def test_a_notice_is_served_signed_for_and_listed(server: Any) -> None:
    hzj, qk, ja = server.login("hzj"), server.login("qk"), server.login("ja")
    key = {"Idempotency-Key": "gn-1"}
    made = hzj.post("/v1/gold-notices", json=notice(), headers=key)
    assert made.status_code == 201, made.text
    again = hzj.post("/v1/gold-notices", json=notice(), headers=key)
    assert again.json() == made.json()
    doc = made.json()
    nid = doc["notice_id"]
    assert nid.startswith("GN-") and doc["district"] == "硚口区"
    assert doc["delivered_by"] == "hzj" and doc["acknowledged"] is False
    assert doc["account_id"] == "************1234"  # a station officer sees no card numbers
    # The same shop served twice on one day is one notice, not two.
    twice = qk.post("/v1/gold-notices", json=notice(delivered_by="张警官"))
    assert twice.status_code == 409 and twice.json()["existing"] == nid
    later = qk.post(
        "/v1/gold-notices",
        json=notice(issued_on="2025-02-10", delivered_by="张警官", case_id=None, ring_id=None),
    )
    assert later.status_code == 201, later.text
    other = ja.post(
        "/v1/gold-notices",
        json=notice(merchant_name="大智路老凤祥", shop_id="JA-GOLD-002", account_id=None),
    )
    assert other.status_code == 201, other.text

    early = hzj.post(f"/v1/gold-notices/{nid}/ack", json={"acknowledged_on": "2025-02-28",
                                                         "signed_by": "周大福"})  # fmt: skip
    assert early.status_code == 422 and early.json()["field"] == "acknowledged_on"
    ack = {"acknowledged_on": "2025-03-02", "signed_by": "周大福"}
    signed = hzj.post(f"/v1/gold-notices/{nid}/ack", json=ack)
    assert signed.status_code == 200, signed.text
    assert signed.json()["acknowledged"] is True and signed.json()["signed_by"] == "周大福"
    assert hzj.post(f"/v1/gold-notices/{nid}/ack", json=ack).status_code == 200  # a retry
    rewrite = hzj.post(f"/v1/gold-notices/{nid}/ack", json={**ack, "signed_by": "别人"})
    assert rewrite.status_code == 409
    assert ja.post(f"/v1/gold-notices/{nid}/ack", json=ack).status_code == 404

    def ids(client: Any, query: str = "") -> list[str]:
        answer = client.get("/v1/gold-notices" + query)
        assert answer.status_code == 200, answer.text
        return [n["notice_id"] for n in answer.json()]

    assert ids(qk) == [nid, later.json()["notice_id"]]  # newest first, own district only
    assert ids(ja) == [other.json()["notice_id"]]
    analyst = server.login("analyst")
    assert len(ids(analyst)) == 3
    assert ids(analyst, "?month=2025-02") == [later.json()["notice_id"]]
    assert ids(analyst, "?merchant=周记") == [nid, later.json()["notice_id"]]
    assert ids(analyst, "?merchant=JA-GOLD-002") == [other.json()["notice_id"]]
    assert ids(analyst, "?merchant=%25") == []  # a wildcard is a character, not a pattern
    assert ids(analyst, "?district=江岸区") == [other.json()["notice_id"]]
    bad_month = analyst.get("/v1/gold-notices?month=2025-13")
    assert bad_month.status_code == 422 and "month" in bad_month.text
    audited = server.login("auditor").get("/v1/gold-notices").json()
    assert {n["signed_by"] for n in audited} == {"周*福", None}
    assert server.login("admin").get("/v1/gold-notices").status_code == 403

    trail = [
        (e.user_id, e.action)
        for e in server.context.audit.entries()
        if e.object_type in ("gold_notice", "gold_notices")
    ]
    assert trail.count(("hzj", "create")) == 1 and trail.count(("hzj", "acknowledge")) == 1
    assert ("auditor", "view") in trail


def test_notice_input_is_checked_naming_the_field(server: Any) -> None:
    analyst, qk = server.login("analyst"), server.login("qk")
    cases = [
        (analyst, {"district": None}, "district"),
        (qk, {"district": "江岸区"}, "district"),
        (qk, {"issued_on": "2025-03-05"}, "issued_on"),
        (qk, {"merchant_name": ""}, "merchant_name"),
        (qk, {"shop_id": "QK GOLD"}, "shop_id"),
        (qk, {"account_id": "6222 0000"}, "account_id"),
        (qk, {"merchant_name": "金\u0000店"}, "merchant_name"),
    ]
    for client, change, field in cases:
        answer = client.post("/v1/gold-notices", json=notice(**change))
        assert answer.status_code == 422, (change, answer.text)
        assert field in answer.text, (change, answer.text)
    assert server.login("auditor").post("/v1/gold-notices", json=notice()).status_code == 403
    assert analyst.get("/v1/gold-notices").json() == []
