// 审计: the trail, newest first, filtered and paged by the server; 校验 runs the same
// chain check as `fanzha audit verify` (GET /v1/audit/verify).
import { api } from "./api.js";
import "./audit-strings.js";
import { el } from "./dom.js";
import { when } from "./format.js";
import * as i18n from "./i18n.js";
import { header, may } from "./page.js";

header("audit");
const $ = (id) => document.getElementById(id);
const say = (text) => { $("message").textContent = text; };
const PAGE = matchMedia("(max-width: 700px)").matches ? 20 : 50;
const label = (key) => ({ "data-label": i18n.t(key) });
let offset = 0;
const ACTIONS = ["view", "search", "create", "denied", "login", "login_failed", "login_locked", "logout", "sign",
  "attempt", "escalate", "stop_payment", "resolve", "follow_up", "close", "hold", "stop_request", "export",
  "restrict", "requeue", "rotate_key"];
$("f-action").append(...ACTIONS.map((a) => el("option", { value: a }, i18n.e(a))));

const day = (id, next) => {
  const v = $(id).value;
  if (!v) return null;
  const d = new Date(v + "T00:00:00");
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
};
// The audit trail to the second: the order of entries within a minute matters.
const stamp = (iso) => when(iso, { seconds: true });
// An object id such as "user:qk" reads with its kind in words; "*" is every object.
const objectId = (id) => {
  if (id === "*") return i18n.t("any");
  const [kind, rest] = id.split(/:(.*)/s);
  return rest === undefined || !Object.hasOwn(i18n.ENUMS.zh, kind) ? id : `${i18n.e(kind)}:${rest === "*" ? i18n.t("any") : rest}`;
};
// The system's own users are named; a person's user id is shown as it is.
const SYSTEM_USERS = new Set(["system", "sim-officer", "cli:rings"]);
const userName = (id) => (SYSTEM_USERS.has(id) ? i18n.e(id) : id);

async function load() {
  const q = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  for (const [name, id] of [["user_id", "f-user"], ["action", "f-action"], ["object_id", "f-object"]]) {
    const v = $(id).value.trim();
    if (v) q.set(name, v);
  }
  const since = day("f-since", false), until = day("f-until", true);
  if (since) q.set("since", since);
  if (until) q.set("until", until);
  const page = await api("/v1/audit/page?" + q);
  $("rows").replaceChildren(...(page.entries.length ? page.entries.map((a) => el("tr", { "data-seq": String(a.seq) },
    el("td", label("au_seq"), String(a.seq)), el("td", label("au_time"), stamp(a.ts)),
    el("td", label("au_user"), userName(a.user_id)), el("td", label("au_role"), i18n.e(a.role)),
    el("td", label("au_action"), i18n.e(a.action)), el("td", label("au_object"), i18n.e(a.object_type)),
    el("td", label("au_object_id"), objectId(a.object_id)))) :
    [el("tr", {}, el("td", { colspan: "7", class: "muted" }, i18n.t("au_none")))]));
  const to = Math.min(page.offset + page.entries.length, page.total);
  $("page-info").textContent = i18n.t("au_page").replace("{from}", String(page.total ? page.offset + 1 : 0))
    .replace("{to}", String(to)).replace("{total}", String(page.total));
  $("prev").disabled = page.offset === 0;
  $("next").disabled = to >= page.total;
}

$("filters").addEventListener("submit", (event) => { event.preventDefault(); offset = 0; load().catch((err) => say(err.message)); });
$("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); load().catch((err) => say(err.message)); });
$("next").addEventListener("click", () => { offset += PAGE; load().catch((err) => say(err.message)); });
$("verify").addEventListener("click", async () => {
  const out = $("verify-result");
  out.className = "";
  out.textContent = i18n.t("au_checking");
  try {
    const v = await api("/v1/audit/verify");
    out.className = v.intact ? "status-ok" : "status-bad";
    if (v.intact) out.textContent = i18n.t("au_intact").replace("{n}", String(v.entries));
    else {
      const head = v.broken_at ? i18n.t("au_broken").replace("{seq}", String(v.broken_at)) : i18n.t("au_broken_whole");
      // The reason comes from the chain check in both languages.
      out.textContent = head + " " + ((i18n.lang() === "zh" ? v.reason_zh : v.reason) || "");
    }
  } catch (err) { out.textContent = err.message; }
});
if (!may("audit_verify")) $("verify").remove();
load().catch((err) => say(err.message));
