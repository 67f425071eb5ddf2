// Network patrol: blocklist size and exports, look up an indicator, score a domain feed,
// classify a page, and block what was found.
import { api, download } from "./api.js";
import { el } from "./dom.js";
import { count } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

i18n.addStrings({
  zh: {
    patrol_entries: "拦截名单条目", patrol_segments: "数据段", patrol_lookup: "查询指标",
    patrol_kind: "类型", patrol_value: "域名 / 网址 / App / 号码", patrol_check: "查询",
    patrol_feed: "新域名仿冒评分", patrol_feed_hint: "每行一个新发现的域名",
    patrol_score: "评分", patrol_domain: "域名", patrol_score_col: "仿冒分", patrol_brand: "仿冒对象",
    patrol_reasons: "理由", patrol_action: "处置", patrol_block: "加入拦截", patrol_blocked: "已拦截",
    patrol_not_blocked: "未拦截", patrol_page: "网页研判", patrol_page_hint: "粘贴网页 HTML 或正文",
    patrol_classify: "研判", patrol_verdict: "结论", patrol_rule: "命中规则", patrol_export: "导出",
    patrol_lookalike: "仿冒评分",
  },
  en: {
    patrol_entries: "Blocklist entries", patrol_segments: "segments", patrol_lookup: "Look up",
    patrol_kind: "Kind", patrol_value: "Domain / URL / app / number", patrol_check: "Check",
    patrol_feed: "Score new domains for look-alikes", patrol_feed_hint: "One newly seen domain a line",
    patrol_score: "Score", patrol_domain: "Domain", patrol_score_col: "Score", patrol_brand: "Imitates",
    patrol_reasons: "Reasons", patrol_action: "Action", patrol_block: "Block", patrol_blocked: "Blocked",
    patrol_not_blocked: "Not blocked", patrol_page: "Classify a page", patrol_page_hint: "Paste the page's HTML or text",
    patrol_classify: "Classify", patrol_verdict: "Verdict", patrol_rule: "Rule", patrol_export: "Export",
    patrol_lookalike: "Look-alike score",
  },
}, {
  zh: { domain: "域名", url: "网址", app: "App", phone: "号码", fraud: "诈骗", gambling: "赌博",
        porn_spam: "色情/垃圾", hijacked: "被劫持篡改", benign: "正常" },
  en: { domain: "domain", url: "URL", app: "app", phone: "phone number", fraud: "fraud",
        gambling: "gambling", porn_spam: "porn/spam", hijacked: "hijacked", benign: "benign" },
});

header("patrol");
const kinds = document.getElementById("l-kind");
kinds.append(...["domain", "url", "app", "phone"].map((k) => el("option", { value: k }, i18n.e(k))));
const message = (text) => { document.getElementById("message").textContent = text; };

async function summary() {
  const s = await api("/v1/patrol/summary");
  document.getElementById("kpi-entries").textContent = count(s.entries);
  document.getElementById("segments").textContent = `${s.segments} ${i18n.t("patrol_segments")}`;
}

const EXTENSIONS = { rpz: "zone", hosts: "hosts", stix: "json" };
document.getElementById("exports").append(...Object.entries(EXTENSIONS).map(([f, ext]) =>
  el("button", { type: "button", onclick: () =>
    download(`/v1/patrol/export?format=${f}`, `fanzha-blocklist.${ext}`).catch((err) => message(err.message)) },
  `${i18n.t("patrol_export")} ${f.toUpperCase()}`)));

async function block(kind, value, reason) {
  try {
    await api("/v1/patrol/entries", { method: "POST",
      body: JSON.stringify({ kind, values: [value], reason, typology: "other" }) });
    message(`${i18n.t("patrol_blocked")}: ${value}`);
    await summary();
  } catch (err) { message(err.message); }
}

document.getElementById("lookup-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const kind = kinds.value, value = document.getElementById("l-value").value.trim();
  const r = await api(`/v1/patrol/lookup?kind=${kind}&value=${encodeURIComponent(value)}`);
  const lines = [el("p", { class: r.blocked ? "error" : "ok" }, r.blocked ? i18n.t("patrol_blocked") : i18n.t("patrol_not_blocked"))];
  if (r.rule) lines.push(el("p", {}, `${i18n.t("patrol_rule")}: ${r.rule.value} · ${r.rule.reason || r.rule.source}`));
  if (r.lookalike && r.lookalike.score > 0) lines.push(el("p", {},
    `${i18n.t("patrol_lookalike")}: ${r.lookalike.score} ${r.lookalike.brand} — ${r.lookalike.reasons.join("；")}`));
  if (!r.blocked) lines.push(el("button", { type: "button", onclick: () => block(kind, value, "analyst lookup") }, i18n.t("patrol_block")));
  document.getElementById("lookup-result").replaceChildren(...lines);
});

document.getElementById("domains-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const domains = document.getElementById("d-list").value.split(/\s+/).filter(Boolean);
  const scored = await api("/v1/patrol/domains", { method: "POST", body: JSON.stringify({ domains }) });
  document.getElementById("domain-rows").replaceChildren(...scored.map((s) => el("tr", { "data-domain": s.domain },
    el("td", {}, s.domain), el("td", {}, s.score.toFixed(2)), el("td", {}, s.brand),
    el("td", {}, s.reasons.join("；")),
    el("td", {}, s.score >= 0.5 ? el("button", { type: "button",
      onclick: () => block("domain", s.domain, `look-alike of ${s.brand}`) }, i18n.t("patrol_block")) : ""))));
});

document.getElementById("page-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const v = await api("/v1/patrol/page", { method: "POST",
    body: JSON.stringify({ html: document.getElementById("p-html").value }) });
  document.getElementById("page-result").replaceChildren(
    el("p", { class: v.verdict === "benign" ? "ok" : "error", "data-verdict": v.verdict },
      `${i18n.t("patrol_verdict")}: ${i18n.e(v.verdict)} (${v.score.toFixed(2)})`),
    el("ul", {}, v.reasons.map((r) => el("li", {}, r))));
});
summary();
