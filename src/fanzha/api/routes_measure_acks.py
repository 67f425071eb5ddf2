"""Partners answer measure orders: applied, or refused with a reason.

An answer is evidence that a telecom or bank applied (or released) a legal
measure, so it must be signed — whatever the partner's own setting — and its
nonce is claimed once: a captured request replayed is refused. Another
partner's order answers 404, as if it did not exist. The same answer sent again
(freshly signed, e.g. after a timeout) is accepted and changes nothing; a
different answer to an order already answered is a 409.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field, ValidationError

from fanzha.api.deps import AUTH, Context
from fanzha.dissuade.restrictions import RestrictionError
from fanzha.flows.measures import record_ack

router = APIRouter(prefix="/v1", tags=["partners"])


class AckIn(BaseModel):
    result: Literal["applied", "refused"]
    reason: str | None = Field(default=None, max_length=500)
    """Why it was refused (required then): e.g. 号码已销户, 账户不存在."""


class AckOut(BaseModel):
    order_id: str
    restriction_id: str
    action: Literal["apply", "release"]
    state: Literal["pending", "applied", "refused"]
    acked_at: str | None
    recorded: bool
    """False when this answer had been recorded already (a retry)."""


@router.post(
    "/partners/measures/{order_id}/ack",
    responses={**AUTH, 404: {}, 409: {}, 422: {}},
    response_model=AckOut,
)
async def ack_measure_order(order_id: str, request: Request, context: Context) -> AckOut:
    body = await request.body()
    address = request.client.host if request.client else "127.0.0.1"
    partner = context.partners.authenticate(
        request.headers.get("x-api-key"), address, dict(request.headers), body, must_sign=True
    )
    try:
        answer = AckIn.model_validate_json(body or b"{}")
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise HTTPException(422, f"{field}: {first['msg']}") from None
    try:
        restriction, order, new = record_ack(
            context, partner, order_id, answer.result == "applied", answer.reason
        )
    except KeyError:
        raise HTTPException(404, f"no measure order {order_id} of yours") from None
    except RestrictionError as err:
        raise HTTPException(409, str(err)) from None
    return AckOut(
        order_id=order.order_id,
        restriction_id=restriction.restriction_id,
        action=order.action,
        state=order.state.value,
        acked_at=order.acked_at.isoformat() if order.acked_at else None,
        recorded=new,
    )
