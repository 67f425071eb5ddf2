"""The abilities the UI is built from match what the routes allow; errors carry codes;
the audit trail and partner activity filter and page in the database."""

from __future__ import annotations

from typing import Any

from fanzha.api.abilities import ABILITIES

USERS = {"analyst": "center_analyst", "qk": "district_officer", "hzj": "station_officer"}
USERS |= {"auditor": "auditor", "admin": "admin"}
PROBES = {  # a page → the read its page makes first
    "cases": "/v1/cases",
    "rings": "/v1/rings",
    "measures": "/v1/measures",
    "partners": "/v1/partners",
    "patrol": "/v1/patrol/summary",
    "enforcement": "/v1/takedowns",
    "reports": "/v1/stats?year=2025",
    "communities": "/v1/communities",
    "audit": "/v1/audit/page",
    "search": "/v1/search?q=王小",
}


def test_every_page_a_role_is_offered_answers_and_no_other(server: Any) -> None:
    assert set(PROBES) <= set(ABILITIES)
    wrong = []
    for user in USERS:
        client = server.login(user)
        abilities = set(client.get("/v1/auth/me").json()["abilities"])
        for page, path in PROBES.items():
            status = client.get(path).status_code
            if (status == 200) != (page in abilities):
                wrong.append(f"{user} {page}: {status}, offered={page in abilities}")
    assert wrong == [], "\n".join(wrong)


def test_error_bodies_carry_a_code_and_the_fields(server: Any) -> None:
    officer = server.login("qk")
    refused = officer.get("/v1/audit/page")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    missing = officer.get("/v1/tasks/T-none")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = server.login("auditor").get("/v1/audit/page?limit=100000")
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid" and bad.json()["fields"] == ["limit"]
    assert officer.get("/v1/audit").json()["detail"]  # the English detail stays for API users


def test_audit_page_filters_and_pages_newest_first(server: Any, task_for: Any) -> None:
    task_for("P1", "c1")
    for user in ("qk", "qk", "ja"):
        server.login(user).get("/v1/tasks")
    auditor = server.login("auditor")
    logins = auditor.get("/v1/audit/page?action=login&limit=2").json()
    assert logins["total"] == 5  # analyst, qk twice, ja, auditor
    assert [e["user_id"] for e in logins["entries"]] == ["auditor", "ja"]
    rest = auditor.get("/v1/audit/page?action=login&limit=2&offset=4").json()
    assert [e["user_id"] for e in rest["entries"]] == ["analyst"]
    mine = auditor.get("/v1/audit/page?user_id=qk").json()
    assert mine["total"] == 4 and {e["action"] for e in mine["entries"]} == {"login", "view"}
    later = server.clock.now().isoformat().replace("+00:00", "Z")
    none = auditor.get("/v1/audit/page", params={"until": "2000-01-01T00:00:00Z"}).json()
    assert none["total"] == 0
    assert auditor.get("/v1/audit/page", params={"since": later}).json()["total"] >= 5


def test_partner_activity_filters_and_pages(server: Any) -> None:
    partners = server.context.partners
    platform, _ = partners.add_partner("didi", "滴滴出行", "ride_hailing", "platform:didi")
    for n in range(7):
        partners.clue(platform, {"kind": "phone", "value": f"+861710000{n:04d}"}, None)
    partners.clue(platform, {"kind": "account", "value": "6222020000000101"}, None)
    analyst = server.login("analyst")
    page = analyst.get("/v1/partners/activity?limit=3&offset=3").json()
    assert page["total"] == 8 and len(page["recent"]) == 3
    phones = analyst.get("/v1/partners/activity?outcome=phone").json()
    assert phones["total"] == 7 and {r["outcome"] for r in phones["recent"]} == {"phone"}
    assert analyst.get("/v1/partners/activity?kind=check_order").json()["total"] == 0
    assert analyst.get("/v1/partners/activity?limit=0").status_code == 422
