// 打掉团伙登记: the takedown form, an ES module any page can mount for a ring.
//
//   import { mountTakedownForm } from "./js/takedown_form.js";
//   mountTakedownForm(document.getElementById("takedown"), { ringId, onSaved });
//
// With ``ringId`` the form records for that ring (the ring page); without it the ring id is
// a field (the ledger page). With ``current`` (a takedown as GET /v1/takedowns/{id} gives it)
// it corrects that takedown instead: a new version, with a reason. Suspects and frozen
// accounts are shown masked, so a correction leaves them as recorded.
import { api, session as currentSession } from "../api.js";
import { el } from "../dom.js";
import { today, yuanInput } from "../format.js";
import { explain, lines, newKey, yuanToFen } from "./ledger_errors.js";

const LABELS = {
  ring_id: "团伙编号", taken_on: "打掉日期", district: "辖区", unit: "办案单位", suspects_count: "抓获人数",
  suspects: "嫌疑人", name: "嫌疑人姓名", id_number: "身份证号", cash_seized_fen: "缴获现金（元）",
  gold_grams: "追回黄金（克）", accounts_frozen: "冻结账户", case_ids: "破获案件编号", note: "备注",
  reason: "更正理由",
};
const RECORDERS = ["center_analyst", "district_officer"];
let mounted = 0;

// "赵建国 420104198001011234" a line → {name, id_number}.
function suspects(text) {
  return String(text).split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const [name, id] = line.split(/\s+/);
    return id ? { name, id_number: id } : { name };
  });
}

export function mountTakedownForm(element, { ringId = null, current = null, onSaved = () => {}, onCancel = null } = {}) {
  const session = currentSession() || {};
  const n = ++mounted;
  const id = (name) => `td${n}-${name}`;
  if (!RECORDERS.includes(session.role)) {
    element.replaceChildren(el("p", { class: "muted" }, "打掉团伙由市中心或分局民警登记。"));
    return null;
  }
  const field = (name, control, wide = false) => el("label", { for: id(name), class: wide ? "full" : "" },
    el("span", {}, LABELS[name]), control);
  const input = (name, attrs = {}) => el("input", { id: id(name), name, ...attrs });
  const area = (name, placeholder) => el("textarea", { id: id(name), name, rows: "2", placeholder });
  const status = el("p", { role: "status", class: "muted", "data-role": "takedown-status" });
  if (current) ringId = null;  // a correction may fix the ring id too
  const personal = current
    ? [el("p", { class: "muted full" }, `嫌疑人 ${current.suspects.length} 名、冻结账户 ${current.accounts_frozen.length} 个保持不变。`)]
    : [field("suspects", area("suspects", "每行一人：姓名 身份证号（身份证号可不填）"), true),
      field("accounts_frozen", area("accounts_frozen", "每行或用逗号分隔一个账号"), true)];
  const fields = [
    ringId ? el("p", {}, `团伙编号：${ringId}`) : field("ring_id", input("ring_id", { required: "", size: "14",
      pattern: "[A-Za-z0-9_.:\\-]{1,128}", placeholder: "如 R-2025-007" })),
    field("taken_on", input("taken_on", { type: "date", required: "", value: today(), max: today() })),
    session.role === "center_analyst"
      ? field("district", input("district", { required: "", size: "8", placeholder: "如 硚口区" }))
      : el("p", {}, `辖区：${session.district || ""}`),
    field("unit", input("unit", { required: "", size: "18", maxlength: "200", placeholder: "如 硚口分局刑侦大队" })),
    field("suspects_count", input("suspects_count", { type: "number", min: "0", step: "1", required: "", value: "0", size: "5" })),
    field("cash_seized_fen", input("cash_seized_fen", { inputmode: "decimal", size: "12", placeholder: "0.00" })),
    field("gold_grams", input("gold_grams", { inputmode: "decimal", size: "10", placeholder: "0.000" })),
    ...personal,
    field("case_ids", area("case_ids", "本次打掉破获的案件编号，用逗号分隔"), true),
    field("note", input("note", { maxlength: "2000", size: "30" }), true),
    current ? field("reason", input("reason", { required: "", maxlength: "2000", size: "30" }), true) : "",
  ];
  const buttons = [el("button", { class: "primary", type: "submit" }, current ? "保存更正" : "登记打掉"),
    onCancel ? el("button", { class: "action secondary", type: "button", onclick: onCancel }, "取消") : ""];
  const form = el("form", { class: "filters takedown-form", "data-ring": ringId || "", novalidate: "",
    "data-correcting": current ? current.takedown_id : null }, ...fields, ...buttons);
  element.replaceChildren(el("h2", {}, current ? `更正打掉记录 ${current.takedown_id}（现为第 ${current.version} 版）` : "登记打掉团伙"),
    form, status);
  if (current) {
    const set = (name, value) => { if (form.elements[name]) form.elements[name].value = value; };
    set("ring_id", current.ring_id); set("taken_on", current.taken_on); set("district", current.district);
    set("unit", current.unit); set("suspects_count", String(current.suspects_count));
    set("cash_seized_fen", yuanInput(current.cash_seized_fen)); set("gold_grams", current.gold_grams);
    set("case_ids", current.cases.map((c) => c.case_id).join(", ")); set("note", current.note);
  }
  let key = newKey();
  form.addEventListener("input", () => { key = newKey(); }, { once: false });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const v = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
    const ring = ringId || v("ring_id");
    const cash = v("cash_seized_fen") === "" ? 0 : yuanToFen(v("cash_seized_fen"));
    if (!ring) { status.textContent = "「团伙编号」：必填"; form.elements.ring_id.focus(); return; }
    if (cash === null) {
      status.textContent = "「缴获现金（元）」：请填写金额，最多两位小数";
      form.elements.cash_seized_fen.setAttribute("aria-invalid", "true");
      form.elements.cash_seized_fen.focus();
      return;
    }
    const body = {
      taken_on: v("taken_on"), unit: v("unit"), suspects_count: Number(v("suspects_count") || 0),
      cash_seized_fen: cash, gold_grams: v("gold_grams") || "0", case_ids: lines(v("case_ids")), note: v("note"),
    };
    if (form.elements.suspects) body.suspects = suspects(form.elements.suspects.value);
    if (form.elements.accounts_frozen) body.accounts_frozen = lines(v("accounts_frozen"));
    if (form.elements.district) body.district = v("district");
    else if (current) body.district = current.district;
    if (current) Object.assign(body, { ring_id: ring, expected_version: current.version, reason: v("reason") });
    const path = current ? `/v1/takedowns/${encodeURIComponent(current.takedown_id)}/corrections`
      : `/v1/rings/${encodeURIComponent(ring)}/takedowns`;
    status.textContent = "正在保存…";
    try {
      const made = await api(path, { method: "POST", body: JSON.stringify(body), headers: { "Idempotency-Key": key } });
      key = newKey();
      form.reset();
      form.elements.taken_on.value = today();
      form.querySelectorAll("[aria-invalid]").forEach((x) => x.removeAttribute("aria-invalid"));
      status.textContent = current ? `已更正：${made.takedown_id} 第 ${made.version} 版`
        : `已登记：${made.takedown_id}（破获案件 ${made.cases.length} 起）`;
      onSaved(made);
    } catch (err) {
      status.textContent = explain(err, form, LABELS);
    }
  });
  return form;
}
