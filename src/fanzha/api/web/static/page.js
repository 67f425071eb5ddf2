// The frame of every signed-in page: the header with the menu the role may open (its
// abilities, from the server at login via /v1/me), the search box, language and logout;
// the page's static labels; the live stream; and a refusal in words for a page the role
// may not use. A page module calls header("tasks") first, then draws.
import { logout, session, toLogin } from "./api.js";
import { el } from "./dom.js";
import { e, lang, t, translate } from "./i18n.js";
import { startLive } from "./live.js";

// One line per page, so a new page is a one-line change; the role sees it if its
// abilities name the page.
const PAGES = [
  ["dashboard", "dashboard.html"],
  ["tasks", "tasks.html"],
  ["cases", "cases.html"],
  ["orders", "orders.html"],
  ["rings", "rings.html"],
  ["measures", "measures.html"],
  ["partners", "partners.html"],
  ["patrol", "patrol.html"],
  ["enforcement", "ledger.html"],
  ["communities", "communities.html"],
  ["reports", "reports.html"],
  ["audit", "audit.html"],
];

// The pages and actions of the logged-in role, as the server listed them at login.
export const may = (ability) => ((session() || {}).abilities || []).includes(ability);

const REFUSED = new Error("page refused for this role");

// A page the role may not open says so in words and shows none of its forms.
export function refuse(current) {
  const main = document.querySelector("main");
  const role = e((session() || {}).role);
  main.replaceChildren(el("section", { class: "panel denied", role: "alert" },
    el("h2", {}, t("denied_title")),
    el("p", {}, t("denied_body").replace("{role}", role).replace("{page}", t(current))),
    el("a", { href: "dashboard.html" }, t("back_home"))));
  window.addEventListener("error", (event) => { if (event.error === REFUSED) event.preventDefault(); });
  throw REFUSED;
}

// The <html lang> of the reader's language.
export const setLang = () => { document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en"; };

// The button that switches the interface language (and reloads the page in it).
export const languageButton = (button = el("button", { type: "button" })) => {
  button.textContent = t("language");
  button.addEventListener("click", () => { localStorage.setItem("fz-lang", lang() === "zh" ? "en" : "zh"); location.reload(); });
  return button;
};

export function header(current) {
  const s = session();
  // A session from before abilities were listed cannot shape the page: log in again.
  if (!s || !Array.isArray(s.abilities)) { toLogin(); throw REFUSED; }
  setLang();
  document.title = t(current) + " · " + t("title");
  const nav = el("nav", { "aria-label": t("menu") }, PAGES
    .filter(([key]) => may(key))
    .map(([key, href]) => el("a", { href, "aria-current": key === current ? "page" : null }, t(key))));
  const out = el("button", { type: "button", onclick: logout }, t("logout"));
  const who = el("span", { class: "who" }, `${s.user_id} · ${s.district || e("center")}`);
  // Find a person, phone (any 4+ digits), account, case or task from every page.
  const q = el("input", { type: "search", name: "q", id: "nav-q", minlength: "2", maxlength: "64", required: "",
    placeholder: t("search_placeholder"), "aria-label": t("search"),
    value: current === "search" ? new URLSearchParams(location.search).get("q") || "" : "" });
  const find = may("search") ? el("form", { class: "nav-search", role: "search", action: "search.html" },
    q, el("button", { type: "submit" }, t("search"))) : "";
  const top = el("header", { class: "top" }, el("h1", {}, "反诈 fanzha"), nav, find, who, languageButton(), out);
  document.body.prepend(top);
  // The tab's one live stream: task changes, red-warning badge and sound, the demo's clock.
  startLive(top);
  // The page's own words: its data-t labels, its title, and labels only screen readers hear.
  translate();
  const title = document.getElementById("page-title");
  if (title && !title.textContent.trim()) title.textContent = t(current);
  document.querySelectorAll("[data-t-label]").forEach((n) => n.setAttribute("aria-label", t(n.dataset.tLabel)));
  // Parts of a page for one ability (data-needs="task_work") stay hidden from other roles.
  document.querySelectorAll("[data-needs]").forEach((n) => { if (!may(n.dataset.needs)) n.hidden = true; });
  if (!may(current)) refuse(current);
}
