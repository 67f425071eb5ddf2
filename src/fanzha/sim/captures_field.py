"""Captured web pages for an exam of the patrol's page verdicts, written apart from it.

Crawlers hand the patrol what they stored: sometimes the HTML, more often the text a
converter pulled out of it, wrapped in the site's chrome (navigation, breadcrumbs,
ICP footers, related links, comments), with broken encodings, and with the tricks
spammers use to slip past word lists. This module assembles such captures from
parts — a site profile, a body, obfuscation of harmful text, injections into
legitimate pages, and conversion debris that falls on every class alike — so the
verdicts can be scored on pages nobody tuned the classifier on. Look-alikes that
share the harmful pages' vocabulary (anti-fraud publicity, court judgments, lottery
results, bank notices…) are frequent, as they are on the real web.

Run ``python -m fanzha.sim.captures_field --seed 1 --n 20`` for a summary.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

import msgspec

MIX: Final = {"fraud": 0.15, "gambling": 0.15, "porn_spam": 0.15, "hijacked": 0.20, "benign": 0.35}
MIN_CHARS: Final = 80
MAX_BYTES: Final = 6 * 1024
HTML_SHARE: Final = 0.45


class CapturedPage(msgspec.Struct, frozen=True):
    """One stored capture and the verdict an analyst would give it."""

    text: str
    verdict: str
    kind: str
    is_html: bool


# ---------------------------------------------------------------- slot values

# fmt: off
CITIES: Final = [
    ("武汉", "鄂"), ("长沙", "湘"), ("郑州", "豫"), ("合肥", "皖"), ("南昌", "赣"), ("成都", "川"),
    ("西安", "陕"), ("济南", "鲁"), ("太原", "晋"), ("贵阳", "黔"), ("昆明", "滇"), ("南宁", "桂"),
    ("福州", "闽"), ("石家庄", "冀"), ("哈尔滨", "黑"), ("杭州", "浙"), ("南京", "苏"), ("广州", "粤"),
    ("沈阳", "辽"), ("兰州", "甘"), ("襄阳", "鄂"), ("宜昌", "鄂"), ("株洲", "湘"), ("洛阳", "豫"),
    ("赣州", "赣"), ("绵阳", "川"), ("温州", "浙"), ("佛山", "粤"), ("十堰", "鄂"), ("岳阳", "湘"),
]
COUNTIES: Final = [
    "江夏区", "黄陂区", "新洲区", "蔡甸区", "汉南区", "宁乡市", "浏阳市", "新郑市", "中牟县", "肥东县",
    "长丰县", "进贤县", "郫都区", "蓝田县", "平阴县", "清徐县", "修文县", "宜良县", "武鸣区", "闽侯县",
    "正定县", "阿城区", "桐庐县", "溧水区", "从化区", "新民市", "榆中县", "枣阳市", "远安县", "醴陵市",
    "伊川县", "瑞金市", "江油市", "瑞安市", "顺德区", "郧西县", "平江县", "洪山区", "雨花区", "金水区",
]
BANKS: Final = [
    ("中国工商银行", "95588", "www.icbc.com.cn", "icbc"), ("中国建设银行", "95533", "www.ccb.com", "ccb"),
    ("中国农业银行", "95599", "www.abchina.com", "abc"), ("中国银行", "95566", "www.boc.cn", "boc"),
    ("交通银行", "95559", "www.bankcomm.com", "bankcomm"), ("招商银行", "95555", "www.cmbchina.com", "cmb"),
    ("中国邮政储蓄银行", "95580", "www.psbc.com", "psbc"), ("兴业银行", "95561", "www.cib.com.cn", "cib"),
    ("浦发银行", "95528", "www.spdb.com.cn", "spdb"), ("民生银行", "95568", "www.cmbc.com.cn", "cmbc"),
    ("中信银行", "95558", "www.citicbank.com", "citic"), ("光大银行", "95595", "www.cebbank.com", "ceb"),
]
CASINO_BRANDS: Final = [
    "金沙娱乐", "威尼斯人", "新葡京", "澳门银河", "太阳城集团", "皇冠体育", "永利皇宫", "亚博体育", "乐鱼体育",
    "九游会", "华体会", "米乐体育", "博狗", "鸿运国际", "聚鑫娱乐", "盛世娱乐", "利来国际", "尊龙凯时", "K8凯发",
    "宝马会", "万博体育", "开云体育", "必发集团", "天博", "BET365中文", "金博宝", "星空体育", "半岛体育",
]
LOTTERY_BRANDS: Final = ["大发彩票", "凤凰彩票", "天天彩", "幸运彩", "腾讯分分彩", "江苏快三计划", "彩神争霸", "一分快三", "福利来彩票", "万彩网", "新澳门六合彩", "极速赛车"]
CHESS_BRANDS: Final = ["开元棋牌", "乐游棋牌", "闲来麻将", "皇家棋牌", "大富豪棋牌", "金蟾捕鱼", "财神棋牌", "欢乐炸金花", "豪门棋牌"]
PLATFORMS: Final = ["汇鑫国际", "恒信金业", "ZB Global", "BitDex", "鼎盛环球", "诺亚数字", "CoinWave", "BTCMEX", "万豪金融", "中汇原油", "盈凯资本", "宏达外汇", "Apex Trade", "星链资产", "澳信期货", "FTX Pro", "金盛贵金属"]
LOAN_APPS: Final = ["安心借", "闪电贷", "极速花", "易借宝", "米粒钱包", "秒到贷", "速融通", "信用金", "及时雨", "福满贷", "豆豆钱", "桔子分期"]
PORN_SITES: Final = ["夜色直播", "蜜桃视频", "草莓影院", "91福利社", "麻豆传媒站", "午夜剧场", "小蝌蚪视频", "香蕉在线", "樱花社区", "暗网福利", "撸撸吧", "色中色论坛"]
PORN_APPS: Final = ["花椒夜播", "蜜柚直播", "彩虹私聊", "杏吧", "月光宝盒", "一对一约", "寂寞交友", "蜜聊", "夜猫直播"]
SHOPS: Final = ["淘宝", "京东", "拼多多", "抖音商城", "唯品会", "快手小店", "天猫", "苏宁易购"]
COURIERS: Final = ["顺丰", "中通", "圆通", "韵达", "申通", "极兔", "京东物流", "EMS"]
GAMES: Final = ["王者荣耀", "和平精英", "原神", "梦幻西游", "英雄联盟", "逆水寒", "崩坏：星穹铁道", "蛋仔派对", "阴阳师", "第五人格", "永劫无间", "CF穿越火线"]
TEAMS: Final = ["曼城", "阿森纳", "利物浦", "皇马", "巴萨", "拜仁", "国米", "尤文", "武汉三镇", "上海海港", "山东泰山", "成都蓉城", "北京国安", "浙江队", "巴黎圣日耳曼", "多特蒙德"]
LEAGUES: Final = ["英超", "西甲", "德甲", "意甲", "中超", "欧冠", "世界杯预选赛", "法甲", "NBA", "欧洲杯"]
SURNAMES: Final = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN: Final = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "志强", "海燕", "晓东", "国栋"]
PET_NAMES: Final = ["婉清", "思雨", "若曦", "诗涵", "梦瑶", "晓雯", "语嫣", "紫萱", "欣怡", "Lisa", "Cherry", "安琪"]
PRODUCTS: Final = ["空气炸锅", "扫地机器人", "蓝牙耳机", "电动牙刷", "羽绒服", "儿童安全座椅", "破壁机", "机械键盘", "保温杯", "行车记录仪", "洗碗机", "乳胶枕"]
MALLS: Final = ["京东", "天猫", "苏宁易购", "拼多多", "国美", "当当"]
COMPANIES: Final = ["永辉超市", "中百仓储", "盒马鲜生", "美团优选", "顺丰速运", "肯德基", "喜茶", "名创优品", "新华书店", "良品铺子", "周黑鸭", "屈臣氏"]
SCHOOLS: Final = ["第一中学", "实验小学", "外国语学校", "第二十三中学", "育才小学", "职业技术学校", "第三初级中学", "师范附属小学"]
UNIS: Final = ["华中科技大学", "武汉大学", "中南大学", "郑州大学", "四川大学", "西北大学", "山东大学", "南昌大学", "湖北大学", "湘潭大学", "长江大学", "三峡大学"]
HOSPITALS: Final = ["第一人民医院", "中心医院", "中医医院", "妇幼保健院", "第三人民医院", "儿童医院", "口腔医院", "人民医院"]
SPOTS: Final = ["黄鹤楼", "东湖绿道", "岳麓山", "橘子洲", "少林寺", "龙门石窟", "大雁塔", "宽窄巷子", "西湖", "鼓浪屿", "滇池", "青秀山", "趵突泉", "晋祠", "武当山", "三峡大坝"]
DISHES: Final = ["红烧肉", "番茄炒蛋", "可乐鸡翅", "酸菜鱼", "热干面", "麻婆豆腐", "糖醋排骨", "清蒸鲈鱼", "小鸡炖蘑菇", "葱油饼", "莲藕排骨汤", "蒜蓉西兰花"]
TECHS: Final = ["Nginx", "PostgreSQL", "Redis", "Kafka", "Docker", "Kubernetes", "Spring Boot", "Vue.js", "Elasticsearch", "Prometheus", "MyBatis", "Flink"]
APPLIANCES: Final = ["电热水壶", "家用燃气热水器", "变频空调", "全自动洗衣机", "电饭煲", "智能门锁", "空气净化器", "电动自行车"]
COINS: Final = ["BTC", "ETH", "USDT", "BNB", "DOGE", "SOL"]
WX_STEMS: Final = ["yl", "js", "kf", "vip", "xx", "bb", "ml", "tt", "qq", "hh", "ai", "mm", "lucky", "tyc", "ag", "db", "yh", "ok"]
TLDS: Final = ["com", "cc", "vip", "top", "xyz", "app", "bet", "net", "me", "tv", "info", "icu", "club", "live"]
PUNY_WORDS: Final = ["澳门娱乐", "金沙城", "同城约", "娱乐城", "福利视频", "快三计划", "理财平台", "贷款中心", "在线客服", "彩票网"]
SHORTENERS: Final = ["t.cn/A6", "dwz.cn/", "url.cn/", "bit.ly/", "suo.im/", "tinyurl.com/", "u.nu/", "3w.cn/"]
# fmt: on


class _Slots(dict[str, str]):
    """Values for ``{name}`` placeholders, invented on first use and then kept, so a
    page names one brand, one city and one contact throughout; ``{brand2}`` is a
    second, independent draw."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        base = key.rstrip("0123456789")
        value = _MAKERS[base](self.rng, self)
        self[key] = value
        return value


def fill(s: _Slots, template: str) -> str:
    return template.format_map(s)


def _digits(r: random.Random, k: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(k))


def _letters(r: random.Random, k: int) -> str:
    return "".join(r.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(k))


def _city(r: random.Random, s: _Slots) -> str:
    city, prov = r.choice(CITIES)
    s.setdefault("prov", prov)
    return city


def _bank(r: random.Random, s: _Slots) -> str:
    name, hotline, url, abbr = r.choice(BANKS)
    s.setdefault("hotline", hotline)
    s.setdefault("bankurl", url)
    s.setdefault("bankabbr", abbr)
    return name


def _after(key: str, name: str) -> Callable[[random.Random, _Slots], str]:
    def make(r: random.Random, s: _Slots) -> str:
        s[key]  # drawing the primary value sets its companions
        return s[name]

    return make


def _date(r: random.Random, s: _Slots) -> str:
    return f"{r.randint(2019, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"


def _ymd(r: random.Random, s: _Slots) -> str:
    return f"{r.randint(2019, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def _amount(r: random.Random, s: _Slots) -> str:
    v = r.choice([r.randint(200, 9999), r.randint(10_000, 99_999), r.randint(100_000, 2_000_000)])
    return f"{v:,}" if r.random() < 0.3 else str(v)


def _wx(r: random.Random, s: _Slots) -> str:
    return r.choice(WX_STEMS) + r.choice(["", "_", ""]) + _digits(r, r.randint(3, 6))


def _tg(r: random.Random, s: _Slots) -> str:
    return r.choice(WX_STEMS) + r.choice(["kefu", "888", "_vip", "bot", "cs", "99"]) + _digits(r, 2)


def _qq(r: random.Random, s: _Slots) -> str:
    return str(r.randint(1, 9)) + _digits(r, r.randint(6, 9))


def _name(r: random.Random, s: _Slots) -> str:
    return r.choice(SURNAMES) + r.choice(["某", "某某", "先生", "女士", "某"])


def _fullname(r: random.Random, s: _Slots) -> str:
    return r.choice(SURNAMES) + r.choice(["某", "某某"]) + r.choice(["", "", r.choice(GIVEN)[:1]])


def _officer(r: random.Random, s: _Slots) -> str:
    return r.choice(SURNAMES) + r.choice(GIVEN)


def _phone(r: random.Random, s: _Slots) -> str:
    return f"1{r.choice('3578')}{r.randint(0, 9)}****{_digits(r, 4)}"


def _balls(r: random.Random, s: _Slots) -> str:
    return " ".join(f"{b:02d}" for b in sorted(r.sample(range(1, 34), 6)))


def _caseno(r: random.Random, s: _Slots) -> str:
    return f"（{r.randint(2019, 2025)}）{s['prov']}{_digits(r, 4)}刑初{r.randint(12, 999)}号"


def _url(r: random.Random, s: _Slots) -> str:
    """A harmful site's address, in one of the forms spammers use to dodge filters."""
    stem = r.choice(WX_STEMS) + _digits(r, r.randint(2, 4))
    tld = r.choice(TLDS)
    form = r.randrange(11)
    if form == 0:
        return f"http://{r.randint(23, 223)}.{r.randint(1, 254)}.{r.randint(1, 254)}.{r.randint(1, 254)}:{r.choice([8888, 8080, 9999, 6666, 81])}/"
    if form == 1:
        return f"{stem}.com.{r.choice(WX_STEMS)}{_digits(r, 2)}.{r.choice(['net', 'cn', 'cc'])}"
    if form == 2:
        return (
            "https://"
            + r.choice(SHORTENERS)
            + _letters(r, 2).upper()
            + _digits(r, 2)
            + _letters(r, 2)
        )
    if form == 3:
        return "http://" + (r.choice(PUNY_WORDS) + "." + tld).encode("idna").decode("ascii")
    if form == 4:
        return fullwidth(f"www.{stem}.{tld}")
    if form == 5:
        return " ".join(f"www.{stem}.{tld}")
    if form == 6:
        return f"{stem}点{tld}"
    if form == 7:
        return f"https://{stem}.{tld}/?c=ref{_digits(r, 4)}"
    if form == 8:
        return f"https://m.{stem}.{tld}/#/register?code={_digits(r, 4)}"
    if form == 9:
        return f"{stem}。{tld}"
    return f"https://www.{stem}.{tld}"


def _contact(r: random.Random, s: _Slots) -> str:
    """A way to reach the operator, written around the filters."""
    wx, qq, tg = _wx(r, s), _qq(r, s), _tg(r, s)
    forms = [
        f"薇：{wx}",
        f"V❤：{wx}",
        f"➕V：{wx}",
        f"威信 {wx}",
        f"微 信：{' '.join(wx)}",
        f"扣扣：{qq}",
        f"QQ：{fullwidth(qq)}",
        f"飞机：@{tg}",
        f"TG @{tg}",
        f"纸飞机 {tg}",
        f"Telegram：@{tg}",
        f"客服Q{qq}",
        f"加V {wx} 备注来意",
        f"vx：{wx}（长按复制）",
        f"WeChat:{wx}",
        f"联系📞1{r.choice('3578')}{_digits(r, 9)}",
        f"蝙蝠：{qq}",
        f"徽信：{wx}",
        f"+v:{wx}",
        f"企鹅{qq}",
        f"唯一客服TG：@{tg}",
        "wx" + "\u200b".join(wx),
        f"QQ群：{qq}",
        f"v x：{wx}",
        f"✈️@{tg}",
    ]
    return r.choice(forms)


def _choice(seq: Sequence[str]) -> Callable[[random.Random, _Slots], str]:
    return lambda r, s: r.choice(seq)


def _int(lo: int, hi: int) -> Callable[[random.Random, _Slots], str]:
    return lambda r, s: str(r.randint(lo, hi))


# fmt: off
_MAKERS: Final[dict[str, Callable[[random.Random, _Slots], str]]] = {
    "city": _city, "prov": _after("city", "prov"), "county": _choice(COUNTIES),
    "bank": _bank, "hotline": _after("bank", "hotline"), "bankurl": _after("bank", "bankurl"),
    "bankabbr": _after("bank", "bankabbr"),
    "brand": _choice(CASINO_BRANDS), "lbrand": _choice(LOTTERY_BRANDS), "cbrand": _choice(CHESS_BRANDS),
    "platform": _choice(PLATFORMS), "loanapp": _choice(LOAN_APPS), "psite": _choice(PORN_SITES),
    "papp": _choice(PORN_APPS), "shop": _choice(SHOPS), "courier": _choice(COURIERS), "game": _choice(GAMES),
    "team": _choice(TEAMS), "league": _choice(LEAGUES), "product": _choice(PRODUCTS), "mall": _choice(MALLS),
    "company": _choice(COMPANIES), "school": _choice(SCHOOLS), "uni": _choice(UNIS), "hospital": _choice(HOSPITALS),
    "spot": _choice(SPOTS), "dish": _choice(DISHES), "tech": _choice(TECHS), "appliance": _choice(APPLIANCES),
    "coin": _choice(COINS), "pet": _choice(PET_NAMES), "sex": _choice(["男", "男", "女"]),
    "name": _name, "fullname": _fullname, "officer": _officer, "phone": _phone,
    "date": _date, "ymd": _ymd, "hm": lambda r, s: f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
    "year": _int(2016, 2024), "byear": _int(1962, 2003), "num": _int(10, 999), "n": _int(2, 30), "pct": _int(5, 98), "wan": _int(5, 8000),
    "age": _int(26, 45), "amount": _amount, "price": lambda r, s: f"{r.randint(19, 5999)}.{r.choice(['00', '90', '99', '80'])}",
    "issue": lambda r, s: f"{r.randint(2023, 2025)}{r.randint(1, 150):03d}", "balls": _balls, "blue": lambda r, s: f"{r.randint(1, 16):02d}",
    "ver": lambda r, s: f"{r.randint(1, 9)}.{r.randint(0, 12)}.{r.randint(0, 30)}", "digits": lambda r, s: _digits(r, 16),
    "idmask": lambda r, s: f"{r.randint(11, 65)}{_digits(r, 4)}********{_digits(r, 3)}{r.choice('0123456789X')}",
    "caseno": _caseno, "icpnum": lambda r, s: _digits(r, 8), "gongan": lambda r, s: _digits(r, 14),
    "sitecode": lambda r, s: _digits(r, 10), "tel": lambda r, s: f"0{r.randint(10, 999)}-{r.randint(2, 8)}{_digits(r, 7)}",
    "wx": _wx, "qq": _qq, "tg": _tg, "contact": _contact, "url": _url, "gurl": _url, "purl": _url,
    "email": lambda r, s: f"{_letters(r, 5)}{_digits(r, 3)}@{r.choice(['gmail.com', 'protonmail.com', 'outlook.com'])}",
    "code": lambda r, s: _digits(r, 6), "abbr": lambda r, s: _letters(r, r.randint(3, 5)),
}
# fmt: on


# ---------------------------------------------------------------- obfuscation

# fmt: off
_FULLWIDTH: Final = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_HOMOGLYPHS: Final = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "i": "і", "y": "у"}
_SWAPS: Final = {
    "微信": ["薇信", "威信", "V信", "徽信", "wx", "vx", "➕V"], "赌博": ["du博", "赌bo", "堵博", "DB"],
    "博彩": ["bo彩", "BC", "博cai"], "彩票": ["cai票", "彩piao"], "百家乐": ["百家楽", "百jia乐", "BJL"],
    "约炮": ["约pao", "约P", "yue炮"], "色情": ["涩情", "se情"], "裸聊": ["裸liao", "luo聊"], "上门": ["上們", "上M", "s门"],
    "兼职": ["兼zhi", "J职"], "刷单": ["刷dan", "S单"], "贷款": ["代款", "贷kuan", "dk"], "充值": ["冲值", "充zhi"],
    "提现": ["体现", "提X"], "小姐": ["小jie", "xiao姐"], "客服": ["咳服", "KF"], "下载": ["下zai", "xia载"],
    "娱乐": ["娱le", "yu乐", "娛樂"], "真人": ["真ren", "zhen人"], "注册": ["註册", "zhu册"], "投资": ["投zi", "tou资"],
    "返利": ["反利", "返li"], "佣金": ["拥金", "yong金"], "同城": ["同c", "tong城"], "视频": ["视pin", "视頻"],
}
_EMOJI: Final = ["🔥", "💰", "🎰", "💋", "🔞", "✅", "👉", "⭐", "🎁", "💎", "❤️", "🚀", "📱", "🀄"]
_ZW: Final = ["\u200b", "\u200c", "\u200d", "\ufeff"]
# fmt: on


def fullwidth(text: str) -> str:
    return "".join(_FULLWIDTH.get(ch, ch) for ch in text)


def obfuscate(r: random.Random, text: str, strength: float) -> str:
    """Rewrite harmful wording the way spam does: homophones and pinyin for the
    words on block lists, separators and zero-width marks inside them, emoji,
    full-width and Cyrillic look-alike letters."""
    for word, swaps in _SWAPS.items():
        if word in text and r.random() < strength:
            text = text.replace(word, r.choice(swaps), r.randint(1, 3))
    if r.random() < strength * 0.6:
        words = [w for w in _SWAPS if w in text]
        if words:
            w = r.choice(words)
            sep = r.choice([" ", "丨", "·", "-", r.choice(_ZW), "*"])
            text = text.replace(w, sep.join(w), 1)
    if r.random() < strength * 0.5:
        zw = r.choice(_ZW)
        chars = list(text)
        for _ in range(r.randint(1, 6)):
            chars.insert(r.randrange(len(chars) + 1), zw)
        text = "".join(chars)
    if r.random() < strength * 0.5:
        text = r.choice(_EMOJI) + text + r.choice(_EMOJI)
    if r.random() < strength * 0.3:
        text = "".join(_HOMOGLYPHS.get(ch, ch) if r.random() < 0.4 else ch for ch in text)
    if r.random() < strength * 0.25:
        text = "".join(
            _FULLWIDTH.get(ch, ch) if ch.isascii() and ch.isalnum() else ch for ch in text
        )
    return text


# ---------------------------------------------------------------- conversion debris

# fmt: off
_TRAD_PAIRS: Final = (
    "国國 会會 发發 这這 们們 时時 来來 对對 说說 为為 个個 过過 动動 经經 现現 开開 机機 关關 门門 问問 间間 听聽 东東 车車 "
    "长長 实實 点點 学學 见見 样樣 还還 进進 从從 钱錢 银銀 账賬 号號 户戶 码碼 网網 页頁 诈詐 骗騙 赌賭 娱娛 乐樂 贷貸 费費 "
    "证證 险險 业業 务務 员員 电電 话話 场場 热熱 线線 图圖 书書 报報 闻聞 区區 县縣 办辦 处處 审審 讼訟 诉訴 罚罰 马馬 鱼魚 "
    "龙龍 亿億 万萬 与與 专專 两兩 严嚴 产產 亲親 仅僅 价價 众眾 优優 传傳 体體 农農 决決 冻凍 减減 击擊 则則 刚剛 创創 别別 "
    "剧劇 劳勞 势勢 华華 协協 单單 卖賣 卫衛 厂廠 历歷 压壓 参參 双雙 变變 叶葉 后後 吗嗎 响響 团團 园園 围圍 圆圓 块塊 坚堅 "
    "备備 复復 头頭 夺奪 奖獎 妈媽 宝寶 宽寬 导導 将將 层層 岁歲 币幣 师師 带帶 帮幫 广廣 庆慶 库庫 应應 废廢 张張 弹彈 归歸 "
    "当當 录錄 爱愛 试試 询詢 认認 让讓 讯訊 议議 记記 讲講 设設 许許 论論 请請 读讀 课課 谁誰 调調 谈談 谢謝 货貨 质質 购購 "
    "贴貼 资資 赔賠 赚賺 转轉 输輸 边邊 达達 运運 远遠 连連 选選 邮郵 释釋 针針 钟鐘 铁鐵 链鏈 销銷 锁鎖 错錯 闭閉 阳陽 阶階 "
    "际際 陆陸 随隨 隐隱 难難 预預 领領 频頻 题題 额額 风風 饭飯 馆館 驾駕 验驗 鸡雞 齐齊 龄齡 约約 级級 纪紀 红紅 纳納 纸紙 "
    "组組 细細 终終 结結 给給 统統 继繼 续續 维維 综綜 绿綠 罗羅 职職 联聯 胜勝 脑腦 节節 苏蘇 获獲 营營 药藥 补補 装裝 视視 "
    "览覽 观觀 规規 计計 订訂 讨討 训訓 词詞 诚誠 语語 误誤 诺諾 负負 财財 责責 败敗 贵貴 贸貿 赛賽 轮輪 软軟 载載 辆輛 佣傭"
)
_TRAD: Final = {pair[0]: pair[1] for pair in _TRAD_PAIRS.split()}
_PINYIN: Final = {
    "验": "yàn", "证": "zhèng", "码": "mǎ", "账": "zhàng", "户": "hù", "转": "zhuǎn", "款": "kuǎn", "银": "yín", "诈": "zhà",
    "骗": "piàn", "赌": "dǔ", "博": "bó", "彩": "cǎi", "票": "piào", "贷": "dài", "警": "jǐng", "察": "chá", "院": "yuàn",
    "网": "wǎng", "站": "zhàn", "安": "ān", "全": "quán", "钱": "qián", "资": "zī", "金": "jīn", "罪": "zuì", "案": "àn",
    "判": "pàn", "刑": "xíng", "约": "yuē", "娱": "yú", "佣": "yòng", "返": "fǎn", "利": "lì", "冻": "dòng", "结": "jié",
    "费": "fèi", "保": "bǎo", "址": "zhǐ", "奖": "jiǎng", "注": "zhù", "册": "cè", "充": "chōng", "值": "zhí", "提": "tí",
}
_STRAY: Final = ['<tr id="tr{0}">', "</td><td>", "&nbsp;", "&nbsp;&nbsp;", "&amp;", "&#8203;", "<br/>", "<!-- -->", '<span style="font-size:14px">', "</span>", "&quot;", "&#12288;", '<td class="t{0}">', "</div>", "<p>"]
# fmt: on


def debris(r: random.Random, text: str) -> str:
    """Damage a paragraph the way converters and old encodings do."""
    op = r.randrange(7)
    if op == 0:  # simplified-to-traditional pass, whole or partial
        rate = r.choice([1.0, 0.5, 0.2])
        return "".join(_TRAD.get(ch, ch) if r.random() < rate else ch for ch in text)
    if op == 1:  # pinyin glosses after some characters
        out = []
        for ch in text:
            out.append(ch)
            if ch in _PINYIN and r.random() < 0.35:
                out.append(r.choice(["({})", "（{}）", "[{}]"]).format(_PINYIN[ch]))
        return "".join(out)
    if op == 2:  # characters lost to ? and the replacement mark
        mark = r.choice(["?", "�", "??", "□"])
        return "".join(
            mark if "\u4e00" <= ch <= "\u9fff" and r.random() < 0.12 else ch for ch in text
        )
    if op == 3 and len(text) > 12:  # a run decoded with the wrong codec
        a = r.randrange(len(text) - 8)
        b = min(len(text), a + r.randint(6, 30))
        seg = text[a:b]
        bad = (
            seg.encode("utf-8").decode("gbk", errors="replace")
            if r.random() < 0.6
            else seg.encode("gbk", errors="replace").decode("latin-1")
        )
        return text[:a] + bad + text[b:]
    if op == 4:  # leftover markup
        chars = list(text)
        for _ in range(r.randint(1, 3)):
            chars.insert(r.randrange(len(chars) + 1), r.choice(_STRAY).format(r.randint(1, 99)))
        return "".join(chars)
    if op == 5:  # broken wraps
        width = r.randint(18, 40)
        return "\n".join(text[i : i + width] for i in range(0, len(text), width))
    return text.replace("，", r.choice([",", "， ", " ，"])).replace(
        "。", r.choice([". ", "。 ", "。\n"])
    )


# ---------------------------------------------------------------- the page


@dataclass
class _Page:
    """A page in parts, so injections and trimming act on structure, not bytes."""

    title: str
    site: str = ""
    nav: list[str] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    byline: str = ""
    body: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    links_label: str = "友情链接"
    comments: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    head_title: str = ""
    keywords: str = ""
    description: str = ""
    top: list[str] = field(default_factory=list)
    bottom: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    scripts_leak: bool = False
    hidden_style: str = "display:none"
    indent: str = ""
    layout: str = "div"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_html(r: random.Random, p: _Page) -> str:
    head_title = p.head_title or (f"{p.title}_{p.site}" if p.site else p.title)
    out: list[str] = []
    # Some captures keep only the body; never when the head carries what the page is.
    head_matters = (
        p.head_title
        or p.keywords
        or p.description
        or any(sc.startswith("<meta") for sc in p.scripts)
    )
    fragment = r.random() < 0.15 and not head_matters
    if not fragment:
        out += [
            "<!DOCTYPE html>"
            if r.random() < 0.7
            else '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">',
            '<html lang="zh-CN">',
            "<head>",
            r.choice(
                [
                    '<meta charset="utf-8">',
                    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
                    '<meta charset="UTF-8">',
                ]
            ),
            f"<title>{_esc(head_title)}</title>",
        ]
        if p.keywords:
            out.append(f'<meta name="keywords" content="{_esc(p.keywords)}">')
        if p.description:
            out.append(f'<meta name="description" content="{_esc(p.description)}">')
        out += [sc for sc in p.scripts if sc.startswith("<meta")]
        out += [sc for sc in p.scripts if sc.startswith("<script") and "head" in sc[:40]]
        out += ["</head>", "<body>"]
    if p.site:
        out.append(f'<div class="header"><a href="/" class="logo">{_esc(p.site)}</a></div>')
    if p.nav:
        out.append(
            '<ul class="nav">'
            + "".join(f'<li><a href="/{i}/">{_esc(n)}</a></li>' for i, n in enumerate(p.nav))
            + "</ul>"
        )
    if p.crumbs:
        out.append(
            '<div class="crumb">当前位置：'
            + " &gt; ".join(f"<a href='#'>{_esc(c)}</a>" for c in p.crumbs)
            + "</div>"
        )
    out += [f'<div class="notice">{_esc(t)}</div>' for t in p.top]
    if p.layout == "table":
        out.append(
            '<table width="980" border="0" cellspacing="0" cellpadding="0"><tr><td class="title">'
            + f"<h1>{_esc(p.title)}</h1></td></tr>"
        )
        if p.byline:
            out.append(f'<tr><td class="info">{_esc(p.byline)}</td></tr>')
        out += [f"<tr><td><p>{_esc(t)}</p></td></tr>" for t in p.body]
        out.append("</table>")
    else:
        out.append(f'<div class="article"><h1>{_esc(p.title)}</h1>')
        if p.byline:
            out.append(f'<div class="info">{_esc(p.byline)}</div>')
        out += [f"<p>{_esc(p.indent + t)}</p>" for t in p.body]
        out.append("</div>")
    if p.form:
        out.append(
            '<form action="/submit.php" method="post">'
            + "".join(
                f'<div class="row"><label>{_esc(f)}</label><input type="text" name="f{i}"></div>'
                for i, f in enumerate(p.form)
            )
            + '<button type="submit">提交</button></form>'
        )
    if p.related:
        out.append(
            '<div class="related"><h3>'
            + r.choice(["相关阅读", "相关新闻", "热门推荐", "猜你喜欢"])
            + "</h3><ul>"
            + "".join(
                f"<li><a href='/a/{r.randint(1000, 99999)}.html'>{_esc(t)}</a></li>"
                for t in p.related
            )
            + "</ul></div>"
        )
    if p.links:
        out.append(
            f'<div class="links"><span>{p.links_label}：</span>'
            + " | ".join(x if x.startswith("<a") else f"<a href='#'>{_esc(x)}</a>" for x in p.links)
            + "</div>"
        )
    if p.comments:
        out.append(
            '<div class="comments"><h3>网友评论</h3>'
            + "".join(f'<div class="cmt">{_esc(c)}</div>' for c in p.comments)
            + "</div>"
        )
    out += [f"<div>{_esc(t)}</div>" for t in p.bottom]
    if p.footer:
        out.append(
            '<div class="footer">' + "".join(f"<p>{_esc(t)}</p>" for t in p.footer) + "</div>"
        )
    if p.hidden:
        out.append(f'<div style="{p.hidden_style}">' + "".join(p.hidden) + "</div>")
    out += [sc for sc in p.scripts if sc.startswith("<script") and "head" not in sc[:40]]
    if not fragment:
        out += ["</body>", "</html>"]
    return "\n".join(out)


def _anchor_text(link: str) -> str:
    """The text a converter keeps of ``<a href=…>text</a>``."""
    if "<a" not in link:
        return link
    return link.split(">", 1)[1].split("<", 1)[0]


def render_text(r: random.Random, p: _Page) -> str:
    """What a crawler's text converter keeps: the title as the first line, then the chrome
    and the article in reading order, links reduced to their words."""
    head_title = p.head_title or (
        r.choice([f"{p.title}_{p.site}", f"{p.title}-{p.site}", p.title]) if p.site else p.title
    )
    lines = [head_title]
    if p.site and r.random() < 0.6:
        lines.append(p.site)
    if p.nav:
        lines.append(r.choice([" | ", "  ", " ", "\n"]).join(p.nav))
    if p.crumbs:
        lines.append(
            r.choice(["当前位置：", "您现在的位置：", "首页 > ", ""]) + " > ".join(p.crumbs)
        )
    hidden_text = r.choice([" ", " | ", "\n"]).join(_anchor_text(h) for h in p.hidden)
    if p.hidden and r.random() < 0.35:
        lines.append(hidden_text)
    lines += p.top
    if head_title != p.title or r.random() < 0.5:
        lines.append(p.title)
    if p.byline:
        lines.append(p.byline)
    lines += [p.indent + t for t in p.body]
    lines += [f"{f}____" if r.random() < 0.5 else f for f in p.form]
    if p.form:
        lines.append(r.choice(["提交", "立即提交", "下一步", "[提交]"]))
    if p.related:
        lines.append(r.choice(["相关阅读", "相关新闻", "热门推荐", "猜你喜欢", "推荐阅读"]))
        lines += [r.choice(["· ", "", "> ", "■ "]) + t for t in p.related]
    if p.links:
        lines.append(
            p.links_label
            + "："
            + r.choice([" | ", "  ", " "]).join(_anchor_text(x) for x in p.links)
        )
    if p.comments:
        lines.append(r.choice(["网友评论", "全部评论", "最新回复"]))
        lines += p.comments
    lines += p.bottom
    leak = p.scripts_leak or r.random() < 0.3  # some converters keep script bodies
    for sc in p.scripts if leak else []:
        if not sc.startswith("<meta"):
            lines.append(
                sc.replace("<script>", "")
                .replace("</script>", "")
                .replace('<script type="text/javascript">', "")
            )
    lines += p.footer
    if p.hidden and hidden_text not in lines:
        lines.append(hidden_text)
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- site chrome

# fmt: off
_ICP_FOOTER: Final = ["{prov}ICP备{icpnum}号-{n}", "{prov}公网安备 {gongan}号", "{prov}ICP备{icpnum}号  {prov}公网安备{gongan}号"]
_PROFILES: Final[dict[str, dict[str, list[str]]]] = {
    "news": {
        "site": ["{city}新闻网", "{city}日报", "{city}晚报网", "{prov}网", "{city}发布", "大{city}网", "{city}广播电视台"],
        "nav": ["首页", "时政", "社会", "财经", "文旅", "教育", "健康", "视频", "专题", "评论", "区县", "房产", "汽车"],
        "crumbs": ["新闻中心", "社会", "本地", "法治", "民生", "要闻"],
        "footer": ["{site}版权所有，未经书面授权禁止复制或建立镜像", "互联网新闻信息服务许可证：{icpnum}{n}", "违法和不良信息举报电话：{tel}", "联系我们 | 关于我们 | 广告服务 | 网站地图"],
        "related": ["{city}今年将新建改建中小学{n}所", "{city}地铁{n}号线最新进展", "{county}：秋收秋种全面展开", "{city}发布高温橙色预警", "多部门联合开展燃气安全检查", "{city}公积金新政{date}起实施", "{city}{n}个老旧小区改造完工", "警方提醒：谨防冒充客服退款诈骗"],
    },
    "gov": {
        "site": ["{county}人民政府", "{city}市人民政府", "{city}市公安局", "{city}市人力资源和社会保障局", "{city}市医疗保障局", "{county}融媒体中心", "{city}市市场监督管理局"],
        "nav": ["首页", "政务公开", "政务服务", "互动交流", "走进{county}", "政策解读", "通知公告", "信息公开目录", "领导之窗"],
        "crumbs": ["政务公开", "通知公告", "政策文件", "部门动态", "工作动态"],
        "footer": ["主办：{site}办公室  承办：{county}大数据中心", "网站标识码：{sitecode}", "联系电话：{tel}  地址：{city}市{county}政务中心", "建议使用1920×1080分辨率浏览"],
        "related": ["关于开展{year}年度安全生产大检查的通知", "{county}召开防汛工作部署会", "{county}{year}年政府工作报告", "关于公布行政许可事项清单的通告", "{county}政务服务大厅春节期间办公安排", "{city}市优化营商环境若干措施解读"],
    },
    "bank": {
        "site": ["{bank}", "{bank}{city}分行", "{bank}官方网站"],
        "nav": ["个人金融", "公司金融", "电子银行", "信用卡", "理财产品", "网点查询", "关于我们", "投资者关系"],
        "crumbs": ["首页", "公告信息", "服务公告", "消保专栏"],
        "footer": ["客服热线：{hotline}", "版权所有 {bank}", "京ICP备{icpnum}号", "隐私政策 | 网站声明 | 联系我们"],
        "related": ["{bank}关于调整部分借记卡收费项目的公告", "关于防范冒充银行工作人员诈骗的风险提示", "{bank}手机银行新版上线公告", "个人存款利率调整公告", "{bank}'{year}金融知识万里行'活动"],
    },
    "court": {
        "site": ["中国裁判文书网", "{city}法院网", "{prov}法院诉讼服务网", "{city}市中级人民法院"],
        "nav": ["首页", "法院概况", "审判动态", "裁判文书", "执行信息", "诉讼服务", "司法公开"],
        "crumbs": ["裁判文书", "刑事案件", "判决书"],
        "footer": ["版权所有：{city}市中级人民法院", "{prov}ICP备{icpnum}号", "地址：{city}市{county}法院路{n}号"],
        "related": ["{name}开设赌场罪一审刑事判决书", "{name}诈骗罪二审刑事裁定书", "{name}帮助信息网络犯罪活动罪一审刑事判决书", "{name}掩饰、隐瞒犯罪所得罪一审刑事判决书"],
    },
    "school": {
        "site": ["{city}市{school}", "{county}{school}", "{uni}", "{uni}研究生院", "{uni}新闻网"],
        "nav": ["学校概况", "机构设置", "师资队伍", "招生就业", "教学科研", "校园文化", "信息公开", "English"],
        "crumbs": ["通知公告", "校园新闻", "招生信息"],
        "footer": ["版权所有 © {site}", "地址：{city}市{county}学府路{num}号 邮编：{code}", "{prov}ICP备{icpnum}号"],
        "related": ["关于{year}年寒假放假安排的通知", "我校在全国大学生数学建模竞赛中获佳绩", "{year}届毕业生就业双选会举行", "关于开展防范电信网络诈骗主题班会的通知", "图书馆开放时间调整"],
    },
    "hospital": {
        "site": ["{city}市{hospital}", "{county}{hospital}"],
        "nav": ["医院概况", "科室导航", "专家介绍", "就医指南", "预约挂号", "健康科普", "党建文化", "招聘信息"],
        "crumbs": ["就医指南", "门诊信息", "健康科普"],
        "footer": ["地址：{city}市{county}健康路{num}号  急诊电话：{tel}", "{prov}ICP备{icpnum}号", "本网站信息仅供参考，不作为诊断依据"],
        "related": ["春季流感高发，这些预防措施要知道", "我院开设睡眠门诊", "{year}年国庆节门诊安排", "儿童近视防控指南", "医保电子凭证就医流程"],
    },
    "forum": {
        "site": ["{city}论坛", "{city}吧", "{city}圈", "{county}生活网", "{city}家长论坛"],
        "nav": ["首页", "板块", "热帖", "本地生活", "房产家居", "亲子教育", "求职招聘", "二手交易", "站务"],
        "crumbs": ["论坛", "{city}生活", "帖子详情"],
        "footer": ["Powered by Discuz! X3.4", "{prov}ICP备{icpnum}号", "手机版 | 小黑屋 | 联系我们"],
        "related": ["{county}哪家装修公司靠谱？", "求推荐{city}的儿童牙科", "周末去{spot}人多吗", "二手婴儿车转让", "公积金贷款需要多久放款"],
    },
    "blog": {
        "site": ["{officer}的博客", "{officer}的技术笔记", "{officer}的随笔", "闲云野鹤的小站", "码农{officer}"],
        "nav": ["首页", "归档", "分类", "标签", "关于"],
        "crumbs": ["首页", "文章"],
        "footer": ["© {year} {site} · Powered by WordPress", "{prov}ICP备{icpnum}号-1", "本站已运行{num}天"],
        "related": ["读书笔记：{year}年读过的书", "记一次{tech}故障排查", "周末去{spot}", "家里的{appliance}坏了", "关于坚持写博客这件事"],
    },
    "docs": {
        "site": ["{tech} 中文文档", "{tech} 官方文档", "{tech} 中文社区"],
        "nav": ["指南", "API 参考", "教程", "示例", "下载", "GitHub", "更新日志"],
        "crumbs": ["文档", "指南", "配置"],
        "footer": ["本文档基于 Apache-2.0 许可发布", "© {year} {tech} 中文社区", "{prov}ICP备{icpnum}号"],
        "related": ["安装与升级", "性能调优", "常见问题 FAQ", "配置参考", "安全加固"],
    },
    "shop": {
        "site": ["{mall}", "{mall}{product}旗舰店", "{product}-{mall}"],
        "nav": ["首页", "分类", "秒杀", "优惠券", "会员", "购物车", "我的订单", "客服"],
        "crumbs": ["首页", "家用电器", "{product}"],
        "footer": ["正品保障 | 七天无理由退货 | 运费险 | 极速退款", "营业执照 | 增值电信业务经营许可证", "{prov}ICP备{icpnum}号"],
        "related": ["{product}十大品牌排行", "{product}怎么选？", "同款{product}降价", "买{product}送清洁套装"],
    },
    "jobs": {
        "site": ["{city}人才网", "{city}招聘网", "{city}公共就业服务网", "{county}人力资源市场"],
        "nav": ["首页", "找工作", "找人才", "兼职", "校园招聘", "职场资讯", "企业入驻"],
        "crumbs": ["找工作", "兼职", "{city}"],
        "footer": ["人力资源服务许可证：{prov}人服证字{icpnum}号", "{prov}ICP备{icpnum}号", "求职防骗指南 | 用户协议 | 隐私政策"],
        "related": ["{company}门店招聘", "快递分拣员 日结", "高校毕业生就业补贴申领指南", "警惕！这些'兼职'是诈骗"],
    },
    "lottery": {
        "site": ["{prov}福彩网", "中国福利彩票", "中国体育彩票", "{city}体彩"],
        "nav": ["首页", "开奖公告", "玩法介绍", "公益活动", "新闻资讯", "信息公开", "网点查询"],
        "crumbs": ["开奖公告", "双色球", "福彩3D"],
        "footer": ["{site}版权所有", "彩票是一种公益事业，请理性购彩", "不向未成年人销售彩票", "{prov}ICP备{icpnum}号"],
        "related": ["双色球第{issue}期开奖公告", "福彩公益金助力{county}养老服务", "{city}彩民喜中大乐透头奖", "快乐8玩法介绍", "体彩助力全民健身"],
    },
    "game": {
        "site": ["{game}官方网站", "游民部落", "{game}资讯站", "九游网", "游戏日报"],
        "nav": ["首页", "新闻", "攻略", "视频", "活动", "下载", "论坛", "客服中心"],
        "crumbs": ["新闻", "公告", "版本资讯"],
        "footer": ["抵制不良游戏，拒绝盗版游戏。注意自我保护，谨防受骗上当。适度游戏益脑，沉迷游戏伤身。合理安排时间，享受健康生活。", "文网文〔{year}〕{num}号", "{prov}ICP备{icpnum}号"],
        "related": ["新英雄技能爆料", "周年庆活动汇总", "官方：严厉打击外挂", "版本平衡性调整说明", "账号安全指南"],
    },
    "travel": {
        "site": ["{city}文旅", "{city}旅游网", "穷游攻略", "马蜂窝攻略", "{city}文化和旅游局"],
        "nav": ["首页", "目的地", "攻略", "酒店", "美食", "门票", "游记", "问答"],
        "crumbs": ["攻略", "{city}", "行程"],
        "footer": ["{site}版权所有", "旅游投诉电话：12345", "{prov}ICP备{icpnum}号"],
        "related": ["{spot}门票预约指南", "{city}必吃小吃", "{city}周边自驾游", "{spot}最佳观景时间"],
    },
    "recipe": {
        "site": ["美食天下", "下厨房", "家常菜谱网", "{officer}的厨房"],
        "nav": ["首页", "菜谱", "食材", "菜单", "健康饮食", "烘焙", "视频"],
        "crumbs": ["菜谱", "家常菜", "{dish}"],
        "footer": ["© {site}", "{prov}ICP备{icpnum}号", "菜谱内容由用户上传"],
        "related": ["{dish}的十种做法", "家常炒菜技巧", "快手早餐", "减脂餐推荐"],
    },
    "manual": {
        "site": ["{company}服务中心", "{appliance}说明书下载", "{company}官方网站", "说明书之家"],
        "nav": ["首页", "产品中心", "服务支持", "说明书下载", "售后网点", "联系我们"],
        "crumbs": ["服务支持", "说明书下载"],
        "footer": ["© {year} {site} 版权所有", "{prov}ICP备{icpnum}号", "全国服务热线：400-{code}{n}"],
        "related": ["{appliance}清洗方法", "{appliance}保修政策", "{appliance}选购指南", "售后网点查询"],
    },
    "museum": {
        "site": ["{city}博物馆", "{city}市博物馆", "{city}科技馆"],
        "nav": ["首页", "参观", "展览", "典藏", "教育", "研究", "文创"],
        "crumbs": ["参观", "参观须知"],
        "footer": ["地址：{city}市{county}文化路{num}号", "{prov}ICP备{icpnum}号", "咨询电话：{tel}"],
        "related": ["'{city}千年'基本陈列", "国际博物馆日活动", "志愿者招募", "文物修复师的一天"],
    },
    "journal": {
        "site": ["{uni}学报", "计算机工程与应用", "信息网络安全", "中国人民公安大学学报", "网络空间安全"],
        "nav": ["首页", "期刊简介", "编委会", "投稿指南", "过刊浏览", "下载中心", "联系我们"],
        "crumbs": ["过刊浏览", "{year}年第{n}期"],
        "footer": ["版权所有 © {site}编辑部", "{prov}ICP备{icpnum}号", "本系统由玛格泰克设计开发"],
        "related": ["面向电信诈骗的异常交易检测", "基于深度学习的钓鱼网站识别", "网络黑灰产生态研究综述", "移动支付风险控制模型"],
    },
}
# fmt: on


def chrome(r: random.Random, s: _Slots, page: _Page, profile: str, *, amount: float = 1.0) -> None:
    """Dress a page in a site's navigation, breadcrumbs, related links and footer;
    ``amount`` below 1 leaves some of it out, as bare captures do."""
    prof = _PROFILES[profile]
    page.site = fill(s, r.choice(prof["site"]))
    s["site"] = page.site
    if r.random() < amount:
        page.nav = [fill(s, x) for x in r.sample(prof["nav"], r.randint(4, len(prof["nav"])))]
    if r.random() < amount * 0.8:
        page.crumbs = ["首页"] + [fill(s, x) for x in r.sample(prof["crumbs"], r.randint(1, 2))]
    if r.random() < amount * 0.7:
        page.related = [
            fill(s, x) for x in r.sample(prof["related"], r.randint(2, len(prof["related"])))
        ]
    if r.random() < amount:
        foot = [fill(s, x) for x in r.sample(prof["footer"], r.randint(1, len(prof["footer"])))]
        if profile not in ("bank",) and r.random() < 0.85:
            foot.append(fill(s, r.choice(_ICP_FOOTER)))
        page.footer = foot
    if r.random() < 0.4:
        page.indent = "\u3000\u3000"
    if profile in ("gov", "court", "school") and r.random() < 0.35:
        page.layout = "table"


def pick(r: random.Random, s: _Slots, pool: Sequence[str], lo: int, hi: int) -> list[str]:
    """``lo``–``hi`` of the templates, filled, in the pool's own order (steps stay in sequence)."""
    k = min(len(pool), r.randint(lo, hi))
    return [fill(s, pool[i]) for i in sorted(r.sample(range(len(pool)), k))]


def byline(r: random.Random, s: _Slots) -> str:
    parts = [fill(s, r.choice(["发布时间：{ymd} {hm}", "{ymd}", "时间：{date}", "{date} {hm}"]))]
    if r.random() < 0.7:
        parts.append(
            fill(
                s,
                r.choice(
                    [
                        "来源：{site}",
                        "来源：{city}日报",
                        "作者：{officer}",
                        "编辑：{officer}",
                        "来源：新华社",
                    ]
                ),
            )
        )
    if r.random() < 0.5:
        parts.append(f"浏览次数：{r.randint(12, 98765)}")
    if r.random() < 0.3:
        parts.append("【字体：大 中 小】 打印本页 关闭窗口")
    return r.choice(["  ", " | ", " "]).join(parts)


# fmt: off
_PROFILES.update({
    "casino": {
        "site": ["{brand}", "{brand}官网", "{brand}娱乐城", "{brand}国际"],
        "nav": ["首页", "真人视讯", "体育赛事", "电子游艺", "彩票游戏", "棋牌游戏", "捕鱼达人", "优惠活动", "代理加盟", "APP下载", "在线客服"],
        "crumbs": ["首页", "优惠活动", "游戏大厅"],
        "footer": ["Copyright © {year} {brand} Reserved", "菲律宾PAGCOR授权认证 | 英属维尔京群岛BVI认证", "{brand}郑重提示：未满18周岁禁止注册", "关于我们 | 联系我们 | 代理合作 | 存款帮助 | 取款帮助 | 常见问题"],
        "related": ["{brand}最新网址", "{brand}app下载", "真人百家乐技巧", "新会员首存送彩金", "每日返水1.8%"],
    },
    "trading": {
        "site": ["{platform}", "{platform}官网", "{platform} Global"],
        "nav": ["首页", "行情", "币币交易", "合约交易", "理财", "跟单", "帮助中心", "下载APP", "公告"],
        "crumbs": ["首页", "公告中心"],
        "footer": ["© {year} {platform} All rights reserved", "美国MSB牌照 | 加拿大MSB牌照 | 新加坡MAS备案", "风险提示：数字资产交易有风险，投资需谨慎", "用户协议 | 隐私条款 | 反洗钱政策"],
        "related": ["{platform}上线{coin}永续合约", "新手跟单指南", "邀请好友得返佣", "{platform}获国际监管牌照"],
    },
    "loan": {
        "site": ["{loanapp}", "{loanapp}官方", "{loanapp}金融服务平台"],
        "nav": ["首页", "我要借款", "额度查询", "还款", "帮助", "APP下载"],
        "crumbs": ["首页", "借款申请"],
        "footer": ["{loanapp}金融信息服务（深圳）有限公司", "郑重承诺：放款前不收取任何费用", "客服热线：400-{code}{n}", "{prov}ICP备{icpnum}号"],
        "related": ["借款流程说明", "额度怎么提升", "放款失败怎么办", "征信不好也能借吗"],
    },
    "porn": {
        "site": ["{psite}", "{psite}官网", "{psite}在线"],
        "nav": ["首页", "国产精品", "日韩", "欧美", "自拍偷拍", "制服丝袜", "直播", "小说", "图片", "APP下载"],
        "crumbs": ["首页", "在线观看"],
        "footer": ["本站内容均来自互联网，仅供18岁以上成年人观看", "永久域名：{purl}  请收藏本站", "联系邮箱：{email}"],
        "related": ["今日更新", "本周热门", "同城约会", "成人直播"],
    },
})

# ---------------------------------------------------------------- harmful pages

# Each spec: chrome profile, titles, paragraphs, how many paragraphs, form fields.
_Spec = tuple[str, list[str], list[str], int, int, list[str]]
FRAUD: Final[dict[str, _Spec]] = {
    "investment_platform": ("trading", [
        "{platform} - 全球领先的数字资产交易平台", "{platform}官网 | 外汇·黄金·原油 一站式交易", "{platform} - 安全 稳定 高收益",
        "{platform}国际金融 - 正规持牌 资金安全", "{platform}原油期货 - 国际原油实时交易", "登录 {platform} | 开启财富之旅",
    ], [
        "{platform}是一家总部位于新加坡的国际化金融科技公司，持有美国MSB、英国FCA、澳洲ASIC等多国监管牌照，为全球{num}万用户提供数字货币、外汇、贵金属及原油合约交易服务。",
        "平台采用冷钱包多重签名技术，用户资产100%安全，支持USDT、BTC、ETH充值，最快3分钟到账。",
        "专业分析师团队每日提供交易信号，跟单胜率高达{pct}%，新手也能轻松获利。",
        "限时活动：新用户注册即送{n}USDT体验金，首充加赠30%，邀请好友再得{num}USDT返佣。",
        "当前国际原油日内波动超5%，正是布局良机，抓住行情一天收益翻倍！",
        "提现规则：单笔提现需完成等额流水，并缴纳{pct}%的个人所得税及通道费，缴纳后2小时内到账。",
        "首席导师{officer}，前华尔街交易员，十五年实盘经验，带领学员实现稳定盈利，月收益{pct}%以上。",
        "{platform}与多家国际银行建立托管合作，资金由第三方独立存管，绝无跑路风险。",
        "温馨提示：请认准官方唯一客服，谨防假冒平台诈骗！",
        "24h交易量 ${num},{num2},{num3}  注册用户 {num4}万+  覆盖国家 {n}个",
        "BTC/USDT 67,{num}.52 +2.31%  ETH/USDT 3,{num2}.18 +1.87%  XAU/USD 2,3{n}.6 +0.42%  WTI 7{n2}.15 -0.88%",
        "您的账户因交易异常被风控冻结，需缴纳账户资金{pct}%的保证金进行解冻验证，解冻后可全额提现。",
        "合约秒赚：30秒/60秒/120秒周期，预测涨跌，收益率最高{pct}%。",
        "添加客户经理{contact}，获取一对一开户指导及内部交易信号。",
    ], 3, 8, ["手机号/邮箱", "登录密码", "邀请码（必填）"]),
    "mentor_group": ("trading", [
        "【内部交流群】{officer}老师带你抓涨停", "牛股推荐 每天一只 跟上就赚 - {platform}", "免费领取明日金股 | {platform}投顾",
        "{officer}老师直播间 - 价值投资 稳健收益", "{platform}VIP实战营 - 名额有限",
    ], [
        "{officer}老师，{year}年入市，擅长短线擒牛，上周推荐的{n}只个股平均涨幅{pct}%。",
        "本群为{platform}VIP学员交流群，每日盘前盘后直播讲解，免费送三只牛股。",
        "老师已掌握机构内部资金动向，新股申购中签率100%，需在指定APP开户操作。",
        "想要进入VIP实战群的朋友，添加助理{contact}，备注'股票'，名额仅剩{n}个。",
        "学员晒单：跟着老师操作一个月，本金{amount}元变成{amount2}元，太感谢了！",
        "机构专属通道：打新、大宗交易、原始股认购，年化收益不低于{pct}%。",
        "注意：本群不收取任何费用，只需在{platform}开户即可享受机构席位。",
        "今日大盘震荡，老师提前布局的{coin}已经翻倍，错过的朋友明天还有机会。",
        "因近期冒充老师的骗子较多，请只认准助理{contact}。",
    ], 3, 7, []),
    "fake_loan": ("loan", [
        "{loanapp}-极速放款 无抵押 秒批", "{loanapp}官方 - 黑户也能借 不看征信", "{loanapp}借款 审核通过 待放款",
        "{loanapp} | 凭身份证借{wan}万", "急用钱找{loanapp} 5分钟到账", "放款中心 - {loanapp}",
    ], [
        "额度最高{n}万，年化低至3.6%，无需抵押，无需担保，凭身份证即可申请。",
        "不查征信，不看负债，黑户白户都能下款，最快5分钟到账。",
        "尊敬的用户，您的借款申请已审核通过，借款金额{amount}元。由于您填写的银行卡号有误，资金已被冻结，请缴纳解冻费{amount2}元后重新放款。",
        "为证明您的还款能力，需向指定账户转入借款金额{pct}%作为保证金，放款后随本金一起退还。",
        "您的征信评分不足，需刷流水提升信用分，请联系专属客服办理。",
        "申请流程：①填写资料 ②人脸认证 ③审核放款 ④到账",
        "放款失败原因：银行卡信息错误 / 账户异常冻结。处理方式：缴纳{amount2}元验证金解冻，解冻后款项将自动到账。",
        "客服：{contact}（工作时间 9:00-22:00）",
        "郑重承诺：放款前不收取任何费用。如遇收费请联系官方客服核实。",
        "已有{num}万用户成功借款，用户{phone}刚刚借款{amount3}元。",
        "贷款提示：您的账户存在刷单套现风险，需缴纳{amount4}元会员费开通VIP通道才能放款。",
    ], 3, 7, ["姓名", "身份证号", "银行卡号", "手机号码", "借款金额"]),
    "task_brushing": ("loan", [
        "{platform}任务大厅 - 点赞关注 日赚300+", "抖音点赞员招募 | 手机兼职 日结", "刷单返利平台 佣金秒到",
        "{shop}店铺助力任务 - 一单一结", "宝妈兼职 在家就能做 - 任务中心", "接单大厅 | 今日任务已更新",
    ], [
        "在家手机即可操作，给指定视频点赞关注截图，每单佣金{n}-{num}元，当天结算。",
        "新人首单送{n}元，完成三单后开启进阶任务，联单佣金高达{pct}%。",
        "任务说明：垫付商品金额后，系统自动返还本金+佣金，一单一结，秒到账。",
        "连单任务需一次性完成，中途放弃将视为违约，冻结账户资金。",
        "宝妈、学生、上班族均可参与，不收任何押金，扫码加入接单群。",
        "今日任务已派发{num}单，剩余名额{n}个，请尽快领取。",
        "接单员实时收益：用户{phone} 刚刚提现{amount}元 ✓",
        "您的任务因操作失误卡单，需再完成一笔{amount2}元的任务方可解冻提现。",
        "派单老师：{contact}，添加后发送'接单'即可。",
        "正规公司，签订保密协议，绝不拖欠佣金。",
    ], 3, 7, ["手机号", "收款支付宝", "邀请码"]),
    "refund_service": ("shop", [
        "{shop}官方客服 - 退款理赔中心", "商品质量问题理赔申请 - {shop}", "{shop}售后服务中心 - 双倍赔付",
        "{shop}会员取消服务 - 避免扣费", "退款到账查询 | {shop}客服",
    ], [
        "尊敬的客户，您于{date}购买的商品经质检部门检测存在质量问题，根据平台规定将为您办理双倍退款。",
        "请填写您的支付宝或银行卡信息以便退款到账，并提供手机收到的验证码完成身份核验。",
        "由于您的芝麻信用分不足，退款无法原路返回，需开通备用金账户进行中转。",
        "退款金额：{amount}元  状态：待确认  请在30分钟内完成操作，超时将自动关闭。",
        "如您误开通了会员服务，每月将自动扣费{amount2}元，请联系客服取消，以免影响征信。",
        "请下载屏幕共享软件，客服将一步步指导您操作。",
        "客服工号{num}为您服务，{contact}",
        "为保证退款安全，请勿挂断电话，不要告诉家人，以免影响退款进度。",
    ], 3, 6, ["订单号", "姓名", "银行卡号", "预留手机号", "短信验证码"]),
    "courier_claim": ("shop", [
        "{courier}快递丢件理赔中心", "{courier}速运 - 包裹异常理赔", "{courier}官方 - 快递三倍赔付申请",
    ], [
        "您的快递单号{digits}在运输途中丢失，我司将按货物价值三倍理赔。",
        "理赔需验证您的收款账户，请扫描下方二维码进入理赔页面。",
        "理赔金额：{amount}元，需先开通'{courier}快赔'并完成信用验证。",
        "因理赔金额较大，需您配合完成流水验证，验证资金将在理赔后全额退还。",
        "理赔专员：{contact}",
        "{courier}速运 客户服务中心 版权所有",
    ], 3, 5, ["快递单号", "收件人姓名", "银行卡号", "验证码"]),
    "phishing_bank": ("bank", [
        "{bank}网上银行 - 账户安全认证", "{bank}个人网银登录", "{bank}积分兑换现金中心", "{bank} - 信用卡提额申请",
        "{bank}手机银行 - 身份核验",
    ], [
        "系统检测到您的账户存在安全风险，为保障资金安全，请立即完成实名认证，否则将于24小时内冻结。",
        "您的积分{num}分即将过期，可兑换现金{amount}元，点击立即兑换。",
        "您的信用卡已获提额资格，最高可提至{n}万元，请填写信息完成认证。",
        "客服热线 {hotline}  版权所有 {bank}",
        "为保障您的资金安全，请勿向任何人透露验证码。",
        "认证成功后，冻结将自动解除，账户恢复正常使用。",
        "当前访问地址：https://{bankabbr}-{abbr}.{n}{abbr2}.top/login",
    ], 2, 5, ["银行卡号", "登录密码", "取款密码", "身份证号", "手机号码", "动态验证码"]),
    "phishing_etc": ("gov", [
        "ETC服务中心 - 在线认证", "ETC卡认证 - 全国高速公路联网收费", "ETC年度认证通知",
    ], [
        "【ETC服务】您的ETC卡已失效，请及时进行认证以免影响正常通行。",
        "根据交通运输部通知，ETC需于{date}前完成年度认证，逾期将停用并上报征信。",
        "认证完成后，ETC将自动恢复正常，通行费享受九五折优惠。",
        "中华人民共和国交通运输部  版权所有  京ICP备{icpnum}号",
        "办理过程中将向您的手机发送验证码，请如实填写。",
    ], 2, 4, ["车牌号", "车主姓名", "身份证号", "银行卡号", "预留手机号", "验证码"]),
    "phishing_12123": ("gov", [
        "交管12123 - 交通违法在线处理", "公安部交通安全综合服务管理平台", "违章处理中心 - 12123",
    ], [
        "您有一条交通违法记录未处理，罚款{num}元，记{n}分，逾期将产生滞纳金并影响年检。",
        "点击在线处理，输入车牌号及银行卡信息缴纳罚款。",
        "违法时间：{ymd} {hm}  违法地点：{city}市{county}  违法行为：超速50%以下",
        "公安部交通管理局 主办  京ICP备{icpnum}号",
    ], 2, 4, ["车牌号码", "车架号后六位", "持卡人姓名", "银行卡号", "手机号", "验证码"]),
    "phishing_social": ("gov", [
        "电子社保卡认证中心", "{city}市医疗保障局 - 医保卡升级", "社保待遇领取资格认证", "个人所得税退税申请",
        "{year}年度职工补贴申领", "国家政务服务平台 - 补贴领取",
    ], [
        "您的电子社保卡存在异常，需重新认证，否则无法享受医保报销。",
        "{year}年度社保补贴已发放，请点击领取{amount}元。",
        "个人所得税退税通知：您有{amount}元退税待领取，请于3日内办理。",
        "根据人社部文件精神，{year}年度职工补贴每人可申领{amount2}元，请及时办理。",
        "领取方式：填写姓名、身份证号、银行卡号及预留手机号，收到验证码后提交。",
        "医保卡需升级为新版，升级后个人账户余额可提现至银行卡。",
        "中华人民共和国人力资源和社会保障部 版权所有",
        "本次补贴名额有限，先到先得，逾期视为自动放弃。",
    ], 2, 5, ["姓名", "身份证号", "银行卡号", "卡内余额", "预留手机号", "验证码"]),
    "fake_police": ("gov", [
        "最高人民检察院 - 案件信息查询", "{city}市公安局 - 网上通缉令查询", "国家资金清查中心", "公安部刑事侦查局 - 在线办案",
    ], [
        "犯罪嫌疑人：{fullname}  身份证号：{idmask}  涉嫌罪名：洗钱罪、非法出售银行卡  案件编号：{caseno}",
        "根据《中华人民共和国刑事诉讼法》，对犯罪嫌疑人名下资产予以冻结，现要求其配合资金核查。",
        "请将名下所有资金转入国家安全账户进行清查，清查无误后48小时内原路返还。",
        "本案属于国家机密，不得向任何人透露，包括家人，否则以泄密罪论处。",
        "办案民警：{officer}警官  警号{code}  联系电话：{contact}",
        "清查账户：{bank}  户名：资金清算中心  账号：{digits}",
        "逮捕令  {caseno}  经本院审查，犯罪嫌疑人{fullname}涉嫌洗钱，决定予以逮捕。",
        "请下载安全防护软件，并在视频会议中配合民警完成资金核查。",
    ], 3, 6, ["身份证号", "姓名", "案件编号"]),
    "fake_app": ("loan", [
        "{platform}APP下载 - 官方正版", "下载{loanapp} 立即领取额度", "{platform} iOS/安卓 下载", "{loanapp}最新版 v{ver}",
    ], [
        "iOS用户安装后请前往 设置-通用-VPN与设备管理，信任企业级开发者证书。",
        "安卓用户如提示'有风险'请点击'继续安装'，本应用已通过安全检测。",
        "扫码下载 | 版本 v{ver} | 大小 {num}MB | 更新时间 {ymd}",
        "若无法下载，请复制链接到浏览器打开：{url}",
        "本应用不在应用商店上架，请通过官方渠道下载。",
        "下载后注册即送{num}元，首次交易再返{n}%。",
    ], 2, 5, []),
    "loss_recovery": ("loan", [
        "网络被骗追回中心 - 先追回后付费", "专业追款 技术追回被骗资金", "网赌被黑出款 | 藏分技术", "反诈追损服务中心",
    ], [
        "被网络诈骗、网赌被黑、投资平台不出款？我们有专业技术团队帮您追回损失。",
        "与公安经侦部门合作，成功追回率{pct}%，先追回后收费。",
        "只需提供对方账户信息，24小时定位资金流向，冻结骗子账户。",
        "需先缴纳{amount}元技术服务费和律师函费用，追回后多退少补。",
        "网赌被黑不给出款、提示风控审核、注单异常？联系我们藏分出款。",
        "追款顾问：{contact}  全国接单",
        "已为{num}位受害人追回损失，累计追回{wan}万元。",
    ], 3, 6, []),
    "game_trade": ("game", [
        "{game}账号交易平台 - 安全担保", "低价出售{game}账号 满V 全皮肤", "{game}代充 折扣 秒到", "游戏账号交易中心",
    ], [
        "平台担保交易，买家付款后由平台托管，确认收货后放款给卖家。",
        "您的账户因提现信息错误被冻结，需缴纳{amount}元保证金解冻，解冻后可全额提现。",
        "本平台与{game}官方合作，交易安全有保障，已服务{num}万玩家。",
        "{game}国服V10账号，{num}个皮肤，仅售{amount2}元，私聊{contact}",
        "代充点券5折，官方渠道，秒到账，不封号。",
        "交易提示：请勿私下交易，仅认准平台客服。",
    ], 3, 6, ["游戏账号", "收款银行卡", "手机号"]),
    "romance_invest": ("forum", [
        "{pet}的个人主页 - 缘分交友", "真爱婚恋 - 高端交友平台", "{pet}：遇见你真好", "一生一世婚恋网 - 会员资料",
    ], [
        "我今年{age}岁，在{city}做跨境电商，离异无孩，希望找个真诚的人共度余生。",
        "我舅舅在{platform}做数据分析，知道平台的漏洞，每次跟着下单都能赚。",
        "宝贝，今天又赚了{amount}，你也试一下，我带你，先小额投{amount2}看看。",
        "平台充值请找客服获取专属收款账户，千万别告诉别人，这是内部机会。",
        "认识你之后我每天都很开心，等我们赚够了钱就在{city}买房结婚。",
        "加我私人号，这里说话不方便：{contact}",
        "会员资料：{pet}  {age}岁  {city}  月收入5万以上  已认证",
    ], 3, 6, []),
}

GAMBLING: Final[dict[str, _Spec]] = {
    "casino": ("casino", [
        "{brand}官网-{brand}娱乐平台-真人百家乐_体育_电子_棋牌", "{brand}(中国)官方网站-欢迎您", "{brand}-亚洲最具公信力的线上娱乐城",
        "{brand}app下载-{brand}登录入口", "{brand}·官方入口(中国)有限公司", "{brand}娱乐城_{brand}官网_首页",
    ], [
        "{brand}是亚洲领先的线上娱乐品牌，持有菲律宾PAGCOR博彩牌照，提供真人视讯、体育赛事、电子游艺、彩票、棋牌、捕鱼等上千款游戏。",
        "新会员首存{num}送{num2}，最高可领{num3}元，仅需一倍流水即可提款。",
        "支持USDT(TRC20)、支付宝、微信、银行卡存款，单笔最低100元，3分钟极速到账。",
        "每日返水高达1.8%，无上限；VIP晋级礼金最高88888元。",
        "AG真人 | BBIN视讯 | EBET | 沙巴体育 | IM体育 | PG电子 | 开元棋牌 | JDB捕鱼",
        "热门游戏：百家乐 龙虎斗 轮盘 骰宝 牛牛 21点 德州扑克",
        "本站备用网址：{gurl}  请牢记，防止丢失。",
        "负责任博彩：未满18周岁禁止注册，请理性投注，享受游戏乐趣。",
        "7x24小时在线客服，{contact}",
        "出款最快60秒，日提款次数不限，大额无忧。",
        "USDT存款额外赠送2%，虚拟币入金免手续费。",
        "恭喜会员{phone}在PG电子《麻将胡了》中赢得{amount}元！",
    ], 3, 8, ["会员账号", "登录密码", "确认密码", "手机号码"]),
    "baccarat": ("casino", [
        "百家乐必胜技巧 - {brand}真人百家乐", "{brand}真人百家乐 美女荷官在线发牌", "百家乐路单分析 - 免费看路", "网上百家乐平台排名 - {brand}",
    ], [
        "庄闲和赔率：庄 1:0.95  闲 1:1  和 1:8  庄对/闲对 1:11",
        "大路、珠盘路、大眼仔、小路、曱甴路实时显示，助您掌握牌局走势。",
        "美女荷官现场直播，多张台桌同时开局，最低10元起投。",
        "百家乐缆法：追庄不追闲，连庄三把后反打，稳赚不赔。",
        "在{brand}玩百家乐，注册即送{num}元体验金，输了全额返还。",
        "百家乐技术交流群：{contact}",
        "打法分享：{officer}老师独创'三珠路'，月赢{amount}不是梦。",
    ], 3, 6, []),
    "sports_betting": ("casino", [
        "{brand}体育-{league}投注平台", "{league}让球盘口 滚球投注 - {brand}", "世界杯投注官网 - {brand}体育", "{team}vs{team2} 赔率 盘口 - {brand}",
    ], [
        "{team}vs{team2}  让球 0.5/1  主队 0.92  客队 0.96  大小球 2.5  大 0.88  小 0.98",
        "全场超过{num}种玩法：独赢、让球、大小、波胆、半全场、角球、滚球。",
        "串关最高赔率1000倍，单场最高派彩{wan}万。",
        "体育首存送{pct}%，最高888元，亏损救援金天天领。",
        "专家推荐：{league}第{n}轮 {team}让半球稳胆，胜率{pct}%。",
        "支持USDT投注，秒级结算，赢钱秒提。",
        "下载{brand}体育APP，观看{league}高清直播，边看边投。",
    ], 3, 6, []),
    "lottery_platform": ("casino", [
        "{lbrand}-时时彩/快三/PK10官方平台", "幸运飞艇 北京赛车 在线投注 - {lbrand}", "{lbrand}官网 - 一分一期 全天开奖", "{lbrand}app下载 - 彩票投注",
    ], [
        "重庆时时彩 第{issue}期 开奖号码 3 8 1 6 0  下期开奖倒计时 00:0{n}:32",
        "江苏快三 和值 大小 单双 豹子 对子 赔率 1.98",
        "北京赛车PK10 冠亚和值 1-10名 定位胆 赔率9.8",
        "返点高达1990模式，代理返点最高7.6%。",
        "一分钟一期，全天1440期，24小时不间断开奖。",
        "充值支持USDT、支付宝扫码，最低充值{n}元，提现5分钟到账。",
        "新用户注册送{num}元彩金，首充再送{pct}%。",
        "官方客服：{contact}",
    ], 3, 7, ["用户名", "密码", "推荐码"]),
    "lottery_prediction": ("casino", [
        "{lbrand}计划网 - 免费人工精准计划", "PK10精准计划 今日稳赢", "快三计划群 - 准确率{pct}%", "时时彩后二计划 - 人工在线",
    ], [
        "专家人工计划，准确率{pct}%，每天稳赚{amount}元不是梦。",
        "跟计划请先在{lbrand}注册，首充送彩金。",
        "倍投方案：1-2-4-8-16-32-64，一轮必中。",
        "计划群实时更新，进群找{contact}",
        "本站所有计划免费，盈利后自愿打赏。",
    ], 2, 4, []),
    "chess_card": ("casino", [
        "{cbrand}-真金白银 上下分", "炸金花 斗牛 斗地主 真钱棋牌 微信上下分", "{cbrand}官方下载 - 提现秒到", "{cbrand}房卡 - 好友开房",
    ], [
        "房卡模式，好友开房，微信、支付宝上下分，秒结算。",
        "1元=1分，提现秒到，拉人头奖励{n}元。",
        "棋牌游戏：炸金花、牛牛、三公、德州扑克、十三水、跑得快、麻将、斗地主。",
        "诚招代理，日结佣金，零投资，一部手机就能做。",
        "上下分客服：{contact}",
        "新人首充{num}送{n}元，每日签到领红包。",
        "防封技术，绝不封号，资金安全有保障。",
    ], 3, 6, []),
    "agent_recruit": ("casino", [
        "{brand}代理合作 - 月入百万不是梦", "招商加盟 佣金占成 - {brand}", "{brand}代理中心 - 零成本创业", "诚招总代 - {lbrand}",
    ], [
        "代理佣金最高{pct}%，按下级会员输赢结算，每月1号、16号结算。",
        "无需投资，一条推广链接即可开始，实时查看下线数据。",
        "总代直招，占成模式，支持USDT结算。",
        "代理等级：一级35% 二级40% 三级45% 四级50% 五级55%",
        "代理专员：{contact}",
        "已有{num}位代理月佣金过万，下一个就是你。",
    ], 3, 6, []),
    "address_page": ("casino", [
        "{brand}最新网址发布页", "{brand}永久地址 - 防屏蔽", "{lbrand}线路检测中心", "{brand}备用线路",
    ], [
        "线路1：{gurl}  延迟 {n}ms  推荐",
        "线路2：{gurl2}  延迟 {num}ms",
        "线路3：{gurl3}  延迟 {num2}ms",
        "以上网址如无法访问，请联系客服获取最新地址：{contact}",
        "请收藏本页，发送任意邮件至{email}自动获取最新网址。",
    ], 3, 5, []),
}

PORN: Final[dict[str, _Spec]] = {
    "porn_site": ("porn", [
        "{psite} - 高清在线 每日更新", "国产自拍 在线观看 - {psite}", "{psite}最新地址 - 成人影院", "{psite}_无码高清_免费观看",
    ], [
        "[国产] 清纯学妹宿舍自拍 时长 {n}:{num}", "[自拍] 人妻出轨酒店偷拍 时长 {n2}:{num2}", "[直播] 极品主播深夜福利 时长 {n3}:{num3}",
        "[日韩] 无码高清合集 第{n4}部", "[制服] 空姐制服诱惑", "本站内容仅供18岁以上成年人观看，未成年人请立即离开。",
        "今日更新{num4}部  累计{n5}万部影片  每日更新不断", "VIP会员：月卡{n6}元 年卡{num5}元 永久卡{num6}元，支持USDT支付。",
        "永久域名：{purl}  请收藏，防止失联。",
    ], 4, 8, []),
    "escort": ("forum", [
        "{city}同城约会 - 上门服务 真实可靠", "{city}找小姐|{city}高端商务模特|外围", "{city}按摩上门 - 24小时", "{city}{county}附近约 - 同城交友",
    ], [
        "{city}各区均可上门，学生妹、少妇、模特，照片真实，不满意不收费。",
        "快餐{num}元 包夜{num2}元 全套服务，安全私密。",
        "预约{contact}，24小时在线。",
        "{county}、{county2}附近，半小时到。",
        "本平台实名认证，绝不收取定金，见面满意再付款。",
        "新到{n}位妹子，{age}岁以下，身材好，服务好。",
        "高端商务伴游，外围模特，出差陪同，价格私聊。",
    ], 3, 6, []),
    "live_app": ("porn", [
        "{papp}直播 - 一对一私密聊天", "成人直播APP下载 夜间福利 - {papp}", "{papp} - 寂寞不再 午夜开播", "{papp}官方下载 v{ver}",
    ], [
        "美女主播一对一视频，尺度无上限，新人注册送{num}钻石。",
        "下载后请先关闭安全检测，安卓直接安装，苹果信任证书。",
        "福利群每晚更新资源，扫码进群。",
        "同城美女在线{num2}人，附近{n}公里有人等你。",
        "充值{num3}元开通贵族，解锁全部私密房间。",
        "客服：{contact}",
    ], 3, 5, []),
    "address_page": ("porn", [
        "{psite}防失联地址", "最新地址发布页 请截图保存", "{psite}永久地址", "{psite}回家的路",
    ], [
        "永久地址：{purl}", "备用地址：{purl2}", "发送邮件至{email}获取最新地址", "如果打不开请使用VPN或更换浏览器",
        "请截图保存本页，防止失联", "官方交流群：{contact}",
    ], 3, 6, []),
    "live_show_spam": ("forum", [
        "寂寞了吗？{papp}等你来", "真人裸聊 一对一 - {papp}", "视频聊天交友 - 今晚有空吗",
    ], [
        "真人视频裸聊，一对一私密服务，先视频后付款。", "加{contact}，发个红包就能看。", "小姐姐在线{n}人，寂寞男士速来。",
        "同城寂寞女，不收费，可约。", "Q群：{qq} 每晚福利",
    ], 3, 5, []),
}
# fmt: on


def harmful(r: random.Random, s: _Slots, spec: _Spec) -> _Page:
    """A harmful page from its spec: chrome of its own kind or borrowed from the site
    it imitates, a body, sometimes a form, and contacts spread through it."""
    profile, titles, paras, lo, hi, form = spec
    page = _Page(title=fill(s, r.choice(titles)))
    chrome(r, s, page, profile, amount=r.choice([0.0, 0.5, 1.0, 1.0]))
    page.body = pick(r, s, paras, lo, hi)
    if form and r.random() < 0.7:
        page.form = [
            f + r.choice(["：", ":", ""])
            for f in r.sample(form, r.randint(min(2, len(form)), len(form)))
        ]
    if r.random() < 0.5:
        page.body.insert(
            r.randint(0, len(page.body)),
            fill(
                s,
                r.choice(
                    [
                        "客服：{contact}",
                        "咨询{contact}",
                        "{contact}",
                        "联系方式：{contact}  网址：{url}",
                    ]
                ),
            ),
        )
    if r.random() < 0.3:
        page.keywords = ",".join(page.title.replace("|", "-").replace("_", "-").split("-"))
    if r.random() < 0.25:
        page.body = page.body[: r.randint(1, 2)]  # a thin landing page
    if r.random() < 0.6:
        page.scripts = _ordinary_scripts(r)
    return page


def spam_lines(r: random.Random, s: _Slots, pool: Sequence[str], k: int) -> list[str]:
    return pick(r, s, pool, k, k)


# fmt: off
_GAMBLING_SPAM: Final = [
    "{brand}官网 注册送{num}元 | {brand}app下载 | 真人百家乐 | 体育投注", "【{brand}】亚洲最大线上娱乐平台，首存即送100%，USDT秒到账，网址：{gurl}",
    "{brand}-{brand}官方网站-{brand}娱乐登录入口", "时时彩计划 | 北京赛车PK10 | 快三走势 | 幸运飞艇 | {lbrand}",
    "澳门六合彩开奖结果 今晚开什么码 {lbrand}", "{brand2}体育 {league}投注 让球盘 滚球 {gurl2}", "炸金花 牛牛 棋牌 微信上下分 {contact}",
    "{cbrand}下载 真钱棋牌 提现秒到", "网上赌场排名 正规博彩平台 {brand}", "百家乐技巧 百家乐平台 {brand2}官网",
]
_PORN_SPAM: Final = [
    "{city}同城约 上门服务 {contact}", "{city}小姐 {city}外围 {city}按摩 {county}楼凤", "国产自拍 在线观看 {psite} {purl}",
    "成人直播 一对一 {papp}下载", "{psite}最新地址 防失联 {purl}", "{city}夜生活 {city}桑拿 {city}学生妹 上门 {contact}",
    "午夜福利 免费看片 {psite}", "约炮神器 附近的人 {papp}",
]
_FRAUD_SPAM: Final = [
    "刷单兼职 日结300 点赞关注赚佣金 {contact}", "无抵押贷款 秒批 黑户可贷 {contact}", "网赌被黑不出款 专业出黑 藏分 {contact}",
    "USDT高价回收 跑分 {contact}", "代办信用卡 大额套现 {contact}", "数字货币导师带单 日收益5% {contact}",
    "出售银行卡 四件套 {contact}", "收购微信号 支付宝号 高价 {contact}",
]
_SPAM_TITLES: Final = [
    "{brand}官网_{brand}娱乐_{brand}app下载", "澳门新葡京-百家乐-真人娱乐平台【官方入口】", "{city}同城约会_{city}上门服务_{city}夜生活",
    "时时彩平台_北京赛车pk10_{lbrand}官网", "{psite}_国产自拍_在线观看", "{brand}体育app下载-{brand}官网", "{cbrand}-真钱棋牌-炸金花",
    "亚洲娱乐城排名_正规网赌平台_{brand}", "{city}小姐_{city}按摩_{city}外围女", "刷单兼职日结-点赞赚钱-{platform}",
]
# fmt: on


def keyword_farm(r: random.Random, s: _Slots) -> _Page:
    """A doorway page that only lists search phrases for every district."""
    stems = [
        "约炮",
        "上门按摩",
        "夜生活",
        "小姐电话",
        "学生妹",
        "外围",
        "桑拿",
        "楼凤",
        "同城交友",
        "足疗保健",
        "包夜",
        "快餐",
    ]
    places = [fill(s, "{city}"), *r.sample(COUNTIES, r.randint(4, 10))]
    words = [f"{p}{w}" for p in places for w in r.sample(stems, r.randint(3, 6))]
    r.shuffle(words)
    page = _Page(title="_".join(words[:3]))
    rows, line = [], []
    for w in words:
        line.append(w)
        if len(line) >= r.randint(4, 8):
            rows.append(r.choice([" ", ",", "|", "、"]).join(line))
            line = []
    rows.append(" ".join(line))
    page.body = rows
    if r.random() < 0.7:
        page.body.append(fill(s, "联系：{contact}"))
    page.keywords = ",".join(words[:20])
    if r.random() < 0.5:
        page.footer = [fill(s, "Copyright {year} 版权所有")]
    return page


def spam_forum(r: random.Random, s: _Slots, comments_only: bool) -> _Page:
    """A thread, or a comment section, taken over by escort and adult spam."""
    host = _page_for_host(r, s, r.choice(["news", "blog", "recipe"])) if comments_only else None
    spam = [
        "同城寂寞少妇，可上门，看头像加我",
        "{city}可约，{contact}",
        "兼职妹妹，{county}附近，价格美丽",
        "附近美女在线，点我头像看福利",
        "{psite}最新地址：{purl}",
        "想要资源的私我 {contact}",
        "夜里睡不着？{papp}等你",
        "上门服务，不满意不收钱，{contact}",
        "楼主好人，资源在这 {purl}",
        "{county}小妹妹，学生兼职，{contact}",
        "看片加群{qq}",
        "99%的人不知道的福利站 {purl}",
    ]
    if host is None:
        page = _Page(
            title=fill(
                s,
                r.choice(
                    [
                        "{city}本地交友群 靠谱的进",
                        "求{city}好玩的地方",
                        "{county}附近有没有能约的",
                        "分享个好东西，懂的来",
                    ]
                ),
            )
        )
        chrome(r, s, page, "forum", amount=0.8)
        page.body = [fill(s, "楼主：" + r.choice(spam))]
        page.byline = fill(s, "发表于 {ymd} {hm}  只看该作者")
    else:
        page = host
        page.related = []
    n = r.randint(4, 10)
    names = [r.choice(["匿名用户", "游客", "手机用户"]) + _digits(r, 4) for _ in range(n)]
    page.comments = [f"{names[i]}：" + obfuscate(r, fill(s, r.choice(spam)), 0.6) for i in range(n)]
    if r.random() < 0.4:
        page.comments.insert(r.randint(0, n), f"{_officer(r, s)}：写得不错，支持一下")
    return page


# ---------------------------------------------------------------- ordinary pages

# fmt: off
_BSpec = tuple[str, list[str], list[str], int, int]
BENIGN: Final[dict[str, _BSpec]] = {
    "police_antifraud": ("gov", [
        "警惕！这些诈骗套路正在{city}高发", "{city}警方：冒充客服退款诈骗又出新花样", "反诈课堂 | 刷单返利诈骗的五个步骤",
        "国家反诈中心提醒：凡是说'安全账户'的都是诈骗", "{county}公安分局开展反诈宣传进社区活动", "这些'高薪兼职'千万别碰！",
        "一图看懂'杀猪盘'", "假冒'12123''ETC认证'短信来了，别点！",
    ], [
        "近日，{county}市民{name}接到一个自称'{shop}客服'的电话，对方称其购买的商品存在质量问题，可以办理双倍退款。",
        "在对方的诱导下，{name}下载了一款会议软件并开启屏幕共享，随后按提示输入了银行卡号和验证码，短短十分钟内被转走{amount}元。",
        "骗子常用话术：'您好，我是快递客服，您的包裹丢失了，我们将为您三倍理赔'；'您的百万保障即将扣费，每月800元'。",
        "警方提示：公检法机关不会通过电话办案，更不存在所谓的'安全账户'；凡是要求转账到'安全账户'的，都是诈骗！",
        "'刷单返利'类诈骗的典型过程：先小额返利取得信任，再以'连单任务''卡单'为由要求大额垫付，最终拒不返款。",
        "投资理财请认准正规金融机构，凡是'导师带单''内部消息''稳赚不赔'的，一律是诈骗。",
        "如不慎被骗，请立即拨打110报警或拨打96110反诈专线。",
        "下载'国家反诈中心'APP，开启来电预警功能，可有效识别诈骗电话和短信。",
        "'无抵押、秒到账、不看征信'的贷款广告都是诈骗，正规贷款放款前不会收取任何保证金、解冻费。",
        "'网上买游戏装备，被要求交保证金解冻'——这是典型的游戏交易诈骗。",
        "民警为群众讲解了'杀猪盘'的识别方法：网恋对象不露面、不视频，却热衷带你投资，一定要提高警惕。",
        "截至目前，{city}市公安局今年已劝阻潜在受害人{num}人次，止付冻结涉案资金{wan}万元。",
        "骗子发来的链接往往伪装成'ETC认证''12123违章处理''社保卡升级'，域名看似正规实则暗藏玄机。",
        "牢记'三不一多'：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。",
        "有骗子在社交平台发布'网赌被黑可以追回''先追回后付费'的广告，这是针对受害人的二次诈骗。",
        "骗子会让受害人加'薇信'或下载'飞机'等境外聊天软件，以逃避监管。",
        "对方自称'{city}市公安局民警'，通过视频出示'逮捕令'，要求{name}将存款转入'资金清查账户'。",
    ], 4, 9),
    "bank_notice": ("bank", [
        "关于{date}系统升级暂停部分服务的公告", "{bank}关于调整个人网银转账限额的公告", "{bank}{city}分行营业网点临时调整营业时间公告",
        "{bank}关于暂停部分ATM服务的公告", "{bank}关于借记卡年费减免的公告",
    ], [
        "尊敬的客户：为提升服务质量，我行将于{date} 00:00至06:00进行系统升级。升级期间，网上银行、手机银行、ATM及POS业务将暂停服务。",
        "给您带来的不便，敬请谅解。如有疑问，请致电客服热线{hotline}。",
        "根据监管要求，自{date}起，个人手机银行非柜面转账单日累计限额调整为{n}万元。",
        "我行提醒：系统升级期间不会以任何形式要求客户提供账户密码或短信验证码，请谨防以'系统升级'为名的诈骗。",
        "升级完成后，请将手机银行更新至最新版本（v{ver}）。",
        "{county}支行因装修改造，自{date}起暂停营业，业务可至就近网点办理。",
        "特此公告。",
        "{bank}  {date}",
    ], 3, 6),
    "bank_antifraud": ("bank", [
        "{bank}提示：谨防电信网络诈骗", "守护好你的'钱袋子'——{bank}反诈小贴士", "{bank}消保课堂：警惕'冒充客服'诈骗",
        "关于防范'安全账户'诈骗的风险提示",
    ], [
        "银行工作人员不会要求您将资金转入所谓的'安全账户'。",
        "短信验证码是您账户的'最后一道防线'，任何索要验证码的都是骗子。",
        "警惕冒充银行客服以'征信修复''注销校园贷'为由诱导转账。",
        "如发现账户异常，请立即致电{hotline}挂失。",
        "陌生人发来的'{bank}积分兑换'短信链接切勿点击，官方网址为{bankurl}。",
        "不要把银行卡、手机卡出租出借，以免卷入'跑分''洗钱'违法犯罪。",
        "'低息贷款、先交费后放款'的都是诈骗，我行贷款不收取任何前期费用。",
        "近期出现不法分子仿冒我行网站，以'账户冻结需认证'为由骗取客户卡号、密码和验证码。",
    ], 3, 7),
    "arrest_news": ("news", [
        "{city}警方捣毁一跨境网络赌博团伙 抓获{num}人", "涉案{wan}万！{county}警方破获特大电信诈骗案", "{city}警方打掉一个'跑分'洗钱团伙",
        "'{brand}'赌博网站运营团伙落网", "{city}警方侦破一起'杀猪盘'诈骗案", "冒充客服诈骗团伙{n}人被公诉",
    ], [
        "近日，{city}市公安局{county}分局成功破获一起特大跨境网络赌博案，抓获犯罪嫌疑人{num}名，冻结涉案资金{wan}万元。",
        "经查，该团伙以'{brand}'为名搭建赌博网站，通过社交平台招揽赌客，以USDT结算赌资。",
        "犯罪嫌疑人在境外设立窝点，冒充'{platform}'导师，诱导受害人在虚假平台投资。",
        "目前，犯罪嫌疑人已被依法采取刑事强制措施，案件正在进一步侦办中。",
        "警方提醒：网络赌博'十赌九骗'，所谓'稳赚不赔'的'内部计划'都是陷阱。",
        "该团伙通过'刷单返利''点赞关注赚佣金'等话术诱骗受害人，受害人遍布全国{n}个省份。",
        "民警在现场查获手机{num}部、银行卡{n}张、电脑{n2}台。",
        "{date}，专案组兵分{n}路同步收网，一举捣毁位于{county}的窝点。",
    ], 4, 8),
    "saohuang_notice": ("gov", [
        "{city}市'扫黄打非'办公室关于开展{year}年'净网'专项行动的通知", "'扫黄打非·护苗'进校园活动走进{county}", "{city}查处一批传播淫秽色情信息案件",
        "关于公布'扫黄打非'举报方式的公告",
    ], [
        "为进一步净化网络文化环境，严厉打击网络淫秽色情信息传播，市'扫黄打非'办决定开展专项行动。",
        "重点整治利用直播平台、社交软件传播淫秽色情信息，以'同城交友''上门服务'为幌子发布招嫖信息等违法行为。",
        "举报电话：12390；举报网站：www.shdf.gov.cn",
        "各区县要加强对网吧、书店、印刷企业的检查，查处非法出版物。",
        "本年度共清理有害信息{num}万余条，关闭违法违规网站{n}个。",
        "{county}公安分局依法查处一起利用网络传播淫秽物品牟利案，抓获犯罪嫌疑人{n}名。",
        "请广大家长引导孩子远离网络不良信息，发现线索及时举报。",
    ], 3, 6),
    "lottery_results": ("lottery", [
        "中国福利彩票双色球第{issue}期开奖公告", "体彩大乐透第{issue}期开奖结果", "{city}福彩：第{issue}期福彩3D开奖", "快乐8第{issue}期开奖公告",
    ], [
        "开奖号码：红球 {balls}  蓝球 {blue}",
        "本期销售额{amount}元，奖池累计{wan}万元。",
        "一等奖{n}注，单注奖金{amount2}元；二等奖{n2}注，单注奖金{amount3}元。",
        "彩票是一种公益事业，请理性购彩，量力而行。不向未成年人销售彩票。",
        "中奖者请于开奖之日起60个自然日内持中奖彩票到{prov}福彩中心兑奖。",
        "福彩公益金用于扶老、助残、救孤、济困等社会公益事业。",
        "本期一等奖花落{city}{county}某投注站，中奖彩票为一张{n3}元的复式票。",
        "提醒：福利彩票不存在'内部预测''必中计划'，请勿相信网上非法彩票平台。",
    ], 3, 7),
    "licensed_loan": ("bank", [
        "{bank}个人消费贷款", "{bank}'{loanapp}'线上信用贷款产品说明", "{bank}个人经营贷款产品介绍", "{bank}公积金贷款办理指南",
    ], [
        "贷款额度：最高{n}万元；贷款期限：最长3年；年化利率（单利）：3.45%起，具体以审批结果为准。",
        "申请条件：年满18周岁、具有完全民事行为能力的中国公民，信用状况良好，有稳定收入。",
        "贷款资金不得用于购房、投资股票、理财及其他法律法规禁止的用途。",
        "我行不会在放款前以任何名义收取保证金、解冻费、手续费，谨防贷款诈骗。",
        "还款方式：等额本息、先息后本，支持提前还款。",
        "申请渠道：{bank}手机银行APP—贷款—消费贷，全流程线上办理，最快当天放款。",
        "温馨提示：请合理使用贷款资金，按时还款，逾期将影响个人征信。",
    ], 3, 7),
    "recruitment": ("jobs", [
        "{city}兼职招聘_{city}最新兼职信息", "{company}招聘：门店兼职店员（周末）", "{city}暑期兼职 学生兼职 日结", "{county}就业服务中心{year}年招聘会岗位信息",
    ], [
        "{company}理货员（兼职）  {city}{county}  18-22元/时  周末两天",
        "快递分拣员 日结 {num}元/天 包午餐  {courier}{county}分拨中心",
        "家教（初中数学） 100-150元/时  要求：在校大学生",
        "奶茶店兼职店员  {n}元/时  可排班",
        "活动促销员  {num}元/天  地点：{county}万达广场",
        "温馨提示：凡是要求交押金、培训费、刷单垫付的'兼职'均为诈骗，请提高警惕。",
        "公司简介：{company}成立于{year}年，在{city}拥有门店{num}家。",
        "岗位职责：负责商品上架、整理、盘点；要求：身体健康，吃苦耐劳，年满18周岁。",
        "联系人：{officer}  联系电话：{tel}  简历投递后3个工作日内通知面试。",
    ], 4, 8),
    "ecommerce": ("shop", [
        "{product}【行情 报价 价格 评测】-{mall}", "{mall}年货节 满300减40 好评返现", "{product}旗舰店 - 官方正品 领券立减", "{product} {ver}代 新款 到手价{price}",
    ], [
        "到手价{price}元，领券立减{n}元，晒图好评返现5元。",
        "关注店铺领取无门槛优惠券，加入会员享积分抵现。",
        "商品参数：品牌 {company}  型号 X{num}  重量 {n}kg  保修 一年",
        "用户***{n2}：质量不错，物流很快，和描述一致。",
        "用户***{n3}：用了一周再来评价，好用，就是有点吵。",
        "加客服微信领取返现红包，仅限已收货用户。",
        "正品保障  七天无理由退货  运费险  {mall}自营",
        "以旧换新补贴最高{num}元，国补叠加店铺券更优惠。",
        "支持白条/花呗分期，3期免息。",
    ], 4, 8),
    "game_news": ("game", [
        "《{game}》新版本'{ver}'今日上线", "《{game}》官方：严厉打击账号交易诈骗", "《{game}》周年庆活动一览", "《{game}》抽卡概率公示",
    ], [
        "新赛季将开启排位奖励，玩家可获得限定皮肤和头像框。",
        "官方提醒：请勿相信'低价代充''账号交易'等信息，私下交易导致的损失官方无法追回。",
        "抽卡概率公示：五星角色基础概率0.6%，综合概率1.6%，90抽必出。",
        "本次更新优化了{n}项平衡性问题，修复了部分机型闪退的问题。",
        "周年庆期间登录即送{num}钻石，累计签到7天可领取限定坐骑。",
        "防沉迷提示：未成年人仅可在周五、周六、周日及法定节假日20:00至21:00登录游戏。",
        "近期有不法分子冒充官方客服，以'账号冻结''解封需缴费'为由实施诈骗，请玩家提高警惕。",
    ], 3, 6),
    "news_article": ("news", [
        "{city}地铁{n}号线北延线今日开通", "{city}今年新增城市公园{n}个", "国内油价迎来年内第{n}次调整", "{county}：{num}亩油菜花进入盛花期",
        "{city}发布{year}年国民经济和社会发展统计公报", "{city}启动城市更新三年行动", "{spot}景区春节期间接待游客{num}万人次",
    ], [
        "记者从{city}市交通运输局获悉，{date}起，地铁{n}号线北延线正式开通初期运营，全长{n2}公里，设站{n3}座。",
        "据介绍，今年{city}计划新建改建口袋公园{num}个，让市民出门'300米见绿、500米见园'。",
        "国家发改委消息，自{date}24时起，国内汽、柴油价格每吨分别提高{num}元和{num2}元。",
        "{county}农业农村局负责人表示，今年将继续做大做强特色产业，带动农户增收。",
        "统计公报显示，{year}年全市地区生产总值同比增长{n}.{n2}%，居民人均可支配收入{amount}元。",
        "市民{name}说：'家门口就有公园，每天晚饭后都来走一走，很方便。'",
        "下一步，{city}将持续推进老旧小区改造，完善养老托育等配套设施。",
        "（记者 {officer} 通讯员 {officer2}）",
    ], 4, 8),
    "gov_notice": ("gov", [
        "{county}关于公布{year}年城乡居民医疗保险缴费标准的通告", "{county}人民政府关于{year}年春季农作物病虫害防治工作的通知", "{county}{year}年惠民惠农财政补贴资金发放公示",
        "关于开展{year}年度社会保险待遇资格认证工作的通知", "{county}关于发放{year}年度退役军人优待证的公告",
    ], [
        "各乡镇人民政府、县直各单位：现将有关事项通知如下。",
        "{year}年度城乡居民医保个人缴费标准为每人每年380元，缴费期为{year}年9月1日至12月31日。",
        "参保群众可通过'{prov}医保'微信公众号、{bank}手机银行或税务APP缴费，切勿通过陌生链接缴费。",
        "惠民惠农补贴资金通过'一卡通'直接发放至农户社保卡，不需要任何个人另外缴费或提供验证码。",
        "领取养老金人员可通过'国家社会保险公共服务平台'或'掌上12333'APP完成刷脸认证，认证不收取任何费用。",
        "如有疑问，请咨询{county}医保局，联系电话：{tel}。",
        "附件：{year}年补贴资金发放明细表（共{num}户）",
        "{county}人民政府办公室  {date}",
    ], 3, 7),
    "tech_doc": ("docs", [
        "{tech} 快速入门", "{tech} 配置参数说明", "{tech} 性能调优指南", "{tech} 安装与部署", "{tech} 常见问题",
    ], [
        "本节介绍如何在 Linux 上安装 {tech}，推荐使用 {ver} 及以上版本。",
        "在配置文件中设置 max_connections = {num}，修改后需要重启服务才能生效。",
        "注意：生产环境请关闭调试模式，并为管理接口配置访问控制。",
        "$ sudo systemctl restart {tech}\n$ systemctl status {tech}",
        "日志默认输出到 /var/log/{abbr}/，可通过 log_level 参数调整日志级别。",
        "如果遇到 connection refused，请检查防火墙是否放行了 {num2} 端口。",
        "参数 timeout：超时时间，单位为毫秒，默认值 3000。",
        "升级前请先备份数据目录，并阅读版本 {ver} 的变更说明。",
    ], 4, 8),
    "recipe": ("recipe", [
        "{dish}的家常做法", "{dish}怎么做好吃？详细步骤", "零失败{dish}，新手也能学会", "{dish}（附视频）",
    ], [
        "食材：{dish}主料{num}克，葱、姜、蒜适量，生抽两勺，老抽半勺，冰糖{n}颗。",
        "1. 主料洗净切块，冷水下锅焯水，撇去浮沫后捞出沥干。",
        "2. 锅中放少许油，下冰糖小火炒出糖色。",
        "3. 倒入主料翻炒上色，加入葱姜和生抽，加开水没过食材。",
        "4. 大火烧开后转小火炖{n2}分钟，最后大火收汁即可。",
        "小贴士：焯水时加几片姜和料酒可以去腥。",
        "这道菜是我妈妈的拿手菜，每次回家都要做。",
        "{num}人收藏  {num2}人做过",
    ], 4, 8),
    "hospital_page": ("hospital", [
        "{hospital}门诊时间及专家坐诊安排", "{hospital}关于{year}年春节期间门诊安排的通知", "健康科普：{n}个护眼小知识", "{hospital}预约挂号须知",
    ], [
        "门诊时间：周一至周五 8:00-12:00，14:00-17:30；周六、周日上午开放专家门诊。",
        "患者可通过医院微信公众号、'{prov}健康'APP或现场自助机预约挂号。",
        "请携带身份证或医保电子凭证就诊，医保结算支持刷脸。",
        "{officer}，主任医师，擅长心血管疾病的诊治，坐诊时间：周二上午。",
        "近期有不法分子冒充我院工作人员，以'代挂专家号'为名收取费用，请广大患者提高警惕。",
        "发热门诊24小时开放，位于门诊楼一楼东侧。",
    ], 3, 6),
    "school_page": ("school", [
        "{school}关于{year}年秋季学期开学工作的通知", "{uni}{year}年硕士研究生招生简章", "{school}召开家长会", "{uni}关于{year}年国家助学金评审结果的公示",
    ], [
        "根据上级教育部门统一部署，我校{year}年秋季学期于9月1日正式开学。",
        "新生报到时间：8月{n}日，请携带录取通知书、户口本复印件。",
        "学校提醒：国家助学金直接发放至学生本人银行卡，不会要求学生或家长转账、提供验证码。",
        "报考条件：国家承认学历的应届本科毕业生或具有同等学力的人员。",
        "公示期为{n2}个工作日，如有异议请与学生处联系，电话：{tel}。",
        "近期发现有人冒充学校老师在家长群发布收费二维码，请家长们核实后再缴费。",
    ], 3, 6),
    "travel_guide": ("travel", [
        "{city}三日游攻略：{spot}怎么玩", "{spot}游玩攻略（门票+交通+美食）", "第一次去{city}，这份攻略请收好", "{spot}预约指南",
    ], [
        "Day1：上午游览{spot}，门票{n}元，建议提前在官方公众号预约。",
        "Day2：去{spot2}，乘坐地铁{n2}号线即可到达。",
        "美食推荐：{dish}、{dish2}，本地人常去的老店在{county}。",
        "住宿建议选择地铁沿线，交通方便，价格在{num}元左右。",
        "提醒：景区门口有人兜售'低价门票'，请通过官方渠道购买。",
        "最佳旅游季节是春秋两季，夏天较热注意防暑。",
    ], 4, 6),
    "academic_paper": ("journal", [
        "基于图神经网络的网络赌博网站识别方法研究", "电信网络诈骗资金链路分析与预警模型", "面向钓鱼网站检测的多模态特征融合方法", "网络色情信息传播特征与治理对策研究",
    ], [
        "摘要：网络赌博平台频繁更换域名、使用短链接和境外服务器以规避监管，传统基于黑名单的方法难以奏效。",
        "本文提出一种融合页面文本、链接结构与备案信息的识别方法，在包含{num}个站点的数据集上F1值达到0.{n}{n2}。",
        "关键词：网络赌博；图神经网络；网站识别；黑灰产",
        "实验数据显示，赌博网站常见特征词包括'百家乐''真人视讯''首存送''USDT'等，但单纯关键词匹配会误报大量新闻和裁判文书。",
        "诈骗网站往往仿冒银行、政务网站的页面结构，诱导用户输入银行卡号和验证码。",
        "参考文献：[1] {officer}. 网络犯罪治理研究[J]. 信息网络安全, {year}(3): {num}-{num2}.",
        "基金项目：国家社会科学基金项目（{year}BFX{num}）",
        "作者简介：{officer}（1985—），男，博士，副教授，研究方向为网络安全。",
    ], 4, 8),
    "sports_news": ("news", [
        "{league}第{n}轮：{team}2比1{team2}", "{team}主帅：我们会在下一场找回状态", "{league}积分榜：{team}继续领跑", "{team}官宣新援加盟",
    ], [
        "北京时间{date}，{league}第{n}轮展开角逐，{team}主场2比1力克{team2}。",
        "上半场第{n2}分钟，{team}率先破门；下半场{team2}一度扳平，但{team}在补时阶段打入制胜球。",
        "赛后，{team}主帅表示球队还有很多需要改进的地方。",
        "目前{team}积{num}分，暂列积分榜第一。",
        "下一轮，{team}将客场挑战{team3}。",
    ], 3, 5),
    "product_manual": ("manual", [
        "{appliance}使用说明书", "{appliance}常见故障及排除方法", "{appliance}安全注意事项",
    ], [
        "使用前请仔细阅读本说明书，并妥善保管以备查阅。",
        "警告：请勿用湿手插拔电源插头，以免触电。",
        "额定电压：220V~  额定频率：50Hz  额定功率：{num}W",
        "故障：指示灯不亮。原因：电源未接通。处理：检查插头是否插好。",
        "清洁保养：请先断开电源，用柔软的湿布擦拭外壳，切勿用水直接冲洗。",
        "保修期内凭购机发票享受免费维修服务，售后热线：400-{code}{n}。",
    ], 4, 6),
    "museum_page": ("museum", [
        "{site}参观须知", "{site}开放时间及预约方式", "{site}'{city}千年'特展开幕",
    ], [
        "开放时间：周二至周日 9:00-17:00（16:00停止入馆），周一闭馆（法定节假日除外）。",
        "参观实行免费实名预约，可通过官方微信公众号预约，每日限流{num}人。",
        "请勿携带易燃易爆物品、管制器具入馆，馆内禁止使用闪光灯拍照。",
        "本次特展汇集文物{num2}件（套），其中一级文物{n}件。",
        "讲解服务：每日10:00、14:00提供免费讲解。",
    ], 3, 5),
}
# fmt: on


def court_judgment(r: random.Random, s: _Slots) -> _Page:
    """A published criminal judgment in a gambling or fraud case: the harmful pages'
    vocabulary, brands and contacts included, in a page that is the opposite of them."""
    crime = r.choice(
        [
            "开设赌场罪",
            "诈骗罪",
            "帮助信息网络犯罪活动罪",
            "掩饰、隐瞒犯罪所得罪",
            "传播淫秽物品牟利罪",
        ]
    )
    page = _Page(title=fill(s, f"{{fullname}}{crime}一审刑事判决书"))
    chrome(r, s, page, "court", amount=r.choice([0.3, 1.0]))
    facts = {
        "开设赌场罪": [
            "经审理查明：{year}年以来，被告人{fullname}伙同他人在境外'{brand}'网络赌博平台担任代理，发展下线会员{num}余人，以百家乐、龙虎斗等方式进行赌博，抽头渔利{amount}元。",
            "被告人利用USDT虚拟货币进行赌资结算，资金流水累计达{wan}万元。",
            "被告人通过微信群组织'{lbrand}'快三、PK10等赌博游戏，从中抽取'水钱'。",
        ],
        "诈骗罪": [
            "经审理查明：被告人{fullname}以'刷单返利'为名，通过'{platform}'APP诱骗被害人垫付资金，骗取被害人{name}人民币{amount}元。",
            "被告人冒充'{shop}客服'，以办理退款为由诱导被害人开启屏幕共享，骗取被害人{amount2}元。",
            "被告人在婚恋网站以'{pet}'名义结识被害人，诱骗其在虚假投资平台充值共计{amount3}元。",
        ],
        "帮助信息网络犯罪活动罪": [
            "经审理查明：被告人{fullname}明知他人利用信息网络实施犯罪，仍将本人名下{n}张银行卡出售给他人使用，涉案资金流水{wan}万元。",
            "被告人为获取'跑分'佣金，提供支付宝账户帮助他人转移诈骗资金。",
        ],
        "掩饰、隐瞒犯罪所得罪": [
            "经审理查明：被告人{fullname}明知是犯罪所得，仍通过购买USDT等方式帮助他人转移资金{amount}元。",
            "被告人按照上线指示在{city}多家银行网点取现，每取现一万元获得报酬{n}元。",
        ],
        "传播淫秽物品牟利罪": [
            "经审理查明：被告人{fullname}搭建'{psite}'网站，上传淫秽视频{num}部，以会员充值方式牟利{amount}元。",
            "被告人在网站首页设置'防失联地址'，通过境外服务器逃避监管。",
        ],
    }[crime]
    page.body = [
        fill(s, "{city}市{county}人民法院"),
        r.choice(["刑事判决书", "刑 事 判 决 书"]),
        fill(s, "{caseno}"),
    ]
    page.body += [
        fill(s, "公诉机关{city}市{county}人民检察院。"),
        fill(
            s,
            "被告人{fullname}，{sex}，{byear}年出生，汉族，初中文化，户籍地{city}市。因涉嫌"
            + crime
            + "于{date}被刑事拘留，现羁押于{city}市看守所。",
        ),
    ]
    page.body += pick(r, s, facts, 1, len(facts))
    page.body += pick(
        r,
        s,
        [
            "上述事实，有被告人的供述、证人证言、电子数据、银行交易明细等证据证实，足以认定。",
            "扣押在案的手机{n}部、银行卡{n2}张，予以没收。",
            "被告人到案后如实供述自己的罪行，系坦白，依法可以从轻处罚。",
        ],
        1,
        3,
    )
    page.body += [
        fill(s, "本院认为，被告人{fullname}的行为已构成" + crime + "。"),
        fill(
            s,
            "判决如下：被告人{fullname}犯"
            + crime
            + "，判处有期徒刑{n}年，并处罚金人民币{amount4}元。",
        ),
        fill(
            s,
            "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{city}市中级人民法院提出上诉。",
        ),
        fill(
            s,
            "审判长 {officer}  审判员 {officer2}  人民陪审员 {officer3}  {date}  书记员 {officer4}",
        ),
    ]
    return page


# fmt: off
_THREADS: Final = [
    (["{county}哪家装修公司靠谱？求推荐", "{city}装修避坑经验分享"], ["楼主：最近打算装修，{county}这边有没有口碑好一点的公司，预算{n}万左右。"],
     ["我家是找的朋友介绍的，还行，主要是要盯着点。", "别找那种打电话推销的，水很深。", "半包还是全包？建议半包。", "同问，坐等大神。"]),
    (["避雷！我被刷单骗了{amount}元，大家别上当", "网上兼职的坑，说出来给大家提个醒"],
     ["楼主：上个月在网上看到'点赞关注赚佣金'，一开始真给了几十块，后来让我做'连单任务'，前前后后投进去{amount}，再也提不出来了。",
      "楼主：对方一直让我加'薇信'，后来又让下载一个叫'{platform}'的APP，现在想想全是套路。"],
     ["报警了吗？赶紧打96110，还有机会追回一部分。", "千万别信网上说的'先追回后付费'，那是二次诈骗。", "我妈也接到过冒充公安的电话，说她涉嫌洗钱，幸亏打电话问了我。", "天上不会掉馅饼，抱抱楼主。"]),
    (["问问大家，{city}的公积金提取要多久", "公积金提取线上办理流程"], ["楼主：想提公积金还房贷，线上申请了，多久能到账？"],
     ["线上办很快，一般三个工作日到账。", "我上周办的，两天就到了。", "注意别信那种'代办提取'的，要收手续费还可能是骗子。"]),
    (["孩子马上上初中了，{school}怎么样", "{county}初中择校求建议"], ["楼主：孩子明年小升初，想了解一下{school}的情况。"],
     ["{school}升学率挺好，就是离家远。", "老师很负责，作业有点多。", "可以去学校开放日看看。"]),
    (["收到个'ETC认证'短信，差点点进去", "大家注意这种短信"], ["楼主：今天收到短信说我的ETC失效要认证，链接点开是个网页让填银行卡和验证码，幸好多看了一眼域名。"],
     ["这种都是钓鱼网站，我也收到过。", "ETC有问题会在高速服务区或者官方APP处理，不会发链接。", "已举报到12321了。"]),
    (["周末带娃去{spot}，说说感受", "{spot}游玩记"], ["楼主：周末去了{spot}，人不算多，停车有点难。"],
     ["谢谢分享，正准备去。", "早上去人少。", "附近有家{dish}很好吃。"]),
]
# fmt: on


def forum_thread(r: random.Random, s: _Slots) -> _Page:
    titles, openers, replies = r.choice(_THREADS)
    page = _Page(title=fill(s, r.choice(titles)))
    chrome(r, s, page, "forum", amount=r.choice([0.5, 1.0]))
    page.byline = fill(s, "发表于 {ymd} {hm}  只看该作者  楼主")
    page.body = pick(r, s, openers, 1, len(openers))
    floor = 1
    for reply in pick(r, s, replies, 2, len(replies)):
        floor += r.randint(1, 3)
        page.body.append(f"#{floor} {_officer(r, s)[0]}**{_digits(r, 2)}：{reply}")
    return page


def benign_page(r: random.Random, s: _Slots, kind: str) -> _Page:
    if kind == "court_judgment":
        return court_judgment(r, s)
    if kind == "forum_thread":
        return forum_thread(r, s)
    profile, titles, paras, lo, hi = BENIGN[kind]
    page = _Page(title="")
    chrome(r, s, page, profile, amount=r.choice([0.2, 0.7, 1.0, 1.0]))
    page.title = fill(s, r.choice(titles))
    page.body = pick(r, s, paras, lo, hi)
    if r.random() < 0.7:
        page.byline = byline(r, s)
    if profile in ("news", "blog", "game", "recipe") and r.random() < 0.35:
        page.comments = pick(
            r,
            s,
            [
                "{name}：说得好，支持",
                "{name}：已转发给家里老人",
                "{name}：上次我也差点上当",
                "{name}：期待",
                "{name}：学到了",
                "{name}：{city}加油",
            ],
            1,
            4,
        )
    if r.random() < 0.3:
        page.keywords = ",".join(
            page.title[i : i + 4] for i in range(0, min(len(page.title), 16), 4)
        )
        page.description = page.body[0][:60]
    return page


def _page_for_host(r: random.Random, s: _Slots, profile: str) -> _Page:
    """An ordinary page of a given site type, for hijacking or spam comments."""
    kind = {
        "news": r.choice(["news_article", "sports_news"]),
        "blog": "tech_doc",
        "recipe": "recipe",
    }[profile]
    page = benign_page(r, s, kind)
    if profile == "blog":
        chrome(r, s, page, "blog")
    return page


# fmt: off
BENIGN_WEIGHTS: Final = {
    "police_antifraud": 10, "bank_notice": 5, "bank_antifraud": 5, "court_judgment": 7, "arrest_news": 6, "saohuang_notice": 3,
    "lottery_results": 5, "licensed_loan": 4, "recruitment": 5, "ecommerce": 5, "forum_thread": 6, "game_news": 4,
    "news_article": 8, "gov_notice": 5, "tech_doc": 3, "recipe": 3, "hospital_page": 3, "school_page": 3, "travel_guide": 3,
    "academic_paper": 3, "sports_news": 3, "product_manual": 2, "museum_page": 2,
}
# Hosts a spammer breaks into; the first three are about fraud or gambling themselves.
HIJACK_HOSTS: Final = {
    "court_judgment": 3, "police_antifraud": 3, "arrest_news": 3, "news_article": 6, "tech_doc": 4, "academic_paper": 3,
    "school_page": 5, "hospital_page": 4, "gov_notice": 6, "bank_notice": 2, "museum_page": 2, "travel_guide": 3,
    "recipe": 3, "product_manual": 2, "sports_news": 2, "blog": 4,
}
_ONTOPIC: Final = {"court_judgment", "police_antifraud", "arrest_news", "academic_paper"}
# fmt: on


# ---------------------------------------------------------------- scripts and hijacking


def _ordinary_scripts(r: random.Random) -> list[str]:
    """Analytics and library tags every site carries, so a script alone proves nothing."""
    out = []
    if r.random() < 0.5:
        out.append('<script src="/js/jquery-1.' + str(r.randint(7, 12)) + '.min.js"></script>')
    if r.random() < 0.4:
        key = "".join(r.choice("0123456789abcdef") for _ in range(32))
        out.append(
            '<script>var _hmt = _hmt || [];(function() {var hm = document.createElement("script");hm.src = "https://hm.baidu.com/hm.js?'
            + key
            + '";var s = document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm, s);})();</script>'
        )
    if r.random() < 0.15:
        out.append(
            "<script>if(/Android|iPhone/i.test(navigator.userAgent)){document.documentElement.className+=' mobile';}</script>"
        )
    return out


def _hex(text: str) -> str:
    return "".join(f"\\x{b:02x}" for b in text.encode())


def _redirect_script(r: random.Random, target: str, html: bool) -> str:
    form = r.randrange(7 if html else 6)
    if form == 0:
        return (
            '<script>var s=document.referrer;if(s.indexOf("baidu")>0||s.indexOf("sogou")>0||s.indexOf("so.com")>0||s.indexOf("sm.cn")>0){window.location.href="'
            + target
            + '";}</script>'
        )
    if form == 1:
        return (
            "<script>document.write('<script src=\""
            + target.rstrip("/")
            + "/tj.js\"><\\/script>');</script>"
        )
    if form == 2:
        return (
            '<script>if(navigator.userAgent.match(/(iPhone|iPod|Android|ios|Mobile)/i)){location.replace("'
            + target
            + '");}</script>'
        )
    if form == 3:
        return (
            '<script>var _0x3f2a=["'
            + _hex("location")
            + '","'
            + _hex(target)
            + '"];window[_0x3f2a[0]]["href"]=_0x3f2a[1];</script>'
        )
    if form == 4:
        return (
            '<script>setTimeout(function(){top.location="'
            + target
            + '"},'
            + str(r.choice([0, 100, 500, 1500]))
            + ");</script>"
        )
    if form == 5:
        return (
            '<script type="text/javascript">eval(function(p,a,c,k,e,d){e=function(c){return c.toString(36)};return p}("'
            + _hex("window.location.href='" + target + "'")
            + '"));</script>'
        )
    return f'<meta http-equiv="refresh" content="0;url={target}">'


# fmt: off
_HIDDEN_STYLES: Final = [
    "display:none", "position:absolute;left:-9999px;top:-9999px", "visibility:hidden;height:0;overflow:hidden",
    "font-size:0;line-height:0;height:0", "text-indent:-9999px;overflow:hidden;width:1px;height:1px", "position:fixed;top:-500px",
]
# fmt: on


def _plain_url(r: random.Random) -> str:
    stem = r.choice(WX_STEMS) + _digits(r, r.randint(2, 4))
    return f"http://www.{stem}.{r.choice(TLDS)}/"


def _spam_pool(family: str) -> list[str]:
    return {"gambling": _GAMBLING_SPAM, "porn": _PORN_SPAM, "fraud": _FRAUD_SPAM}[family]


def _anchors(r: random.Random, s: _Slots, family: str) -> list[str]:
    words = {
        "gambling": [
            "{brand}",
            "{brand}官网",
            "{brand2}",
            "{brand3}app",
            "{lbrand}",
            "{cbrand}",
            "百家乐",
            "真人娱乐",
            "网上赌场",
            "体育投注",
            "时时彩",
            "北京赛车",
            "六合彩",
            "{brand4}娱乐",
            "澳门赌场",
        ],
        "porn": [
            "{city}同城约",
            "{city}外围",
            "{city}按摩",
            "{psite}",
            "{papp}",
            "成人视频",
            "国产自拍",
            "{county}小姐",
            "上门服务",
            "午夜福利",
            "{psite2}",
        ],
        "fraud": [
            "刷单兼职",
            "无抵押贷款",
            "网赌出黑",
            "USDT回收",
            "{platform}",
            "{loanapp}",
            "数字货币带单",
            "信用卡套现",
        ],
    }[family]
    return [
        f'<a href="{_plain_url(r)}">{fill(s, w)}</a>'
        for w in r.sample(words, r.randint(5, len(words)))
    ]


HIJACKS: Final = [
    "title_replace",
    "title_suffix",
    "hidden_links",
    "top_spam",
    "bottom_spam",
    "meta_stuff",
    "js_redirect",
    "combo",
]


def hijack(r: random.Random, s: _Slots, page: _Page, how: str, html: bool) -> str:
    """Inject spam into an intact page; returns the injection actually used (meta tags
    do not survive text conversion, so plain captures get a title suffix instead)."""
    family = r.choices(["gambling", "porn", "fraud"], [5, 3, 2])[0]
    if how == "meta_stuff" and not html:
        how = "title_suffix"
    if how == "combo":
        parts = r.sample(
            ["title_suffix", "hidden_links", "bottom_spam", "top_spam", "js_redirect"]
            + (["meta_stuff"] if html else []),
            2,
        )
        for part in parts:
            hijack_one(r, s, page, part, html, family)
        return "combo"
    hijack_one(r, s, page, how, html, family)
    return how


def hijack_one(r: random.Random, s: _Slots, page: _Page, how: str, html: bool, family: str) -> None:
    spam = _spam_pool(family)
    if how == "title_replace":
        page.head_title = fill(
            s, r.choice(_SPAM_TITLES if family != "fraud" else _SPAM_TITLES[-1:] + _SPAM_TITLES[:2])
        )
        if r.random() < 0.3:
            page.title = page.head_title  # the h1 too, on cruder jobs
    elif how == "title_suffix":
        base = page.head_title or page.title
        page.head_title = (
            base
            + r.choice(["-", "_", "|", " - ", "—"])
            + fill(s, r.choice(_SPAM_TITLES)).split("_")[0]
        )
    elif how == "hidden_links":
        if r.random() < 0.3:  # planted among the friend links, in plain sight
            page.links = [fill(s, x) for x in r.sample(FRIEND_LINKS, r.randint(3, 8))] + _anchors(
                r, s, family
            )
            r.shuffle(page.links)
            return
        page.hidden = _anchors(r, s, family)
        page.hidden_style = r.choice(_HIDDEN_STYLES)
        if r.random() < 0.3:
            page.hidden = [obfuscate(r, a, 0.3) if "<a" not in a else a for a in page.hidden]
    elif how == "top_spam":
        lines = [obfuscate(r, t, 0.4) for t in spam_lines(r, s, spam, r.randint(1, 3))]
        if r.random() < 0.5:
            page.top = lines
        else:
            page.body[0:0] = lines
    elif how == "bottom_spam":
        lines = [obfuscate(r, t, 0.4) for t in spam_lines(r, s, spam, r.randint(1, 4))]
        if r.random() < 0.5:
            page.bottom = lines
        else:
            page.body += lines
    elif how == "meta_stuff":
        page.keywords = ",".join(_anchor_text(a) for a in _anchors(r, s, family)) * r.randint(1, 3)
        page.description = fill(s, r.choice(spam))
    elif how == "js_redirect":
        page.scripts.append(
            _redirect_script(
                r, _plain_url(r) + r.choice(["", "?from=" + _letters(r, 3), "index.html"]), html
            )
        )
        page.scripts_leak = True


# ---------------------------------------------------------------- long pages

# fmt: off
_SLOT: Final = re.compile(r"\{([a-z]+)\d*\}")
_SHARED: Final = {"site", "prov", "city", "hotline", "bank", "bankurl", "bankabbr", "brand", "psite", "papp", "platform", "lbrand", "cbrand", "contact", "loanapp", "company", "mall", "game", "tech"}
# fmt: on


def variants(r: random.Random, s: _Slots, templates: Sequence[str], k: int) -> list[str]:
    """``k`` lines from the templates, each with fresh values except the page's own
    site, brand and contact, for the long lists real pages carry."""

    def fresh(j: int) -> Callable[[re.Match[str]], str]:
        return lambda m: (
            m.group(0) if m.group(1) in _SHARED else "{" + m.group(1) + str(100 + j) + "}"
        )

    return [fill(s, _SLOT.sub(fresh(j), r.choice(templates))) for j in range(k)]


# fmt: off
FRIEND_LINKS: Final = [
    "中国政府网", "{city}政务服务网", "{city}市人民政府", "国家反诈中心", "中国互联网违法和不良信息举报中心", "{city}市公安局", "人民网", "新华网",
    "央视网", "{uni}", "{city}日报", "{bank}", "中国裁判文书网", "国家社会保险公共服务平台", "信用中国", "12345政务服务便民热线", "{county}人民政府",
    "中国文明网", "{city}市教育局", "{city}市卫生健康委员会", "国家税务总局{city}市税务局", "中国气象局", "{city}市图书馆", "{city}公共资源交易中心",
]
_LONG_LISTS: Final[dict[str, list[str]]] = {
    "porn_site": ["[国产] {county}少妇酒店偷拍 第{n}集 {n}:{num}", "[自拍] 学妹宿舍{num}号 {n}:{num}", "[直播] 主播{pet}深夜福利 {n}:{num}", "[日韩] 无码合集 vol.{num}", "[精选] 人妻系列{num} 高清", "[VIP] 会员专享第{num}部"],
    "escort": ["【{county}】{pet} {age}岁 身高16{n}  快餐{num}  包夜{num}", "【{county}】新到学生 {age}岁 可上门", "【{county}】少妇{pet} 服务好 {num}元"],
    "casino": ["{brand}电子：{game}风格老虎机 RTP 9{n}%", "真人视讯 {n}号台 百家乐 限红 10-{num}00", "体育：{team} vs {team} 让球 0.{n}", "会员{phone} 在{brand}赢得 {amount} 元", "捕鱼：金蟾捕鱼 {n}号房 倍率{num}"],
    "lottery_platform": ["第{issue}期  {n} {n} {n} {n} {n}  大 单  和值{num}", "第{issue}期  冠军{n}  亚军{n}  冠亚和{n}  龙虎：龙", "第{issue}期 快三 {n} {n} {n} 和值{n} 豹子×"],
    "lottery_prediction": ["{issue}期 前三定位：0{n} 0{n} 0{n}  【中】", "{issue}期 计划 双 大 {n}码  【挂】", "{issue}期 后二 {n}{n}  【中】"],
    "lottery_results": ["第{issue}期  {ymd}  红球 {balls}  蓝球 {blue}  销售额 {amount}元", "第{issue}期  {ymd}  {balls} + {blue}  一等奖 {n} 注"],
    "recruitment": ["{company2}理货员（兼职） {county} {n}元/时", "{courier}分拣员 日结 {num}元/天 {county}", "家教（高中{subject}） {num}元/时", "{company2}收银员 {n}元/时 可排班", "展会礼仪 {num}元/天 {county}"],
    "forum_thread": ["#{num}：{city}这边我也碰到过，注意点就好。", "#{num}：顶，楼主说得对。", "#{num}：同问，坐等大神。", "#{num}：{county}那家我去过，还行。", "#{num}：路过，帮顶。", "#{num}：已收藏，谢谢分享。"],
    "comments": ["{name}：说得好，支持", "{name}：已转发给家里老人", "{name}：上次我也差点上当", "{name}：学到了", "{name}：{county}的路什么时候修好", "{name}：期待下一篇", "{name}：写得真好"],
}
_MAKERS["subject"] = _choice(["数学", "物理", "英语", "化学", "语文"])
# fmt: on


def lengthen(r: random.Random, s: _Slots, page: _Page, verdict: str, kind: str) -> None:
    """The long tail of pages: friend-link blocks, long lists, long comment threads."""
    if verdict in ("benign", "hijacked") and r.random() < 0.3:
        page.links = [fill(s, x) for x in r.sample(FRIEND_LINKS, r.randint(6, len(FRIEND_LINKS)))]
    if r.random() > 0.35:
        return
    if kind in _LONG_LISTS:
        page.body += variants(r, s, _LONG_LISTS[kind], r.randint(8, 45))
    elif verdict in ("benign", "hijacked") and page.body:
        page.comments += variants(r, s, _LONG_LISTS["comments"], r.randint(5, 30))
        page.related += variants(r, s, _PROFILES["news"]["related"], r.randint(5, 20))


# ---------------------------------------------------------------- assembly


def _weighted(r: random.Random, weights: dict[str, int]) -> str:
    return r.choices(list(weights), list(weights.values()))[0]


# fmt: off
FRAUD_WEIGHTS: Final = {k: 3 if k in ("investment_platform", "fake_loan", "task_brushing", "phishing_bank") else 2 for k in FRAUD}
GAMBLING_WEIGHTS: Final = {"casino": 4, "baccarat": 2, "sports_betting": 3, "lottery_platform": 3, "lottery_prediction": 2, "chess_card": 2, "agent_recruit": 2, "address_page": 2}
PORN_WEIGHTS: Final = {"porn_site": 2, "escort": 3, "live_app": 2, "address_page": 2, "live_show_spam": 1, "keyword_farm": 2, "forum_spam": 2, "comment_spam": 2}
# fmt: on


def _harden(r: random.Random, page: _Page, strength: float) -> None:
    page.body = [obfuscate(r, t, strength) for t in page.body]
    page.comments = [obfuscate(r, t, strength) for t in page.comments]
    if r.random() < 0.3:
        page.title = obfuscate(r, page.title, strength)


def _damage(r: random.Random, page: _Page) -> None:
    rate = r.choice([0.2, 0.4, 0.7, 1.0])
    for part in (page.body, page.related, page.comments, page.top, page.bottom):
        part[:] = [debris(r, t) if r.random() < rate else t for t in part]
    if r.random() < 0.2:
        page.title = debris(r, page.title)


def _compose(r: random.Random, s: _Slots, verdict: str, html: bool) -> tuple[str, _Page]:
    if verdict == "fraud":
        key = _weighted(r, FRAUD_WEIGHTS)
        page = harmful(r, s, FRAUD[key])
        lengthen(r, s, page, verdict, key)
        official = key.startswith("phishing") or key == "fake_police"
        if r.random() < (0.25 if official else 0.6):
            _harden(r, page, r.uniform(0.2, 0.8))
        return key, page
    if verdict == "gambling":
        key = _weighted(r, GAMBLING_WEIGHTS)
        page = harmful(r, s, GAMBLING[key])
        lengthen(
            r, s, page, verdict, {"baccarat": "casino", "sports_betting": "casino"}.get(key, key)
        )
        if r.random() < 0.6:
            _harden(r, page, r.uniform(0.2, 0.8))
        return key, page
    if verdict == "porn_spam":
        key = _weighted(r, PORN_WEIGHTS)
        if key == "keyword_farm":
            page = keyword_farm(r, s)
        elif key in ("forum_spam", "comment_spam"):
            page = spam_forum(r, s, comments_only=key == "comment_spam")
        else:
            page = harmful(r, s, PORN[key])
        lengthen(r, s, page, verdict, key)
        if r.random() < 0.7:
            _harden(r, page, r.uniform(0.3, 0.9))
        return key, page
    if verdict == "hijacked":
        host = _weighted(r, HIJACK_HOSTS)
        page = _page_for_host(r, s, "blog") if host == "blog" else benign_page(r, s, host)
        lengthen(r, s, page, verdict, host)
        page.scripts = _ordinary_scripts(r)
        how = hijack(r, s, page, r.choices(HIJACKS, [3, 4, 5, 3, 4, 2, 2, 3])[0], html)
        return how + ("_ontopic" if host in _ONTOPIC else ""), page
    key = _weighted(r, BENIGN_WEIGHTS)
    page = benign_page(r, s, key)
    lengthen(r, s, page, verdict, key)
    page.scripts = _ordinary_scripts(r)
    return key, page


def _trim(r: random.Random, page: _Page) -> bool:
    """Drop the least telling part of an overlong page; False when nothing is left to drop."""
    planted = any(x.startswith("<a") for x in page.links)
    for part in ([] if planted else page.links, page.related, page.comments, page.nav):
        if len(part) > 1:
            part.pop()
            return True
    if len(page.body) > 2:
        page.body.pop(
            r.randrange(1, len(page.body) - 1) if len(page.body) > 3 else len(page.body) - 1
        )
        return True
    if len(page.footer) > 1:
        page.footer.pop()
        return True
    return False


def _render(r: random.Random, page: _Page, html: bool, wrap: int) -> str:
    text = render_html(r, page) if html else render_text(r, page)
    if wrap and not html:  # a converter that hard-wraps every line
        text = "\n".join(
            line[i : i + wrap]
            for line in text.split("\n")
            for i in range(0, max(len(line), 1), wrap)
        )
    return text


def build(r: random.Random, verdict: str) -> CapturedPage:
    """One capture of the given verdict, drawn from ``r``."""
    s = _Slots(r)
    html = r.random() < HTML_SHARE
    kind, page = _compose(r, s, verdict, html)
    if r.random() < 0.3:
        _damage(r, page)
    wrap = r.randint(30, 60) if r.random() < 0.08 else 0
    seed = r.random()
    while True:
        text = _render(random.Random(seed), page, html, wrap)
        if len(text.encode()) <= MAX_BYTES or not _trim(r, page):
            break
    if len(text.encode()) > MAX_BYTES:
        text = text.encode()[:MAX_BYTES].decode("utf-8", errors="ignore")
    while len(text) < MIN_CHARS:
        page.footer.append(
            fill(
                s,
                r.choice(
                    [
                        "Copyright © {year} 版权所有",
                        "{prov}ICP备{icpnum}号",
                        "联系我们 | 关于我们 | 网站地图",
                        "返回顶部",
                    ]
                ),
            )
        )
        text = _render(random.Random(seed), page, html, wrap)
    return CapturedPage(text=text, verdict=verdict, kind=f"{verdict}:{kind}", is_html=html)


def _allocate(rng: random.Random, n: int) -> list[str]:
    """Verdicts in the mix's proportions (largest remainder), shuffled."""
    quotas = {v: share * n for v, share in MIX.items()}
    counts = {v: int(q) for v, q in quotas.items()}
    for v in sorted(quotas, key=lambda v: quotas[v] - counts[v], reverse=True)[
        : n - sum(counts.values())
    ]:
        counts[v] += 1
    out = [v for v, c in counts.items() for _ in range(c)]
    rng.shuffle(out)
    return out


def generate(seed: int, n: int) -> list[CapturedPage]:
    """``n`` captures, the same for the same seed, every text distinct."""
    verdicts = _allocate(random.Random(f"captures_field:{seed}:mix"), n)
    seen: set[str] = set()
    pages = []
    for i, verdict in enumerate(verdicts):
        for attempt in range(20):
            page = build(random.Random(f"captures_field:{seed}:{i}:{attempt}"), verdict)
            if page.text not in seen:
                break
        seen.add(page.text)
        pages.append(page)
    return pages


def summary(pages: Sequence[CapturedPage]) -> str:
    lengths = sorted(len(p.text) for p in pages)
    lines = [
        f"{len(pages)} captures, {sum(p.is_html for p in pages)} HTML, length {lengths[0]}–{lengths[-1]} chars (median {lengths[len(lengths) // 2]})"
    ]
    for verdict, count in Counter(p.verdict for p in pages).most_common():
        lines.append(f"{verdict:10} {count}")
    lines.append("kinds:")
    lines += [
        f"  {kind:42} {count}" for kind, count in sorted(Counter(p.kind for p in pages).items())
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Simulated crawler captures with page verdicts.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--show", type=int, default=0, help="also print the first N captures")
    args = parser.parse_args(argv)
    pages = generate(args.seed, args.n)
    print(summary(pages))
    for page in pages[: args.show]:
        print(f"\n===== {page.kind} html={page.is_html} =====\n{page.text}")


if __name__ == "__main__":
    main()
