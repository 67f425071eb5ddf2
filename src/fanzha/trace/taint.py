"""How much of a transfer out of an account is stolen money: the taint policies.

An account mixes stolen money with its own. When money leaves, which part was
the stolen part? Courts and banks use three answers, and the center chooses
one in config (``trace.yaml``: ``policy``):

- ``fifo``: money leaves in the order it arrived (first in, first out);
- ``lifo``: the newest money leaves first (a mule forwards what just came in);
- ``proportional`` (haircut): every outflow is stolen in the share the account
  held at that moment.

Each is a small ledger per account; all keep two invariants that the property
tests check: an account never holds more stolen money than it received, and
never sends money it did not have (a shortfall means the account held money
before our data began, which counts as clean).
"""

from __future__ import annotations

from collections import deque
from typing import Literal, Protocol

Policy = Literal["fifo", "lifo", "proportional"]
POLICIES: tuple[Policy, ...] = ("fifo", "lifo", "proportional")


class Ledger(Protocol):
    def receive(self, amount: int, tainted: int) -> None: ...

    def send(self, amount: int) -> int:
        """Take ``amount`` out; returns how much of it was stolen money."""
        ...

    @property
    def tainted(self) -> int: ...

    @property
    def balance(self) -> int: ...

    def copy(self) -> Ledger: ...


class LotLedger:
    """FIFO or LIFO: the account's money as lots (amount, of which stolen), in arrival order."""

    def __init__(self, newest_first: bool) -> None:
        self.newest_first = newest_first
        self.lots: deque[list[int]] = deque()
        self._tainted = 0
        self._balance = 0

    def receive(self, amount: int, tainted: int) -> None:
        self.lots.append([amount, tainted])
        self._tainted += tainted
        self._balance += amount

    def send(self, amount: int) -> int:
        taken = 0
        left = amount
        while left > 0 and self.lots:
            lot = self.lots[-1] if self.newest_first else self.lots[0]
            size, stolen = lot
            if size <= left:
                taken += stolen
                left -= size
                self.lots.pop() if self.newest_first else self.lots.popleft()
            else:
                part = stolen * left // size
                lot[0], lot[1] = size - left, stolen - part
                taken += part
                left = 0
        self._tainted -= taken
        self._balance = max(0, self._balance - amount)
        return taken

    @property
    def tainted(self) -> int:
        return self._tainted

    @property
    def balance(self) -> int:
        return self._balance

    def copy(self) -> LotLedger:
        twin = LotLedger(self.newest_first)
        twin.lots = deque([lot[:] for lot in self.lots])
        twin._tainted, twin._balance = self._tainted, self._balance
        return twin


class ProportionalLedger:
    """Haircut: an outflow is stolen in the share stolen ÷ balance at that moment."""

    def __init__(self) -> None:
        self._tainted = 0
        self._balance = 0

    def receive(self, amount: int, tainted: int) -> None:
        self._tainted += tainted
        self._balance += amount

    def send(self, amount: int) -> int:
        held = max(self._balance, amount)  # a shortfall was clean money from before our data
        taken = self._tainted * amount // held if held else 0
        self._tainted -= taken
        self._balance = max(0, self._balance - amount)
        return taken

    @property
    def tainted(self) -> int:
        return self._tainted

    @property
    def balance(self) -> int:
        return self._balance

    def copy(self) -> ProportionalLedger:
        twin = ProportionalLedger()
        twin._tainted, twin._balance = self._tainted, self._balance
        return twin


def new_ledger(policy: Policy) -> Ledger:
    if policy == "fifo":
        return LotLedger(newest_first=False)
    if policy == "lifo":
        return LotLedger(newest_first=True)
    return ProportionalLedger()
