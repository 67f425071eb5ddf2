"""风险查询 over real HTTP: partners and the public ask, listed items come back risky,
nothing personal leaks, the public is rate-limited, lookups are counted, and a known
resident asking about a listed account gets a warning."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx

FORBIDDEN_IN_ANSWERS = ("analyst", "bank:icbc", "收款卡", "王小明", "P1", "source", "reason")


def _block(server: Any) -> None:
    analyst = server.login("analyst")
    for kind, values, reason, typology in (
        ("account", ["6222 0212 3456 7890"], "收款卡", "impersonate_police"),
        ("phone", ["+86 17000001234"], "冒充公检法来电", "impersonate_police"),
        ("domain", ["evil-pay.top"], "仿冒支付", "investment"),
        ("ip", ["203.0.113.5", "10.8.0.0/16"], "诈骗App后台", "fake_loan"),
        ("ipport", ["198.51.100.7:8443"], "诈骗App后台端口", "fake_loan"),
    ):
        analyst.post(
            "/v1/patrol/entries",
            json={"kind": kind, "values": values, "reason": reason, "typology": typology},
        ).raise_for_status()


def _partner(server: Any, partner_id: str = "icbc") -> httpx.Client:
    admin = server.login("admin")
    made = admin.post(
        "/v1/partners",
        json={"partner_id": partner_id, "name": "工行", "type": "bank", "source": "bank:icbc"},
    )
    assert made.status_code == 201, made.text
    return httpx.Client(
        base_url=server.url,
        headers={"X-Api-Key": made.json()["api_key"]},
        timeout=10,
        trust_env=False,
    )


def test_listed_items_are_risky_and_clean_ones_are_not(server: Any) -> None:
    _block(server)
    bank = _partner(server)
    risky = {
        "account": "6222021234567890",
        "phone": "17000001234",
        "url": "https://pay.evil-pay.top/order?id=9",  # a sub-domain of a listed domain
        "ip": "10.8.7.7",  # inside a listed range
    }
    for kind, value in risky.items():
        answer = bank.get("/v1/lookup", params={kind: value})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["kind"], body["risk"], body["level"]) == (kind, "高", "high"), body
        assert "96110" in body["advice"]
    for ip in ("203.0.113.5", "198.51.100.7:8443", "203.0.113.5:22"):
        assert bank.get("/v1/lookup", params={"ip": ip}).json()["risk"] == "高", ip
    clean = {
        "account": "6222021234567891",
        "phone": "13900000009",
        "url": "https://weather.example.org/",
        "ip": "198.51.100.7:22",  # another port of the listed address:port
    }
    for kind, value in clean.items():
        body = bank.get("/v1/lookup", params={kind: value}).json()
        assert (body["risk"], body["level"]) == ("未发现", "none"), (kind, body)
    account = bank.get("/v1/lookup", params={"account": "6222021234567890"}).json()
    assert account["typology"] == "冒充公检法"
    assert "请勿转账" in account["advice"]


def test_answers_carry_no_personal_data_or_sources(server: Any) -> None:
    _block(server)
    bank = _partner(server)
    answer = bank.get(
        "/v1/lookup", params={"account": "6222021234567890", "asker_phone": "+8613812345678"}
    )
    public = httpx.get(
        f"{server.url}/v1/public/lookup", params={"account": "6222021234567890"}, trust_env=False
    )
    for body in (answer.json(), public.json()):
        assert set(body) == {"kind", "kind_zh", "risk", "level", "typology", "advice"}
        text = json.dumps(body, ensure_ascii=False)
        for secret in FORBIDDEN_IN_ANSWERS:
            assert secret not in text, secret


def test_partner_lookup_needs_a_key_and_the_scope_and_one_indicator(server: Any) -> None:
    anonymous = httpx.get(f"{server.url}/v1/lookup", params={"phone": "1"}, trust_env=False)
    assert anonymous.status_code == 401
    bank = _partner(server)
    assert bank.get("/v1/lookup").status_code == 422
    two = bank.get("/v1/lookup", params={"phone": "17000001234", "account": "6222021234567890"})
    assert two.status_code == 422 and "exactly one" in two.text
    bad = bank.get("/v1/lookup", params={"ip": "999.1.1.1"})
    assert bad.status_code == 422 and "ip" in bad.text


def test_public_lookups_are_rate_limited_per_address(server: Any) -> None:
    _block(server)
    url = f"{server.url}/v1/public/lookup"
    answers = [httpx.get(url, params={"phone": "17000001234"}, trust_env=False) for _ in range(8)]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [200] * 5  # the burst
    assert codes[5:] == [429] * 3  # the clock does not move: no token comes back
    assert int(answers[-1].headers["Retry-After"]) >= 1
    assert "频繁" in answers[-1].json()["detail"]
    server.clock.advance(timedelta(seconds=30))
    assert httpx.get(url, params={"phone": "17000001234"}, trust_env=False).status_code == 200


def test_every_lookup_is_counted_per_indicator_and_day(server: Any) -> None:
    _block(server)
    bank = _partner(server)
    for _ in range(3):
        bank.get("/v1/lookup", params={"account": "6222 0212 3456 7890"}).raise_for_status()
    bank.get("/v1/lookup", params={"phone": "13900000009"}).raise_for_status()
    indicators = server.context.patrol
    assert indicators.lookups.of_indicator("account", "6222021234567890") == 3
    assert indicators.lookups.of_indicator("phone", "13900000009") == 1
    analyst = server.login("analyst")
    stats = analyst.get("/v1/patrol/lookups").json()
    (day,) = stats["per_day"].values()
    assert (day["total"], day["listed"], day["clean"], day["account"]) == (4, 3, 1, 3)
    assert stats["top"][0] == ["account", "6222021234567890", 3]
    hits = analyst.get("/v1/patrol/hits").json()
    assert hits[0]["rule"] == "6222021234567890" and hits[0]["lookup"] == 3
    assert server.login("qk").get("/v1/patrol/lookups").status_code == 403


def test_a_resident_asking_about_a_listed_account_gets_a_warning(server: Any) -> None:
    _block(server)
    bank = _partner(server)
    officer = server.login("qk")  # 硚口区, where 王小明 (P1) lives
    assert officer.get("/v1/tasks").json() == []
    bank.get(
        "/v1/lookup", params={"account": "6222021234567890", "asker_phone": "13812345678"}
    ).raise_for_status()
    bank.get(  # the same lookup again the same day: still one warning
        "/v1/lookup", params={"account": "6222021234567890", "asker_phone": "13812345678"}
    ).raise_for_status()
    bank.get(  # a clean item, or an unknown asker: no warning
        "/v1/lookup", params={"account": "6222021234567891", "asker_phone": "13900000002"}
    ).raise_for_status()
    tasks = officer.get("/v1/tasks").json()
    assert len(tasks) == 1 and tasks[0]["person_id"] == "P1"
    task = officer.get(f"/v1/tasks/{tasks[0]['task_id']}").json()
    assert task["level"] == "medium"
    assert "本人通过风险查询查了已列入涉诈名单的银行账户" in json.dumps(task, ensure_ascii=False)
    assert server.login("ja").get("/v1/tasks").json() == []  # 李娜 asked nothing
