// The ring list (串并案): most cases first, each row opens the ring page.
import { api } from "./api.js";
import { el } from "./dom.js";
import { yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";
import "./rings-strings.js";

header("rings");
const cell = (key, ...content) => el("td", { "data-label": i18n.t(key) }, ...content);
api("/v1/rings").then((rings) => {
  document.getElementById("rows").replaceChildren(...rings.map((r) => el("tr", { "data-ring": r.ring_id },
    cell("ring_id", el("a", { href: "ring.html?id=" + encodeURIComponent(r.ring_id) }, r.ring_id)),
    cell("ring_cases", String(r.cases)), cell("ring_accounts", String(r.accounts)),
    cell("ring_phones", String(r.phones)), cell("ring_addresses", String(r.addresses)),
    cell("money_in", yuan(r.money_in_fen)), cell("cashed_out", yuan(r.cashed_out_fen)),
    cell("evidence", r.evidence.filter((k) => k !== "payment").map((k) => i18n.e(k)).join("、")))));
  document.getElementById("message").textContent = rings.length ? "" : i18n.t("no_rings");
}).catch((err) => { document.getElementById("message").textContent = err.message; });
