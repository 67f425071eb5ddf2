"""Stop-payment (止付) and freeze (冻结) of one account, as the 2016 rules run them.

The rules (公安部、银监会《电信网络新型违法犯罪案件冻结资金返还若干规定》 and the
stop-payment procedure) that this state machine encodes:

- a stop-payment request must match the bank's records — holder's name,
  account, amount, and the time of the incoming transfer — or the bank
  refuses it, with a reason;
- a stop-payment lasts 48 hours, and an account can be stopped at most twice;
  within that time the police freeze it or it lapses;
- a freeze lasts six months and can be renewed;
- frozen money goes back to the victim directly when the deposit is
  traceable to one case; when several cases' money is mixed, after a 30-day
  public notice, pro rata to what each case traced into the account.

One ``Hold`` per account: several cases can claim money in the same card.
Every change bumps ``version`` (optimistic concurrency, as tasks do) and adds
a history line.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

import msgspec

STOP_PERIOD: Final = timedelta(hours=48)
MAX_STOPS: Final = 2
FREEZE_MONTHS: Final = 6
NOTICE_PERIOD: Final = timedelta(days=30)
TIME_TOLERANCE: Final = timedelta(minutes=5)


class HoldState(StrEnum):
    REQUESTED = "requested"
    STOPPED = "stopped"
    REFUSED = "refused"
    FROZEN = "frozen"
    RELEASED = "released"
    EXPIRED = "expired"
    RETURNED = "returned"


class Claim(msgspec.Struct, kw_only=True):
    """One case's stolen money traced into the account."""

    case_id: str
    amount_fen: int
    hop: int
    path: list[str] = []
    returned_fen: int = 0


class Hold(msgspec.Struct, kw_only=True):
    hold_id: str
    account_id: str
    bank: str | None
    holder_name: str | None = None
    transfer_ts: datetime | None = None
    """When the stolen money the request names arrived (the bank matches on it)."""
    claims: list[Claim]
    state: HoldState = HoldState.REQUESTED
    requested_fen: int = 0
    requested_at: datetime
    requested_by: str
    stops: int = 0
    stopped_fen: int = 0
    stop_expires: datetime | None = None
    frozen_fen: int = 0
    freeze_expires: datetime | None = None
    renewals: int = 0
    balance_fen: int | None = None
    """The balance the bank last reported."""
    bank_reason: str | None = None
    notice_at: datetime | None = None
    version: int = 1
    history: list[tuple[datetime, str, str]] = []

    def claim(self, case_id: str) -> Claim | None:
        return next((c for c in self.claims if c.case_id == case_id), None)


class HoldError(ValueError):
    """A move the rules do not allow; the message says which rule."""


STOPPED_NOTE = "stopped "
REFUSED_NOTE = "bank refused: "
"""How ``bank_answer`` words its history lines, so ``answers`` can find them again."""


class BankAnswer(msgspec.Struct, frozen=True):
    """One answer a bank gave to a stop-payment request (its 回执)."""

    at: datetime
    actor: str
    accepted: bool
    reason: str | None


def answers(hold: Hold) -> list[BankAnswer]:
    """The bank's answers in the hold's history, oldest first."""
    found = []
    for when, actor, what in hold.history:
        if what.startswith(STOPPED_NOTE):
            found.append(BankAnswer(when, actor, True, None))
        elif what.startswith(REFUSED_NOTE):
            found.append(BankAnswer(when, actor, False, what.removeprefix(REFUSED_NOTE)))
    return found


def _record(hold: Hold, actor: str, when: datetime, what: str) -> None:
    hold.history.append((when, actor, what))
    hold.version += 1


def _need(hold: Hold, *states: HoldState) -> None:
    if hold.state not in states:
        allowed = ", ".join(states)
        raise HoldError(f"hold {hold.hold_id} is {hold.state}; this needs {allowed}")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def request_stop(hold: Hold, actor: str, when: datetime) -> None:
    """Send (or send again) a stop-payment request; at most twice per account."""
    _need(hold, HoldState.REQUESTED, HoldState.REFUSED, HoldState.EXPIRED, HoldState.STOPPED)
    if hold.stops >= MAX_STOPS:
        raise HoldError(f"account {hold.account_id} was stopped {hold.stops} times: freeze it")
    hold.state = HoldState.REQUESTED
    hold.requested_fen = sum(c.amount_fen for c in hold.claims)
    hold.requested_at = when
    _record(hold, actor, when, f"stop-payment requested: {hold.requested_fen} fen")


def bank_answer(
    hold: Hold,
    actor: str,
    when: datetime,
    accepted: bool,
    balance_fen: int | None,
    reason: str | None = None,
) -> None:
    """The bank stopped the money (up to the balance it reports) or refused, with a reason."""
    _need(hold, HoldState.REQUESTED)
    hold.balance_fen = balance_fen
    if not accepted:
        hold.state, hold.bank_reason = HoldState.REFUSED, reason or "refused"
        _record(hold, actor, when, f"{REFUSED_NOTE}{hold.bank_reason}")
        return
    available = hold.requested_fen if balance_fen is None else min(balance_fen, hold.requested_fen)
    hold.state, hold.bank_reason = HoldState.STOPPED, None
    hold.stops += 1
    hold.stopped_fen = max(0, available)
    hold.stop_expires = when + STOP_PERIOD
    _record(hold, actor, when, f"{STOPPED_NOTE}{hold.stopped_fen} fen until {hold.stop_expires}")


def freeze(hold: Hold, actor: str, when: datetime) -> None:
    """Turn a stop-payment in force into a six-month freeze of what was stopped."""
    _need(hold, HoldState.STOPPED)
    if hold.stop_expires is not None and when > hold.stop_expires:
        raise HoldError(f"the stop-payment on {hold.account_id} lapsed at {hold.stop_expires}")
    hold.state = HoldState.FROZEN
    hold.frozen_fen = hold.stopped_fen
    hold.freeze_expires = add_months(when, FREEZE_MONTHS)
    _record(hold, actor, when, f"frozen {hold.frozen_fen} fen until {hold.freeze_expires}")


def renew(hold: Hold, actor: str, when: datetime) -> None:
    """Another six months, counted from the current expiry."""
    _need(hold, HoldState.FROZEN)
    assert hold.freeze_expires is not None
    if when > hold.freeze_expires:
        raise HoldError(f"the freeze on {hold.account_id} expired at {hold.freeze_expires}")
    hold.freeze_expires = add_months(hold.freeze_expires, FREEZE_MONTHS)
    hold.renewals += 1
    _record(hold, actor, when, f"freeze renewed until {hold.freeze_expires}")


def release(hold: Hold, actor: str, when: datetime, reason: str) -> None:
    _need(hold, HoldState.REQUESTED, HoldState.STOPPED, HoldState.FROZEN)
    hold.state = HoldState.RELEASED
    _record(hold, actor, when, f"released: {reason}")


def publish_notice(hold: Hold, actor: str, when: datetime) -> None:
    """The 30-day public notice before mixed money is returned pro rata."""
    _need(hold, HoldState.FROZEN)
    hold.notice_at = when
    _record(hold, actor, when, "return notice published (30 days)")


def split_pro_rata(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` fen in proportion to ``weights``, exact to the fen (largest remainder)."""
    whole = sum(weights.values())
    if whole <= 0:
        return dict.fromkeys(weights, 0)
    shares = {k: total * w // whole for k, w in weights.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(weights, key=lambda k: (-(total * weights[k] % whole), k))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


def return_funds(hold: Hold, actor: str, when: datetime) -> dict[str, int]:
    """Return the frozen money to the victims; returns fen per case."""
    _need(hold, HoldState.FROZEN)
    if len(hold.claims) == 1:
        shares = {hold.claims[0].case_id: hold.frozen_fen}
        how = "returned directly (deposit traceable to one case)"
    else:
        if hold.notice_at is None or when < hold.notice_at + NOTICE_PERIOD:
            raise HoldError("mixed money is returned pro rata only 30 days after a public notice")
        claims = {c.case_id: c.amount_fen for c in hold.claims}
        shares = split_pro_rata(hold.frozen_fen, claims)
        how = "returned pro rata after the notice"
    for claim in hold.claims:
        claim.returned_fen += shares.get(claim.case_id, 0)
    hold.state = HoldState.RETURNED
    _record(hold, actor, when, f"{how}: {shares}")
    return shares


def sweep(hold: Hold, when: datetime) -> bool:
    """Lapse a stop-payment after 48 hours and a freeze after its term; True if changed."""
    if hold.state == HoldState.STOPPED and hold.stop_expires and when >= hold.stop_expires:
        hold.state = HoldState.EXPIRED
        _record(hold, "system", when, "stop-payment lapsed after 48 hours without a freeze")
        return True
    if hold.state == HoldState.FROZEN and hold.freeze_expires and when >= hold.freeze_expires:
        hold.state = HoldState.EXPIRED
        _record(hold, "system", when, "freeze expired without renewal")
        return True
    return False


def mismatches(
    hold: Hold,
    bank: str | None,
    holder_name: str | None,
    inflows: list[tuple[datetime, int]],
) -> list[str]:
    """Why a bank would refuse this request, given its records of the account (empty: none).

    ``bank`` and ``holder_name`` are the bank's; ``inflows`` the account's incoming
    transfers (time, fen).
    """
    problems = []
    if bank is not None and hold.bank is not None and bank != hold.bank:
        problems.append(f"account {hold.account_id} is at {bank}, not {hold.bank}")
    if holder_name and hold.holder_name and holder_name != hold.holder_name:
        problems.append("holder's name does not match the bank's records")
    if hold.transfer_ts is not None:
        near = [fen for ts, fen in inflows if abs(ts - hold.transfer_ts) <= TIME_TOLERANCE]
        if not near:
            problems.append(f"no incoming transfer at {hold.transfer_ts.isoformat()}")
    received = sum(fen for _, fen in inflows)
    requested = sum(c.amount_fen for c in hold.claims)
    if requested <= 0 or requested > received:
        problems.append(f"amount {requested} fen is more than the account received ({received})")
    return problems
