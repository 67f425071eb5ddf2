"use strict";
// The login page (kept out of index.html: the Content-Security-Policy allows no inline script).
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
document.getElementById("subtitle").textContent = FZ.t("title");
document.documentElement.lang = FZ.lang() === "zh" ? "zh-CN" : "en";
const langButton = document.getElementById("lang");
langButton.textContent = FZ.t("language");
langButton.addEventListener("click", () => {
  localStorage.setItem("fz-lang", FZ.lang() === "zh" ? "en" : "zh"); location.reload();
});
document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const s = await FZ.api("/v1/auth/login", { method: "POST", body: JSON.stringify(Object.fromEntries(form)) });
    sessionStorage.setItem("fz-session", JSON.stringify(s));
    location.href = "/ui/dashboard.html";
  } catch (err) {
    // A lockout (429) or a busy server (503) says in its own words when to try again.
    const told = (err.status === 429 || err.status === 503) && err.message;
    document.getElementById("login-error").textContent = told || FZ.t("login_failed");
  }
});
