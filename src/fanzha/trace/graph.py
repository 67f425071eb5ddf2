"""The transfer graph, held as columns so that 100 million transfers fit in memory.

Why columns: a Python object per transfer costs ~200 bytes; NumPy columns cost
28 bytes (from, to, amount, time, kind), and sorting them once by account and
time gives each account's ledger as a contiguous slice (CSR), which is all the
tracing engine reads.

Money that leaves the banking system — cash at an ATM or counter, a gold
purchase — is an outflow to a *sink* node: ``CASH`` or ``GOLD``. Its place is
kept in ``where`` so the trace can say where the money went.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from fanzha.contract.kinds import Account, Event, GoldPurchase, Person, Report, Transfer, Withdrawal

CASH = 0
GOLD = 1
SINKS = ("cash", "gold")
"""Node ids 0 and 1 are the sinks; accounts start at 2."""


@dataclass
class AccountFacts:
    """What the reference data says about an account (absent for outside accounts)."""

    bank: str | None = None
    holder: str | None = None
    opened: date | None = None


@dataclass
class TransferGraph:
    """Columns of every money movement, and each account's ledger as CSR slices.

    ``src``/``dst`` are node ids (``names[i]`` is the account id, or a sink);
    ``ts`` is epoch seconds; ``amount`` integer fen. ``out_order[out_start[n]:
    out_start[n + 1]]`` are node n's outflows in time order; likewise for
    inflows. ``ids[i]`` is transfer i's event id (generated graphs give none).
    """

    names: list[str]
    src: NDArray[np.int32]
    dst: NDArray[np.int32]
    amount: NDArray[np.int64]
    ts: NDArray[np.int64]
    ids: Sequence[str] | None = None
    where: dict[int, str] = field(default_factory=dict)
    accounts: dict[str, AccountFacts] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)
    out_order: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    out_start: NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    in_order: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    in_start: NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    _positions: dict[str, int] | None = None

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {name: i for i, name in enumerate(self.names)}
        nodes = len(self.names)
        self.out_order, self.out_start = _csr(self.src, self.ts, nodes)
        self.in_order, self.in_start = _csr(self.dst, self.ts, nodes)

    def __len__(self) -> int:
        return len(self.src)

    @property
    def nodes(self) -> int:
        return len(self.names)

    def outflows(self, node: int) -> NDArray[np.int64]:
        return self.out_order[self.out_start[node] : self.out_start[node + 1]]

    def inflows(self, node: int) -> NDArray[np.int64]:
        return self.in_order[self.in_start[node] : self.in_start[node + 1]]

    def position(self, transfer_id: str) -> int | None:
        """Where a transfer id sits in the columns (an index built on first use)."""
        if self._positions is None:
            self._positions = {tx: i for i, tx in enumerate(self.ids or ())}
        return self._positions.get(transfer_id)

    def transfer_id(self, i: int) -> str:
        return self.ids[i] if self.ids is not None else f"t{i}"

    def bank_of(self, node: int, bins: dict[str, str]) -> str | None:
        """The account's bank: from reference data, else from its card number's BIN."""
        name = self.names[node]
        facts = self.accounts.get(name)
        if facts is not None and facts.bank:
            return facts.bank
        for prefix, bank in bins.items():
            if name.startswith(prefix):
                return bank
        return None

    def nbytes(self) -> int:
        columns = (self.src, self.dst, self.amount, self.ts)
        index = (self.out_order, self.out_start, self.in_order, self.in_start)
        return sum(a.nbytes for a in columns) + sum(a.nbytes for a in index)


def _csr(
    key: NDArray[np.int32], ts: NDArray[np.int64], nodes: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Indices sorted by (key, time, position) and the start of each key's run."""
    order = np.lexsort((np.arange(len(key)), ts, key)).astype(np.int64)
    counts = np.bincount(key, minlength=nodes)
    start = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return order, start


@dataclass
class GraphBuilder:
    """Collects money events (and reference data, reports) into a ``TransferGraph``.

    Duplicated events (same source and id) are counted once.
    """

    names: list[str] = field(default_factory=lambda: list(SINKS))
    index: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, int, int, int]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    where: dict[int, str] = field(default_factory=dict)
    accounts: dict[str, AccountFacts] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def node(self, account: str) -> int:
        found = self.index.get(account)
        if found is None:
            found = self.index[account] = len(self.names)
            self.names.append(account)
        return found

    def add(self, event: Event) -> None:
        if event.key in self._seen:
            return
        self._seen.add(event.key)
        when = int(event.ts.timestamp())
        if isinstance(event, Transfer):
            self._row(self.node(event.from_account), self.node(event.to_account), event, when)
        elif isinstance(event, Withdrawal):
            self._row(self.node(event.account_id), CASH, event, when)
            self.where[len(self.rows) - 1] = event.location or event.channel
        elif isinstance(event, GoldPurchase):
            self._row(self.node(event.account_id), GOLD, event, when)
            place = event.delivery_address if event.delivery == "mail" else event.channel
            self.where[len(self.rows) - 1] = f"{event.delivery}: {place or ''}".strip(": ")
        elif isinstance(event, Account):
            self.accounts[event.account_id] = AccountFacts(event.bank, event.holder, event.opened)
        elif isinstance(event, Person):
            for phone in event.phones:
                self.phones[phone] = event.person_id
        elif isinstance(event, Report):
            self.reports.append(event)

    def _row(
        self, src: int, dst: int, event: Transfer | Withdrawal | GoldPurchase, when: int
    ) -> None:
        self.rows.append((src, dst, event.amount_fen, when))
        self.ids.append(event.id)

    def extend(self, events: Iterable[Event]) -> GraphBuilder:
        for event in events:
            self.add(event)
        return self

    def build(self) -> TransferGraph:
        table = np.array(self.rows, dtype=np.int64).reshape(-1, 4)
        return TransferGraph(
            names=self.names,
            src=table[:, 0].astype(np.int32),
            dst=table[:, 1].astype(np.int32),
            amount=table[:, 2].copy(),
            ts=table[:, 3].copy(),
            ids=self.ids,
            where=self.where,
            accounts=self.accounts,
            index=self.index,
        )


def moment(epoch_s: int) -> datetime:
    return datetime.fromtimestamp(int(epoch_s), UTC)
