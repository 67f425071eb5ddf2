// Strings of the ring list and ring pages (串并案).
import * as i18n from "./i18n.js";

i18n.addStrings({
  zh: {
    ring_id: "团伙编号", ring_cases: "案件数", ring_accounts: "涉案账户", ring_phones: "涉诈号码",
    ring_addresses: "收货/寄递地址", money_in: "资金流入", money_out: "资金流出", cashed_out: "取现/买金",
    evidence: "串并依据", no_rings: "暂无串并团伙", members: "成员", ring_graph: "关系图",
    ring_money: "资金概况", links: "串并证据", kind: "类型", source: "起点", target: "终点", via: "共用",
    events: "事件", history: "处理记录", merge: "合并", split: "拆分", merge_with: "并入团伙编号",
    reason: "理由", split_hint: "勾选要拆出的成员后填写理由", takedown: "打击处置", no_takedowns: "尚无打掉记录",
    state: "状态", merged_into: "已并入", done_merge: "已合并", done_split: "已拆分为新团伙",
    need_reason: "请填写理由", need_member: "请勾选要拆出的成员", case_link: "查看案件", time: "时间",
    actor: "操作人", action: "操作", none: "无", open_ring: "查看",
  },
  en: {
    ring_id: "Ring", ring_cases: "Cases", ring_accounts: "Accounts", ring_phones: "Phones",
    ring_addresses: "Addresses", money_in: "Money in", money_out: "Money out", cashed_out: "Cashed out",
    evidence: "Evidence", no_rings: "No rings", members: "Members", ring_graph: "Graph",
    ring_money: "Money", links: "Evidence", kind: "Kind", source: "From", target: "To", via: "Shared",
    events: "Events", history: "History", merge: "Merge", split: "Split", merge_with: "Merge ring id",
    reason: "Reason", split_hint: "Tick the members to split off and give a reason", takedown: "Takedown",
    no_takedowns: "No takedown recorded yet", state: "State", merged_into: "Merged into", done_merge: "Merged",
    done_split: "Split off as a new ring", need_reason: "Give a reason", need_member: "Tick members to split off",
    case_link: "Open case", time: "Time", actor: "By", action: "Action", none: "none", open_ring: "Open",
  },
}, {
  zh: { payment: "受害人转账", money_flow: "资金流转", paid_victim: "向受害人返款", caller_phone: "诈骗来电",
        drop_address: "寄递/收货地址", shared_card: "共用银行卡", shared_phone: "共用号码",
        shared_address: "共用地址", same_case: "同一案件", analyst_merge: "人工合并", active: "在办",
        merged: "已合并", found: "系统串并", absorbed: "被并入", split_from: "拆分自",
        case: "案件", account: "账户", phone: "号码", address: "地址" },
  en: { payment: "victim payment", money_flow: "money flow", paid_victim: "paid the victim",
        caller_phone: "scam call", drop_address: "drop-off address", shared_card: "shared card",
        shared_phone: "shared number", shared_address: "shared address", same_case: "same case",
        analyst_merge: "merged by analyst", active: "active", merged: "merged", found: "found",
        absorbed: "absorbed", split_from: "split from", case: "case", account: "account", phone: "phone",
        address: "address" },
});
