"""风险查询 over HTTP: partners with an API key, and the public (strictly rate-limited).

``GET /v1/lookup?phone=…|account=…|url=…|domain=…|ip=…`` (partners, scope
``lookup:read``) and ``GET /v1/public/lookup`` (no key; the ``/ui/lookup.html``
page) answer a risk level, the kind and advice in Chinese — never who reported
it, why, or anything about people. A partner may pass ``asker_phone``: when that
is a known resident asking about a listed item, the person is likely being
worked on right now, so detection hears of it (a risky contact: later transfers
and withdrawals weigh more) and the person gets a medium warning whose task
timeline names the lookup.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fanzha.api.deps import AUTH, Context
from fanzha.contract.kinds import TYPOLOGY_NAMES_ZH
from fanzha.contract.warning import Level, Warning
from fanzha.detect.list_changes import ListChange
from fanzha.flows.lists import tell_detection
from fanzha.partners.ratelimit import TokenBucket
from fanzha.partners.registry import PartnerRegistry, Scope
from fanzha.patrol.names import normalise_phone
from fanzha.patrol.risk import KIND_ZH, LOOKUP_KINDS, BadLookup, LookupKind, RiskAnswer, assess
from fanzha.services import Services
from fanzha.settings import center_zone, get_settings

router = APIRouter(prefix="/v1", tags=["lookup"])
Value = Annotated[str | None, Field(min_length=1, max_length=2000)]


class LookupQuery(BaseModel):
    """The indicator parameters both lookups take, as given (``_one`` checks there is one:
    after the public route's rate limit, so a malformed ask still costs its token).
    One model validated at once: six parameters one by one cost FastAPI more than the
    lookup itself."""

    phone: Value = None
    account: Value = None
    url: Value = None
    domain: Value = None
    ip: Value = None


class PartnerLookupQuery(LookupQuery):
    asker_phone: Annotated[str | None, Field(max_length=40)] = None


MAX_ADDRESSES = 100_000
"""Rate-limit buckets kept at once; beyond that the oldest half is forgotten."""


class LookupAnswer(BaseModel):
    kind: str
    kind_zh: str
    risk: str
    """高 / 中 / 低 / 未发现"""
    level: str
    """high / medium / low / none"""
    typology: str
    advice: str


class AddressLimiter:
    """A token bucket per client address, for lookups without a key."""

    def __init__(self, context: Services, per_minute: float, burst: float) -> None:
        self.context, self.rate, self.burst = context, per_minute / 60.0, burst
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> float | None:
        """None when the address may ask now, else the seconds until it may."""
        with self._lock:
            bucket = self._buckets.get(address)
            if bucket is None:
                if len(self._buckets) >= MAX_ADDRESSES:
                    for old in list(self._buckets)[: MAX_ADDRESSES // 2]:
                        del self._buckets[old]
                bucket = TokenBucket(self.rate, self.context.clock, burst=self.burst)
                self._buckets[address] = bucket
            return None if bucket.take() else bucket.retry_after_s()


def _limiter(request: Request, context: Services) -> AddressLimiter:
    limiter: AddressLimiter | None = getattr(request.app.state, "public_lookup_limiter", None)
    if limiter is None:
        settings = get_settings()
        limiter = AddressLimiter(
            context, settings.public_lookup_per_minute, settings.public_lookup_burst
        )
        request.app.state.public_lookup_limiter = limiter
    return limiter


def _one(query: LookupQuery) -> tuple[LookupKind, str]:
    given = [(k, getattr(query, k)) for k in LOOKUP_KINDS if getattr(query, k) is not None]
    if len(given) != 1:
        raise HTTPException(422, f"give exactly one of {', '.join(LOOKUP_KINDS)}")
    kind, value = given[0]
    return kind, value


def _assess(context: Services, kind: LookupKind, value: str) -> RiskAnswer:
    try:
        return assess(
            context.patrol_indicators(), kind, value, context.clock.now(), get_settings().timezone
        )
    except BadLookup as err:
        raise HTTPException(422, str(err)) from err


def _out(answer: RiskAnswer) -> JSONResponse:
    """The answer as JSON at once: its fields are ``LookupAnswer``'s by construction, and
    validating them again per request was a tenth of the route's time."""
    return JSONResponse(answer.public())


@router.get("/lookup", response_model=LookupAnswer, responses={**AUTH, 422: {}})
async def get_lookup(
    request: Request,
    context: Context,
    query: Annotated[PartnerLookupQuery, Query()],
) -> Any:
    """风险查询 for partners: one indicator in, a risk level and advice in Chinese out."""
    address = request.client.host if request.client else "127.0.0.1"
    partner = context.partners.authenticate(
        request.headers.get("x-api-key"), address, dict(request.headers), b""
    )
    PartnerRegistry.require(partner, Scope.LOOKUP_READ)
    kind, value = _one(query)
    answer = _assess(context, kind, value)
    asker_phone = query.asker_phone
    if asker_phone and answer.listed:
        await run_in_threadpool(asker_signal, context, asker_phone, answer)
    return _out(answer)


@router.get(
    "/public/lookup",
    response_model=LookupAnswer,
    responses={422: {}, 429: {"description": "too many lookups from this address"}},
)
def get_public_lookup(
    request: Request,
    context: Context,
    query: Annotated[LookupQuery, Query()],
) -> Any:
    """风险查询 for the public (``/ui/lookup.html``): no key, a few lookups a minute per address."""
    address = request.client.host if request.client else "127.0.0.1"
    wait = _limiter(request, context).retry_after(address)
    if wait is not None:
        return JSONResponse(
            {"detail": "查询过于频繁，请稍后再试"},
            status_code=429,
            headers={"Retry-After": str(max(1, int(wait + 0.999)))},
        )
    kind, value = _one(query)
    return _out(_assess(context, kind, value))


def asker_of(context: Services, phone: str) -> str | None:
    """The resident behind the asker's phone, if we know them."""
    digits = normalise_phone(phone)
    candidates = [phone.strip(), f"+86{digits}", digits]
    owners = getattr(getattr(context.detector, "engine", None), "directory", None)
    for candidate in candidates:
        if owners is not None and candidate in owners.phone_owner:
            return str(owners.phone_owner[candidate])
        found = context.partners.phone_owner(candidate)
        if found:
            return str(found)
    return None


def asker_signal(context: Services, asker_phone: str, answer: RiskAnswer) -> str | None:
    """A known resident asked about a listed item: tell detection (a risky contact) and
    warn on the person's task. One warning per person, item and day; returns its id."""
    person_id = asker_of(context, asker_phone)
    if person_id is None or answer.rule is None:
        return None
    now = context.clock.now()
    tell_detection(context, ListChange(risky_person=person_id, at=now))
    day = now.astimezone(center_zone()).date().isoformat()
    digest = hashlib.sha256(f"{person_id}|{answer.kind}|{answer.value}|{day}".encode())
    warning_id = f"L-{digest.hexdigest()[:16]}"  # ids never embed personal data
    typology = answer.rule.typology if answer.rule.typology in TYPOLOGY_NAMES_ZH else "other"
    reason = (
        f"本人通过风险查询查了已列入涉诈名单的{KIND_ZH[answer.kind]}"
        f"{'（' + answer.typology + '）' if answer.typology else ''}，"
        "可能正被诈骗分子联系，请尽快劝阻"
    )
    task = context.tasks.task_from_warning(
        Warning(
            warning_id=warning_id,
            person_id=person_id,
            ts=now,
            level=Level.MEDIUM,
            typology=typology,
            score=0.6,
            reasons=[reason],
            evidence=[warning_id],
        )
    )
    note = f"{reason}（{warning_id}）"
    if not any(what == note for _, _, what in task.history):  # once on the timeline
        context.tasks.note_from_outside(person_id, "风险查询", note)
    return warning_id
