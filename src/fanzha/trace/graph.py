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

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from fanzha.contract.kinds import Account, Event, GoldPurchase, Person, Report, Transfer, Withdrawal
from fanzha.contract.readers import Accepted, extra_fields
from fanzha.trace.banks import BinTable

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
    kind: str | None = None
    """The keeping bank's ``account_kind``: personal, corporate, wallet, sub_merchant,
    merchant, institution (an extra field of the record; never "mule")."""


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
    memo_heads: dict[int, Counter[str]] = field(default_factory=dict)
    """Per payee, the first word of payments' memos (``支付宝`` of ``支付宝-淘宝``, ``T+1结算``)."""
    payee_banks: dict[str, str] = field(default_factory=dict)
    """Banks of accounts without a record, as transfers to them named it (``to_bank``)."""
    out_order: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    out_start: NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    in_order: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    in_start: NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    _positions: dict[str, int] | None = None
    out_tail: dict[int, list[int]] = field(default_factory=dict)
    """Transfers appended since the CSR index was built, per payer (see ``append``)."""
    in_tail: dict[int, list[int]] = field(default_factory=dict)
    _tail_size: int = 0
    _merged: dict[tuple[int, bool], NDArray[np.int64]] = field(default_factory=dict)
    """Ledgers with their tails merged in, kept until the next append."""
    _latest: int | None = None
    _columns: (
        tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int64], NDArray[np.int64]] | None
    ) = None

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {name: i for i, name in enumerate(self.names)}
        self.reindex()

    def reindex(self) -> None:
        """Sort every ledger into the CSR index again: O(n log n), done when tails grow."""
        nodes = len(self.names)
        self.out_order, self.out_start = _csr(self.src, self.ts, nodes)
        self.in_order, self.in_start = _csr(self.dst, self.ts, nodes)
        self.out_tail, self.in_tail, self._tail_size = {}, {}, 0
        self._latest = None
        self._merged = {}

    def latest(self) -> int:
        """The newest transfer's time (0 for none), kept rather than scanned.

        Why: every case traced up to now asks, and a scan of 100 million times
        costs more than tracing the case.
        """
        if self._latest is None:
            self._latest = int(self.ts.max()) if len(self.ts) else 0
        return self._latest

    def append(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        """Add transfers (rows of src, dst, fen, ts) without re-sorting the whole graph.

        Why: an open case must see money that moves now, and 1,000 transfers a
        second cannot each re-sort 100 million. New rows go to per-account tails
        that ``outflows``/``inflows`` merge in time order; the index is rebuilt
        only when the tails pass a tenth of the graph. Columns grow by doubling.
        Returns the new rows' positions.
        """
        first, count = len(self.src), len(rows)
        if not count:
            return np.zeros(0, np.int64)
        self._grow(first + count)
        assert self._columns is not None
        src, dst, amount, ts = self._columns
        src[first : first + count] = rows[:, 0]
        dst[first : first + count] = rows[:, 1]
        amount[first : first + count] = rows[:, 2]
        ts[first : first + count] = rows[:, 3]
        self._view(first + count)
        self._merged = {}
        if self._latest is not None:
            self._latest = max(self._latest, int(rows[:, 3].max()))
        positions = np.arange(first, first + count, dtype=np.int64)
        for i, a, b in zip(
            positions.tolist(), rows[:, 0].tolist(), rows[:, 1].tolist(), strict=True
        ):
            self.out_tail.setdefault(a, []).append(i)
            self.in_tail.setdefault(b, []).append(i)
        self._tail_size += count
        if self._positions is not None and self.ids is not None:
            for i in positions.tolist():
                self._positions[self.ids[i]] = i
        if self._tail_size > max(100_000, len(self.src) // 10):
            self.reindex()
        return positions

    def reserve(self, count: int) -> None:
        """Room for ``count`` more transfers now, so that no batch while cases are open
        pays for copying every column (hundreds of MB at 10M transfers)."""
        self._grow(len(self.src) + count)
        self._view(len(self.src))

    def _grow(self, size: int) -> None:
        if self._columns is None or len(self._columns[0]) < size:
            capacity = max(size, 2 * len(self.src), 1024)
            grown = []
            for column in (self.src, self.dst, self.amount, self.ts):
                bigger = np.zeros(capacity, dtype=column.dtype)
                bigger[: len(column)] = column
                grown.append(bigger)
            self._columns = (grown[0], grown[1], grown[2], grown[3])

    def _view(self, size: int) -> None:
        assert self._columns is not None
        src, dst, amount, ts = self._columns
        self.src, self.dst, self.amount, self.ts = src[:size], dst[:size], amount[:size], ts[:size]

    def __len__(self) -> int:
        return len(self.src)

    @property
    def nodes(self) -> int:
        return len(self.names)

    def outflows(self, node: int) -> NDArray[np.int64]:
        return self._ledger(node, self.out_order, self.out_start, self.out_tail)

    def inflows(self, node: int) -> NDArray[np.int64]:
        return self._ledger(node, self.in_order, self.in_start, self.in_tail)

    def _ledger(
        self,
        node: int,
        order: NDArray[np.int64],
        start: NDArray[np.int64],
        tail: dict[int, list[int]],
    ) -> NDArray[np.int64]:
        base = order[start[node] : start[node + 1]] if node + 1 < len(start) else order[:0]
        extra = tail.get(node)
        if not extra:
            return base
        key = (node, tail is self.out_tail)
        found = self._merged.get(key)
        if found is None:
            merged = np.concatenate([base, np.asarray(extra, dtype=np.int64)])
            found = self._merged[key] = merged[np.lexsort((merged, self.ts[merged]))]
        return found

    def position(self, transfer_id: str) -> int | None:
        """Where a transfer id sits in the columns (an index built on first use)."""
        if self._positions is None:
            self._positions = {tx: i for i, tx in enumerate(self.ids or ())}
        return self._positions.get(transfer_id)

    def transfer_id(self, i: int) -> str:
        return self.ids[i] if self.ids is not None else f"t{i}"

    def bank_of(self, node: int, bins: BinTable | Mapping[str, str]) -> str | None:
        """The account's bank: from reference data, else from its card number's BIN."""
        name = self.names[node]
        facts = self.accounts.get(name)
        if facts is not None and facts.bank:
            return facts.bank
        if name in self.payee_banks:
            return self.payee_banks[name]
        table = bins if isinstance(bins, BinTable) else BinTable.of(bins)
        return table.issuer(name)

    def nbytes(self) -> int:
        columns = (self.src, self.dst, self.amount, self.ts)
        index = (self.out_order, self.out_start, self.in_order, self.in_start)
        return sum(a.nbytes for a in columns) + sum(a.nbytes for a in index)


def _csr(
    key: NDArray[np.int32], ts: NDArray[np.int64], nodes: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Indices sorted by (key, time, position) and the start of each key's run.

    One stable sort of key and time packed in 64 bits when the times span
    under 136 years (always, for real ledgers): half the time of a lexsort, and
    no position column — stability keeps equal (key, time) in position order.
    Memory: the packed key and the order, 16 bytes a transfer, nothing else.
    """
    first = int(ts.min()) if len(ts) else 0
    if len(ts) and int(ts.max()) - first < 2**32 and nodes < 2**30:
        packed = key.astype(np.int64)
        packed <<= 32
        packed -= first  # in place: no temporary column
        packed += ts
        order = np.argsort(packed, kind="stable")
        del packed
    else:
        order = np.lexsort((ts, key))  # lexsort is stable too
    counts = np.bincount(key, minlength=nodes)
    start = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return order.astype(np.int64, copy=False), start


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
    memo_heads: dict[int, Counter[str]] = field(default_factory=dict)
    payee_banks: dict[str, str] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    @property
    def keys(self) -> AbstractSet[tuple[str, str]]:
        """The (source, id) of every event added."""
        return self._seen

    @property
    def events(self) -> int:
        """How many distinct events were added (a store counts them the same way)."""
        return len(self._seen)

    def node(self, account: str) -> int:
        found = self.index.get(account)
        if found is None:
            found = self.index[account] = len(self.names)
            self.names.append(account)
        return found

    def add_accepted(self, accepted: Accepted) -> None:
        """An event with its line: reads the extra fields tracing uses.

        ``account_kind`` on account records and ``to_bank`` on transfers to an
        account that is not a card (corporate, wallet, ledger): the payee's bank
        as the interbank message names it.
        """
        event, raw = accepted.event, accepted.raw
        if event.key in self._seen:
            return
        if isinstance(event, Account) and b"account_kind" in raw:
            self.add(event)
            kind = extra_fields(accepted).get("account_kind")
            if isinstance(kind, str):
                self.accounts[event.account_id].kind = kind
            return
        if isinstance(event, Transfer) and b"to_bank" in raw:
            bank = extra_fields(accepted).get("to_bank")
            if isinstance(bank, str) and event.to_account not in self.accounts:
                self.payee_banks[event.to_account] = bank
        self.add(event)

    def add(self, event: Event) -> None:
        if event.key in self._seen:
            return
        self._seen.add(event.key)
        when = int(event.ts.timestamp())
        if isinstance(event, Transfer):
            payee = self.node(event.to_account)
            self._row(self.node(event.from_account), payee, event, when)
            if event.memo:
                head = event.memo.split("-", 1)[0].strip()
                self.memo_heads.setdefault(payee, Counter())[head] += 1
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
            memo_heads=self.memo_heads,
            payee_banks=self.payee_banks,
        )


def moment(epoch_s: int) -> datetime:
    return datetime.fromtimestamp(int(epoch_s), UTC)
