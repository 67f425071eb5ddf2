"""The patrol over real HTTP: block, look up (sub-domains, allowlist), score, classify, export."""

from __future__ import annotations

import json
import random
from typing import Any

from fanzha.patrol.corpus import generate_page


def test_blocked_domain_covers_subdomains_and_is_audited(server: Any) -> None:
    analyst = server.login("analyst")
    before = analyst.get("/v1/patrol/summary").json()["entries"]
    added = analyst.post(
        "/v1/patrol/entries",
        json={"kind": "domain", "values": ["icbc-kefu.top", "com"], "reason": "仿冒工行客服"},
    )
    assert added.status_code == 200
    assert added.json()["added"] == 1  # a public suffix is never blocked on its own
    assert analyst.get("/v1/patrol/summary").json()["entries"] == before + 1

    hit = analyst.get("/v1/patrol/lookup", params={"value": "https://pay.icbc-kefu.top/x"}).json()
    assert hit["blocked"] is True
    assert hit["rule"]["value"] == "icbc-kefu.top"
    assert hit["rule"]["reason"] == "仿冒工行客服"
    assert hit["rule"]["source"] == "analyst:analyst"

    near = analyst.get("/v1/patrol/lookup", params={"value": "icbc-kefu.xyz"}).json()
    assert near["blocked"] is False
    assert near["lookalike"]["brand"] and near["lookalike"]["score"] >= 0.5

    audited = [e for e in server.context.audit.entries() if e.object_type == "patrol"]
    assert {e.action for e in audited} >= {"block", "lookup"}


def test_domain_feed_is_ranked_and_pages_get_verdicts(server: Any) -> None:
    officer = server.login("qk")
    scored = officer.post(
        "/v1/patrol/domains",
        json={"domains": ["weather.example.org", "icbc-kefu.top", "alipay-refund.cc", ""]},
    ).json()
    assert [s["domain"] for s in scored][-1] == "weather.example.org"
    assert scored[0]["score"] >= scored[1]["score"] >= scored[2]["score"]
    assert scored[0]["score"] >= 0.5 and scored[-1]["score"] < 0.5

    rng = random.Random(11)
    for verdict in ("fraud", "gambling", "benign"):
        page = officer.post("/v1/patrol/page", json={"html": generate_page(verdict, rng)}).json()
        assert page["verdict"] == verdict
        assert 0 <= page["score"] <= 1 and page["reasons"]


def test_exports_load_as_rpz_hosts_and_stix(server: Any) -> None:
    analyst = server.login("analyst")
    analyst.post(
        "/v1/patrol/entries",
        json={"kind": "domain", "values": ["ccb-tuikuan.top"], "reason": "r", "expires_days": 30},
    ).raise_for_status()
    rpz = analyst.get("/v1/patrol/export", params={"format": "rpz"})
    assert rpz.status_code == 200
    assert "ccb-tuikuan.top CNAME ." in rpz.text and "*.ccb-tuikuan.top CNAME ." in rpz.text
    hosts = analyst.get("/v1/patrol/export", params={"format": "hosts"}).text
    assert "0.0.0.0 ccb-tuikuan.top" in hosts
    bundle = json.loads(analyst.get("/v1/patrol/export", params={"format": "stix"}).text)
    patterns = [o["pattern"] for o in bundle["objects"] if o["type"] == "indicator"]
    assert "[domain-name:value = 'ccb-tuikuan.top']" in patterns


def test_bad_requests_name_the_field(server: Any) -> None:
    analyst = server.login("analyst")
    answer = analyst.post(
        "/v1/patrol/entries", json={"kind": "website", "values": ["x.cn"], "reason": "r"}
    )
    assert answer.status_code == 422
    assert "kind" in answer.text
    assert analyst.get("/v1/patrol/lookup", params={"value": ""}).status_code == 422
