// 风险查询, the public page: no login; asks GET /v1/public/lookup and shows the answer.
// Everything is built with DOM nodes and textContent: nothing the server or the asker
// sends is ever parsed as HTML.
import { api } from "./api.js";
import { levelClass } from "./format.js";

const form = document.getElementById("lookup-form");
const result = document.getElementById("q-result");

function show(...lines) {
  result.replaceChildren(...lines);
}

function line(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

// The public's own words for what went wrong; a cut connection is told below.
async function lookup(kind, value) {
  try {
    return await api(`/v1/public/lookup?${new URLSearchParams({ [kind]: value })}`);
  } catch (err) {
    if (err.status === 0) throw err;
    if (err.status === 429) return { error: `查询过于频繁，请 ${err.retryAfter || "60"} 秒后再试。` };
    return { error: "输入的内容格式不正确，请检查后重试。" };
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const kind = form.elements.kind.value;
  const value = form.elements.value.value.trim();
  if (!value) return;
  show(line("p", "查询中…", "muted"));
  try {
    const body = await lookup(kind, value);
    if (body.error) {
      show(line("p", body.error, "error"));
      return;
    }
    const parts = [line("p", `风险等级：${body.risk}`, `risk ${levelClass(body.level)}`.trim()),
      line("p", `查询类型：${body.kind_zh}`)];
    if (body.typology) parts.push(line("p", `涉及类型：${body.typology}`));
    parts.push(line("p", body.advice, "advice"));
    show(...parts);
  } catch {
    show(line("p", "网络异常，请稍后再试。", "error"));
  }
});
