// Search results: persons, tasks, cases and accounts matching the header's query.
import { api } from "./api.js";
import { el } from "./dom.js";
import { levelBadge, when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";
import "./task-strings.js";

header("search");
const q = (new URLSearchParams(location.search).get("q") || "").trim();
const $ = (id) => document.getElementById(id);
const none = () => el("li", { class: "muted" }, i18n.t("no_hits"));
const list = (id, items, line) => $(id).replaceChildren(...(items.length ? items.map(line) : [none()]));

async function load() {
  $("search-title").textContent = `${i18n.t("search_results")}：${q}`;
  document.title = `${q} · ${i18n.t("search")} · ${i18n.t("title")}`;
  if (q.length < 2) { $("message").textContent = i18n.t("search_too_short"); return; }
  const r = await api("/v1/search?q=" + encodeURIComponent(q));
  list("persons", r.persons, (p) => el("li", { "data-person": p.person_id },
    el("a", { href: "person.html?id=" + encodeURIComponent(p.person_id) }, p.name || p.person_id),
    el("div", { class: "muted" }, [p.phones.join("，"), p.district, p.address].filter(Boolean).join(" · "))));
  list("tasks", r.tasks, (t) => el("li", { "data-task": t.task_id },
    levelBadge(t.level), " ",
    el("a", { href: "task.html?id=" + encodeURIComponent(t.task_id) }, `${i18n.e(t.typology)} · ${t.task_id}`),
    el("div", { class: "muted" }, `${when(t.created)} · ${i18n.e(t.outcome || t.state)} · ${t.district || ""}`)));
  list("cases", r.cases, (c) => el("li", { "data-case": c.case_id },
    el("a", { href: "case.html?id=" + encodeURIComponent(c.case_id) }, c.case_id),
    el("div", { class: "muted" }, `${when(c.reported)} · ${yuan(c.loss_fen)} · ${c.district || ""}`)));
  list("accounts", r.accounts, (a) => el("li", {}, `${a.account_id} · ${i18n.e(a.bank)}`,
    a.holder ? [" · ", el("a", { href: "person.html?id=" + encodeURIComponent(a.holder) }, i18n.t("person_page"))] : ""));
  const total = r.persons.length + r.tasks.length + r.cases.length + r.accounts.length;
  $("message").textContent = total ? "" : i18n.t("no_hits_here");
}
load().catch((err) => {
  $("message").textContent = err.status === 403 ? i18n.t("forbidden") : err.status === 422 ? i18n.t("search_too_short") : i18n.t("error_generic");
});
