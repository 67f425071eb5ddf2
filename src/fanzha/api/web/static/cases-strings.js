"use strict";
// Strings of the case list and case pages.
fzStrings({
  zh: {
    case_id: "案件", solved: "已破案", solved_by: "已破案：打掉团伙", reported: "报案时间", loss: "损失", holds: "止付/冻结账户", stopped: "已止付",
    frozen: "已冻结", returned: "已返还", no_cases: "暂无案件", money_flow: "资金流向",
    list_changed: "冻结清单更新于", basis: "依据", freeze_list: "待冻结账户（按留存金额）", account: "账户", bank: "银行", hop: "层级", held: "留存",
    action: "措施", request_stops: "对以上账户申请止付", ledger: "资金台账", stolen: "被骗金额",
    traced_held: "追查留存", cashed_out: "已取现/买金", spent_at_hubs: "流入商户", requested: "申请止付",
    refused_count: "被拒", hold_state: "状态", balance: "余额", expires: "到期", bank_answer: "银行回执",
    accept: "已止付", refuse: "拒绝", reason: "原因", freeze: "冻结", renew: "续冻", release: "解除",
    notice: "公告", return_funds: "返还", transfers_of: "账户交易", from: "付款方", to: "收款方",
    amount: "金额", time: "时间", click_node: "点击图中账户查看其交易", stop_again: "再次止付", from_task: "来源预警任务",
  },
  en: {
    case_id: "Case", solved: "solved", solved_by: "Solved: ring taken down", reported: "Reported", loss: "Loss", holds: "Held accounts", stopped: "Stopped",
    frozen: "Frozen", returned: "Returned", no_cases: "No cases", money_flow: "Money flow",
    list_changed: "Freeze list last changed", basis: "Rule", freeze_list: "Accounts to freeze (most money first)", account: "Account", bank: "Bank", hop: "Hop",
    held: "Held", action: "Action", request_stops: "Request stop-payment on these accounts",
    ledger: "Ledger", stolen: "Stolen", traced_held: "Traced, still held", cashed_out: "Cashed out",
    spent_at_hubs: "Spent at merchants", requested: "Requested", refused_count: "Refused",
    hold_state: "State", balance: "Balance", expires: "Expires", bank_answer: "Bank's answer",
    accept: "Stopped", refuse: "Refuse", reason: "Reason", freeze: "Freeze", renew: "Renew",
    release: "Release", notice: "Notice", return_funds: "Return", transfers_of: "Transfers of",
    from: "From", to: "To", amount: "Amount", time: "Time", click_node: "Click an account in the graph",
    stop_again: "Stop again", from_task: "From task",
  },
}, {
  zh: { freeze: "冻结", query: "机构查询", stop_query: "止付+动态查询", hold_amount: "限额止付", requested: "已申请", stopped: "止付中", refused: "被拒",
        frozen: "冻结中", released: "已解除", expired: "已过期", returned: "已返还", victim: "受害人",
        mule: "涉案账户", hub: "商户/枢纽", sink: "取现/买金" },
  en: { freeze: "freeze", query: "ask the institution", stop_query: "stop + query", hold_amount: "hold the traced sum", requested: "requested", stopped: "stopped",
        refused: "refused", frozen: "frozen", released: "released", expired: "expired",
        returned: "returned", victim: "victim", mule: "mule", hub: "hub", sink: "cash/gold" },
});
window.yuan = (fen) => "¥" + (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
