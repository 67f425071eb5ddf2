"use strict";
// One case: ledger, money-flow graph (zoom, click an account), freeze list, stop-payments.
FZ.header("cases");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
const caseId = new URLSearchParams(location.search).get("id");
const { el } = FZ;
const say = (text) => { document.getElementById("message").textContent = text; };
const chart = echarts.init(document.getElementById("flow"));
const COLOURS = { victim: "#2e7d32", freeze: "#c62828", query: "#ef6c00", hub: "#757575", sink: "#757575", mule: "#1565c0" };

function drawGraph(graph) {
  const last = Math.max(0, ...graph.nodes.map((n) => n.hop)) + 1;
  const column = (n) => (n.role === "hub" || n.role === "sink" ? last : n.hop);
  const rows = {};
  const nodes = graph.nodes.map((n) => {
    const c = column(n); rows[c] = (rows[c] || 0) + 1;
    return { id: n.id, name: n.label, x: c * 220, y: rows[c] * 60, symbolSize: 14 + Math.min(26, Math.sqrt(n.held_fen / 100) / 8),
      itemStyle: { color: COLOURS[n.action || n.role] || COLOURS.mule },
      label: { show: true, position: "right", formatter: FZ_SAFE.label(`${n.label}\n${n.held_fen ? yuan(n.held_fen) : FZ.e(n.role)}`) },
      value: n.held_fen, role: n.role };
  });
  const sums = {};
  for (const l of graph.links) { const k = l.source + ">" + l.target; sums[k] = (sums[k] || 0) + l.stolen_fen; }
  const links = Object.entries(sums).map(([k, v]) => { const [source, target] = k.split(">");
    return { source, target, value: v, label: { show: v * 20 > graph.links.reduce((a, l) => a + l.stolen_fen, 0) / 10, formatter: FZ_SAFE.label(yuan(v)) } }; });
  chart.setOption({ animation: false, tooltip: { className: "chart-tooltip", formatter: (p) => FZ_SAFE.tooltip(p.dataType === "edge" ? yuan(p.value) : `${p.name}: ${yuan(p.value || 0)}`) },
    series: [{ type: "graph", layout: "none", roam: true, draggable: false, data: nodes, links, edgeSymbol: ["none", "arrow"],
      lineStyle: { color: "#999", curveness: 0.15 }, label: { fontSize: 10, width: 150, overflow: "truncate" }, edgeLabel: { fontSize: 9 } }] });
  chart.off("click");
  chart.on("click", (p) => { if (p.dataType === "node" && p.data.role !== "sink") showTransfers(p.data.id, p.data.name); });
}

async function showTransfers(node, label) {
  document.getElementById("h-transfers").textContent = `${FZ.t("transfers_of")} ${label}`;
  const moves = await FZ.api(`/v1/cases/${encodeURIComponent(caseId)}/nodes/${encodeURIComponent(node)}/transfers`);
  document.getElementById("transfer-rows").replaceChildren(...moves.map((m) => el("tr", { "data-transfer": m.id },
    el("td", {}, FZ.time(m.ts)), el("td", {}, m.from_account), el("td", {}, m.to_account), el("td", {}, yuan(m.amount_fen)))));
}

async function act(hold, path, extra = {}) {
  try {
    await FZ.api(`/v1/holds/${encodeURIComponent(hold.hold_id)}/${path}`, { method: "POST",
      body: JSON.stringify(Object.assign({ expected_version: hold.version }, extra)) });
    await load();
  } catch (err) { say(err.status === 409 ? err.message : err.message); }
}

function holdActions(hold) {
  const b = (key, path, extra) => el("button", { type: "button", "data-act": path, onclick: () => act(hold, path, extra()) }, FZ.t(key));
  const balance = el("input", { type: "number", min: "0", size: "8", "aria-label": FZ.t("balance"), placeholder: FZ.t("balance") });
  const reason = el("input", { size: "8", "aria-label": FZ.t("reason"), placeholder: FZ.t("reason") });
  switch (hold.state) {
    case "requested": return [balance, b("accept", "answer", () => ({ accepted: true,
      balance_fen: balance.value === "" ? null : Math.round(Number(balance.value) * 100) })),
      reason, b("refuse", "answer", () => ({ accepted: false, reason: reason.value || FZ.t("refuse") }))];
    case "stopped": return [b("freeze", "freeze", () => ({})), reason, b("release", "release", () => ({ reason: reason.value || "—" }))];
    case "frozen": return [b("renew", "renew", () => ({})), b(hold.claims.length > 1 ? "notice" : "return_funds",
      hold.claims.length > 1 && !hold.notice_at ? "notice" : "return", () => ({})), reason,
      b("release", "release", () => ({ reason: reason.value || "—" }))];
    case "refused": case "expired": return hold.stops < 2 ? [b("stop_again", "stop-again", () => ({}))] : [];
    default: return [];
  }
}

async function load() {
  const c = await FZ.api("/v1/cases/" + encodeURIComponent(caseId));
  document.getElementById("case-title").textContent = `${FZ.t("case_id")} ${c.case_id} · ${c.district || ""}`;
  document.title = `${c.case_id} · ${FZ.t("title")}`;
  // Solved by a ring's takedown (破案): the link back to the ledger's record of it.
  const closure = c.closure;
  document.getElementById("closure").replaceChildren(...(closure ? [FZ.t("solved_by"), " ",
    el("a", { href: closure.href, "data-closed": closure.takedown_id }, `${closure.ring_id}（${closure.closed_on}）`)] : []));
  document.getElementById("case-task").replaceChildren(...(c.task_id ? [FZ.t("from_task"), "：",
    el("a", { href: "task.html?id=" + encodeURIComponent(c.task_id), "data-task": c.task_id }, c.task_id)] : []));
  const L = c.ledger;
  const facts = [["stolen", c.totals.stolen_fen], ["traced_held", c.totals.held_fen], ["cashed_out", c.totals.cashed_out_fen],
    ["spent_at_hubs", c.totals.spent_at_hubs_fen], ["requested", L.requested_fen], ["stopped", L.stopped_fen],
    ["frozen", L.frozen_fen], ["returned", L.returned_fen]];
  document.getElementById("ledger").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, FZ.t(k)), el("dd", { "data-fact": k }, yuan(v))]));
  drawGraph(c.graph);
  document.getElementById("list-changed").textContent = c.list_changed_at
    ? `${FZ.t("list_changed")} ${new Date(c.list_changed_at).toLocaleString("zh-CN")}` : "";
  document.getElementById("freeze-rows").replaceChildren(...c.freeze_list.map((r) => el("tr", {},
    el("td", {}, r.account_id), el("td", {}, r.bank ? FZ.e(r.bank) : "?"), el("td", {}, String(r.hop)), el("td", {}, yuan(r.amount_fen)),
    el("td", {}, el("span", { class: r.action === "freeze" ? "error" : "" }, FZ.e(r.action)),
      r.reason ? el("div", { class: "muted" }, r.reason) : ""))));
  document.getElementById("hold-rows").replaceChildren(...c.holds.map((h) => el("tr", { "data-hold": h.hold_id, "data-state": h.state },
    el("td", {}, h.account_id, h.bank_reason ? el("div", { class: "muted" }, h.bank_reason) : ""), el("td", {}, FZ.e(h.state)),
    el("td", {}, yuan(h.stopped_fen)), el("td", {}, yuan(h.frozen_fen)),
    el("td", {}, FZ.time(h.state === "frozen" ? h.freeze_expires : h.stop_expires)), el("td", { class: "actions" }, holdActions(h)))));
}

document.getElementById("request-stops").addEventListener("click", async () => {
  try {
    await FZ.api(`/v1/cases/${encodeURIComponent(caseId)}/stop-payments`, { method: "POST", body: "{}",
      headers: { "Idempotency-Key": "stop-" + caseId + "-" + Date.now() } });
    await load();
  } catch (err) { say(err.message); }
});
load().catch((err) => say(err.message));
