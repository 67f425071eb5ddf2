// Shared by every page: session, API calls, language, header.
"use strict";
const FZ = (() => {
  const lang = () => localStorage.getItem("fz-lang") || "zh";
  // Own keys only: a value from data such as "constructor" is shown as itself, not looked up.
  const own = (table, key) => (table && Object.hasOwn(table, key) ? table[key] : undefined);
  const t = (key) => own(window.FZ_I18N[lang()], key) || own(window.FZ_I18N.en, key) || key;
  const e = (value) => (value == null ? "" : own(window.FZ_ENUMS[lang()], value) || value);
  const session = () => JSON.parse(sessionStorage.getItem("fz-session") || "null");

  // options.page: answer { body, next } with the next page's cursor (X-Next-Cursor).
  async function api(path, { page = false, ...options } = {}) {
    const s = session();
    const headers = Object.assign({ "Content-Type": "application/json" }, options.headers || {});
    if (s) headers.Authorization = "Bearer " + s.token;
    const answer = await fetch(path, Object.assign({}, options, { headers }));
    if (answer.status === 401 && !path.endsWith("/login")) {
      sessionStorage.removeItem("fz-session");
      location.href = "/ui/index.html";
      throw new Error("unauthorised");
    }
    const body = answer.headers.get("content-type")?.includes("json") ? await answer.json() : null;
    if (!answer.ok) {
      const err = new Error((body && body.detail) || answer.statusText);
      err.status = answer.status;
      err.body = body;
      throw err;
    }
    return page ? { body, next: answer.headers.get("X-Next-Cursor") } : body;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
    }
    for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
    return node;
  }

  function header(current) {
    const s = session();
    if (!s) { location.href = "/ui/index.html"; return; }
    document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
    document.title = t(current) + " · " + t("title");
    // One line per page, so a new page is a one-line change; a third item: the roles that see it.
    const pages = [
      ["dashboard", "dashboard.html"],
      ["tasks", "tasks.html"],
      ["cases", "cases.html"],
      ["orders", "orders.html", ["center_analyst", "district_officer"]],
      ["rings", "rings.html", ["center_analyst"]],
      ["measures", "measures.html", ["center_analyst", "district_officer"]],
      ["partners", "partners.html"],
      ["patrol", "patrol.html"],
      ["enforcement", "ledger.html", ["center_analyst", "district_officer", "station_officer", "auditor"]],
      ["reports", "reports.html"],
    ];
    const nav = el("nav", { "aria-label": "main" }, pages
      .filter(([, , roles]) => !roles || roles.includes(s.role))
      .map(([key, href]) => el("a", { href, "aria-current": key === current ? "page" : null }, t(key))));
    const switcher = el("button", { type: "button", onclick: () => {
      localStorage.setItem("fz-lang", lang() === "zh" ? "en" : "zh"); location.reload(); } }, t("language"));
    const out = el("button", { type: "button", onclick: async () => {
      // End the session on the server too: a copied token must stop working.
      await fetch("/v1/auth/logout", { method: "POST", headers: { Authorization: "Bearer " + s.token } })
        .catch(() => null);
      sessionStorage.removeItem("fz-session"); location.href = "/ui/index.html"; } }, t("logout"));
    const who = el("span", { class: "who" }, `${s.user_id} · ${s.district || e("center")}`);
    // Find a person, phone (any 4+ digits), account, case or task from every page.
    const searchers = ["center_analyst", "district_officer", "station_officer"];
    const q = el("input", { type: "search", name: "q", id: "nav-q", minlength: "2", maxlength: "64", required: "",
      placeholder: t("search_placeholder"), "aria-label": t("search"),
      value: current === "search" ? new URLSearchParams(location.search).get("q") || "" : "" });
    const find = searchers.includes(s.role) ? el("form", { class: "nav-search", role: "search", action: "search.html" },
      q, el("button", { type: "submit" }, t("search"))) : "";
    document.body.prepend(el("header", { class: "top" }, el("h1", {}, "反诈 fanzha"), nav, find, who, switcher, out));
    // The tab's one live stream: task changes, red-warning badge and sound, the demo's clock.
    document.body.append(el("script", { src: "live.js" }));
  }

  const time = (iso) => iso ? new Date(iso).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB",
    { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "";

  // Saves an authenticated GET (exports, reports) as a file in the browser.
  async function download(path, filename) {
    const s = session();
    const answer = await fetch(path, { headers: s ? { Authorization: "Bearer " + s.token } : {} });
    if (!answer.ok) throw new Error(answer.statusText);
    const link = el("a", { href: URL.createObjectURL(await answer.blob()), download: filename });
    document.body.append(link);
    link.click();
    link.remove();
  }

  return { api, t, e, el, header, session, lang, time, download };
})();
