// The task page's warning orders (预警指令: who sent them, with what deadline) and 移交 (hand
// the task to another district, sub-bureau or station, with a reason). task.js's draw() calls
// drawOrders(task); it wires the handover form once with wireHandover(), handing in how to
// read the task shown, reload it, and word an error (wordError).
import { api, session } from "./api.js";
import { el } from "./dom.js";
import { when } from "./format.js";
import * as i18n from "./i18n.js";

i18n.addStrings({
  zh: {
    orders_of_task: "预警指令来源", order_deadline: "指令时限", order_contact: "指令所列号码",
    handover_title: "移交", handover_to: "移交至", handover_reason: "移交原因", handover_submit: "移交",
    handover_done: "已移交至 {to}，本辖区不再处理此任务。", handover_done_own: "已移交至 {to}。",
    any_station: "（由系统分配派出所）", back_to_queue_now: "返回任务列表",
  },
  en: {
    orders_of_task: "Warning orders", order_deadline: "Order deadline", order_contact: "Number in the order",
    handover_title: "Hand over", handover_to: "Hand over to", handover_reason: "Reason", handover_submit: "Hand over",
    handover_done: "Handed over to {to}; your jurisdiction no longer works this task.", handover_done_own: "Handed over to {to}.",
    any_station: "(station assigned automatically)", back_to_queue_now: "Back to the queue",
  },
});

let jurisdictions = [];
const SOURCE_EN = { national: "National center", province: "Province", city_model: "City model", 110: "110 desk",
  manual: "Made by hand" };
const sourceName = (code, zhName) => (i18n.lang() === "zh" ? zhName : SOURCE_EN[code] || code);

export function drawOrders(t) {
  const orders = t.warnings.filter((w) => w.source);
  document.getElementById("orders-panel").hidden = !orders.length;
  document.getElementById("orders-of-task").replaceChildren(...orders.map((w) => el("li", { "data-order": w.order_id },
    el("strong", {}, sourceName(w.source, w.source_zh)), ` ${w.order_id} · ${when(w.ts)}`,
    w.deadline ? ` · ${i18n.t("order_deadline")} ${when(w.deadline)}` : "",
    w.phone && !(t.person && t.person.phones && t.person.phones.length) ? ` · ${i18n.t("order_contact")} ${w.phone}` : "")));
  const role = (session() || {}).role;
  const may = ["center_analyst", "district_officer", "station_officer"].includes(role) && !["closed"].includes(t.state);
  document.getElementById("handover").hidden = !may;
  if (may && !jurisdictions.length) loadJurisdictions(t);
}

function fillStations(t) {
  const district = document.getElementById("h-district").value;
  const found = jurisdictions.find((j) => j.district === district);
  document.getElementById("h-station").replaceChildren(el("option", { value: "" }, i18n.t("any_station")),
    ...(found ? found.stations : []).map((s) => el("option", { value: s, selected: s === t.station && district === t.district ? "" : null }, s)));
}

async function loadJurisdictions(t) {
  jurisdictions = await api("/v1/districts").catch(() => []);
  document.getElementById("h-district").replaceChildren(...jurisdictions.map((j) =>
    el("option", { value: j.district, selected: j.district === t.district ? "" : null },
      i18n.lang() === "zh" && j.bureau ? j.bureau : j.district)));  // officers hand tasks to a 分局
  fillStations(t);
}

// The handover form: current() is the task shown, reload() draws it afresh.
export function wireHandover({ current, reload, wordError }) {
  document.getElementById("h-district").addEventListener("change", () => fillStations(current()));
  document.getElementById("handover-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.target));
    const body = { district: form.district, reason: form.reason.trim(), expected_version: current().version };
    if (form.station) body.station = form.station;
    const result = document.getElementById("handover-result");
    try {
      const moved = await api(`/v1/tasks/${encodeURIComponent(current().task_id)}/handover`, { method: "POST", body: JSON.stringify(body) });
      const to = [moved.district, moved.station].filter(Boolean).join("·");
      result.className = "ok";
      try {
        await reload();  // a station or district of one's own: still visible
        result.textContent = i18n.t("handover_done_own").replace("{to}", to);
      } catch (err) {  // handed out of one's jurisdiction: the task is no longer shown here
        result.replaceChildren(i18n.t("handover_done").replace("{to}", to), " ",
          el("a", { href: "tasks.html" }, i18n.t("back_to_queue_now")));
        document.querySelectorAll("#actions button, #attempt-form button, #resolve-form button, #stop-submit, #handover-submit")
          .forEach((b) => { b.disabled = true; });
      }
    } catch (err) {
      result.className = "error";
      result.textContent = wordError(err);
    }
  });
}
