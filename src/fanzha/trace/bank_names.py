"""Banks and payment institutions by the short names officers say (工商银行, 支付宝).

Why: fanzha keys a bank by a short id (``cib``, ``citic``) in events, BIN
rows and holds, and an analyst reading ``cib`` on a freeze list has to guess
which bank to call. Every page shows the short name instead; the English
mode gets the English short name. An id missing here falls back to the
name in ``config/bins.csv``, then to the id itself, so a bank a center adds
to its BIN rows is still shown.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Final, Literal

from fanzha.trace.banks import BIN_TABLE

Lang = Literal["zh", "en"]

SHORT_NAMES: Final[dict[str, tuple[str, str]]] = {
    # national banks
    "icbc": ("工商银行", "ICBC"),
    "ccb": ("建设银行", "CCB"),
    "abc": ("农业银行", "ABC"),
    "boc": ("中国银行", "Bank of China"),
    "bocom": ("交通银行", "Bank of Communications"),
    "psbc": ("邮储银行", "Postal Savings Bank"),
    "cmb": ("招商银行", "China Merchants Bank"),
    "cib": ("兴业银行", "Industrial Bank"),
    "citic": ("中信银行", "China CITIC Bank"),
    "spdb": ("浦发银行", "SPD Bank"),
    "ceb": ("光大银行", "China Everbright Bank"),
    "cmbc": ("民生银行", "China Minsheng Bank"),
    "cgb": ("广发银行", "China Guangfa Bank"),
    "hxb": ("华夏银行", "Hua Xia Bank"),
    "pab": ("平安银行", "Ping An Bank"),
    "czb": ("浙商银行", "China Zheshang Bank"),
    "egb": ("恒丰银行", "Evergrowing Bank"),
    "cbhb": ("渤海银行", "China Bohai Bank"),
    # city and regional banks
    "bob": ("北京银行", "Bank of Beijing"),
    "bosc": ("上海银行", "Bank of Shanghai"),
    "jsb": ("江苏银行", "Bank of Jiangsu"),
    "nbcb": ("宁波银行", "Bank of Ningbo"),
    "njcb": ("南京银行", "Bank of Nanjing"),
    "hsb": ("徽商银行", "Huishang Bank"),
    "hbc": ("湖北银行", "Hubei Bank"),
    "hkb": ("汉口银行", "Hankou Bank"),
    "whrcb": ("武汉农商银行", "Wuhan Rural Commercial Bank"),
    "hurcb": ("湖北农信", "Hubei Rural Credit"),
    "rcb_xy": ("农商银行", "Rural Commercial Bank"),
    "zgcb": ("村镇银行", "Village Bank"),
    # payment institutions (wallets, aggregators)
    "alipay": ("支付宝", "Alipay"),
    "tenpay": ("财付通（微信支付）", "Tenpay (WeChat Pay)"),
    "unionpay": ("云闪付", "UnionPay QuickPass"),
    "jdpay": ("京东支付", "JD Pay"),
    "lakala": ("拉卡拉", "Lakala"),
    "shouqianba": ("收钱吧", "Shouqianba"),
    "huifu": ("汇付天下", "Huifu"),
    "99bill": ("快钱", "99Bill"),
    "allinpay": ("通联支付", "Allinpay"),
}


@cache
def _bin_names() -> dict[str, str]:
    """Bank id → the name column of the shipped BIN table (full legal names)."""
    names: dict[str, str] = {}
    with BIN_TABLE.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            bank, name = (row.get("bank") or "").strip(), (row.get("name") or "").strip()
            if bank and name:
                names.setdefault(bank, name)
    return names


def bank_name(bank: str | None, lang: Lang = "zh") -> str | None:
    """The short name of a bank or institution id; ``None`` when the bank is unknown."""
    if not bank:
        return None
    known = SHORT_NAMES.get(bank)
    if known is not None:
        return known[0] if lang == "zh" else known[1]
    return _bin_names().get(bank, bank)


def bank_names(bank: str | None) -> dict[str, str | None]:
    """Both languages, for an API row the page shows in either."""
    return {"bank_name": bank_name(bank, "zh"), "bank_name_en": bank_name(bank, "en")}
