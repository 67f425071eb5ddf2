"""Hostile data for the XSS replay: every text field of every event kind, and the texts
users type through the API, each carrying markup that would announce itself if it ran.

A bait is small (ids stay within 64 characters) and tagged with the field it sits
in, so a failure names the field. If a bait ever becomes markup it loads
``pwned-<tag>`` from the server (seen by the test even when the CSP blocks the
handler), calls ``__pwn('<tag>')`` or opens an ``alert``.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle
from typing import Any

from fanzha.community.sql import CommunityStore
from fanzha.partners.webhooks import DeliveryState
from fanzha.security.roles import Role
from fanzha.security.users import User, create_user

SHAPES = cycle(
    [
        "<img src=pwned-{t} onerror=__pwn('{t}')>",
        "\"'><svg onload=__pwn('{t}')>",
        "<script>__pwn('{t}')</script>",
        "<img src=pwned-{t} onerror=alert('{t}')>",
        "<iframe src=javascript:__pwn('{t}')>",
    ]
)
BAITS: dict[str, str] = {}
"""Every bait planted, by tag: what the page must show literally and never run."""


def bait(tag: str, shape: str | None = None) -> str:
    """The bait for one field (the same each time it is asked for)."""
    if tag not in BAITS:
        BAITS[tag] = (shape or next(SHAPES)).format(t=tag)
    return BAITS[tag]


# The accounts of the case: their ids are the money-flow graph's labels and tooltips.
VICTIM = "6222020000000101"
# A card BIN first (the bank, hence a stop-payment), then the bait; "{b}" is an ECharts
# template field, which must not be filled in.
MULE = "6217000000000201" + bait("mule") + "{b}"
SECOND = "6225880000000301" + bait("mule2")
CASE_ID = bait("case", "<img src=pwned-{t} onerror=__pwn('{t}')>")  # no "/": a path segment
P1_NAME, P1_ADDRESS = bait("name"), bait("addr")


def events(now: Any, password_phone: str) -> list[dict[str, Any]]:
    """One event of every kind with a bait in each text field."""
    at = lambda minutes: (now + timedelta(minutes=minutes)).isoformat()  # noqa: E731

    def event(kind: str, event_id: str, minutes: int, source: str, **fields: Any) -> dict[str, Any]:
        return {"kind": kind, "id": event_id, "ts": at(minutes), "source": source, **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: int) -> dict[str, Any]:
        move = {"from_account": src, "to_account": dst, "amount_fen": fen, "channel": "mobile"}
        return event(
            "transfer", event_id, minutes, "bank:icbc", memo=bait(f"memo{event_id}"), **move
        )

    hukou = {"phones": [password_phone], "district": "硚口区"}
    return [
        event("person", "per-P1-x", -60, "police:hukou", person_id="P1", name=P1_NAME,
              address=P1_ADDRESS, community=bait("comm"), **hukou),
        event("person", bait("pid"), -60, "police:hukou", person_id=bait("person"),
              phones=["+8613700000009"], district=bait("dist"), address=bait("addr2"),
              name=bait("name2"), district_code=bait("code"), community=bait("comm2")),
        event("account", bait("aid"), -50, "bank:icbc", account_id=MULE, bank=bait("bank"),
              holder=bait("holder"), address_on_file=bait("onfile")),
        tx("tx-a", VICTIM, MULE, 5_000_000, 0),
        tx("tx-b", MULE, SECOND, 4_000_000, 10),
        event("withdrawal", bait("wid"), 20, "bank:icbc", account_id=SECOND,
              amount_fen=1_000_000, channel="atm", location=bait("loc")),
        event("call", bait("call"), 1, "telecom:cmcc", caller="+85230001234",
              callee=password_phone, duration_s=1800,
              caller_tags=["spoofed_official", bait("ctag")]),
        event("sms", bait("sid"), 2, bait("src"), sender=bait("sender"),
              receiver=password_phone, text=bait("text")),
        event("app", bait("appid"), 3, "telecom:cmcc", phone=password_phone, app=bait("app"),
              action="install"),
        event("web", bait("webid"), 4, "telecom:cmcc", phone=password_phone,
              url="javascript:__pwn('url')//" + bait("url")),
        event("order", bait("oid"), 5, "platform:didi", platform=bait("platform"),
              order_id=bait("order"), requester=password_phone,
              pickup={"district": bait("pdist"), "address": bait("paddr")},
              dropoff={"district": bait("ddist"), "address": bait("daddr")},
              cross_city=True, vehicle="car", passengers=1, item=bait("item")),
        event("gold_purchase", bait("gid"), 6, "bank:icbc", account_id=SECOND, grams=10.0,
              amount_fen=600_000, channel="store", delivery="mail",
              delivery_address=bait("gaddr")),
        event("parcel", bait("parid"), 7, "express:sf", carrier=bait("carrier"),
              waybill=bait("waybill"), sender=password_phone, receiver="+8613700000009",
              receiver_address=bait("raddr"), declared_contents=bait("contents"),
              declared_value_fen=100),
        event("report", CASE_ID, 120, "police:96110", person_id="P1", loss_fen=5_000_000,
              transfers=["tx-a"], text=bait("rtext"), fraud_type="impersonate_police"),
    ]  # fmt: skip


def plant(server: Any, phone: str) -> dict[str, Any]:
    """Everything hostile, through the API where one exists; returns what the tour needs."""
    analyst = server.login("analyst")
    answer = analyst.post("/v1/events", json=events(server.clock.now(), phone))
    answer.raise_for_status()
    accepted = answer.json()
    # The other district's resident gets a task too; its district is bait.
    second = {"kind": "call", "id": "c-p2", "ts": server.clock.now().isoformat(),
              "source": "telecom:cmcc", "caller": "+85230001234", "callee": "+8613900000002",
              "duration_s": 1800, "caller_tags": ["spoofed_official"]}  # fmt: skip
    p2 = {"kind": "person", "id": "per-P2-x", "ts": server.clock.now().isoformat(),
          "source": "police:hukou", "person_id": "P2", "name": bait("p2name"),
          "phones": ["+8613900000002"], "district": bait("p2dist"),
          "address": bait("p2addr")}  # fmt: skip
    analyst.post("/v1/events", json=[p2]).raise_for_status()
    tasks = accepted["tasks"] + analyst.post("/v1/events", json=[second]).json()["tasks"]

    # A second analyst whose display name is bait does the work on the tasks.
    name = bait("user")
    user = User(user_id="analyst-b", display_name=name, role=Role.CENTER_ANALYST)
    create_user(server.context.users, user, "correct-horse-battery")
    worker = server.login("analyst-b")
    for task_id in tasks:
        task = worker.get(f"/v1/tasks/{task_id}").json()
        signed = worker.post(
            f"/v1/tasks/{task_id}/sign", json={"expected_version": task["version"]}
        )
        signed.raise_for_status()
        attempt = {"expected_version": signed.json()["version"], "channel": "phone_call",
                   "result": "no_answer", "note": bait("note")}  # fmt: skip
        tried = worker.post(f"/v1/tasks/{task_id}/attempts", json=attempt)
        tried.raise_for_status()
        escalate = {"expected_version": tried.json()["version"], "reason": bait("why")}
        worker.post(f"/v1/tasks/{task_id}/escalate", json=escalate).raise_for_status()

    # Stop-payments on the case; the bank refuses one with a bait reason.
    headers = {"Idempotency-Key": "xss-stop-1"}
    accounts = {"accounts": [MULE, SECOND]}
    stop = analyst.post(f"/v1/cases/{CASE_ID}/stop-payments", json=accounts, headers=headers)
    stop.raise_for_status()
    holds = analyst.get(f"/v1/cases/{CASE_ID}").json()["holds"]
    refused = {"expected_version": holds[0]["version"], "accepted": False, "reason": bait("bank_r")}
    analyst.post(f"/v1/holds/{holds[0]['hold_id']}/answer", json=refused).raise_for_status()

    # Campaigns, communities and their incidents.
    CommunityStore(server.context.cases.engine).sync_from_persons()
    start = server.clock.now()
    campaign = {"campaign_id": "camp-xss", "title": bait("ctitle"), "kind": "talk",
                "start": start.isoformat(), "end": start.isoformat(), "place": bait("cplace"),
                "reach": 10}  # fmt: skip
    analyst.post("/v1/campaigns", json=campaign).raise_for_status()
    note = {"kind": "den_found", "ts": start.isoformat(), "note": bait("inote")}
    analyst.post(f"/v1/communities/{BAITS['comm']}/incidents", json=note).raise_for_status()

    # A partner with a bait name (and webhook, if the server takes it), a clue, a dead letter.
    admin = server.login("admin")
    partner = {"partner_id": "evil", "name": bait("pname"), "type": "ride_hailing",
               "source": "platform:evil",
               "webhook_url": "https://hooks.example/" + bait("hook")}  # fmt: skip
    if admin.post("/v1/partners", json=partner).status_code == 422:
        admin.post("/v1/partners", json={**partner, "webhook_url": None}).raise_for_status()
    partners = server.context.partners
    platform = partners.registry().get("evil")
    clue = {"kind": "phone", "value": bait("cvalue"), "note": bait("cnote"), "ring": True}
    partners.clue(platform, clue, None)
    delivery = partners.push(platform, "warning", {"warning_id": bait("wid2")})
    delivery.state, delivery.attempts, delivery.last_error = DeliveryState.DEAD, 6, bait("err")
    partners.outbox._store(delivery)

    # A blocklist entry whose reason is bait.
    block = {"kind": "domain", "values": ["icbc-kefu.top"], "reason": bait("preason")}
    analyst.post("/v1/patrol/entries", json=block).raise_for_status()
    return {"tasks": tasks}
