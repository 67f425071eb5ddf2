// 预警指令: upload a file of warning orders (checked first: bad lines named by line and field,
// then imported), work the 待核查 queue (link to a person, or give a district by hand), and make
// a task by hand (the 110 desk, an analyst, a district officer for their own district).
import { api, download } from "./api.js";
import { el } from "./dom.js";
import { when } from "./format.js";
import * as i18n from "./i18n.js";
import { header, may } from "./page.js";

i18n.addStrings({
  zh: {
    upload_title: "导入预警指令", choose_file: "选择文件…", no_file: "未选择文件", order_file: "指令文件（CSV、XLSX 或 JSON）", import: "导入", template: "下载表头模板",
    upload_hint: "表头：来源、指令编号、手机号、身份证号、人员编号、类型、等级、时限、备注。手机号、身份证号、人员编号至少填一项；同一来源的同一指令编号重复导入不会重复建任务。",
    line_errors: "有误的行", line: "行", field: "字段", problem: "问题", order_no: "指令编号",
    checking: "正在检查文件…", importing: "正在导入…",
    preview_ok: "共 {n} 行，全部可导入。", preview_bad: "共 {n} 行：{ok} 条可导入，{lines} 行有误共 {bad} 处（有误的行不会导入，其余照常导入）。",
    result: "已导入：新建任务 {created} 个，并入已有任务 {merged} 条，待核查 {pending} 条，重复指令 {duplicates} 条，有误 {errors} 处。",
    no_district_none: "所有任务均已分配辖区。", pending_title: "待核查（未匹配到人员）",
    pending_count: "共 {n} 条待核查", pending_none: "没有待核查的指令", who: "指令所列人员", note: "备注",
    received: "接收时间", resolve_as: "核查处理", link_person: "人员编号", or_district: "或指定辖区",
    resolve: "确认", resolved: "已生成任务", source: "来源",
    manual_title: "手动建任务（110接警 / 研判）", manual_person: "当事人（手机号、身份证号或人员编号）",
    manual_reason: "预警原因", manual_submit: "建立任务", manual_done: "已建立任务", order_deadline: "处置时限",
    open_task: "查看任务", forbidden_upload: "只有反诈中心研判人员可以导入指令和核查。",
    forbidden_make: "此人不在您的辖区，或您的角色不能建任务。", manual_invalid: "请填写当事人和预警原因。",
  },
  en: {
    upload_title: "Import warning orders", choose_file: "Choose a file…", no_file: "No file chosen", order_file: "Order file (CSV, XLSX or JSON)", import: "Import", template: "Download the template",
    upload_hint: "Columns: source, order number, phone, ID number, person, typology, level, deadline, note; the template has the exact headers (Chinese headers work too). A re-sent order never makes a second task.",
    line_errors: "Lines with errors", line: "Line", field: "Field", problem: "Problem", order_no: "Order id",
    checking: "Checking the file…", importing: "Importing…",
    preview_ok: "{n} lines, all can be imported.", preview_bad: "{n} lines: {ok} can be imported, {lines} lines with {bad} errors (bad lines are skipped, the rest imported).",
    result: "Imported: {created} new tasks, {merged} added to open tasks, {pending} to check, {duplicates} re-sent, {errors} errors.",
    no_district_none: "Every task has a district.", pending_title: "To check (no person matched)",
    pending_count: "{n} to check", pending_none: "Nothing to check", who: "Person in the order", note: "Note",
    received: "Received", resolve_as: "Resolve", link_person: "Person id", or_district: "or district",
    resolve: "Confirm", resolved: "Task made", source: "Source",
    manual_title: "Make a task by hand (110 desk / analyst)", manual_person: "Person (phone, ID number or person id)",
    manual_reason: "Reason", manual_submit: "Make task", manual_done: "Task made", order_deadline: "Deadline",
    open_task: "Open task", forbidden_upload: "Only the center's analysts import orders and resolve them.",
    forbidden_make: "This person is outside your jurisdiction, or your role makes no tasks.", manual_invalid: "Fill in the person and the reason.",
  },
});
header("orders");
document.getElementById("upload-hint").textContent = i18n.t("upload_hint");
document.getElementById("o-template").addEventListener("click", () =>
  download("/v1/warning-orders/template.csv", "预警指令模板.csv").catch((err) => { document.getElementById("preview-summary").textContent = err.message; }));
const $ = (id) => document.getElementById(id);
const analyst = may("order_upload");  // the server says who may import (abilities)
const fmt = (key, values) => Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), i18n.t(key));
const TYPOLOGIES = ["impersonate_police", "investment", "task_rebate", "fake_loan", "impersonate_service",
  "fake_credit", "romance", "game_trade", "impersonate_acquaintance", "other"];
const fill = (id, values, word) => $(id).append(...values.map((v) => el("option", { value: v }, word(v))));
fill("m-typology", TYPOLOGIES, i18n.e);
fill("m-level", ["high", "medium", "low"], i18n.t);
$("upload").hidden = !analyst;
$("pending-panel").hidden = !analyst;
let districts = [];

function contentType(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (name.endsWith(".json")) return "application/json";
  return "text/csv";
}

async function send(dryRun) {
  const file = $("o-file").files[0];
  if (!file) return null;
  return api("/v1/warning-orders" + (dryRun ? "?dry_run=true" : ""), { method: "POST",
    headers: { "Content-Type": contentType(file) }, body: await file.arrayBuffer() });
}

function drawErrors(out) {
  $("preview").hidden = !out.errors.length;
  $("preview-rows").replaceChildren(...out.errors.map((e) => el("tr", { "data-line": e.line, "data-field": e.field },
    el("td", { "data-label": i18n.t("line") }, String(e.line)),
    el("td", { "data-label": i18n.t("field") }, i18n.lang() === "zh" ? e.field_zh : e.field),
    el("td", { "data-label": i18n.t("problem"), class: "error" }, e.message),
    el("td", { "data-label": i18n.t("order_no") }, e.order_id || "—"))));
}

$("o-file").addEventListener("change", async () => {
  $("o-file-name").textContent = $("o-file").files[0] ? $("o-file").files[0].name : i18n.t("no_file");
  $("result").replaceChildren();
  $("o-import").disabled = true;
  $("preview-summary").textContent = i18n.t("checking");
  try {
    const out = await send(true);
    if (!out) return;
    const bad = out.errors.length;
    $("preview-summary").textContent = bad ? fmt("preview_bad", { n: out.lines, ok: out.accepted, bad,
      lines: new Set(out.errors.map((e) => e.line)).size }) : fmt("preview_ok", { n: out.lines });
    $("preview-summary").className = bad ? "error" : "ok";
    drawErrors(out);
    $("o-import").disabled = out.accepted === 0;
  } catch (err) {
    $("preview-summary").className = "error";
    $("preview-summary").textContent = err.status === 403 ? i18n.t("forbidden_upload") : err.message;
  }
});

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("o-import").disabled = true;
  $("result").replaceChildren(i18n.t("importing"));
  try {
    const out = await send(false);
    drawErrors(out);
    const made = out.results.filter((r) => r.task_id);
    $("result").className = "ok";
    $("result").replaceChildren(el("p", { id: "result-summary" }, fmt("result", { created: out.created, merged: out.merged,
      pending: out.pending, duplicates: out.duplicates, errors: out.errors.length })),
      made.every((r) => r.district) ? el("p", { class: "muted" }, i18n.t("no_district_none")) : "");
    loadPending();
  } catch (err) {
    $("result").className = "error";
    $("result").textContent = err.status === 403 ? i18n.t("forbidden_upload") : err.message;
  }
});

function resolveForm(p) {
  const id = `${p.source}-${p.order_id}`.replace(/[^A-Za-z0-9-]/g, "_");
  const district = el("select", { id: `d-${id}`, name: "district", "aria-label": i18n.t("or_district") },
    el("option", { value: "" }, i18n.t("or_district")), ...districts.map((d) => el("option", { value: d.district }, d.district)));
  const person = el("input", { id: `p-${id}`, name: "person_id", size: "10", maxlength: "64", "aria-label": i18n.t("link_person"),
    placeholder: i18n.t("link_person"), autocomplete: "off" });
  const note = el("span", { role: "status" });
  const form = el("form", { class: "filters tight", "data-resolve": p.order_id, onsubmit: async (event) => {
    event.preventDefault();
    const body = person.value.trim() ? { person_id: person.value.trim() } : district.value ? { district: district.value } : null;
    if (!body) { note.className = "error"; note.textContent = i18n.t("or_district"); return; }
    try {
      const r = await api(`/v1/warning-orders/pending/${encodeURIComponent(p.source)}/${encodeURIComponent(p.order_id)}/resolve`,
        { method: "POST", body: JSON.stringify(body) });
      note.className = "ok";
      note.replaceChildren(`${i18n.t("resolved")}：`, el("a", { href: "task.html?id=" + encodeURIComponent(r.task_id) }, r.district));
      form.querySelectorAll("input, select, button").forEach((n) => { n.disabled = true; });
    } catch (err) { note.className = "error"; note.textContent = err.message; }
  } }, person, district, el("button", { type: "submit", class: "action secondary" }, i18n.t("resolve")), note);
  return form;
}

async function loadPending() {
  if (!analyst) return;
  const page = await api("/v1/warning-orders/pending?limit=50");
  $("pending-count").textContent = page.total ? fmt("pending_count", { n: page.total }) : i18n.t("pending_none");
  $("pending-rows").replaceChildren(...page.items.map((p) => el("tr", { "data-pending": p.order_id },
    el("td", { "data-label": i18n.t("source") }, i18n.lang() === "zh" ? p.source_zh
      : { national: "National center", province: "Province", city_model: "City model", 110: "110 desk" }[p.source] || p.source),
    el("td", { "data-label": i18n.t("order_no") }, p.order_id),
    el("td", { "data-label": i18n.t("who") }, [p.phone, p.id_number, p.person_id].filter(Boolean).join(" / ") || "—"),
    el("td", { "data-label": i18n.t("note") }, p.note || "—"),
    el("td", { "data-label": i18n.t("received") }, when(p.received_at)),
    el("td", { "data-label": i18n.t("resolve_as") }, resolveForm(p)))));
}

$("manual-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = Object.fromEntries(new FormData(event.target));
  const body = { person: form.person.trim(), typology: form.typology, level: form.level, reason: form.reason.trim() };
  if (form.deadline) body.deadline = new Date(form.deadline).toISOString();
  try {
    const made = await api("/v1/tasks", { method: "POST", body: JSON.stringify(body),
      headers: { "Idempotency-Key": crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) } });
    $("manual-result").className = "ok";
    $("manual-result").replaceChildren(`${i18n.t("manual_done")}：`, el("a", { href: "task.html?id=" + encodeURIComponent(made.task_id),
      "data-task": made.task_id }, `${made.district} · ${made.task_id}`));
    event.target.reset();
  } catch (err) {
    $("manual-result").className = "error";
    $("manual-result").textContent = err.status === 403 ? i18n.t("forbidden_make")
      : Array.isArray(err.body && err.body.detail) ? i18n.t("manual_invalid") : err.message;
  }
});

api("/v1/districts").then((list) => { districts = list; loadPending(); }).catch(() => loadPending());
