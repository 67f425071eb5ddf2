"""How rings disguise lure texts and site addresses, so that a keyword list or
an exact domain match misses them: 薇/V/➕ for WeChat, spaced or traditional
characters, emoji, full-width digits, zero-width spaces, short links, IP
addresses, brand-prefixed hosts (``taobao.com.x.net``) and punycode.

Legitimate senders use some of the same habits (emoji, short links), which
``decorate`` applies to benign texts.
"""

from __future__ import annotations

from random import Random

TRADITIONAL = str.maketrans(
    "职单佣贷银账户资转钱现红领导师稳赚赔费无认证号码联务员点结兑冻征额请们这个为会让"
    "刷返款项优惠线盘贝币涨财专门关网络团队课经济扫达进选择机发给对时间",
    "職單傭貸銀賬戶資轉錢現紅領導師穩賺賠費無認證號碼聯務員點結兌凍徵額請們這個為會讓"
    "刷返款項優惠線盤貝幣漲財專門關網絡團隊課經濟掃達進選擇機發給對時間",
)
"""Simplified → traditional for the characters lure texts use (a lure in 繁體 evades a
simplified keyword list)."""
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff")
EMOJI = ("💰", "🔥", "✅", "🎁", "👉", "💯", "📈", "🧧", "⭐", "❤️")
WECHAT = ("加薇：", "+V：", "➕V：", "加微♥：", "威信：", "vx：", "扣扣：", "加q：")
SHORTENERS = ("t.cn", "url.cn", "dwz.cn", "suo.im", "3.cn", "s.tb.cn")
BRANDS = ("taobao.com", "jd.com", "icbc.com.cn", "ccb.com", "alipay.com", "12306.cn")
BRAND_HOSTS = ("x.net", "vip-kf.top", "cn-sec.cc", "m.zz.ink")
IDN_NAMES = ("淘宝客服", "工商银行", "公安局", "京东退款", "理财中心", "兼职平台")
_ALNUM = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def token(rng: Random, n: int) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def short_link(rng: Random) -> str:
    return f"{rng.choice(SHORTENERS)}/{token(rng, rng.randint(5, 7))}"


def _pick(rng: Random, weights: dict[str, float], k: int) -> list[str]:
    names = [n for n, w in weights.items() if w > 0]
    chosen: list[str] = []
    for _ in range(min(k, len(names))):
        left = [n for n in names if n not in chosen]
        chosen.append(rng.choices(left, [weights[n] for n in left])[0])
    return chosen


def obfuscate(text: str, rng: Random, weights: dict[str, float]) -> tuple[str, list[str]]:
    """The text disguised with one to three techniques, and which ones were used."""
    used = _pick(rng, weights, rng.choice((1, 1, 2, 3)))
    for how in used:
        text = _apply(how, text, rng)
    return text, used


def _apply(how: str, text: str, rng: Random) -> str:
    if how == "wechat_handle":
        return f"{text}{rng.choice(WECHAT)}{token(rng, 2).lower()}{rng.randint(1000, 99999)}"
    if how == "spaced":
        sep = rng.choice((" ", " ", "·", "-", "/"))
        return sep.join(text)
    if how == "traditional":
        return text.translate(TRADITIONAL)
    if how == "emoji":
        parts = list(text)
        for _ in range(rng.randint(1, 4)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(EMOJI))
        return "".join(parts)
    if how == "fullwidth_digits":
        return text.translate(FULLWIDTH)
    if how == "zero_width":
        zw = rng.choice(ZERO_WIDTH)
        return "".join(c + zw if rng.random() < 0.5 else c for c in text)
    if how == "short_link":
        return f"{text} {short_link(rng)}"
    raise ValueError(f"unknown obfuscation {how!r}")


def disguise_url(domain: str, path: str, rng: Random, weights: dict[str, float]) -> str:
    """The ring's site under a disguise that no blocklist of its domain matches."""
    how = _pick(rng, weights, 1)
    if not how:
        return f"https://{domain}/{path}"
    if how[0] == "short_link":
        return f"https://{short_link(rng)}"
    if how[0] == "ip_url":
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        port = rng.choice(("", ":8080", ":8888", ":443", ":9001"))
        return f"http://{ip}{port}/{path}"
    if how[0] == "brand_prefix":
        return f"https://{rng.choice(BRANDS)}.{rng.choice(BRAND_HOSTS)}/{path}"
    name = rng.choice(IDN_NAMES).encode("idna").decode("ascii")
    return f"https://{name}.{rng.choice(('com', 'cn', 'top', 'net'))}/{path}"


def decorate(text: str, rng: Random, share: float) -> str:
    """Legitimate marketing habits: an emoji or a short link now and then."""
    if share <= 0 or rng.random() >= share:
        return text
    if rng.random() < 0.5:
        return f"{rng.choice(EMOJI)}{text}"
    return f"{text} {short_link(rng)}"
