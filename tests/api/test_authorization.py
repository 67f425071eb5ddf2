"""Every endpoint × every role × own/other district → allowed or refused, and masking."""

from __future__ import annotations

from typing import Any

ROLES = ["analyst", "qk", "hzj", "auditor", "admin"]
Y, N = 200, 403
H = 404
"""Another jurisdiction's record answers as a missing one would: no existence oracle."""
E = 200
"""A person elsewhere has, to this officer, an empty history (as an unknown person)."""

# (method, path template, body, {role: expected status})
TABLE: list[tuple[str, str, Any, dict[str, int]]] = [
    ("GET", "/v1/tasks/{own}", None, {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": N}),
    ("GET", "/v1/tasks/{other}", None, {"analyst": Y, "qk": H, "hzj": H, "auditor": Y, "admin": N}),
    (
        "POST",
        "/v1/tasks/{own}/escalate",
        {"reason": "test"},
        {"analyst": Y, "qk": Y, "hzj": Y, "auditor": N, "admin": N},
    ),
    (
        "POST",
        "/v1/tasks/{other}/escalate",
        {"reason": "test"},
        {"analyst": Y, "qk": H, "hzj": H, "auditor": N, "admin": N},
    ),
    (
        "POST",
        "/v1/tasks/{other}/attempts",
        {"channel": "phone_call", "result": "reached"},
        {"analyst": Y, "qk": H, "hzj": H, "auditor": N, "admin": N},
    ),
    (
        "GET",
        "/v1/persons/P1/history",
        None,
        {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": N},
    ),
    (
        "GET",
        "/v1/persons/P2/history",
        None,
        {"analyst": Y, "qk": E, "hzj": E, "auditor": Y, "admin": N},
    ),
    ("GET", "/v1/audit", None, {"analyst": N, "qk": N, "hzj": N, "auditor": Y, "admin": Y}),
    ("GET", "/v1/audit/verify", None, {"analyst": N, "qk": N, "hzj": N, "auditor": Y, "admin": Y}),
    ("GET", "/v1/audit/page", None, {"analyst": N, "qk": N, "hzj": N, "auditor": Y, "admin": Y}),
    ("GET", "/v1/reference/names", None, {r: Y for r in ROLES}),
    (
        "POST",
        "/v1/communities/none/propaganda",
        {"kind": "visit", "ts": "2025-03-03T09:00:00+08:00", "households": ["x"]},
        {"analyst": H, "qk": H, "hzj": N, "auditor": N, "admin": N},
    ),
    ("POST", "/v1/events", [], {"analyst": Y, "qk": N, "hzj": N, "auditor": N, "admin": Y}),
    (
        "POST",
        "/v1/deadlines/sweep",
        None,
        {"analyst": Y, "qk": N, "hzj": N, "auditor": N, "admin": Y},
    ),
    ("GET", "/v1/tasks", None, {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": Y}),
    (
        "GET",
        "/v1/patrol/lookup?value=icbc-kefu.top",
        None,
        {"analyst": Y, "qk": Y, "hzj": Y, "auditor": N, "admin": Y},
    ),
    (
        "POST",
        "/v1/patrol/entries",
        {"kind": "domain", "values": ["bad.example"], "reason": "test"},
        {"analyst": Y, "qk": N, "hzj": N, "auditor": N, "admin": Y},
    ),
    (
        "GET",
        "/v1/patrol/export?format=hosts",
        None,
        {"analyst": Y, "qk": N, "hzj": N, "auditor": N, "admin": Y},
    ),
    (
        "POST",
        "/v1/persons/P1/restrictions",
        {"measure": "limit_accounts", "reason_code": "R02"},
        {"analyst": 201, "qk": 201, "hzj": N, "auditor": N, "admin": N},
    ),
    (
        "POST",
        "/v1/persons/P2/restrictions",
        {"measure": "limit_accounts", "reason_code": "R02"},
        {"analyst": 201, "qk": H, "hzj": N, "auditor": N, "admin": N},
    ),
    (
        "GET",
        "/v1/persons/P1/restrictions",
        None,
        {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": N},
    ),
    (
        "GET",
        "/v1/persons/P2/restrictions",
        None,
        {"analyst": Y, "qk": H, "hzj": H, "auditor": Y, "admin": N},
    ),
    ("GET", "/v1/takedowns", None, {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": N}),
    ("GET", "/v1/gold-notices", None, {"analyst": Y, "qk": Y, "hzj": Y, "auditor": Y, "admin": N}),
]


def test_every_endpoint_for_every_role(server: Any, task_for: Any) -> None:
    own, other = task_for("P1", "c1"), task_for("P2", "c2")
    clients = {role: server.login(role) for role in ROLES}
    wrong = []
    for method, template, body, expected in TABLE:
        path = template.format(own=own, other=other)
        for role in ROLES:
            answer = clients[role].request(method, path, json=body)
            if answer.status_code != expected[role]:
                wrong.append(f"{role} {method} {path}: {answer.status_code} != {expected[role]}")
    assert wrong == []


def test_every_route_is_in_the_table(server: Any) -> None:
    import httpx

    spec = httpx.get(f"{server.url}/openapi.json", trust_env=False, timeout=60).json()
    covered = {t[1].split("{")[0].rstrip("/") for t in TABLE} | {"/v1/auth"}
    for path in spec["paths"]:
        if path == "/healthz" or path.startswith("/v1/auth"):
            continue
        assert any(path.startswith(prefix.rsplit("/", 1)[0]) for prefix in covered), path


def test_masked_fields_are_really_masked(server: Any, task_for: Any) -> None:
    own = task_for("P1")
    seen = {
        role: server.login(role).get(f"/v1/tasks/{own}").json()["person"]
        for role in ("analyst", "qk", "auditor")
    }
    assert seen["analyst"]["phones"] == ["+8613812345678"]
    assert seen["qk"]["name"] == "王小明"
    auditor = seen["auditor"]
    assert auditor["name"] == "王*明"
    assert auditor["phones"] == ["+86138****5678"]
    assert "汉正街1号" not in auditor["address"]


def test_district_officers_get_their_own_districts_figures(server: Any, task_for: Any) -> None:
    task_for("P1", "c1")  # 硚口区
    task_for("P2", "c2")  # 江岸区
    year = server.clock.now().year
    city = server.login("analyst").get("/v1/stats", params={"year": year}).json()
    assert city["warnings"] == 2 and city["district"] is None
    own = server.login("qk").get("/v1/stats", params={"year": year, "district": "江岸区"}).json()
    assert own["district"] == "硚口区" and own["warnings"] == 1
    assert server.login("admin").get("/v1/stats", params={"year": year}).status_code == 403


def test_a_campaign_is_recorded_and_shown_with_warnings_before_and_after(
    server: Any, task_for: Any
) -> None:
    from datetime import timedelta

    start = server.clock.now() - timedelta(days=1)
    officer = server.login("qk")
    body = {
        "campaign_id": "c-2025-03", "title": "反诈宣传进社区", "kind": "talk",
        "start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat(),
        "district": "江岸区", "community_ids": ["汉正街社区"], "reach": 300,
    }  # fmt: skip
    assert officer.post("/v1/campaigns", json=body).status_code == 201
    assert officer.post("/v1/campaigns", json=body).status_code == 409
    rows = officer.get("/v1/campaigns", params={"year": start.year}).json()
    assert [(r["campaign_id"], r["district"]) for r in rows] == [("c-2025-03", "硚口区")]
    assert rows[0]["warnings_before"] == 0 and rows[0]["warnings_after"] == 0
    assert server.login("auditor").post("/v1/campaigns", json=body).status_code == 403
