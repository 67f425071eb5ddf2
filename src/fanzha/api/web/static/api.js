// The one client of the fanzha API: the session's bearer token on every call, a 401 back
// to the login page, errors in the reader's words (by the error table, never the server's
// English detail), and the next page's cursor (X-Next-Cursor) for lists that come in pages.
import { ERRORS, I18N, lang, own, setBanks } from "./i18n.js";

const LOGIN = "/ui/index.html";

// The logged-in user as the server described it at login (token, role, abilities, district).
export const session = () => JSON.parse(sessionStorage.getItem("fz-session") || "null");
export const saveSession = (s) => sessionStorage.setItem("fz-session", JSON.stringify(s));

// Forgets the session and opens the login page.
export function toLogin() {
  sessionStorage.removeItem("fz-session");
  location.href = LOGIN;
}

const authorization = () => {
  const s = session();
  return s ? { Authorization: "Bearer " + s.token } : {};
};

// Bank names, loaded once before any answer reaches a page, so e("bank:icbc") reads 工商银行.
const names = fetch("/v1/reference/names").then((r) => (r.ok ? r.json() : { banks: {} }))
  .then((n) => setBanks(n.banks)).catch(() => null);

// What an error says to the reader: by its code, in the reader's language (ERRORS in
// i18n.js), never the server's English detail; a 422 names the fields it knows.
export function errorText(status, body) {
  const table = ERRORS[lang()] || {};
  const code = (body && body.code) || "";
  const general = status >= 500 ? "server_error" : ({ 401: "login_required", 403: "forbidden",
    404: "not_found", 409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many" }[status] || "bad_request");
  let text = own(table, code) || own(table, general) || own(ERRORS.zh, general);
  const fields = [...new Set((body && body.fields) || [])].map((f) => own(I18N[lang()], f)).filter(Boolean);
  if (fields.length) text += (lang() === "zh" ? "：" : ": ") + fields.join(lang() === "zh" ? "、" : ", ");
  return text;
}

// options.page: answer { body, next } with the next page's cursor (X-Next-Cursor).
// A failure throws an Error whose message a page may show; status, code, body and detail
// (and retryAfter) are for the page's own decisions.
export async function api(path, { page = false, ...options } = {}) {
  const headers = Object.assign({ "Content-Type": "application/json" }, options.headers || {}, authorization());
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
    toLogin();
    throw new Error(errorText(401, null));
  }
  const body = answer.headers.get("content-type")?.includes("json") ? await answer.json() : null;
  if (!answer.ok) {
    const err = new Error(errorText(answer.status, body));
    err.status = answer.status;
    err.body = body;
    err.code = body && body.code;
    err.detail = body && typeof body.detail === "string" ? body.detail : "";
    err.retryAfter = answer.headers.get("Retry-After");  // seconds, on a 429 or 503
    throw err;
  }
  return page ? { body, next: answer.headers.get("X-Next-Cursor") } : body;
}

// Saves an authenticated GET (exports, reports) as a file in the browser.
export async function download(path, filename) {
  const answer = await fetch(path, { headers: authorization() });
  if (!answer.ok) {
    const body = answer.headers.get("content-type")?.includes("json") ? await answer.json() : null;
    throw new Error(errorText(answer.status, body));
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await answer.blob());
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}

// Ends the session on the server too (a copied token must stop working), then logs out here.
export async function logout() {
  await fetch("/v1/auth/logout", { method: "POST", headers: authorization() }).catch(() => null);
  toLogin();
}

// The live stream (GET /v1/stream) with the session's token; live.js reads it.
export const openStream = () => fetch("/v1/stream", { headers: authorization(), cache: "no-store" });
