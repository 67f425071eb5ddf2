// Shared by every page: session, API calls, language, header.
"use strict";
const FZ = (() => {
  const lang = () => localStorage.getItem("fz-lang") || "zh";
  // Own keys only: a value from data such as "constructor" is shown as itself, not looked up.
  const own = (table, key) => (table && Object.hasOwn(table, key) ? table[key] : undefined);
  const t = (key) => own(window.FZ_I18N[lang()], key) || own(window.FZ_I18N.en, key) || key;
  // Banks by their short names (工商银行), loaded once from the server's table before
  // any answer reaches a page; "bank:icbc" reads as the bank too.
  const banks = {};
  const bank = (id) => (own(banks, id) || {})[lang()];
  const e = (value) => {
    if (value == null) return "";
    const text = String(value);
    return own(window.FZ_ENUMS[lang()], text) || bank(text)
      || (text.startsWith("bank:") && bank(text.slice(5))) || text;
  };
  const session = () => JSON.parse(sessionStorage.getItem("fz-session") || "null");
  const names = fetch("/v1/reference/names").then((r) => (r.ok ? r.json() : { banks: {} }))
    .then((n) => Object.assign(banks, n.banks)).catch(() => null);

  // What an error says to the reader: by its code, in the reader's language (FZ_ERRORS in
  // i18n.js), never the server's English detail; a 422 names the fields it knows.
  function errorText(status, body) {
    const table = window.FZ_ERRORS[lang()] || {};
    const code = (body && body.code) || "";
    const general = status >= 500 ? "server_error" : ({ 401: "login_required", 403: "forbidden",
      404: "not_found", 409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many" }[status] || "bad_request");
    let text = own(table, code) || own(table, general) || own(window.FZ_ERRORS.zh, general);
    const fields = [...new Set((body && body.fields) || [])].map((f) => own(window.FZ_I18N[lang()], f)).filter(Boolean);
    if (fields.length) text += (lang() === "zh" ? "：" : ": ") + fields.join(lang() === "zh" ? "、" : ", ");
    return text;
  }

  // options.page: answer { body, next } with the next page's cursor (X-Next-Cursor).
  async function api(path, { page = false, ...options } = {}) {
    const s = session();
    const headers = Object.assign({ "Content-Type": "application/json" }, options.headers || {});
    if (s) headers.Authorization = "Bearer " + s.token;
    await names;
    let answer;
    try {
      answer = await fetch(path, Object.assign({}, options, { headers }));
    } catch (cause) {
      const err = new Error(errorText(0, { code: "network" }));
      err.status = 0;
      throw err;
    }
    if (answer.status === 401 && !path.endsWith("/login")) {
      sessionStorage.removeItem("fz-session");
      location.href = "/ui/index.html";
      throw new Error(errorText(401, null));
    }
    const body = answer.headers.get("content-type")?.includes("json") ? await answer.json() : null;
    if (!answer.ok) {
      // message: what a page may show; detail and code: for the page's own decisions.
      const err = new Error(errorText(answer.status, body));
      err.status = answer.status;
      err.body = body;
      err.code = body && body.code;
      err.detail = body && typeof body.detail === "string" ? body.detail : "";
      throw err;
    }
    return page ? { body, next: answer.headers.get("X-Next-Cursor") } : body;
  }

  // Sentences the server writes in both languages, "中文 / English": the reader's half.
  const said = (text) => {
    const [zh, en] = String(text ?? "").split(" / ");
    return lang() === "zh" ? zh : en || zh;
  };

  // A data source such as "bank:icbc" or "platform:didi": its kind, then the bank's short
  // name or the name given (a partner's own name), else its id.
  const source = (text, name) => {
    const [kind, id] = String(text ?? "").split(":");
    if (id === undefined) return e(kind);
    return `${e(kind)}${lang() === "zh" ? "：" : ": "}${bank(id) || name || id}`;
  };

  // The pages and actions of the logged-in role, as the server listed them at login.
  const may = (ability) => ((session() || {}).abilities || []).includes(ability);

  // A page the role may not open says so in words and shows none of its forms.
  function refuse(current) {
    const main = document.querySelector("main");
    const role = e((session() || {}).role);
    main.replaceChildren(el("section", { class: "panel denied", role: "alert" },
      el("h2", {}, t("denied_title")),
      el("p", {}, t("denied_body").replace("{role}", role).replace("{page}", t(current))),
      el("a", { href: "dashboard.html" }, t("back_home"))));
    window.addEventListener("error", (event) => { if (event.error === REFUSED) event.preventDefault(); });
    throw REFUSED;
  }
  const REFUSED = new Error("page refused for this role");

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
    // A session from before abilities were listed cannot shape the page: log in again.
    if (!s || !Array.isArray(s.abilities)) {
      sessionStorage.removeItem("fz-session"); location.href = "/ui/index.html"; throw REFUSED;
    }
    document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
    document.title = t(current) + " · " + t("title");
    // One line per page, so a new page is a one-line change; the role sees it if its
    // abilities (from the server, at login) name the page.
    const pages = [
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
    const nav = el("nav", { "aria-label": t("menu") }, pages
      .filter(([key]) => may(key))
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
    const q = el("input", { type: "search", name: "q", id: "nav-q", minlength: "2", maxlength: "64", required: "",
      placeholder: t("search_placeholder"), "aria-label": t("search"),
      value: current === "search" ? new URLSearchParams(location.search).get("q") || "" : "" });
    const find = may("search") ? el("form", { class: "nav-search", role: "search", action: "search.html" },
      q, el("button", { type: "submit" }, t("search"))) : "";
    document.body.prepend(el("header", { class: "top" }, el("h1", {}, "反诈 fanzha"), nav, find, who, switcher, out));
    // The tab's one live stream: task changes, red-warning badge and sound, the demo's clock.
    document.body.append(el("script", { src: "live.js" }));
    // Labels a page gives only to screen readers, in the reader's language too.
    document.querySelectorAll("[data-t-label]").forEach((n) => n.setAttribute("aria-label", t(n.dataset.tLabel)));
    // Parts of a page for one ability (data-needs="task_work") stay hidden from other roles.
    document.querySelectorAll("[data-needs]").forEach((n) => { if (!may(n.dataset.needs)) n.hidden = true; });
    if (!may(current)) refuse(current);
  }

  const time = (iso) => iso ? new Date(iso).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB",
    { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "";

  // Saves an authenticated GET (exports, reports) as a file in the browser.
  async function download(path, filename) {
    const s = session();
    const answer = await fetch(path, { headers: s ? { Authorization: "Bearer " + s.token } : {} });
    if (!answer.ok) {
      const body = answer.headers.get("content-type")?.includes("json") ? await answer.json() : null;
      throw new Error(errorText(answer.status, body));
    }
    const link = el("a", { href: URL.createObjectURL(await answer.blob()), download: filename });
    document.body.append(link);
    link.click();
    link.remove();
  }

  return { api, t, e, el, header, session, lang, time, download, may, errorText, bank, said, source };
})();
