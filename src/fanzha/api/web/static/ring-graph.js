// The ring's graph, layered left to right: numbers and addresses, cases, then the accounts
// by how many hops the victims' money took to reach them. One row per node in each column,
// labels beside their node, so labels never overlap; accounts show only their last digits.
import { echarts } from "./charts.js";
import * as safe from "./escape.js";
import * as i18n from "./i18n.js";

export function drawRingGraph(box, graph) {
  const COLOURS = { case: "#2e7d32", account: "#1565c0", phone: "#ef6c00", address: "#6a1b9a" };
  const ROW = 30;
  const depth = {};
  for (const n of graph.nodes) depth[n.id] = n.kind === "case" ? 1 : n.kind === "account" ? null : 0;
  const money = graph.links.filter((l) => l.kind === "payment" || l.kind === "money_flow");
  for (let changed = true, round = 0; changed && round < 50; round += 1) {
    changed = false;
    for (const l of money) {
      const from = depth[l.source];
      if (from != null && from >= 1 && (depth[l.target] == null || depth[l.target] > from + 1)) {
        depth[l.target] = from + 1; changed = true;
      }
    }
  }
  const last = Math.max(2, ...Object.values(depth).filter((d) => d != null));
  const rows = {};
  const short = (n) => (n.kind === "account" ? "…" + n.label.slice(-4) : n.kind === "address" ? n.label.slice(0, 8) : n.label);
  const nodes = graph.nodes.map((n) => {
    const column = depth[n.id] ?? last + 1;
    rows[column] = (rows[column] || 0) + 1;
    return { id: n.id, name: short(n), x: column * 150, y: rows[column] * ROW, symbolSize: n.kind === "case" ? 16 : 12,
      itemStyle: { color: COLOURS[n.kind] }, full: `${i18n.e(n.kind)} ${n.label}`,
      label: { show: true, position: "right", formatter: safe.label(short(n)) } };
  });
  const tallest = Math.max(1, ...Object.values(rows));
  box.style.height = Math.max(360, Math.min(1400, tallest * ROW + 60)) + "px";
  const chart = echarts.getInstanceByDom(box) || echarts.init(box);
  chart.resize();
  const links = graph.links.filter((l) => !l.kind.startsWith("shared_")).map((l) => ({ source: l.source, target: l.target,
    kind: l.kind, lineStyle: { type: l.kind === "money_flow" || l.kind === "payment" ? "solid" : "dashed",
      color: l.kind === "caller_phone" ? COLOURS.phone : l.kind === "drop_address" ? COLOURS.address : "#9aa" } }));
  chart.setOption({ animation: false,
    tooltip: { className: "chart-tooltip", formatter: (p) => safe.tooltip(p.dataType === "edge" ? i18n.e(p.data.kind) : p.data.full) },
    series: [{ type: "graph", layout: "none", roam: true, data: nodes, links, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
      labelLayout: { hideOverlap: true }, label: { fontSize: 11 }, lineStyle: { width: 1, curveness: 0.1, opacity: 0.7 } }] }, true);
  window.addEventListener("resize", () => chart.resize());
  return chart;
}
