"""A traced case for other tools: FollowTheMoney entities, GEXF and GraphML for Gephi.

FollowTheMoney (the OCCRP data model) is what investigative tools such as
Aleph ingest: Person, BankAccount, Ownership (who holds the account) and
Payment (each transfer that carried stolen money). Entity ids are stable
hashes of our ids, so exporting a case twice gives the same entities.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from followthemoney import model

from fanzha.trace.banks import BinTable
from fanzha.trace.engine import CaseTrace
from fanzha.trace.freeze import FreezeRequest
from fanzha.trace.graph import SINKS, TransferGraph, moment


def _id(*parts: str) -> str:
    return "fz-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:24]


def _involved(trace: CaseTrace) -> list[int]:
    nodes = set(trace.victim_nodes)
    nodes.update(n for n, a in trace.accounts.items() if a.received > 0)
    return sorted(n for n in nodes if n >= len(SINKS))


def ftm_entities(
    graph: TransferGraph, trace: CaseTrace, bins: BinTable | dict[str, str]
) -> Iterator[dict[str, Any]]:
    """Person, BankAccount, Ownership and Payment entities, as FtM dicts."""
    account_ids: dict[int, str] = {}
    for node in _involved(trace):
        name = graph.names[node]
        account = model.make_entity("BankAccount")
        account.id = account_ids[node] = _id("account", name)
        account.add("accountNumber", name)
        account.add("bankName", graph.bank_of(node, bins) or "")
        traced = trace.accounts.get(node)
        if traced is not None and traced.held:
            account.add("balance", f"{traced.held / 100:.2f}")
            account.add("currency", "CNY")
        yield account.to_dict()
        facts = graph.accounts.get(name)
        if facts is not None and facts.holder:
            person = model.make_entity("Person")
            person.id = _id("person", facts.holder)
            person.add("name", facts.holder)
            yield person.to_dict()
            owner = model.make_entity("Ownership")
            owner.id = _id("ownership", facts.holder, name)
            owner.add("owner", person.id)
            owner.add("asset", account.id)
            yield owner.to_dict()
    seeds = [(tx, int(graph.amount[tx])) for tx in trace.seeds]
    flows = [(f.transfer, f.tainted) for f in trace.flows if f.dst >= len(SINKS)]
    for tx, stolen in seeds + flows:
        src, dst = account_ids.get(int(graph.src[tx])), account_ids.get(int(graph.dst[tx]))
        if src is None or dst is None:
            continue
        payment = model.make_entity("Payment")
        payment.id = _id("payment", graph.transfer_id(tx))
        payment.add("payer", src)
        payment.add("beneficiary", dst)
        payment.add("amount", f"{int(graph.amount[tx]) / 100:.2f}")
        payment.add("currency", "CNY")
        payment.add("date", moment(int(graph.ts[tx])).isoformat()[:19])
        payment.add("purpose", f"case {trace.case_id}: stolen ¥{stolen / 100:.2f}")
        payment.add("sourceUrl", f"urn:fanzha:transfer:{graph.transfer_id(tx)}")
        yield payment.to_dict()


def case_network(
    graph: TransferGraph,
    trace: CaseTrace,
    requests: list[FreezeRequest],
    bins: BinTable | dict[str, str],
) -> nx.MultiDiGraph:
    """The case as a networkx graph: accounts with hop/held/action, transfers with amounts."""
    actions = {r.account_id: r.action for r in requests}
    network = nx.MultiDiGraph(case_id=trace.case_id)
    for node in sorted(trace.victim_nodes):
        network.add_node(graph.names[node], role="victim", hop=0, held_fen=0)
    for node, account in trace.accounts.items():
        if account.received <= 0:
            continue
        role = "hub" if account.hub else actions.get(account.account_id, "traced")
        network.add_node(
            graph.names[node],
            role=role,
            hop=account.hop,
            held_fen=account.held,
            bank=graph.bank_of(node, bins) or "",
        )
    edges = [(tx, int(graph.amount[tx])) for tx in trace.seeds]
    edges += [(f.transfer, f.tainted) for f in trace.flows]
    for tx, stolen in edges:
        network.add_edge(
            graph.names[int(graph.src[tx])],
            graph.names[int(graph.dst[tx])],
            key=graph.transfer_id(tx),
            amount_fen=int(graph.amount[tx]),
            stolen_fen=stolen,
            ts=moment(int(graph.ts[tx])).isoformat(),
        )
    return network


def write_network(network: nx.MultiDiGraph, path: Path) -> None:
    """GEXF for ``.gexf``, GraphML for ``.graphml``."""
    if path.suffix == ".gexf":
        nx.write_gexf(network, path)
    elif path.suffix == ".graphml":
        nx.write_graphml(network, path)
    else:
        raise ValueError(f"{path}: write .gexf or .graphml")
