"""How each behaviour is said to a bank, in Chinese and English.

Only behaviours that raise the score are said (a feature that lowers it, such
as a long-held account, is the ordinary life around it and never a reason).
"""

from __future__ import annotations

from typing import Final

WORDS: Final = {
    "payers_log": ("多名无关付款人转入", "money from many unrelated payers"),
    "payees_log": ("资金分散转出至多个账户", "money fanned out to many accounts"),
    "in_n_log": ("频繁收款", "frequent incoming payments"),
    "out_n_log": ("频繁转出", "frequent outgoing payments"),
    "in_fen_log": ("收款金额较大", "large sums received"),
    "pass_ratio": ("资金快进快出，余额不留存", "money passed on, nothing kept"),
    "out_without_in": ("转出资金来源不明", "money sent out with no visible source"),
    "quick_share": ("收款后数分钟内即转出", "money passed on within minutes of arriving"),
    "quick_n_log": ("多次过账式转移", "repeated pass-through"),
    "round_in_share": ("收到整数金额转账", "round sums received"),
    "round_out_share": ("整数金额分散转出", "round sums fanned out"),
    "night_share": ("深夜交易", "activity at night"),
    "new_account": ("新开账户即有大额资金往来", "a newly opened account"),
    "age_log": ("账户开立已久", "a long-held account"),
    "no_record": ("账户无本地开户信息", "no account record in the city"),
    "woke": ("长期静默后突然活跃", "a dormant account waking up"),
    "cash_n_log": ("取现", "cash withdrawals"),
    "atm_n_log": ("ATM取现", "ATM withdrawals"),
    "gold_n": ("购买黄金", "gold bought"),
    "cash_share": ("资金以现金或黄金形式流出", "money leaving as cash or gold"),
    "reported_n_log": ("被害人报案涉及该账户", "named in victims' reports"),
    "tainted_in_log": ("资金来自被报案涉及的账户", "paid by accounts named in reports"),
    "quick_payer_in_log": ("资金来自过账式账户", "paid by pass-through accounts"),
    "quick_payer_in_share": ("收款多来自过账式账户", "most money from pass-through accounts"),
    "tainted_in_share": ("收款多来自被报案涉及的账户", "most money from accounts named in reports"),
    "young_payers": ("新开或外地账户收到多名付款人转账", "a new or outside account paid by many"),
    "passes": ("资金过账转出", "money passed on"),
    "payers_passing": ("多名付款人资金汇入后转出", "money from many payers passed on"),
    "quick_payers_passing": ("上游过账资金再次转出", "pass-through money passed on again"),
    "young_passing": ("新开或外地账户过账", "a new or outside account passing money on"),
    "in_fen_passing": ("大额资金过账", "large sums passed on"),
    "repeat_in_share": ("付款人多为老客户", "payers who come back"),
    "repeat_out_share": ("收款人多为固定对象", "the same payees again and again"),
    "active_days_log": ("长期持续活跃", "active day after day"),
    "hub_out_share": ("资金用于商户消费", "money spent at merchants"),
    "hub_in_n_log": ("收到工资或商户款项", "salary or merchant payments received"),
    "counterparties_log": ("交易对手众多", "many counterparties"),
    "hub": ("商户或机构账户", "a merchant or institution account"),
    "stays_share": ("资金留存", "money stays"),
    "stranger_round_in_log": ("陌生付款人转入整数金额", "round sums from first-time payers"),
    "young_payer_in_log": ("资金来自新开或外地账户", "paid by new or outside accounts"),
    "young_payer_in_share": ("收款多来自新开或外地账户", "most money from new or outside accounts"),
    "big_first_in_log": ("陌生付款人大额转入", "large sums from first-time payers"),
    "in_before_out_fen_log": ("首次转出前集中收款", "money gathered before its first payment out"),
}


def say(feature: str) -> str:
    zh, en = WORDS[feature]
    return f"{zh} | {en}"


__all__ = ["WORDS", "say"]
