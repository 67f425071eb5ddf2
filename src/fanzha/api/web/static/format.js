// How every page writes money, dates, durations and levels: one place, so a sum or a date
// reads the same on the task, the case, the ledger and the reports.
import { el } from "./dom.js";
import { addStrings, lang, locale, t } from "./i18n.js";

addStrings({
  zh: { hours: "小时", minutes: "分钟", seconds: "秒" },
  en: { hours: "h", minutes: "min", seconds: "s" },
});

const grouped = (n) => n.toLocaleString("zh-CN");

// Integer fen as yuan, exact to the fen: ¥1,234,567.89. Whole yuan and fen are split with
// integer arithmetic, so a sum of millions of yuan never shows a floating-point error.
export function yuan(fen) {
  const n = Math.round(Number(fen) || 0);
  const abs = Math.abs(n);
  const cents = String(abs % 100).padStart(2, "0");
  return `¥${n < 0 ? "-" : ""}${grouped(Math.floor(abs / 100))}.${cents}`;
}

// Fen as the yuan an officer types into a form box (1234.56, no ¥, no separators): a
// recorded sum shown again for correction reads back to the same fen.
export function yuanInput(fen) {
  const n = Math.round(Number(fen) || 0), abs = Math.abs(n);
  return `${n < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

// Money on a picture, where room is short (graph boxes and edges): ¥8,500, ¥4.5万, ¥1.2亿 in
// Chinese, the exact sum in English (no 万 there); tooltips and tables keep yuan().
export function yuanShort(fen) {
  if (lang() !== "zh") return yuan(fen);
  const y = (Number(fen) || 0) / 100;
  const f = (v) => v.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  return "¥" + (Math.abs(y) >= 1e8 ? f(y / 1e8) + "亿" : Math.abs(y) >= 1e4 ? f(y / 1e4) + "万" : f(y));
}

// A count with separators (12,345), the same in both languages.
export const count = (n) => grouped(Number(n) || 0);

// A moment with its year: a freeze runs six months and a case is read a year later.
// { seconds: true } for the audit trail, where the order within a minute matters.
export function when(iso, { seconds = false } = {}) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(locale(), { year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}) });
}

// A day with its year and no time (a measure's expiry): 2025/03/02; "—" when there is none.
export const day = (iso) => (iso ? new Date(iso).toLocaleDateString(locale(), { year: "numeric", month: "2-digit", day: "2-digit" }) : "—");

// Today on the officer's calendar (local time, not UTC) as a date input wants it: 2025-03-02.
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// The time on a running clock (the demo's simulated time): today's date, to the second.
export const clockTime = (ms) => new Date(ms).toLocaleString(locale(),
  { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });

// A span of time for a countdown: 2小时5分钟, or 4分钟30秒 under an hour.
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const parts = h ? [h + t("hours"), m + t("minutes")] : [m + t("minutes"), sec + t("seconds")];
  return parts.join(lang() === "zh" ? "" : " ");
}

// A warning's level is a word (high, medium, low); its colour is display only and is
// chosen here, nowhere else (style.css colours .level-*).
const LEVEL_CLASS = { high: "level-high", medium: "level-medium", low: "level-low", none: "level-none" };
export const levelClass = (level) => LEVEL_CLASS[level] || "";

// The level as a badge: its word in the reader's language, coloured by levelClass.
export const levelBadge = (level) => el("span", { class: `badge ${levelClass(level)}`.trim() }, t(level));
