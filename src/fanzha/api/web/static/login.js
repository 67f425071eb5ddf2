// The login page (kept out of index.html: the Content-Security-Policy allows no inline script).
import { api, saveSession } from "./api.js";
import { t, translate } from "./i18n.js";
import { languageButton, setLang } from "./page.js";

translate();
document.getElementById("subtitle").textContent = t("title");
setLang();
languageButton(document.getElementById("lang"));
document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    saveSession(await api("/v1/auth/login", { method: "POST", body: JSON.stringify(Object.fromEntries(form)) }));
    location.href = "/ui/dashboard.html";
  } catch (err) {
    // A lockout (429) or a busy server (503) says in its own words when to try again.
    const told = (err.status === 429 || err.status === 503) && err.message;
    document.getElementById("login-error").textContent = told || t("login_failed");
  }
});
