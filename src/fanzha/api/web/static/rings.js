"use strict";
// The ring list (串并案): most cases first, each row opens the ring page.
FZ.header("rings");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
document.getElementById("page-title").textContent = FZ.t("rings");
const { el } = FZ;
const cell = (key, ...content) => el("td", { "data-label": FZ.t(key) }, ...content);
FZ.api("/v1/rings").then((rings) => {
  document.getElementById("rows").replaceChildren(...rings.map((r) => el("tr", { "data-ring": r.ring_id },
    cell("ring_id", el("a", { href: "ring.html?id=" + encodeURIComponent(r.ring_id) }, r.ring_id)),
    cell("ring_cases", String(r.cases)), cell("ring_accounts", String(r.accounts)),
    cell("ring_phones", String(r.phones)), cell("ring_addresses", String(r.addresses)),
    cell("money_in", yuan(r.money_in_fen)), cell("cashed_out", yuan(r.cashed_out_fen)),
    cell("evidence", r.evidence.filter((k) => k !== "payment").map((k) => FZ.e(k)).join("、")))));
  document.getElementById("message").textContent = rings.length ? "" : FZ.t("no_rings");
}).catch((err) => { document.getElementById("message").textContent = err.message; });
