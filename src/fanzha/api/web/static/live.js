// One live stream per tab (GET /v1/stream), started by header() (page.js) on every page.
// It tells the page of task changes ("fz-task"), figures ("fz-summary"), and a missed
// stretch ("fz-resync": reload what you show); it keeps the red-warning badge, the
// title count and the alarm sound (WebAudio, no file), and in a demo the simulated clock.
// <body data-live="connected|lost"> tells tests and styles whether the stream is up.
import { openStream, session, toLogin } from "./api.js";
import { el } from "./dom.js";
import { clockTime } from "./format.js";
import { addStrings, t } from "./i18n.js";

addStrings({
  zh: { red_alerts: "新红色预警", mute: "静音", unmute: "取消静音", sim_time: "模拟时间",
        live_lost: "实时连接中断，正在重连…", red_alert_title: "新红色预警，点击查看" },
  en: { red_alerts: "New red warnings", mute: "Mute", unmute: "Unmute", sim_time: "Simulated time",
        live_lost: "Live connection lost, reconnecting…", red_alert_title: "New red warnings: open the queue" },
});
const RED_KEY = "fz-red-alerts", MUTE_KEY = "fz-mute";
let clock = null;  // {server: ms, at: performance.now(), speed}
let failures = 0, connected = false, everConnected = false, started = false;
const muted = () => localStorage.getItem(MUTE_KEY) === "1";
const redCount = () => Number(sessionStorage.getItem(RED_KEY) || 0);

// Server time, moving at the replay's speed in a demo; the browser's own otherwise.
export function now() {
  if (!clock) return Date.now();
  return clock.server + (performance.now() - clock.at) * (clock.speed || 1);
}
export const speed = () => (clock && clock.speed) || null;

// --- header: badge, mute, simulated clock ------------------------------------------
const badge = el("a", { href: "tasks.html?level=high", class: "red-alerts", id: "red-alerts",
  title: t("red_alert_title"), "aria-live": "polite", hidden: "" });
badge.addEventListener("click", () => { sessionStorage.setItem(RED_KEY, "0"); });
const mute = el("button", { type: "button", class: "mute", id: "mute", "aria-pressed": String(muted()) });
const simClock = el("span", { class: "sim-clock", id: "sim-clock", hidden: "" });
const lost = el("span", { class: "live-lost", id: "live-lost", role: "status", hidden: "" });
function drawMute() {
  mute.textContent = muted() ? t("unmute") : t("mute");  // no emoji font on the intranet
  mute.setAttribute("aria-pressed", String(muted()));
}
mute.addEventListener("click", () => { localStorage.setItem(MUTE_KEY, muted() ? "0" : "1"); drawMute(); });
drawMute();

function drawBadge() {
  const n = redCount();
  badge.hidden = n === 0;
  badge.textContent = `● ${t("red_alerts")} ${n}`;
  const base = document.title.replace(/^\(\d+\) /, "");
  document.title = n ? `(${n}) ${base}` : base;
}

function drawClock() {
  if (!speed()) { simClock.hidden = true; return; }
  simClock.hidden = false;
  const at = clockTime(now());
  simClock.textContent = `${t("sim_time")} ${at} · ${speed()}×`;
}

// --- sound: two short tones, made here; browsers allow audio after a first gesture ---
let audio = null;
const unlock = () => {
  audio ||= new (window.AudioContext || window.webkitAudioContext)();
  if (audio.state === "suspended") audio.resume();
};
function alarm() {
  if (muted() || !audio || audio.state !== "running") return;
  const t0 = audio.currentTime;
  [[880, 0], [660, 0.22], [880, 0.44]].forEach(([hz, dt]) => {
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, t0 + dt);
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + dt + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + dt + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0 + dt); osc.stop(t0 + dt + 0.21);
  });
}

// --- the stream ---------------------------------------------------------------------
function handle(kind, data) {
  if (kind === "clock") {
    clock = { server: Date.parse(data.now), at: performance.now(), speed: data.speed };
    drawClock();
  } else if (kind === "task" && data.red) {
    sessionStorage.setItem(RED_KEY, String(redCount() + 1));
    drawBadge();
    alarm();
  }
  window.dispatchEvent(new CustomEvent("fz-" + kind, { detail: data }));
}

function setConnected(on) {
  connected = on;
  document.body.dataset.live = on ? "connected" : "lost";
  lost.hidden = on || !everConnected;
  lost.textContent = on ? "" : t("live_lost");
  window.dispatchEvent(new CustomEvent("fz-live", { detail: { on } }));
}

async function connect() {
  if (!session()) return;
  try {
    const answer = await openStream();
    if (answer.status === 401) { toLogin(); return; }
    if (!answer.ok || !answer.body) throw new Error(answer.statusText);
    const reconnected = everConnected;
    everConnected = true;
    failures = 0;
    setConnected(true);
    if (reconnected) window.dispatchEvent(new CustomEvent("fz-resync", { detail: {} }));
    const reader = answer.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const chunk = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        const lines = chunk.split("\n");
        const kind = (lines.find((l) => l.startsWith("event: ")) || "").slice(7);
        const data = lines.find((l) => l.startsWith("data: "));
        if (kind && data) handle(kind, JSON.parse(data.slice(6)));
      }
    }
  } catch (err) { /* reconnect below */ }
  setConnected(false);
  failures += 1;  // 1 s, 2 s, 4 s … at most 30 s, with jitter so tabs do not return at once
  const wait = Math.min(30000, 1000 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
  setTimeout(connect, wait);
}
// Whether the stream is up now (the page shows "reconnecting" while it is not).
export const isConnected = () => connected;

// Puts the badge, mute button and clock into the page's header and opens the stream; once
// per tab (a second call does nothing).
export function startLive(top) {
  if (started) return;
  started = true;
  top.querySelector(".who")?.before(simClock, badge, mute, lost);
  setInterval(() => { drawClock(); drawBadge(); }, 1000);
  document.addEventListener("pointerdown", unlock, { once: true });
  document.addEventListener("keydown", unlock, { once: true });
  drawBadge();
  connect();
}
