import { api } from "./api.js";
import "./cases-strings.js";
import { el } from "./dom.js";
import { when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

header("cases");
api("/v1/cases").then((cases) => {
  const href = (c) => "case.html?id=" + encodeURIComponent(c.case_id);
  document.getElementById("rows").replaceChildren(...cases.map((c) => el("tr", { "data-case": c.case_id },
    el("td", {}, el("a", { href: href(c) }, c.case_id),
      c.closure ? [" ", el("a", { href: c.closure.href, class: "badge state-applied", "data-closed": c.closure.takedown_id }, i18n.t("solved"))] : ""),
    el("td", {}, c.district || ""),
    el("td", {}, when(c.reported)), el("td", {}, yuan(c.loss_fen)), el("td", {}, String(c.holds)),
    el("td", {}, yuan(c.stopped_fen)), el("td", {}, yuan(c.frozen_fen)), el("td", {}, yuan(c.returned_fen)))));
  document.getElementById("message").textContent = cases.length ? "" : i18n.t("no_cases");
}).catch((err) => { document.getElementById("message").textContent = err.message; });
