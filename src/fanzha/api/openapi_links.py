"""OpenAPI links: which answer carries the id another route takes.

Why: a client generator (or a stateful fuzzer such as schemathesis) that
reads the spec learns that ``POST /v1/events`` answers task ids that
``GET /v1/tasks/{task_id}`` takes, a case list answers case ids, and a
stop-payment answers hold ids. Without links, tools only ever try made-up
ids and every task, case and hold route answers 404.
"""

from __future__ import annotations

from typing import Any

SOURCES: dict[str, list[tuple[str, str, str]]] = {
    # path parameter → (operationId, status, runtime expression of the value)
    "task_id": [
        ("post_events_v1_events_post", "200", "$response.body#/tasks/0"),
        ("list_tasks_v1_tasks_get", "200", "$response.body#/0/task_id"),
        ("get_task_v1_tasks__task_id__get", "200", "$response.body#/task_id"),
    ],
    "person_id": [
        ("list_tasks_v1_tasks_get", "200", "$response.body#/0/person_id"),
        ("get_task_v1_tasks__task_id__get", "200", "$response.body#/person_id"),
    ],
    "case_id": [
        ("list_cases_v1_cases_get", "200", "$response.body#/0/case_id"),
        ("get_case_v1_cases__case_id__get", "200", "$request.path.case_id"),
    ],
    "hold_id": [
        (
            "post_stop_payments_v1_cases__case_id__stop_payments_post",
            "200",
            "$response.body#/holds/0/hold_id",
        ),
    ],
    "restriction_id": [
        (
            "impose_restriction_v1_persons__person_id__restrictions_post",
            "201",
            "$response.body#/restriction_id",
        ),
        (
            "list_restrictions_v1_persons__person_id__restrictions_get",
            "200",
            "$response.body#/0/restriction_id",
        ),
    ],
}


def add_links(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with a link from every source of an id to every route taking only that id."""
    operations = {
        op["operationId"]: (path, op)
        for path, methods in spec.get("paths", {}).items()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for param, sources in SOURCES.items():
        targets = [
            op_id
            for op_id, (path, _) in operations.items()
            if path.count("{") == 1 and f"{{{param}}}" in path
        ]
        for source_id, status, expression in sources:
            if source_id not in operations:
                continue
            response = operations[source_id][1].setdefault("responses", {}).setdefault(status, {})
            response.setdefault("description", "Successful Response")
            links = response.setdefault("links", {})
            for target in targets:
                links[f"{param}_to_{target}"[:120]] = {
                    "operationId": target,
                    "parameters": {param: expression},
                }
    return spec
