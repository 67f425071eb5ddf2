// Interface strings, Chinese first. Keys are English; switch with the header button.
// The one module that knows the reader's language: t() for interface words, e() for values
// that come from data (typologies, states, banks), said()/source() for the server's phrases.
// Pages add their own strings with addStrings() when they are imported, before they draw.
export const I18N = {
  zh: {
    title: "反诈中心工作台", login: "登录", user: "用户名", password: "密码", logout: "退出",
    dashboard: "总览", tasks: "预警任务", audit: "审计", language: "English",
    waiting_by_level: "待处置预警（按等级）", at_risk: "即将超时", open_total: "在办任务",
    by_district: "各区在办任务", trend: "近24小时新增预警", outcomes: "处置结果",
    high: "高", medium: "中", low: "低", level: "等级", typology: "类型", district: "辖区",
    state: "状态", station: "派出所", created: "时间", any: "全部", filter: "筛选",
    sign: "签收", attempt: "记录劝阻", escalate: "升级", resolve: "办结", close: "关闭",
    stop_payment: "转止付", follow_up: "回访", channel: "方式", result: "结果", note: "备注",
    outcome: "处置结果", save: "保存", person: "当事人", history: "处置记录", attempts: "劝阻记录",
    evidence: "证据", overdue: "已超时", due: "截止", no_tasks: "暂无任务", load_more: "加载更多", shown_all: "已全部显示",
    shortcuts: "快捷键：j/k 上下移动，Enter 打开，s 签收，/ 筛选",
    person_history: "历史预警", conflict: "任务已被他人更新，请刷新后重试",
    task_not_found: "未找到该任务：任务不存在，或不在您的辖区",
    login_failed: "用户名或密码错误", live: "实时", version: "版本", name: "姓名", phone: "电话",
    address: "住址", tags: "关注标签",
  },
  en: {
    title: "Anti-fraud center desk", login: "Log in", user: "User", password: "Password",
    logout: "Log out", dashboard: "Dashboard", tasks: "Warnings & tasks", audit: "Audit",
    language: "中文", waiting_by_level: "Waiting, by level", at_risk: "Deadlines about to break",
    open_total: "Open tasks", by_district: "Open tasks by district",
    trend: "New warnings, last 24 h", outcomes: "Outcomes", high: "High", medium: "Medium",
    low: "Low", level: "Level", typology: "Typology", district: "District", state: "State",
    station: "Station", created: "Created", any: "Any", filter: "Filter", sign: "Sign",
    attempt: "Record attempt", escalate: "Escalate", resolve: "Resolve", close: "Close",
    stop_payment: "Stop payment", follow_up: "Follow up", channel: "Channel", result: "Result",
    note: "Note", outcome: "Outcome", save: "Save", person: "Person", history: "History",
    attempts: "Attempts", evidence: "Evidence", overdue: "Overdue", due: "Due",
    no_tasks: "No tasks", load_more: "Load more", shown_all: "All shown", shortcuts: "Keys: j/k move, Enter opens, s signs, / filters",
    person_history: "Earlier warnings", conflict: "Someone else changed this task; reload",
    task_not_found: "No such task, or not in your jurisdiction",
    login_failed: "Wrong user or password", live: "live", version: "Version", name: "Name",
    phone: "Phone", address: "Address", tags: "Care tags",
  },
};
export const ENUMS = {
  zh: {
    impersonate_police: "冒充公检法", investment: "虚假投资理财", task_rebate: "刷单返利",
    fake_loan: "虚假网络贷款", impersonate_service: "冒充电商物流客服", fake_credit: "虚假征信",
    romance: "网络婚恋交友", game_trade: "网络游戏虚假交易", impersonate_acquaintance: "冒充领导熟人",
    other: "其他", new: "新建", signed: "已签收", contacting: "劝阻中", escalated: "已升级",
    on_site: "已上门", resolved: "已办结", follow_up: "回访中", closed: "已关闭",
    stop_payment: "止付中", sms_12381: "12381短信", call_96110: "96110电话", phone_call: "民警电话",
    door_visit: "上门劝阻", family_contact: "联系家属", cancel_call_forwarding: "取消呼叫转移",
    reached: "已联系上", no_answer: "未接通", refused: "拒绝", wrong_number: "号码错误", done: "已完成",
    dissuaded: "劝阻成功", paid_stopped: "已付款已止付", paid_case_filed: "已付款已立案",
    unreachable: "无法联系", not_fraud: "非诈骗", repeat_victim: "重复受害",
    station: "派出所", center: "中心", sign: "签收", first_contact: "首次联系", on_site_deadline: "上门",
  },
  en: {
    impersonate_police: "Impersonating police", investment: "Fake investment", task_rebate: "Order-brushing rebate",
    fake_loan: "Fake loan", impersonate_service: "Fake customer service", fake_credit: "Fake credit repair",
    romance: "Romance scam", game_trade: "Fake game trade", impersonate_acquaintance: "Impersonating a boss or friend",
    other: "Other", new: "New", signed: "Signed", contacting: "Contacting", escalated: "Escalated",
    on_site: "On site", resolved: "Resolved", follow_up: "Follow-up", closed: "Closed",
    stop_payment: "Stop payment", sms_12381: "12381 SMS", call_96110: "96110 call", phone_call: "Officer's call",
    door_visit: "Door visit", family_contact: "Family contacted", cancel_call_forwarding: "Call forwarding cancelled",
    reached: "Reached", no_answer: "No answer", refused: "Refused", wrong_number: "Wrong number", done: "Done",
    dissuaded: "Dissuaded", paid_stopped: "Paid, stopped", paid_case_filed: "Paid, case filed",
    unreachable: "Unreachable", not_fraud: "Not fraud", repeat_victim: "Repeat victim",
    station: "Station", center: "Center", sign: "Sign", first_contact: "First contact", on_site_deadline: "On site",
  },
};
// What an error says, by the code every error body carries (fanzha/api/errors.py), and by
// HTTP status for the few answers without one. Pages show these, never the server's words.
export const ERRORS = {
  zh: {
    bad_request: "请求有误，请检查后重试", login_required: "登录已过期，请重新登录",
    forbidden: "您的角色无权执行此操作", not_found: "未找到：记录不存在，或不在您的辖区",
    conflict: "操作冲突：记录已变化，请刷新后重试", stale: "记录已被他人更新，请刷新后重试",
    wrong_state: "当前状态不允许此操作（如需先签收）", too_large: "提交的内容过大",
    invalid: "输入有误，请检查", weak_password: "密码太弱：请使用更长、更难猜的密码",
    key_reused: "重复提交的内容与上次不同，请刷新后重试", key_in_flight: "上一次提交仍在处理中，请稍候",
    locked: "登录失败次数过多，账号暂时锁定，请稍后再试", too_many: "请求过于频繁，请稍后再试",
    busy: "系统繁忙，请稍后再试", server_error: "系统出错，请稍后再试或联系管理员",
    network: "网络不通：无法连接服务器",
  },
  en: {
    bad_request: "Bad request; check and try again", login_required: "Your session ended; log in again",
    forbidden: "Your role may not do this", not_found: "Not found, or not in your jurisdiction",
    conflict: "Conflict: the record changed; reload and try again", stale: "Someone else changed this; reload",
    wrong_state: "Not possible in the current state (sign it first?)", too_large: "What was sent is too large",
    invalid: "Invalid input", weak_password: "Password too weak: use a longer, harder one",
    key_reused: "A retry differs from the first request; reload", key_in_flight: "The last request is still running",
    locked: "Too many failed logins; try again later", too_many: "Too many requests; try again later",
    busy: "The system is busy; try again later", server_error: "Server error; try again or call the administrator",
    network: "No connection to the server",
  },
};

// Each page module adds its own strings here, so pages do not all edit this file:
//   addStrings({zh: {key: "中文"}, en: {key: "English"}}, {zh: {enum_value: "中文"}})
export function addStrings(strings, enums = {}) {
  for (const [l, d] of Object.entries(strings)) Object.assign((I18N[l] ||= {}), d);
  for (const [l, d] of Object.entries(enums)) Object.assign((ENUMS[l] ||= {}), d);
}
addStrings({
  zh: { orders: "预警指令", cases: "案件止付", measures: "处置措施", partners: "警企协作", patrol: "网络巡查", communities: "无诈小区",
        reports: "统计报表", enforcement: "打击台账", rings: "串并案" },
  en: { orders: "Warning orders", cases: "Cases & stop-pay", measures: "Measures", partners: "Partners", patrol: "Patrol",
        communities: "Communities", reports: "Reports", enforcement: "Enforcement ledger", rings: "Rings" },
});
// The search box in the header, on every page.
addStrings({
  zh: { search: "搜索", search_placeholder: "姓名/手机号后4位/账号/案件", search_results: "搜索结果" },
  en: { search: "Search", search_placeholder: "Name / last 4 of phone / account / case", search_results: "Search results" },
});
// The kinds of data sources ("bank:icbc"), as pages name them.
addStrings({}, {
  zh: { bank: "银行", telecom: "运营商", platform: "平台", express: "快递", gold: "金店", police: "公安" },
  en: { bank: "bank", telecom: "telecom", platform: "platform", express: "express", gold: "gold seller", police: "police" },
});
// The roles, and what a page the role may not open says instead of its forms.
addStrings({
  zh: { menu: "主菜单", denied_title: "无权使用此页面",
        denied_body: "您的角色（{role}）不能使用「{page}」。如确需使用，请联系系统管理员调整权限。",
        back_home: "返回总览" },
  en: { menu: "Main menu", denied_title: "This page is not for your role",
        denied_body: "Your role ({role}) may not use “{page}”. Ask the administrator if you need it.",
        back_home: "Back to the dashboard" },
}, {
  zh: { center_analyst: "中心研判员", district_officer: "分局民警", station_officer: "派出所民警",
        auditor: "审计员", admin: "系统管理员" },
  en: { center_analyst: "center analyst", district_officer: "district officer", station_officer: "station officer",
        auditor: "auditor", admin: "administrator" },
});

export const lang = () => localStorage.getItem("fz-lang") || "zh";
// The locale dates and numbers are written in, for the reader's language.
export const locale = () => (lang() === "zh" ? "zh-CN" : "en-GB");
// Own keys only: a value from data such as "constructor" is shown as itself, not looked up.
export const own = (table, key) => (table && Object.hasOwn(table, key) ? table[key] : undefined);
export const t = (key) => own(I18N[lang()], key) || own(I18N.en, key) || key;

// Banks by their short names (工商银行), filled once from the server's table (api.js
// loads it before any answer reaches a page); "bank:icbc" reads as the bank too.
const banks = {};
export const setBanks = (table) => Object.assign(banks, table || {});
export const bank = (id) => (own(banks, id) || {})[lang()];

export function e(value) {
  if (value == null) return "";
  const text = String(value);
  return own(ENUMS[lang()], text) || bank(text) || (text.startsWith("bank:") && bank(text.slice(5))) || text;
}

// Sentences the server writes in both languages, "中文 / English": the reader's half.
export function said(text) {
  const [zh, en] = String(text ?? "").split(" / ");
  return lang() === "zh" ? zh : en || zh;
}

// A data source such as "bank:icbc" or "platform:didi": its kind, then the bank's short
// name or the name given (a partner's own name), else its id.
export function source(text, name) {
  const [kind, id] = String(text ?? "").split(":");
  if (id === undefined) return e(kind);
  return `${e(kind)}${lang() === "zh" ? "：" : ": "}${bank(id) || name || id}`;
}

// Writes the interface words a page marks with data-t="key" (its static labels).
export function translate(root = document) {
  root.querySelectorAll("[data-t]").forEach((n) => { n.textContent = t(n.dataset.t); });
}
