// A case's money flow, layered left to right: the victim, one column per hop of the trace, then
// the exits (cash, gold, merchants, OTC traders). Not force-directed: an analyst reads the hops
// in order. Drawn one data unit to one pixel (the box scrolls sideways when the case is wide), so
// labels keep their size and never overlap: each account's label sits inside its own box, and an
// edge's amount is placed in the gap between columns where it collides with nothing (an amount
// that finds no free spot is left to the tooltip and the layered list, never drawn on top).
import { echarts } from "./charts.js";
import { el } from "./dom.js";
import * as safe from "./escape.js";
import { when, yuan, yuanShort } from "./format.js";
import * as i18n from "./i18n.js";

const BOX_W = 156, BOX_H = 42, GAP = 104, ROW = 56, MARGIN = 12, MAX_EXITS = 10;
const COLOURS = { victim: "#2e7d32", freeze: "#c62828", stop_query: "#ad1457", query: "#d65d00",
  hold_amount: "#6a1b9a", exit: "#616161", institution: "#00838f", plain: "#1565c0" };
const FAMILY = getComputedStyle(document.documentElement).fontFamily;
const FONT = "12px " + FAMILY, SMALL = "11px " + FAMILY;
const measure = (() => {
  const ctx = document.createElement("canvas").getContext("2d");
  return (text, font = FONT) => { ctx.font = font; return ctx.measureText(text).width; };
})();
const money = (fen) => yuanShort(fen);  // exact sums stay in tooltips and the list

// What a node is called in the picture: its bank and last digits, or the kind of exit.
export function title(n) {
  if (n.kind === "cash" || n.kind === "gold" || n.merged) return i18n.e(n.kind);
  const short = i18n.lang() === "zh" ? n.short : n.short_en || n.short;
  if (n.exit || n.kind === "wallet") return `${i18n.e(n.kind)} ${short.split(" ").pop()}`;
  return short;
}
function subtitle(n, outOf) {
  if (n.kind === "victim") return `${i18n.e("victim")} · ${i18n.t("paid_out")} ${money(outOf[n.id] || 0)}`;
  if (n.exit) return `${i18n.t("received")} ${money(n.received_fen)}`;
  if (n.kind === "institution") return `${i18n.e("institution")} · ${money(n.received_fen)}`;
  return n.held_fen > 0 ? `${i18n.t("held")} ${money(n.held_fen)}` : `${i18n.t("received")} ${money(n.received_fen)}`;
}
const colour = (n) => (n.kind === "victim" ? COLOURS.victim : n.exit ? COLOURS.exit
  : n.kind === "institution" ? COLOURS.institution : COLOURS[n.action] || COLOURS.plain);

// Columns, rows, edges by pair; exits beyond the ten largest become one "other exits" box.
function layout(graph, room) {
  const last = Math.max(0, ...graph.nodes.filter((n) => !n.exit).map((n) => n.hop)) + 1;
  const nodes = graph.nodes.map((n) => ({ ...n, layer: n.kind === "victim" ? 0 : n.exit ? last : Math.max(1, n.hop) }));
  const exits = nodes.filter((n) => n.exit).sort((a, b) => b.received_fen - a.received_fen);
  const into = {};
  if (exits.length > MAX_EXITS) {
    const rest = exits.slice(MAX_EXITS - 1);
    const other = { id: "other-exits", kind: "other_exits", merged: rest.length, exit: true, layer: last,
      received_fen: rest.reduce((a, n) => a + n.received_fen, 0), held_fen: 0 };
    for (const n of rest) into[n.id] = other.id;
    nodes.splice(0, nodes.length, ...nodes.filter((n) => !into[n.id]), other);
  }
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const pairs = {};
  for (const l of graph.links) {
    const source = into[l.source] || l.source, target = into[l.target] || l.target;
    if (!byId[source] || !byId[target] || source === target) continue;
    const k = source + ">" + target;
    const p = pairs[k] || (pairs[k] = { source, target, fen: 0, count: 0, first: l.ts });
    p.fen += l.stolen_fen; p.count += 1; if (l.ts < p.first) p.first = l.ts;
  }
  const edges = Object.values(pairs);
  const outOf = {};
  for (const e of edges) outOf[e.source] = (outOf[e.source] || 0) + e.fen;
  // Rows: by money first, then twice ordered by the mean row of the accounts that paid them
  // (fewer crossings), exits last by size.
  const columns = [];
  for (const n of nodes) (columns[n.layer] ||= []).push(n);
  for (const c of columns) c?.sort((a, b) => b.received_fen - a.received_fen || a.id.localeCompare(b.id));
  const rowOf = () => { for (const c of columns) c?.forEach((n, i) => { n.row = i; }); };
  rowOf();
  for (let pass = 0; pass < 2; pass += 1) {
    for (const c of columns.slice(1, last)) {
      if (!c) continue;
      const mean = (n) => { const ins = edges.filter((e) => e.target === n.id && byId[e.source].layer < n.layer);
        return ins.length ? ins.reduce((a, e) => a + byId[e.source].row, 0) / ins.length : n.row; };
      const keys = new Map(c.map((n) => [n, mean(n)]));
      c.sort((a, b) => keys.get(a) - keys.get(b)); rowOf();
    }
  }
  const tallest = Math.max(1, ...columns.map((c) => (c ? c.length : 0)));
  // Wider gaps when the panel has room (the picture then fits it); never narrower than GAP.
  const gap = Math.max(GAP, Math.min(2 * GAP, Math.floor((room - 2 * MARGIN - (last + 1) * BOX_W) / Math.max(1, last))));
  for (const c of columns) {
    if (!c) continue;
    // Centred while the picture is short; top-aligned when tall, so it starts with the victim.
    const top = MARGIN + (tallest <= 8 ? ((tallest - c.length) * ROW) / 2 : 0);
    c.forEach((n, i) => { n.cx = MARGIN + n.layer * (BOX_W + gap) + BOX_W / 2; n.cy = top + i * ROW + BOX_H / 2; });
  }
  const width = MARGIN * 2 + last * (BOX_W + gap) + BOX_W;
  const height = MARGIN * 2 + (tallest - 1) * ROW + BOX_H;
  return { nodes, byId, edges, columns, last, outOf, width, height, gap };
}

// Amount labels: the biggest flows first, each at the first spot along its line (in the gap
// before its target) that overlaps no box and no amount already placed.
function placeAmounts(plan, stolen) {
  const boxes = plan.nodes.map((n) => [n.cx - BOX_W / 2 - 2, n.cy - BOX_H / 2 - 2, BOX_W + 4, BOX_H + 4]);
  const hits = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  const placed = [];
  for (const e of [...plan.edges].sort((a, b) => b.fen - a.fen)) {
    const s = plan.byId[e.source], t = plan.byId[e.target];
    const x1 = s.cx + BOX_W / 2, y1 = s.cy, x2 = t.cx - BOX_W / 2, y2 = t.cy;
    e.coords = [[x1, y1], [x2, y2]];
    e.width = 1 + Math.min(5, (5 * e.fen) / Math.max(1, stolen));
    e.text = money(e.fen) + (e.count > 1 ? ` ×${e.count}` : "");
    if (x2 <= x1) continue;
    const w = measure(e.text, SMALL) + 8, h = 16;
    const from = Math.max(x1, x2 - plan.gap);
    for (const f of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      const px = from + (x2 - from) * f, py = y1 + ((y2 - y1) * (px - x1)) / (x2 - x1);
      const box = [px - w / 2, py - h / 2, w, h];
      if (box[0] < from - 2 || box[0] + w > x2 + 2) continue;
      if (boxes.some((b) => hits(b, box)) || placed.some((b) => hits(b, box))) continue;
      placed.push(box); e.at = [px, py]; break;
    }
  }
}

// A tooltip's lines, each shown as plain text (safe.tooltip).
function tipLines(p, plan) {
  if (p.seriesName === "flows") {
    const e = plan.edges[p.dataIndex], s = plan.byId[e.source], t = plan.byId[e.target];
    return [`${title(s)} → ${title(t)}`, `${i18n.t("amount")} ${yuan(e.fen)}（${e.count}${i18n.t("transfers_n")}）`,
      `${i18n.t("first_at")} ${when(e.first)}`];
  }
  const n = plan.nodes[p.dataIndex];
  const lines = [title(n) === i18n.e(n.kind) ? title(n) : `${i18n.e(n.kind)}：${title(n)}`];
  if (n.label && n.kind !== "cash" && n.kind !== "gold") lines.push(`${i18n.t("account")} ${n.label}`);
  if (n.bank_name) lines.push(`${i18n.t("bank")} ${i18n.lang() === "zh" ? n.bank_name : n.bank_name_en}`);
  if (n.merged) lines.push(`${n.merged} ${i18n.t("exits_merged")}`);
  if (n.kind !== "victim") lines.push(`${i18n.t("hop")} ${n.hop ?? "—"}`, `${i18n.t("received")} ${yuan(n.received_fen)}`);
  if (!n.exit && n.kind !== "victim") lines.push(`${i18n.t("held")} ${yuan(n.held_fen)}`);
  if (n.action) lines.push(`${i18n.t("action")} ${i18n.e(n.action)}`);
  if (!n.exit) lines.push(i18n.t("click_node"));
  return lines;
}

export function drawFlow(box, graph, stolen, onNode) {
  // The height first (it does not depend on the width): a tall picture brings the scroll box's
  // own scrollbar, and the room left beside it is what the columns may spread over.
  box.style.width = "1px";
  box.style.height = layout(graph, 0).height + "px";
  const room = box.parentElement.clientWidth - 2;
  const plan = layout(graph, room);
  placeAmounts(plan, stolen);
  box.style.width = plan.width + "px";
  box.style.height = plan.height + "px";
  const chart = echarts.getInstanceByDom(box) || echarts.init(box, null, { renderer: "svg" });
  chart.resize({ width: plan.width, height: plan.height });
  const amounts = plan.edges.filter((e) => e.at);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FAMILY },
    grid: { left: 0, right: 0, top: 0, bottom: 0 },
    xAxis: { type: "value", min: 0, max: plan.width, show: false },
    yAxis: { type: "value", min: 0, max: plan.height, inverse: true, show: false },
    tooltip: { trigger: "item", className: "chart-tooltip", confine: true, formatter: (p) => safe.tooltip(...tipLines(p, plan)) },
    series: [
      { name: "flows", type: "lines", coordinateSystem: "cartesian2d", z: 1, symbol: ["none", "arrow"], symbolSize: 9,
        data: plan.edges.map((e) => ({ coords: e.coords, lineStyle: { width: e.width, color: "#8a94a6", opacity: 0.9 } })),
        emphasis: { lineStyle: { color: "#0b4ea2" } } },
      { name: "nodes", type: "scatter", z: 3, symbol: "roundRect", symbolSize: [BOX_W, BOX_H],
        data: plan.nodes.map((n) => ({ value: [n.cx, n.cy], id: n.id, name: n.kind === "cash" || n.kind === "gold" || n.merged ? title(n) : n.label, clickable: !n.merged && n.kind !== "cash" && n.kind !== "gold",
          itemStyle: { color: n.kind === "victim" ? "#eef7ef" : "#fff", borderColor: colour(n), borderWidth: n.action === "freeze" ? 3 : 1.5 },
          label: { show: true, position: "inside", width: BOX_W - 10, overflow: "truncate", lineHeight: 18, fontSize: 12,
            color: "#1d2433", formatter: safe.label(`${title(n)}\n${subtitle(n, plan.outOf)}`) } })),
        emphasis: { scale: false, itemStyle: { shadowBlur: 6, shadowColor: "rgba(11,78,162,.4)" } }, cursor: "pointer" },
      { name: "amounts", type: "scatter", z: 2, silent: true, symbolSize: 0,
        data: amounts.map((e) => ({ value: e.at,
          label: { show: true, position: "inside", fontSize: 11, color: "#333", backgroundColor: "#fff", padding: [1, 3],
            formatter: safe.label(e.text) } })) },
    ],
  }, true);
  chart.off("click");
  chart.on("click", { seriesName: "nodes" }, (p) => {
    const n = plan.nodes[p.dataIndex];
    if (p.data.clickable) onNode(n, title(n));
  });
  return { chart, plan, title };
}

// The same picture as text, one list per layer: what a phone shows first and a screen reader reads.
export function listFlow(target, plan, onNode) {
  const name = (layer) => (layer === 0 ? i18n.e("victim") : layer === plan.last ? i18n.t("exits") : i18n.t("hop_n").replace("{n}", String(layer)));
  const inflow = (n) => plan.edges.filter((e) => e.target === n.id)
    .map((e) => `${title(plan.byId[e.source])} ${money(e.fen)}`).join("；");
  target.replaceChildren(...plan.columns.map((c, layer) => (c ? el("li", { "data-layer": String(layer) },
    el("h3", {}, name(layer)), el("ul", {}, c.map((n) => el("li", {},
      n.merged || n.kind === "cash" || n.kind === "gold" ? el("strong", {}, title(n)) : el("button", { type: "button", class: "link", "data-node": n.id,
        onclick: () => onNode(n, title(n)) }, title(n)),
      " ", el("span", {}, subtitle(n, plan.outOf)),
      inflow(n) ? el("div", { class: "muted small" }, `${i18n.t("from")}：${inflow(n)}`) : "")))) : "")));
}

