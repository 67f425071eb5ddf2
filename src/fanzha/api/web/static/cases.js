"use strict";
FZ.header("cases");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
document.getElementById("page-title").textContent = FZ.t("cases");
FZ.api("/v1/cases").then((cases) => {
  const href = (c) => "case.html?id=" + encodeURIComponent(c.case_id);
  document.getElementById("rows").replaceChildren(...cases.map((c) => FZ.el("tr", { "data-case": c.case_id },
    FZ.el("td", {}, FZ.el("a", { href: href(c) }, c.case_id),
      c.closure ? [" ", FZ.el("a", { href: c.closure.href, class: "badge state-applied", "data-closed": c.closure.takedown_id }, FZ.t("solved"))] : ""),
    FZ.el("td", {}, c.district || ""),
    FZ.el("td", {}, FZ.time(c.reported)), FZ.el("td", {}, yuan(c.loss_fen)), FZ.el("td", {}, String(c.holds)),
    FZ.el("td", {}, yuan(c.stopped_fen)), FZ.el("td", {}, yuan(c.frozen_fen)), FZ.el("td", {}, yuan(c.returned_fen)))));
  document.getElementById("message").textContent = cases.length ? "" : FZ.t("no_cases");
}).catch((err) => { document.getElementById("message").textContent = err.message; });
