// The person page: who, how to reach them, every warning and task, accounts, cases, outcomes.
import { api } from "./api.js";
import { el } from "./dom.js";
import { levelBadge, when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";
import "./task-strings.js";

header("search");
const personId = new URLSearchParams(location.search).get("id");
const zh = i18n.lang() === "zh";
const $ = (id) => document.getElementById(id);
const none = () => el("li", { class: "muted" }, i18n.t("no_hits"));
const list = (id, items, line) => $(id).replaceChildren(...(items.length ? items.map(line) : [none()]));
const dl = (id, pairs) => $(id).replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "—")]));

async function load() {
  const r = await api("/v1/persons/" + encodeURIComponent(personId));
  const p = r.person;
  $("person-title").textContent = `${i18n.t("person_page")} · ${p.name || personId}`;
  document.title = `${p.name || personId} · ${i18n.t("title")}`;
  const phones = (p.phones || []).map((n) => (n.includes("*") ? n : el("a", { href: "tel:" + n, class: "tel" }, n)));
  dl("who", [["ID", personId], [i18n.t("name"), p.name], [i18n.t("contacts"), phones.length ? el("span", {}, ...phones) : "—"],
    [i18n.t("district"), p.district], [i18n.t("address"), p.address], [i18n.t("tags"), (p.tags || []).join("；") || "—"]]);
  const outcomes = Object.entries(r.outcomes);
  dl("outcomes", outcomes.length ? outcomes.map(([k, n]) => [i18n.e(k), String(n)]) : [[i18n.t("outcome"), "—"]]);
  list("accounts", r.accounts, (a) => el("li", {}, `${a.account_id} · ${i18n.e(a.bank)}`));
  list("warnings", r.warnings, (w) => el("li", { "data-warning": w.warning_id },
    levelBadge(w.level), " ", el("strong", {}, i18n.e(w.typology)), " ",
    el("span", { class: "muted" }, when(w.ts)),
    w.amount_at_risk_fen != null ? el("span", { class: "money" }, ` ${yuan(w.amount_at_risk_fen)}`) : "",
    el("ul", {}, (zh ? w.reasons_zh : w.reasons_en).map((x) => el("li", {}, x)))));
  list("tasks", r.tasks, (t) => el("li", { "data-task": t.task_id },
    el("a", { href: "task.html?id=" + encodeURIComponent(t.task_id) }, `${i18n.e(t.typology)} · ${t.task_id}`),
    el("div", { class: "muted" }, `${when(t.created)} · ${i18n.e(t.outcome || t.state)}`)));
  list("cases", r.cases, (c) => el("li", { "data-case": c.case_id },
    el("a", { href: "case.html?id=" + encodeURIComponent(c.case_id) }, c.case_id),
    el("div", { class: "muted" }, `${when(c.reported)} · ${yuan(c.loss_fen)}`)));
}
load().catch((err) => {
  $("message").textContent = err.status === 404 ? i18n.t("person_not_found") : err.status === 403 ? i18n.t("forbidden") : i18n.t("error_generic");
});
