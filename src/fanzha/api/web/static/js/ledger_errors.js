// The server's refusals in the officer's words: which box is wrong, and why, in Chinese.
// A 422 names the field (FastAPI's list of {loc, type}, or the ledger's {detail, field});
// the box of that field is marked (aria-invalid) and the message names its label.

const TYPES = {
  missing: "必填", string_too_short: "必填", greater_than_equal: "不能为负数",
  less_than_equal: "超出上限", int_from_float: "须为整数（分）", int_parsing: "须为整数",
  decimal_max_places: "最多三位小数", decimal_parsing: "须为数字", string_pattern_mismatch: "格式不正确",
  date_parsing: "日期格式不正确", date_from_datetime_parsing: "日期格式不正确", string_too_long: "内容过长",
};
const PHRASES = [
  [/in the future/, "不能晚于今天"], [/is before/, "早于签发日期"], [/no case/, "案件不存在或不在您的辖区"],
  [/listed twice/, "重复填写"], [/fewer than/, "少于已列出的嫌疑人人数"], [/you record for/, "只能登记本辖区"],
  [/required/, "必填"], [/reason/, "更正须说明理由"],
];

// [field name, first index or null] of the first error in a refusal.
function where(body) {
  if (body && typeof body.field === "string") {
    const [name, index] = body.field.replace(/\]$/, "").split("[");
    return [name, index ?? null, body.detail];
  }
  const first = body && Array.isArray(body.detail) ? body.detail[0] : null;
  if (!first) return [null, null, body && body.detail];
  const loc = first.loc.filter((p) => p !== "body" && p !== "path" && p !== "query");
  const index = loc.find((p) => typeof p === "number");
  return [String(loc.find((p) => typeof p === "string") ?? ""), index ?? null, first.type];
}

function reason(kind) {
  if (TYPES[kind]) return TYPES[kind];
  const found = PHRASES.find(([pattern]) => pattern.test(String(kind || "")));
  return found ? found[1] : "填写有误";
}

// Explains ``err`` (thrown by api() of api.js) and marks the box; returns the sentence to show.
export function explain(err, form, labels) {
  form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  if (err.status === 403) return "无权操作：您的角色不能登记此项";
  if (err.status === 404) return "未找到：记录不存在，或不在您的辖区";
  const body = err.body || {};
  if (err.status === 409) {
    const detail = String(body.detail || "");
    if (body.existing && detail.startsWith("ring_id")) return `该团伙当日的打掉记录已登记（${body.existing}），如需修改请更正原记录`;
    if (body.existing && detail.startsWith("shop_id")) return `该商户当日的风险告知书已登记（${body.existing}）`;
    if (body.existing && detail.startsWith("case_ids")) return `案件 ${detail.split(" ")[1]} 已由打掉记录 ${body.existing} 破案`;
    if (body.current_version) return `记录已被他人更新（现为第 ${body.current_version} 版），请刷新后重试`;
    return "记录已存在或已签收，未作改动";
  }
  if (err.status !== 422) return `保存失败（${err.status || "网络"}），请稍后重试`;
  const [name, index, kind] = where(body);
  const box = name && form.querySelector(`[name="${name}"]`);
  if (box) { box.setAttribute("aria-invalid", "true"); box.focus(); }
  const label = labels[name] || name || "填写内容";
  return `「${label}」${index !== null ? `第 ${Number(index) + 1} 项` : ""}：${reason(kind)}`;
}

// "1234.5" → 123450 fen, exactly (no floating point); null when it is not an amount.
export function yuanToFen(text) {
  const found = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(String(text).trim().replace(/,/g, ""));
  if (!found) return null;
  return Number(found[1]) * 100 + Number((found[2] || "").padEnd(2, "0"));
}

// A fresh key per thing being recorded: a retry (double click, lost answer) is applied once.
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

export const lines = (text) => String(text).split(/[\n,，、;；]+/).map((s) => s.trim()).filter(Boolean);
