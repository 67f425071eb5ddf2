"""Search (persons, phones, accounts, cases, tasks) and the person page.

An officer who hung up on a victim an hour ago has a phone number's last
digits on a note, not a task id; the center's analyst has an account number
from a bank. Both find the person, and on the person page everything fanzha
knows of them: warnings, contacts, accounts, cases and how earlier tasks ended.

Every answer is within the caller's jurisdiction (a district officer finds only
their district's residents; another district's person reads as missing), masked
for the role, and audited with the query (查询留痕).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.api.schemas import TaskOut, WarningOut
from fanzha.api.task_schemas import PERSON_FIELDS, task_out, vulnerability_tags, warning_out
from fanzha.dissuade.routing import default_routing
from fanzha.dissuade.service import Forbidden, NotFound
from fanzha.security.masking import mask_record, mask_value
from fanzha.security.roles import CITY_WIDE_ROLES, Principal, Role
from fanzha.services import Services
from fanzha.store.service import (
    accounts_of,
    search_accounts,
    search_persons,
    session_factory,
)
from fanzha.trace.graph import moment

router = APIRouter(prefix="/v1", tags=["search"])
SEARCHERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
Q = Annotated[
    str,
    Query(
        min_length=2, max_length=64, description="姓名、手机号（可只输后4位）、账号、案件或任务编号"
    ),
]


class PersonHit(BaseModel):
    person_id: str
    name: str | None
    phones: list[str]
    district: str | None
    address: str | None


class AccountHit(BaseModel):
    account_id: str
    bank: str
    holder: str | None
    district: str | None


class CaseHit(BaseModel):
    case_id: str
    person_id: str | None
    district: str | None
    reported: str
    loss_fen: int


class SearchOut(BaseModel):
    q: str
    persons: list[PersonHit]
    accounts: list[AccountHit]
    cases: list[CaseHit]
    tasks: list[TaskOut]


class PersonOut(BaseModel):
    person: dict[str, Any]
    warnings: list[WarningOut]
    tasks: list[TaskOut]
    accounts: list[AccountHit]
    cases: list[CaseHit]
    outcomes: dict[str, int]


def _scope(principal: Principal) -> str | None:
    if principal.role not in SEARCHERS:
        raise Forbidden(f"role {principal.role} does not search persons or cases")
    return None if principal.role in CITY_WIDE_ROLES else principal.district


def _person_hit(principal: Principal, row: Any) -> PersonHit:
    data = {
        "person_id": row.person_id,
        "name": row.name,
        "phones": [p for p in row.phones.split(",") if p],
        "district": row.district,
        "address": row.address,
    }
    return PersonHit(**mask_record(principal, data, PERSON_FIELDS))


def _cases(context: Services, principal: Principal, match: Any, limit: int = 20) -> list[CaseHit]:
    service = context.cases
    hits = []
    for case in service.tracer().cases():
        if not match(case):
            continue
        district = service.district_of(case.person_id)
        if principal.covers_district(district):
            hits.append(
                CaseHit(
                    case_id=case.case_id,
                    person_id=case.person_id,
                    district=district,
                    reported=moment(case.reported_ts).isoformat(),
                    loss_fen=case.loss_fen,
                )
            )
    return sorted(hits, key=lambda c: c.reported, reverse=True)[:limit]


def _account_hit(principal: Principal, account: Any, district: str | None) -> AccountHit:
    return AccountHit(
        account_id=mask_value(principal, "account", account.account_id),
        bank=account.bank,
        holder=account.holder,
        district=district,
    )


@router.get("/search", responses={403: {}, 422: {}})
def search(q: Q, context: Context, principal: CurrentPrincipal) -> SearchOut:
    """Persons (id, name, any part of a phone number: 4 digits at least), accounts (part
    of the number), cases and tasks (part of the id) — in your jurisdiction, masked."""
    district = _scope(principal)
    text = q.strip()
    digits = re.sub(r"\D", "", text)
    sessions = session_factory(context.cases.engine)
    with sessions() as session:
        persons = search_persons(session, text, digits, district)
        accounts = search_accounts(session, digits, district) if len(digits) >= 4 else []
    person_ids = [p.person_id for p in persons]
    tasks = context.tasks.search(principal, text, person_ids)
    wanted = set(person_ids)
    cases = _cases(context, principal, lambda c: text in c.case_id or c.person_id in wanted)
    found = SearchOut(
        q=text,
        persons=[_person_hit(principal, p) for p in persons],
        accounts=[_account_hit(principal, a, d) for a, d in accounts],
        cases=cases,
        tasks=[task_out(t) for t in tasks],
    )
    counts = {k: len(getattr(found, k)) for k in ("persons", "accounts", "cases", "tasks")}
    context.audit.append(
        principal, "search", "search", "*", context.clock.now(), {"q": text, **counts}
    )
    return found


@router.get("/persons/{person_id}", responses={403: {}, 404: {}})
def person_page(person_id: str, context: Context, principal: CurrentPrincipal) -> PersonOut:
    """The person page: who (masked), warnings, tasks and their outcomes, accounts, cases."""
    _scope(principal)
    details = context.person_details(person_id)
    if details is None or not principal.covers_district(details.get("district")):
        context.audit.append(principal, "denied", "person", person_id, context.clock.now())
        raise NotFound(f"person {person_id}")
    tasks = context.tasks.person_history(principal, person_id)  # audited
    records = [
        r
        for r in context.tasks.warnings.for_person(person_id)
        if any(t.task_id == r.task_id for t in tasks)
    ]
    sessions = session_factory(context.cases.engine)
    with sessions() as session:
        accounts = [
            _account_hit(principal, a, details.get("district"))
            for a in accounts_of(session, person_id)
        ]
    year = context.clock.now().year
    shown = {**details, "tags": vulnerability_tags(details, len(tasks) - 1, year)}
    outcomes: dict[str, int] = {}
    for task in tasks:
        if task.outcome is not None:
            outcomes[str(task.outcome)] = outcomes.get(str(task.outcome), 0) + 1
    return PersonOut(
        person=mask_record(principal, shown, PERSON_FIELDS),
        warnings=[warning_out(principal, r) for r in records],
        tasks=[task_out(t) for t in reversed(tasks)],
        accounts=accounts,
        cases=_cases(context, principal, lambda c: c.person_id == person_id),
        outcomes=outcomes,
    )


@router.get("/districts")
def districts(principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """The jurisdictions (district → stations) from config, for pick lists."""
    del principal  # any logged-in user: this is configuration, not data
    routing = default_routing()
    return [
        {"district": name, "bureau": d.bureau_name(name), "stations": sorted(d.stations)}
        for name, d in routing.districts.items()
    ]
