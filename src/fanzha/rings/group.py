"""Group cases, mule accounts, phones and addresses into rings (串并案).

Start from the cases: each report's payments, split into scam episodes, are
traced through the mule layers by ``fanzha.trace`` (whose hub recognition
stops the money at merchants, gold sellers, payment institutions and big
common accounts, so those never join a ring). Then link through what the
cases share: a card two traces reach, a number that held two victims on the
line, a courier or parcel address two victims sent cash or gold to, an
account that paid rebates to two victims. Numbers and addresses that serve
everyone (service lines, dialers, depots) are hubs and link nothing. Every
union is kept as a ``Link`` with its event ids, so a ring explains itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from fanzha.rings.config import RingConfig
from fanzha.rings.evidence import Contact, Evidence
from fanzha.rings.links import LinkBook
from fanzha.rings.model import Ring, ring_id_for
from fanzha.rings.money import ring_money
from fanzha.rings.split import split_weak
from fanzha.trace.cases import Case
from fanzha.trace.config import TraceConfig
from fanzha.trace.counts import count_accounts
from fanzha.trace.engine import trace_case
from fanzha.trace.tracer import Tracer

GOLD_MEMO = re.compile(r"黄金|金条|金饰|足金|首饰|黃金|金條|金飾")
"""What a payer writes when paying a gold shop for gold."""


@dataclass
class RingFinder:
    """One run over one set of events: a tracer, the contacts, and the union of evidence."""

    evidence: Evidence
    config: RingConfig
    tracer: Tracer
    book: LinkBook = field(init=False)
    cases: list[Case] = field(init=False)
    _person_phones: dict[str, list[str]] = field(init=False)
    _person_accounts: dict[str, list[str]] = field(init=False)
    _payments: dict[str, list[tuple[int, str]]] = field(init=False)
    """Case → (time, node) of each payment, in time order."""
    _parcels: dict[str, dict[str, tuple[str, str]]] = field(init=False)
    """Address node → case → (payment node, parcel id): linked once two cases share it."""
    _stop: NDArray[np.bool_] = field(init=False)
    """Nodes that join no ring: sinks, hubs, exits, OTC traders and payment institutions."""

    @classmethod
    def build(cls, evidence: Evidence, trace: TraceConfig, config: RingConfig) -> RingFinder:
        return cls(evidence, config, Tracer.from_builder(evidence.money, trace))

    def __post_init__(self) -> None:
        self.book = LinkBook(self.config.max_link_events)
        self.cases = self.tracer.cases()
        phones: dict[str, list[str]] = defaultdict(list)
        for phone, person in self.evidence.money.phones.items():
            phones[person].append(phone)
        accounts: dict[str, list[str]] = defaultdict(list)
        for account, facts in self.tracer.graph.accounts.items():
            if facts.holder:
                accounts[facts.holder].append(account)
        self._person_phones, self._person_accounts = phones, accounts
        self._payments = {}
        self._parcels = {}
        self._stop = self._never_in_ring()

    def _never_in_ring(self) -> NDArray[np.bool_]:
        """Sinks, hubs, exits and OTC traders (the trace's roles), payment institutions,
        gold sellers (the seller a gold purchase names, or a payee paid for gold —
        ``黄金``, ``金条``… — at least ``gold_memo_payments`` times), and old accounts
        trading with at least ``busy_counterparties`` others (a trader, a landlord, a
        shop on a personal card: several rings' cards pay such a one)."""
        graph = self.tracer.graph
        stop = self.tracer.hubs.copy()
        for node in self.tracer.roles.institutions:
            stop[node] = True
        for name in self.evidence.gold_sellers:
            if (seller := graph.index.get(name)) is not None:
                stop[seller] = True
        counterparties = count_accounts(graph).counterparties
        for node in np.flatnonzero(counterparties >= self.config.busy_counterparties).tolist():
            if not self._is_new(graph.names[node]):
                stop[node] = True
        memo_heads = self.evidence.money.memo_heads
        for node, heads in memo_heads.items():
            gold = sum(n for head, n in heads.items() if GOLD_MEMO.search(head))
            if gold >= self.config.gold_memo_payments:
                stop[node] = True
        return stop

    # ---- evidence into unions ---------------------------------------------------------

    def run(self) -> list[Ring]:
        for case in self.cases:
            self._trace(case)
        hub_addresses = self._hub_addresses()
        for case in self.cases:
            self._contacts(case, hub_addresses)
            self._payers(case)
        self._shared_parcels()
        self._neighbours()
        self._same_cases()
        self._split()
        return self._rings()

    def _trace(self, case: Case) -> None:
        """Each payment's money, followed on its own.

        A payment is a node of its own (``case:rep-1#2``; the biggest is the case
        itself): payments to one ring meet in its layers and so join, while a
        victim cheated by two rings the same day does not glue them. Money paid
        into a payment institution (a wallet, an aggregator) is followed along the
        outflow that settled it, as ``fanzha trace`` follows it; the institution
        serves everyone and joins no ring, so the account it paid out to is tied
        to the payment directly.
        """
        graph, stop = self.tracer.graph, self._stop
        case_key = f"case:{case.case_id}"
        self.book.node(case_key, case.case_id)
        seeds = sorted(case.seeds, key=lambda t: (int(graph.ts[t]), t))
        if not seeds:
            self._payments[case.case_id] = [(case.reported_ts, case_key)]
            return
        biggest = max(seeds, key=lambda t: (int(graph.amount[t]), -t))
        roles = self.tracer.roles
        institutions = frozenset(roles.institutions)
        nodes = []
        for i, tx in enumerate(seeds):
            key = case_key if tx == biggest else f"{case_key}#{i + 1}"
            self.book.node(key, case.case_id)
            nodes.append((int(graph.ts[tx]), key))
            dst = int(graph.dst[tx])
            if not stop[dst]:
                self.book.link("payment", key, f"account:{graph.names[dst]}", graph.transfer_id(tx))
            traced = trace_case(
                graph,
                case.case_id,
                [tx],
                self.tracer.hubs,
                self.tracer.limits,
                settlement=roles.settlement,
                institutions=institutions,
            )
            for flow in traced.flows:
                if stop[flow.dst]:
                    continue
                dst_key = f"account:{graph.names[flow.dst]}"
                event = graph.transfer_id(flow.transfer)
                if flow.src in roles.institutions:
                    weight = self._weight(None, flow.dst, flow.tainted)
                    self.book.link("money_flow", key, dst_key, event, weight)
                elif not stop[flow.src]:
                    src_key = f"account:{graph.names[flow.src]}"
                    weight = self._weight(flow.src, flow.dst, flow.tainted)
                    self.book.link("money_flow", src_key, dst_key, event, weight)
                else:
                    continue
                self.book.reached(dst_key, key, event)
        self._payments[case.case_id] = nodes

    def _weight(self, src: int | None, dst: int, stolen: int) -> float:
        """How strongly a money link ties its ends (for ``split``): 1 between two new
        accounts (a ring's layers); else by the sum, ``stolen / (stolen + flow_weight_fen)``
        — a few hundred yuan spent from a mule card at a shop or a friend's weighs little."""
        names = self.tracer.graph.names
        if self._is_new(names[dst]) and (src is None or self._is_new(names[src])):
            return 1.0
        return stolen / (stolen + self.config.flow_weight_fen)

    def _node_at(self, case: Case, ts: int, answers: bool = False) -> str:
        """The payment an event at ``ts`` belongs to.

        A call or a parcel leads to a payment: the first at or after it, else the last.
        A rebate answers one (money back for a paid task, a test withdrawal): the last
        at or before it, else the first.
        """
        nodes = self._payments.get(case.case_id) or [(case.reported_ts, f"case:{case.case_id}")]
        if answers:
            earlier = [key for when, key in nodes if when <= ts]
            return earlier[-1] if earlier else nodes[0][1]
        for when, key in nodes:
            if when >= ts:
                return key
        return nodes[-1][1]

    def _window(self, case: Case, hours: float) -> tuple[int, int]:
        """From ``hours`` before the first payment (or the report) to the report."""
        graph = self.tracer.graph
        first = min((int(graph.ts[t]) for t in case.seeds), default=case.reported_ts)
        return min(first, case.reported_ts) - int(hours * 3600), case.reported_ts

    def _phone_hub(self, phone: str) -> bool:
        tags = self.evidence.caller_tags.get(phone, set())
        return (
            phone in self.evidence.residents
            or len(self.evidence.callees.get(phone, ())) >= self.config.phone_hub_callees
            or bool(tags & set(self.config.marketing_tags))
        )

    def _hub_addresses(self) -> set[str]:
        """Addresses many people send to, few of them victims: depots, shops, offices."""
        victims: set[str] = set()
        for case in self.cases:
            person = case.person_id or ""
            victims.update(self._person_phones.get(person, ()))
            victims.update(self._person_accounts.get(person, ()))
        hubs = set()
        for address, senders in self.evidence.senders.items():
            if len(senders) >= self.config.address_hub_senders:
                share = len(senders & victims) / len(senders)
                if share < self.config.address_hub_case_share:
                    hubs.add(address)
        return hubs

    def _contacts(self, case: Case, hub_addresses: set[str]) -> None:
        """The numbers that held the victim on the line and where the victim sent valuables."""
        calls_since, until = self._window(case, self.config.call_window_hours)
        sent_since, _ = self._window(case, self.config.drop_window_hours)
        person = case.person_id or ""
        for phone in self._person_phones.get(person, ()):
            for call in self.evidence.calls_to.get(phone, ()):
                held = calls_since <= call.ts <= until and call.seconds >= self.config.min_call_s
                if held and not self._phone_hub(call.target):
                    node = self._node_at(case, call.ts)
                    self.book.link("caller_phone", node, f"phone:{call.target}", call.event_id)
            for sent in self.evidence.sent_by_phone.get(phone, ()):
                self._address(case, sent, sent_since, until, hub_addresses)
        for account in self._person_accounts.get(person, ()):
            for sent in self.evidence.gold_by_account.get(account, ()):
                self._address(case, sent, sent_since, until, hub_addresses)

    def _address(self, case: Case, sent: Contact, since: int, until: int, hubs: set[str]) -> None:
        """Gold mailed and items sent alone by courier link at once; a parcel only when a
        second case sent one to the same address (people post parcels every day)."""
        if not since <= sent.ts <= until or sent.target in hubs:
            return
        node = f"address:{self.evidence.spelling.get(sent.target, sent.written)}"
        key = self._node_at(case, sent.ts)
        if sent.kind == "parcel":
            self._parcels.setdefault(node, {}).setdefault(case.case_id, (key, sent.event_id))
        else:
            self.book.link("drop_address", key, node, sent.event_id)

    def _shared_parcels(self) -> None:
        for node, by_case in self._parcels.items():
            if len(by_case) >= 2:
                for key, event_id in by_case.values():
                    self.book.link("drop_address", key, node, event_id)

    def _is_new(self, account: str) -> bool:
        """No reference data (an outside card) or opened shortly before the data begins."""
        facts = self.tracer.graph.accounts.get(account)
        if facts is None or facts.opened is None:
            return True
        graph = self.tracer.graph
        start = date.fromtimestamp(int(graph.ts.min())) if len(graph) else facts.opened
        return (start - facts.opened).days <= self.config.new_account_days

    def _payers(self, case: Case) -> None:
        """New accounts that paid the victim during the scam: the ring's rebate cards."""
        graph, stop = self.tracer.graph, self._stop
        since, until = self._window(case, self.config.call_window_hours)
        person = case.person_id or ""
        own = set(self._person_accounts.get(person, ()))
        for account in own:
            node = graph.index.get(account)
            if node is None:
                continue
            for tx in graph.inflows(node).tolist():
                src = int(graph.src[tx])
                name = graph.names[src]
                if not since <= int(graph.ts[tx]) <= until or stop[src]:
                    continue
                if name not in own and self._is_new(name):
                    key = self._node_at(case, int(graph.ts[tx]), answers=True)
                    self.book.link("paid_victim", f"account:{name}", key, graph.transfer_id(tx))

    def _neighbours(self) -> None:
        """New accounts trading mostly with a ring's accounts join it: a layer whose other
        side we cannot see (its bank, or the victims' bank, shares nothing).

        Upstream: a new account sending at least ``upstream_share`` of its money into
        the ring; downstream: one receiving at least that share of its money from it.
        Two rounds, so a layer behind a layer is reached too.
        """
        graph, stop = self.tracer.graph, self._stop
        victims = {a for c in self.cases for a in self._person_accounts.get(c.person_id or "", ())}
        for _ in range(2):
            inside = np.zeros(graph.nodes, dtype=bool)
            for key in self.book.members("account:"):
                node = graph.index.get(key.removeprefix("account:"))
                if node is not None:
                    inside[node] = True
            real = ~stop[graph.src] & ~stop[graph.dst]
            for towards in (True, False):
                ends, others = (graph.src, graph.dst) if towards else (graph.dst, graph.src)
                edge = real & inside[others] & ~inside[ends]
                for node in np.unique(ends[edge]).tolist():
                    name = graph.names[node]
                    if stop[node] or name in victims or not self._is_new(name):
                        continue
                    own = graph.outflows(node) if towards else graph.inflows(node)
                    total = int(graph.amount[own].sum())
                    part = own[inside[(graph.dst if towards else graph.src)[own]]]
                    if (
                        not total
                        or int(graph.amount[part].sum()) / total < self.config.upstream_share
                    ):
                        continue
                    for tx in part.tolist():
                        src, dst = graph.names[int(graph.src[tx])], graph.names[int(graph.dst[tx])]
                        weight = self._weight(
                            int(graph.src[tx]), int(graph.dst[tx]), int(graph.amount[tx])
                        )
                        self.book.link(
                            "money_flow",
                            f"account:{src}",
                            f"account:{dst}",
                            graph.transfer_id(tx),
                            weight,
                        )

    def _same_cases(self) -> None:
        """A report's payments that went different ways join when that is corroborated.

        Two groups holding payments of one report join if a second report also
        has payments in both, or if one of them holds no other report (it is just
        the rest of this victim's money). Two established rings that share a
        single victim — cheated twice the same day — stay apart.
        """
        changed = True
        while changed:
            changed = False
            nodes: dict[str, dict[str, str]] = defaultdict(dict)
            """Case → group root → one of the case's nodes in that group."""
            for key, case_id in sorted(self.book.case_of.items()):
                nodes[case_id].setdefault(self.book.find(key), key)
            cases_in: dict[str, set[str]] = defaultdict(set)
            for case_id, found in nodes.items():
                for root in found:
                    cases_in[root].add(case_id)
            pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
            for case_id, found in sorted(nodes.items()):
                ordered = sorted(found)
                for a, b in pairwise(ordered):
                    pairs[(a, b)].append((case_id, found[a], found[b]))
            for (a, b), shared in sorted(pairs.items()):
                alone = min(len(cases_in[a]), len(cases_in[b])) == 1
                if (alone or len(shared) >= 2) and self.book.find(a) != self.book.find(b):
                    for case_id, one, other in shared:
                        self.book.link("same_case", one, other, case_id)
                    changed = True

    def _split(self) -> None:
        """Cut the groups that only thin links hold together (``fanzha.rings.split``)."""
        parts = []
        for group in self.book.groups():
            if len(self.book.case_nodes(group)) < 2:
                parts.append(group)
                continue
            parts.extend(
                split_weak(
                    group,
                    self.book.weight,
                    lambda key: key in self.book.case_of,
                    self.config.split_max_cut_share,
                    self.config.split_resolution,
                )
            )
        self.book.regroup(parts)

    # ---- unions into rings ------------------------------------------------------------

    def _rings(self) -> list[Ring]:
        graph = self.tracer.graph
        rings = []
        for group in self.book.groups():
            first = min(self.book.case_nodes(group), key=self._case_order, default=None)
            if first is None:
                continue
            accounts = sorted(k.removeprefix("account:") for k in group if k.startswith("account:"))
            ring = Ring(
                ring_id=ring_id_for(first.removeprefix("case:")),
                accounts=accounts,
                phones=sorted(k.removeprefix("phone:") for k in group if k.startswith("phone:")),
                addresses=sorted(
                    k.removeprefix("address:") for k in group if k.startswith("address:")
                ),
                cases=sorted({self.book.case_of[k] for k in self.book.case_nodes(group)}),
                links=self.book.links_within(group),
            )
            ring.money_in_fen, ring.money_out_fen, ring.cashed_out_fen = ring_money(graph, accounts)
            if ring.accounts or ring.phones or ring.addresses:
                rings.append(ring)
        rings.sort(key=lambda r: (-len(r.cases), -len(r.accounts), r.ring_id))
        return rings

    def _case_order(self, key: str) -> tuple[int, str]:
        reported = {c.case_id: c.reported_ts for c in self.cases}
        return reported.get(self.book.case_of[key], 0), key


def find_rings(evidence: Evidence, trace: TraceConfig, config: RingConfig) -> list[Ring]:
    return RingFinder.build(evidence, trace, config).run()
