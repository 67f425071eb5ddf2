"""Warning orders (预警指令) over real HTTP, on SQLite and PostgreSQL: orders become or join
tasks, re-sends change nothing, bad lines are named and good ones kept, unknown people wait
in 待核查, tasks are made by hand, and 移交 moves a task out of the sender's sight."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import Workbook

from fanzha.security.roles import Role
from fanzha.security.users import User, create_user

from .conftest import PASSWORD, Server

P1_PHONE = "13812345678"  # 王小明, 硚口区 (as the province writes it: no +86)


def post_orders(client: httpx.Client, orders: list[dict[str, Any]]) -> dict[str, Any]:
    answer = client.post("/v1/warning-orders", json=orders)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def task_count(server: Server) -> int:
    return len(list(server.context.tasks.tasks.all()))


def test_orders_make_tasks_merge_and_a_resend_changes_nothing(server: Server) -> None:
    analyst = server.login("analyst")
    orders = [
        {"source": "province", "order_id": "SJ-1", "phone": P1_PHONE, "typology": "冒充公检法",
         "level": "中", "deadline": "2025-03-03 18:00", "note": "对方自称武汉市公安局"},
        {"source": "national", "order_id": "GJ-77", "phone": "+8613812345678", "level": "high"},
        {"source": "110", "order_id": "110-5", "person_id": "P2", "typology": "investment"},
        {"source": "city_model", "order_id": "M-9", "phone": "13700000009"},
    ]  # fmt: skip
    out = post_orders(analyst, orders)
    assert (out["created"], out["merged"], out["pending"], out["errors"]) == (2, 1, 1, [])
    by_id = {r["order_id"]: r for r in out["results"]}
    assert by_id["SJ-1"]["task_id"] == by_id["GJ-77"]["task_id"]
    assert by_id["SJ-1"]["district"] == "硚口区" and by_id["110-5"]["district"] == "江岸区"
    assert by_id["M-9"]["outcome"] == "pending" and by_id["M-9"]["task_id"] is None
    assert task_count(server) == 2

    again = post_orders(analyst, orders)  # the province's system retries the whole batch
    assert again["duplicates"] == 4 and again["created"] == again["merged"] == 0
    assert task_count(server) == 2
    assert {r["task_id"] for r in again["results"]} == {r["task_id"] for r in out["results"]}

    qk = server.login("qk")  # the district officer sees both orders that fed the task
    task = qk.get(f"/v1/tasks/{by_id['SJ-1']['task_id']}").json()
    assert task["level"] == "high", "the national order raised the province's medium one"
    assert task["typology"] == "impersonate_police"
    sources = {w["order_id"]: w["source_zh"] for w in task["warnings"]}
    assert sources == {"SJ-1": "省厅", "GJ-77": "国家反诈中心"}
    assert any("对方自称武汉市公安局" in r for r in task["reasons_zh"])
    deadline = next(w["deadline"] for w in task["warnings"] if w["order_id"] == "SJ-1")
    assert deadline.startswith("2025-03-03T10:00"), "18:00 in Wuhan is 10:00 UTC"
    history = [h["what_zh"] for h in task["history"]]
    assert "由省厅预警指令 SJ-1 生成任务" in history
    assert "并入国家反诈中心预警指令 GJ-77" in history
    assert not qk.get(f"/v1/tasks/{by_id['110-5']['task_id']}").is_success  # 江岸's, not his

    batches = [e for e in server.context.audit.entries() if e.action == "warning_orders"]
    assert [e.user_id for e in batches] == ["analyst", "analyst"]
    assert batches[0].detail["created"] == 2 and batches[0].detail["pending"] == 1


def test_a_file_with_bad_lines_keeps_its_good_ones(server: Server) -> None:
    analyst = server.login("analyst")
    csv = (
        "来源,指令编号,手机号,身份证号,人员编号,类型,等级,时限,备注\r\n"
        "省厅,SJ-10,13812345678,,,刷单返利,高,2025-03-03 18:00,\r\n"
        "省厅,SJ-11,1381234,,,,高,,号码不全\r\n"
        ",SJ-12,,,P2,,紫,明天,\r\n"
        "国家反诈中心,GJ-1,,,P2,,,,\r\n"
        "国家反诈中心,GJ-1,,,P2,,,,同一编号再来一次\r\n"
    ).encode("utf-8-sig")
    check = analyst.post(
        "/v1/warning-orders?dry_run=true", content=csv, headers={"Content-Type": "text/csv"}
    ).json()
    assert check["dry_run"] and check["accepted"] == 2 and task_count(server) == 0
    out = analyst.post(
        "/v1/warning-orders", content=csv, headers={"Content-Type": "text/csv"}
    ).json()
    errors = {(e["line"], e["field"]) for e in out["errors"]}
    assert errors == {
        (3, "phone"), (4, "source"), (4, "level"), (4, "deadline"), (6, "order_id"),
    }  # fmt: skip
    line3 = next(e for e in out["errors"] if e["line"] == 3)
    assert line3["field_zh"] == "手机号" and "格式不对" in line3["message"]
    assert out["created"] == 2 and task_count(server) == 2

    book = Workbook()  # the same orders as an Excel sheet, one re-sent, one new
    sheet = book.active
    assert sheet is not None
    sheet.append(["来源", "指令编号", "手机号", "等级"])
    sheet.append(["省厅", "SJ-10", 13812345678, "高"])
    sheet.append(["市局模型", "M-3", 13900000002, "低"])
    data = io.BytesIO()
    book.save(data)
    xlsx = analyst.post(
        "/v1/warning-orders",
        content=data.getvalue(),
        headers={
            "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    ).json()
    assert (xlsx["duplicates"], xlsx["merged"], xlsx["errors"]) == (1, 1, [])
    assert task_count(server) == 2

    unreadable = analyst.post("/v1/warning-orders", content=b"{not json", headers={
        "Content-Type": "application/json"})  # fmt: skip
    assert unreadable.status_code == 422 and "无法读取" in unreadable.json()["detail"]


def test_unknown_people_wait_in_the_queue_until_resolved(server: Server) -> None:
    analyst = server.login("analyst")
    out = post_orders(analyst, [
        {"source": "national", "order_id": "GJ-20", "id_number": "42010619600101123X",
         "note": "身份证号来自部里"},
        {"source": "province", "order_id": "SJ-21", "phone": "13600000021"},
    ])  # fmt: skip
    assert out["pending"] == 2 and task_count(server) == 0
    queue = analyst.get("/v1/warning-orders/pending").json()
    assert queue["total"] == 2
    first = next(i for i in queue["items"] if i["order_id"] == "GJ-20")
    assert first["id_number"] == "4201**********123X" and first["source_zh"] == "国家反诈中心"

    linked = analyst.post(
        "/v1/warning-orders/pending/national/GJ-20/resolve", json={"person_id": "P2"}
    ).json()
    assert linked["outcome"] == "created" and linked["district"] == "江岸区"
    by_hand = analyst.post(
        "/v1/warning-orders/pending/province/SJ-21/resolve",
        json={"district": "东湖新技术开发区", "station": "关东派出所"},
    ).json()
    assert by_hand["district"] == "东湖新技术开发区"
    assert analyst.get("/v1/warning-orders/pending").json()["total"] == 0
    again = analyst.post("/v1/warning-orders/pending/province/SJ-21/resolve", json={
        "district": "江岸区"})  # fmt: skip
    assert again.status_code == 404
    nowhere = post_orders(analyst, [{"source": "110", "order_id": "110-1", "phone": "13600000022"}])
    refused = analyst.post("/v1/warning-orders/pending/110/110-1/resolve", json={
        "district": "火星区"})  # fmt: skip
    assert nowhere["pending"] == 1 and refused.status_code == 422

    # The ID number was learned: the next order naming it finds 李娜 by itself.
    later = post_orders(
        analyst, [{"source": "province", "order_id": "SJ-30", "id_number": "42010619600101123x"}]
    )
    assert later["merged"] == 1 and later["results"][0]["task_id"] == linked["task_id"]
    assert all(t.district for t in server.context.tasks.tasks.all())
    resolved = [e for e in server.context.audit.entries() if e.action == "resolve"]
    assert len(resolved) == 2 and "42010619600101123X" not in str(resolved)


def test_handover_moves_the_task_out_of_the_senders_sight(server: Server) -> None:
    create_user(
        server.context.users,
        User(user_id="dh", display_name="东湖分局民警", role=Role.DISTRICT_OFFICER,
             district="东湖新技术开发区"),
        PASSWORD,
    )  # fmt: skip
    analyst = server.login("analyst")
    made = post_orders(analyst, [{"source": "province", "order_id": "SJ-40", "phone": P1_PHONE}])
    task_id = made["results"][0]["task_id"]
    qk, ja, dh = server.login("qk"), server.login("ja"), server.login("dh")
    assert not dh.get(f"/v1/tasks/{task_id}").is_success
    body = {"district": "东湖新技术开发区", "reason": "本人常住光谷，属东湖分局辖区"}
    assert ja.post(f"/v1/tasks/{task_id}/handover", json=body).status_code == 404
    stale = qk.post(f"/v1/tasks/{task_id}/handover", json={**body, "expected_version": 7})
    assert stale.status_code == 409
    bad = qk.post(f"/v1/tasks/{task_id}/handover", json={**body, "district": "东湖区"})
    assert bad.status_code == 422 and "没有辖区" in bad.json()["detail"]

    moved = qk.post(f"/v1/tasks/{task_id}/handover", json={**body, "station": "关东派出所"})
    assert moved.status_code == 200, moved.text
    assert qk.get(f"/v1/tasks/{task_id}").status_code == 404
    assert task_id not in [t["task_id"] for t in qk.get("/v1/tasks").json()]
    seen = dh.get(f"/v1/tasks/{task_id}").json()
    assert (seen["district"], seen["station"]) == ("东湖新技术开发区", "关东派出所")
    line = seen["history"][-1]
    assert line["what_zh"].startswith("移交：硚口区·") and "→ 东湖新技术开发区·关东派出所" in line[
        "what_zh"] and line["by"] == "qk"  # fmt: skip
    assert "本人常住光谷" in line["what_zh"]
    (entry,) = [e for e in server.context.audit.entries() if e.action == "handover"]
    assert entry.user_id == "qk" and entry.detail["to"] == "东湖新技术开发区/关东派出所"
    pick = {d["district"]: d for d in dh.get("/v1/districts").json()}
    assert pick["东湖新技术开发区"]["bureau"] == "东湖新技术开发区分局"
    assert pick["硚口区"]["bureau"] == "硚口区分局"


def test_who_may_upload_make_and_hand_over(server: Server) -> None:
    orders = [{"source": "province", "order_id": "SJ-50", "phone": P1_PHONE}]
    for user in ("qk", "hzj", "auditor", "admin"):
        client = server.login(user)
        assert client.post("/v1/warning-orders", json=orders).status_code == 403, user
        assert client.get("/v1/warning-orders/pending").status_code == 403, user
    assert task_count(server) == 0
    anonymous = httpx.post(f"{server.url}/v1/warning-orders", json=orders, trust_env=False)
    assert anonymous.status_code == 401

    form = {"person": "13812345678", "typology": "fake_loan", "level": "medium",
            "reason": "110接警：本人称正在办理“无抵押贷款”，已交“保证金”"}  # fmt: skip
    assert server.login("ja").post("/v1/tasks", json=form).status_code == 403  # not 江岸's
    assert server.login("auditor").post("/v1/tasks", json=form).status_code == 403
    unknown = server.login("analyst").post("/v1/tasks", json={**form, "person": "13000000000"})
    assert unknown.status_code == 422 and "找不到此人" in unknown.json()["detail"]
    made = server.login("qk").post("/v1/tasks", json=form)
    assert made.status_code == 201, made.text
    task = made.json()
    assert (task["district"], task["typology"], task["level"]) == ("硚口区", "fake_loan", "medium")
    assert task["history"][0]["what_zh"] == "手动建立任务"
    detail = server.login("qk").get(f"/v1/tasks/{task['task_id']}").json()
    assert (
        "无抵押贷款" in detail["reasons_zh"][0] and detail["warnings"][0]["source_zh"] == "手动建立"
    )
    auditor = server.login("auditor")
    assert auditor.post(f"/v1/tasks/{task['task_id']}/handover", json={
        "district": "江岸区", "reason": "x"}).status_code == 403  # fmt: skip
    denied = {(e.user_id, e.object_type) for e in server.context.audit.entries()
              if e.action == "denied"}  # fmt: skip
    assert {("qk", "warning_orders"), ("hzj", "warning_order_pending"), ("ja", "task"),
            ("auditor", "task")} <= denied  # fmt: skip


def test_order_tasks_page_count_and_fall_due_like_any_task(server: Server) -> None:
    """Orders are stored in bulk beside the task repository: the queue key and deadlines
    it pages, counts and sweeps by must be filled for them too."""
    from datetime import timedelta

    analyst = server.login("analyst")
    out = post_orders(analyst, [{"source": "province", "order_id": "SJ-90", "phone": P1_PHONE}])
    task_id = out["results"][0]["task_id"]
    qk = server.login("qk")
    listed = qk.get("/v1/tasks", params={"limit": 50})
    assert task_id in [t["task_id"] for t in listed.json()]
    assert qk.get("/v1/summary").json()["open_by_district"] == {"硚口区": 1}
    server.clock.advance(timedelta(minutes=6))  # nobody signed it
    analyst.post("/v1/deadlines/sweep").raise_for_status()
    assert qk.get(f"/v1/tasks/{task_id}").json()["tier"] == "district"
