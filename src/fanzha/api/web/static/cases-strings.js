// Strings of the case list and case pages.
import * as i18n from "./i18n.js";

i18n.addStrings({
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
    paid_out: "转出", received: "流入", transfers_n: "笔", first_at: "首笔", exits: "资金出口", hop_n: "第{n}层",
    exits_merged: "个较小出口合并显示", flow_list: "分层列表", flow_hint: "从左到右：受害人 → 各层涉案账户 → 资金出口；图较宽时可左右滑动",
    legend_freeze: "待冻结", legend_query: "待查询", legend_plain: "涉案账户", legend_exit: "出口（不冻结）", legend_victim: "受害人",
    confirm_stops: "确认申请止付", confirm_stops_lead: "将向以下银行发送止付申请：", cancel: "取消", total: "合计",
    no_stops_left: "清单中的账户均已申请止付", bank_reply: "银行回执", waiting_reply: "已发送，等待银行回执",
    record_reply: "代录银行回执（电话/传真收到时）", reply_stopped: "已止付", reply_refused: "拒绝止付",
    reply_balance: "账户余额", already_held: "已有止付/冻结，不重复发送", choose_node: "点击资金流向图中的账户查看其交易",
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
    paid_out: "paid out", received: "received", transfers_n: " transfers", first_at: "First at", exits: "Exits", hop_n: "Hop {n}",
    exits_merged: "smaller exits shown as one", flow_list: "List by hop", flow_hint: "Left to right: victim → each hop's accounts → exits; scroll sideways when wide",
    legend_freeze: "to freeze", legend_query: "to query", legend_plain: "account", legend_exit: "exit (never frozen)", legend_victim: "victim",
    confirm_stops: "Confirm stop-payment", confirm_stops_lead: "A stop-payment request goes to these banks:", cancel: "Cancel", total: "Total",
    no_stops_left: "Every account on the list has a stop-payment", bank_reply: "Bank's answer", waiting_reply: "Sent, waiting for the bank",
    record_reply: "Record the bank's answer (received by phone or fax)", reply_stopped: "stopped", reply_refused: "refused",
    reply_balance: "balance", already_held: "already held, not sent again", choose_node: "Click an account in the money flow to list its transfers",
  },
}, {
  zh: { freeze: "冻结", query: "机构查询", stop_query: "止付+动态查询", hold_amount: "限额止付", requested: "已申请", stopped: "止付中", refused: "被拒",
        frozen: "冻结中", released: "已解除", expired: "已过期", returned: "已返还", victim: "受害人",
        mule: "涉案账户", hub: "商户/枢纽", sink: "取现/买金", account: "涉案账户", cash: "现金/ATM取现", gold: "黄金",
        merchant: "商户", gold_seller: "黄金商户", otc: "USDT场外", wallet: "钱包", institution: "支付机构", other_exits: "其他出口" },
  en: { freeze: "freeze", query: "ask the institution", stop_query: "stop + query", hold_amount: "hold the traced sum", requested: "requested", stopped: "stopped",
        refused: "refused", frozen: "frozen", released: "released", expired: "expired",
        returned: "returned", victim: "victim", mule: "mule", hub: "hub", sink: "cash/gold", account: "account", cash: "cash (ATM)",
        gold: "gold", merchant: "merchant", gold_seller: "gold seller", otc: "USDT OTC", wallet: "wallet", institution: "payment institution",
        other_exits: "other exits" },
});
// Held by an account, on the list of accounts to freeze: what the row says once a hold exists.
export const HELD = {
  zh: { requested: "已申请止付", stopped: "已止付", frozen: "已冻结", refused: "银行拒绝", released: "已解除", expired: "已过期", returned: "已返还" },
  en: { requested: "stop requested", stopped: "stopped", frozen: "frozen", refused: "refused", released: "released", expired: "expired", returned: "returned" },
};
