// One ring (串并案): money, graph, members (tick to split), merge, evidence, history.
import { api, session } from "./api.js";
import { el } from "./dom.js";
import { when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";
import { drawRingGraph } from "./ring-graph.js";
import "./rings-strings.js";

header("rings");
document.querySelectorAll("[data-p]").forEach((n) => { n.placeholder = i18n.t(n.dataset.p); });
const ringId = new URLSearchParams(location.search).get("id");
const say = (text) => { document.getElementById("message").textContent = text; };
const analyst = session()?.role === "center_analyst";
document.querySelectorAll(".analyst-only").forEach((n) => { n.hidden = !analyst; });
const KINDS = [["cases", "case"], ["accounts", "account"], ["phones", "phone"], ["addresses", "address"]];

function memberRows(members) {
  return KINDS.flatMap(([group, kind]) => members[group].map((value) => {
    const box = el("input", { type: "checkbox", "data-group": group, value, "aria-label": value });
    const shown = kind === "case" ? el("a", { href: "case.html?id=" + encodeURIComponent(value) }, value) : value;
    return el("tr", { "data-member": kind }, el("td", { class: "analyst-only", hidden: !analyst || null }, box),
      el("td", { "data-label": i18n.t("kind") }, i18n.e(kind)), el("td", { "data-label": i18n.t("members") }, shown));
  }));
}

async function post(path, body, done) {
  try {
    const ring = await api(`/v1/rings/${encodeURIComponent(ringId)}/${path}`, { method: "POST", body: JSON.stringify(body) });
    say(done + " " + ring.ring_id);
    if (path === "merge") await load();
    else location.href = "ring.html?id=" + encodeURIComponent(ring.ring_id);
  } catch (err) { say(err.message); }
}

document.getElementById("merge").addEventListener("click", () => {
  const reason = document.getElementById("merge-reason").value.trim();
  const other = document.getElementById("merge-other").value.trim();
  if (!reason || !other) { say(i18n.t("need_reason")); return; }
  post("merge", { other, reason }, i18n.t("done_merge"));
});
document.getElementById("split").addEventListener("click", () => {
  const reason = document.getElementById("split-reason").value.trim();
  const body = { reason, cases: [], accounts: [], phones: [], addresses: [] };
  document.querySelectorAll("#member-rows input:checked").forEach((b) => body[b.dataset.group].push(b.value));
  if (!KINDS.some(([g]) => body[g].length)) { say(i18n.t("need_member")); return; }
  if (!reason) { say(i18n.t("need_reason")); return; }
  post("split", body, i18n.t("done_split"));
});

async function load() {
  const r = await api("/v1/rings/" + encodeURIComponent(ringId));
  document.getElementById("ring-title").textContent = `${i18n.t("ring_id")} ${r.ring_id} · ${i18n.e(r.state)}`
    + (r.merged_into ? ` → ${r.merged_into}` : "");
  document.title = `${r.ring_id} · ${i18n.t("title")}`;
  const facts = [["ring_cases", String(r.cases)], ["ring_accounts", String(r.accounts)], ["ring_phones", String(r.phones)],
    ["ring_addresses", String(r.addresses)], ["money_in", yuan(r.money_in_fen)], ["money_out", yuan(r.money_out_fen)],
    ["cashed_out", yuan(r.cashed_out_fen)]];
  document.getElementById("money").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, i18n.t(k)), el("dd", { "data-fact": k }, v)]));
  drawRingGraph(document.getElementById("graph"), r.graph);
  document.getElementById("member-rows").replaceChildren(...memberRows(r.members));
  const node = (text) => { const [kind, ...rest] = text.split(":"); return `${i18n.e(kind)} ${rest.join(":")}`; };
  document.getElementById("link-rows").replaceChildren(...r.links.filter((l) => l.kind !== "money_flow").slice(0, 300).map((l) =>
    el("tr", { "data-link": l.kind }, el("td", { "data-label": i18n.t("kind") }, i18n.e(l.kind)),
      el("td", { "data-label": i18n.t("source") }, node(l.source)), el("td", { "data-label": i18n.t("target") }, node(l.target)),
      el("td", { "data-label": i18n.t("via") }, l.via ? node(l.via) : ""),
      el("td", { "data-label": i18n.t("events"), class: "small" }, l.events.slice(0, 4).join(" ")))));
  document.getElementById("history").replaceChildren(...r.history.map((h) => el("li", {},
    `${when(h.ts)} · ${h.actor} · ${i18n.e(h.action)}${h.reason ? " · " + h.reason : ""}`)));
}
// Takedowns of this ring (打掉团伙), from the enforcement ledger, and its form to record one.
async function loadTakedowns() {
  const list = await api("/v1/takedowns?ring_id=" + encodeURIComponent(ringId));
  const items = list.items || list;
  document.getElementById("takedowns").replaceChildren(...(items.length ? items.map((t) => el("li", { "data-takedown": t.takedown_id },
    `${t.taken_on} · ${t.district} · 抓获 ${t.suspects_count} 人 · 现金 ${yuan(t.cash_seized_fen)} · 黄金 ${t.gold_grams} 克 · 破获 ${t.cases.length} 起`))
    : [el("li", { class: "muted" }, i18n.t("no_takedowns"))]));
}
load().then(async () => {
  await loadTakedowns().catch(() => {});
  const { mountTakedownForm } = await import("./js/takedown_form.js");
  mountTakedownForm(document.getElementById("takedown-form"), { ringId, onSaved: () => loadTakedowns() });
}).catch((err) => say(err.message));
