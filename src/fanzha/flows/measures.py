"""Measures reach partners: orders out through the webhook outbox, answers back,
lapse and release.

A workflow across two capabilities (dissuade keeps restrictions, partners
knows who holds which card and delivers webhooks), so it lives above both.
Every order is written with its restriction and its outbox delivery in one
transaction: a partner is never sent an order the center has no record of,
and no recorded order is left unsent.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import datetime
from typing import Any, Final, Literal

import structlog

from fanzha.dissuade.measures import measure_catalog
from fanzha.dissuade.restrictions import (
    MeasureOrder,
    Restriction,
    acknowledge,
    expire,
    to_release,
)
from fanzha.dissuade.service import SYSTEM
from fanzha.partners.registry import Partner
from fanzha.services import Services

TOPIC: Final = "measure_order"
log = structlog.get_logger(__name__)


def ack_path(order_id: str) -> str:
    return f"/v1/partners/measures/{order_id}/ack"


def payload(restriction: Restriction, order: MeasureOrder) -> dict[str, Any]:
    """What the partner needs to act, and nothing more: its own cards, the measure,
    the law it rests on, until when, and where to answer. No name, no person id."""
    rule = measure_catalog().rule(restriction.measure)
    return {
        "order_id": order.order_id,
        "action": order.action,
        "restriction_id": restriction.restriction_id,
        "measure": str(restriction.measure),
        "measure_zh": rule.zh,
        "legal_basis": rule.basis,
        "reason_code": restriction.reason_code,
        "subject_kind": order.subject_kind,
        "subjects": list(order.subjects),
        "imposed_at": restriction.imposed_at.isoformat(),
        "expires_at": restriction.expires_at.isoformat() if restriction.expires_at else None,
        "ack": ack_path(order.order_id),
    }


def _send(
    context: Services,
    restriction: Restriction,
    partner: Partner,
    action: Literal["apply", "release"],
    subject_kind: Literal["phone", "account"],
    subjects: list[str],
    when: datetime,
) -> MeasureOrder:
    order = MeasureOrder(
        order_id=f"MO-{secrets.token_hex(8)}",
        partner_id=partner.partner_id,
        action=action,
        subject_kind=subject_kind,
        subjects=subjects,
        sent_at=when,
    )
    delivery = context.partners.push(partner, TOPIC, payload(restriction, order))
    order.delivery_id = delivery.delivery_id
    restriction.orders.append(order)
    return order


def impose_with_orders(context: Services, restriction: Restriction) -> None:
    """Save a new restriction with one apply order per partner that holds its cards."""
    rule = measure_catalog().rule(restriction.measure)
    with context.partners.unit():
        found, unrouted = context.partners.measure_routes(restriction.person_id, rule.applied_by)
        restriction.unrouted = unrouted
        for route in found:
            _send(
                context,
                restriction,
                route.partner,
                "apply",
                route.subject_kind,
                list(route.subjects),
                restriction.imposed_at,
            )
        context.restrictions.save(restriction)


def release_orders(context: Services, restriction: Restriction, when: datetime) -> None:
    """Tell every partner that applied (or was asked to apply) an ended measure to
    release it. The caller saves the restriction, in the same transaction."""
    registry = context.partners.registry()
    for applied in to_release(restriction):
        try:
            partner = registry.get(applied.partner_id)
        except KeyError:  # a partner removed since: its order cannot be delivered
            restriction.unrouted.append(f"partner:{applied.partner_id}")
            continue
        _send(
            context,
            restriction,
            partner,
            "release",
            applied.subject_kind,
            list(applied.subjects),
            when,
        )


def end_with_release(context: Services, restriction: Restriction, when: datetime) -> None:
    """Save a restriction an appeal just lifted, with its release orders."""
    with context.partners.unit():
        release_orders(context, restriction, when)
        context.restrictions.save(restriction)


def sweep_measures(context: Services) -> list[str]:
    """Expire measures whose term is over and send their release orders; returns their ids.

    Each restriction is changed under its row lock and re-checked there, so two
    sweepers (two server processes) release a measure once.
    """
    now = context.clock.now()
    ended: list[str] = []
    for restriction_id in context.restrictions.due(now):

        def lapse(restriction: Restriction) -> bool:
            if not expire(restriction, now):
                return False
            release_orders(context, restriction, now)
            return True

        with context.partners.unit():
            if context.restrictions.change(restriction_id, lapse):
                context.audit.append(SYSTEM, "expire", "restriction", restriction_id, now)
                ended.append(restriction_id)
    if ended:
        log.info("measures expired", count=len(ended))
    return ended


def record_ack(
    context: Services, partner: Partner, order_id: str, applied: bool, reason: str | None
) -> tuple[Restriction, MeasureOrder, bool]:
    """A partner's answer to its order: recorded once, audited, and its webhook
    counted as delivered (the partner has it, so retrying it is pointless).
    ``KeyError`` when the order is not this partner's."""
    restriction_id = context.restrictions.of_order(order_id)
    if restriction_id is None:
        raise KeyError(order_id)
    now = context.clock.now()
    seen: dict[str, Any] = {}

    def answer(restriction: Restriction) -> tuple[MeasureOrder, bool]:
        seen["restriction"] = restriction
        return acknowledge(restriction, order_id, partner.partner_id, applied, reason, now)

    with context.partners.unit():
        order, new = context.restrictions.change(restriction_id, answer)
        if new:
            context.audit.append(
                partner.principal(),
                "ack_measure",
                "restriction",
                restriction_id,
                now,
                {"order_id": order_id, "action": order.action, "state": str(order.state)},
            )
            if order.delivery_id is not None:
                with contextlib.suppress(KeyError):  # a delivery gone: the answer stands
                    context.partners.acknowledge(partner, order.delivery_id)
    return seen["restriction"], order, new


__all__ = [
    "TOPIC",
    "ack_path",
    "end_with_release",
    "impose_with_orders",
    "payload",
    "record_ack",
    "release_orders",
    "sweep_measures",
]
