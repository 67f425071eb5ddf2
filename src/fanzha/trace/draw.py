"""A case's money flow as an SVG a person reads at a glance.

Left to right: the victim, then one column per hop, then where money left
(cash, gold, merchants and other hubs). Each account shows its bank and the
stolen money still there; red accounts are to be frozen, orange ones queried
(动态查询), grey ones are hubs. Arrows carry the stolen amount; several
transfers between the same two accounts are drawn as one arrow with a count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape

from fanzha.trace.bank_names import bank_name
from fanzha.trace.banks import BinTable
from fanzha.trace.engine import CaseTrace
from fanzha.trace.freeze import FreezeRequest
from fanzha.trace.graph import SINKS, TransferGraph

COLUMN_W, BOX_W, BOX_H, ROW_H, MARGIN = 250, 190, 46, 58, 30
COLOURS = {
    "freeze": "#c62828",
    "stop_query": "#ad1457",
    "query": "#ef6c00",
    "hold_amount": "#6a1b9a",
    "hub": "#757575",
    "plain": "#1565c0",
}
SINK_LABELS = {"cash": "现金/ATM取现", "gold": "黄金"}


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


@dataclass
class _Box:
    key: int
    column: int
    title: str
    subtitle: str
    colour: str
    x: float = 0
    y: float = 0


OTHER_HUBS = -1
"""One box for the many hubs that got only small change: the picture stays readable."""


def _boxes(
    graph: TransferGraph,
    trace: CaseTrace,
    actions: dict[str, str],
    bins: BinTable | dict[str, str],
    small: int,
) -> tuple[dict[int, _Box], dict[int, int]]:
    """The boxes by node, and which nodes were merged into which box."""
    boxes: dict[int, _Box] = {}
    merged: dict[int, int] = {}
    for node in sorted(trace.victim_nodes):
        boxes[node] = _Box(node, 0, "受害人 victim", graph.names[node], "#2e7d32")
    last = max((a.hop for a in trace.accounts.values()), default=0) + 1
    minor = [0, 0]
    for node, account in trace.accounts.items():
        if account.received <= 0:
            continue
        if node < len(SINKS):
            label = f"{SINK_LABELS[graph.names[node]]} {yuan(account.received)}"
            boxes[node] = _Box(node, last, label, "", COLOURS["hub"])
            continue
        if account.hub and account.received < small:
            merged[node] = OTHER_HUBS
            minor[0] += 1
            minor[1] += account.received
            continue
        action = "hub" if account.hub else actions.get(account.account_id, "plain")
        bank = bank_name(graph.bank_of(node, bins)) or "未知银行"
        held = f"留存 {yuan(account.held)}" if not account.hub else "商户/枢纽 hub"
        column = last if account.hub else account.hop
        subtitle = f"{bank} · {held}"
        boxes[node] = _Box(node, column, account.account_id, subtitle, COLOURS[action])
    if minor[0]:
        title = f"其他商户/枢纽 ×{minor[0]}"
        boxes[OTHER_HUBS] = _Box(OTHER_HUBS, last, title, yuan(minor[1]), COLOURS["hub"])
    return boxes, merged


def draw_case(
    graph: TransferGraph,
    trace: CaseTrace,
    requests: list[FreezeRequest],
    bins: BinTable | dict[str, str] | None = None,
) -> str:
    """The SVG document (a string) for one traced case."""
    actions: dict[str, str] = {r.account_id: r.action for r in requests}
    small = max(1, trace.stolen // 100)  # under 1% of the loss: drawn faint, hubs merged
    boxes, merged = _boxes(graph, trace, actions, bins or {}, small)
    columns: dict[int, list[_Box]] = defaultdict(list)
    for box in boxes.values():
        columns[box.column].append(box)
    tallest = max((len(c) for c in columns.values()), default=1)
    height = MARGIN * 2 + 40 + tallest * ROW_H
    width = MARGIN * 2 + (max(columns, default=0) + 1) * COLUMN_W
    for column, members in columns.items():
        members.sort(key=lambda b: b.title)
        top = MARGIN + 40 + (tallest - len(members)) * ROW_H / 2
        for row, box in enumerate(members):
            box.x, box.y = MARGIN + column * COLUMN_W, top + row * ROW_H
    edges: dict[tuple[int, int], list[int]] = defaultdict(list)
    for tx in trace.seeds:
        edges[(int(graph.src[tx]), int(graph.dst[tx]))].append(int(graph.amount[tx]))
    for flow in trace.flows:
        edges[(flow.src, merged.get(flow.dst, flow.dst))].append(flow.tainted)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Noto Sans CJK SC, Noto Sans SC, '
        'sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN}" font-size="16" font-weight="bold">'
        f"案件 {escape(trace.case_id)} 资金流向 · 被骗 {yuan(trace.stolen)} · "
        f"可冻结 {yuan(trace.held)} · 已取现/消费 {yuan(trace.cashed_out + trace.spent_at_hubs)}"
        "</text>",
    ]
    for (src, dst), amounts in sorted(edges.items()):
        a, b = boxes.get(src), boxes.get(dst)
        if a is None or b is None:
            continue
        x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2
        total = sum(amounts)
        label = yuan(total) + (f" ×{len(amounts)}" if len(amounts) > 1 else "")
        major = total >= small
        labelled = total >= 5 * small  # 5% of the loss or more: the amount is written
        parts.append(
            f'<g class="flow" data-from="{escape(a.title)}" data-to="{escape(b.title)}">'
            f'<path d="M{x1:.0f},{y1:.0f} C{x1 + 40:.0f},{y1:.0f} {x2 - 40:.0f},{y2:.0f} '
            f'{x2:.0f},{y2:.0f}" fill="none" stroke="{"#777" if major else "#ddd"}" '
            f'stroke-width="{min(6.0, 1 + 6 * total / max(trace.stolen, 1)):.1f}" '
            'marker-end="url(#arrow)"/>'
            + (
                f'<text x="{(x1 + x2) / 2:.0f}" y="{(y1 + y2) / 2 - 4:.0f}" '
                f'text-anchor="middle" font-size="10" fill="#333">{label}</text>'
                if labelled
                else f"<title>{label}</title>"
            )
            + "</g>"
        )
    for box in boxes.values():
        parts.append(
            f'<g class="account" data-account="{escape(box.title)}">'
            f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="#fff" stroke="{box.colour}" stroke-width="2"/>'
            f'<text x="{box.x + 8:.0f}" y="{box.y + 18:.0f}" fill="{box.colour}" '
            f'font-weight="bold">{escape(box.title)}</text>'
            f'<text x="{box.x + 8:.0f}" y="{box.y + 36:.0f}" fill="#333">'
            f"{escape(box.subtitle)}</text></g>"
        )
    legend_y = height - 12
    for i, (label, colour) in enumerate(
        (
            ("冻结 freeze", "freeze"),
            ("止付+查询 stop_query", "stop_query"),
            ("机构查询 query", "query"),
            ("限额止付 hold_amount", "hold_amount"),
            ("商户/枢纽 hub", "hub"),
        )
    ):
        parts.append(
            f'<text x="{MARGIN + i * 175}" y="{legend_y}" fill="{COLOURS[colour]}">■ {label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
