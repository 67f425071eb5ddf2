"""Gambling pages: casino, sports book, lottery, slots and card-game sites under invented brands.

Brands are built from parts (a classic casino word, a lucky suffix, a
number, a pinyin or Latin mark) so that thousands exist and none can be
memorised; ``brand`` and ``phrases`` are reused by the hijack injections.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import SYLLABLES, digits, domain, mobile, pick, some

_A = "金 银 鼎 鸿 皇 凯 博 盛 富 利 乐 万 星 天 龙 豪 旺 财 亿 威 永 赢 发 宝 壹 华 新 美 澳 葡 太 银 恒 九 百 千 开 亚 必 宏 沙 云".split()
_B = "沙 冠 盛 运 朝 撒 乐 达 豪 耀 博 利 鑫 汇 彩 发 赢 丰 京 尼斯 阳城 高梅 河 胜 鼎 博 元 云 威 泰 隆 玺 福 禧".split()
_SUFFIX = (
    "娱乐 国际 体育 棋牌 彩票 娱乐城 集团 会 电竞 真人 官网 在线 平台 俱乐部 娱乐场 游戏 彩".split()
)
_NUMS = "8号 365 888 9159 3559 2088 6686 0000 99 188 5566 777 1888 68 8868 33 96 7790".split()
_LATIN = "BET SPORTS CASINO GAMING PLAY WIN CLUB VIP".split()
_VENDORS = "AG BBIN OB EBET DG SA WM BG PP PG CQ9 JDB MG PT KY IM 沙巴 FB DB 雷火 乐游".split()
_CLUBS = {
    "英超": "曼城 利物浦 阿森纳 切尔西 曼联 热刺 纽卡斯尔 阿斯顿维拉 布莱顿 西汉姆联",
    "西甲": "皇马 巴萨 马竞 皇家社会 塞维利亚 比利亚雷亚尔 毕尔巴鄂竞技 贝蒂斯",
    "意甲": "国际米兰 AC米兰 尤文图斯 那不勒斯 罗马 拉齐奥 亚特兰大 佛罗伦萨",
    "德甲": "拜仁 多特蒙德 勒沃库森 莱比锡 法兰克福 斯图加特 沃尔夫斯堡",
    "法甲": "巴黎圣日耳曼 马赛 里昂 摩纳哥 里尔 尼斯 朗斯",
    "欧冠": "曼城 皇马 拜仁 巴黎圣日耳曼 国际米兰 巴萨 阿森纳 本菲卡 波尔图 多特蒙德",
    "中超": "上海海港 山东泰山 成都蓉城 北京国安 上海申花 浙江队 天津津门虎 武汉三镇",
    "NBA": "湖人 勇士 凯尔特人 掘金 雄鹿 太阳 76人 尼克斯 独行侠 森林狼",
    "CBA": "广东宏远 辽宁本钢 浙江广厦 上海久事 北京首钢 新疆广汇 深圳马可波罗",
    "世界杯": "阿根廷 法国 巴西 英格兰 西班牙 葡萄牙 德国 荷兰 日本 韩国 克罗地亚 摩洛哥",
    "欧洲杯": "法国 英格兰 西班牙 葡萄牙 德国 荷兰 意大利 比利时 克罗地亚 丹麦",
    "LPL": "JDG BLG TES LNG WBG EDG IG RNG",
    "KPL": "AG超玩会 狼队 eStarPro 成都AG TTG 重庆狼队",
}
LEAGUES = list(_CLUBS)
TEAMS = {league: clubs.split() for league, clubs in _CLUBS.items()}
_BETS = "让球 大小球 滚球 独赢 波胆 半全场 串关 冠军盘 角球 单双 让分 总分 首发 亚盘 欧赔".split()
_LOTTO = (
    "时时彩 重庆时时彩 北京赛车PK10 幸运飞艇 极速快三 江苏快三 澳门六合彩 香港六合彩 福彩3D计划 一分快三 "
    "腾讯分分彩 极速赛车 幸运28 加拿大28 五分彩 极速时时彩 排列三计划 快乐十分"
).split()
_SLOTS = "麻将胡了 赏金船长 寻宝黄金城 捕鱼达人 水果机 金龙夺宝 财神到 招财猫 糖果派对 埃及艳后 疯狂777 幸运转盘".split()
_CARDS = "斗地主 炸金花 抢庄牛牛 三公 德州扑克 十三水 血战麻将 跑得快 二八杠 推筒子 百人牛牛 龙虎斗".split()
_LIVE = "百家乐 龙虎 骰宝 轮盘 牛牛 番摊 21点 三公 色碟 鱼虾蟹".split()
_PROMOS = (
    "首存彩金{p}0%，最高{n}888元", "每日反水{r}%，无上限秒到账", "周周返利，最高{n}8888元", "VIP晋级礼金最高{n}8888元",
    "生日礼金{n}88元", "USDT存款额外加赠{p}%", "新人注册即送{n}元体验金", "连续签到7天送{n}元", "负盈利救援金{p}%",
    "推荐好友每位奖励{n}8元", "代理佣金高达{p}5%，月入百万不是梦", "充值{n}00送{n}8", "单笔投注满{n}00返{p}%",
)  # fmt: skip
_PAY = "支付宝 微信 银行卡 USDT(TRC20) USDT(ERC20) 云闪付 数字人民币 QQ钱包 网银转账".split()
_LICENSES = (
    "菲律宾PAGCOR 英属维尔京群岛BVI 马耳他MGA 库拉索eGaming 马尼拉CEZA 柬埔寨博彩委员会".split()
)
_TAIL = (
    "18岁以下禁止参与", "博彩有风险，请理性投注", "防劫持请收藏永久网址", "本站为亚洲最大的线上娱乐平台",
    "全网信誉第一，大额无忧", "专业技术团队 7×24小时在线服务", "存取款极速到账，平均{n}秒",
)  # fmt: skip


def brand(r: random.Random) -> str:
    """An invented betting brand, as they appear in titles and link farms."""
    core = pick(r, _A) + pick(r, _B)
    style = r.randrange(6)
    if style == 0:
        return core + pick(r, _SUFFIX)
    if style == 1:
        return pick(r, _NUMS) + core + pick(r, _SUFFIX)
    if style == 2:
        return core + pick(r, _NUMS)
    if style == 3:
        mark = (pick(r, SYLLABLES) + pick(r, SYLLABLES)).upper()
        return mark + pick(r, ("体育", "娱乐", "", " " + pick(r, _LATIN)))
    if style == 4:
        return (
            pick(r, ("澳门", "新澳门", "威尼斯人", "新葡京", "太阳城", "皇冠", "永利", "银河"))
            + pick(r, _NUMS)
            + pick(r, _SUFFIX)
        )
    return pick(r, _VENDORS) + pick(r, ("体育", "真人", "电子", "棋牌", "捕鱼", "视讯"))


def _f(r: random.Random) -> dict[str, str]:
    return {
        "p": str(r.randint(1, 9)),
        "n": str(r.randint(1, 9)),
        "r": f"{r.randint(3, 20) / 10:.1f}",
    }


def phrases(r: random.Random, k: int) -> list[str]:
    """Gambling spam phrases as hijackers stuff them into titles."""
    gen = (
        lambda: brand(r),
        lambda: brand(r) + pick(r, ("官网", "官方网站", "app下载", "登录入口", "网址", "注册")),
        lambda: (
            pick(r, _LIVE) + pick(r, ("网站", "平台", "技巧", "在线", "官网", "必胜法", "玩法"))
        ),
        lambda: pick(r, _LOTTO) + pick(r, ("计划", "开奖", "官网", "平台", "走势图", "投注")),
        lambda: pick(r, LEAGUES) + pick(r, ("投注", "下注", "买球", "竞猜", "赔率", "外围")),
        lambda: pick(
            r,
            (
                "网上赌博",
                "在线赌场",
                "真人娱乐",
                "体育投注",
                "正规买球app",
                "网上棋牌",
                "电子游艺",
                "真钱游戏",
            ),
        ),
        lambda: (
            pick(r, _VENDORS) + pick(r, ("电子", "真人", "视讯")) + pick(r, [*_SLOTS[:4], "游戏"])
        ),
    )
    return [gen[r.randrange(len(gen))]() for _ in range(k)]


def _doc(
    r: random.Random,
    name: str,
    title: str,
    heading: str,
    body: list[str],
    buttons: tuple[str, ...] | list[str] = (),
) -> Doc:
    """A betting site's page: its game menu, the licence boast and the age line in the footer."""
    nav = some(
        r,
        (
            "首页",
            "体育",
            "真人",
            "电子",
            "彩票",
            "棋牌",
            "捕鱼",
            "电竞",
            "优惠活动",
            "VIP",
            "APP下载",
            "代理加盟",
            "在线客服",
        ),
        4,
        9,
    )
    tail = [t.format(**_f(r)) for t in some(r, _TAIL, 1, 3)]
    foot = [
        f"{name}持有{pick(r, _LICENSES)}牌照",
        f"Copyright © {r.randint(2008, 2026)} {name} Reserved",
        *tail,
    ]
    return Doc(
        title,
        name,
        domain(r, True),
        nav=nav,
        heading=heading,
        body=body,
        buttons=list(buttons),
        footer=foot,
        layout="landing",
    )


def _payments(r: random.Random) -> str:
    return "支持" + "、".join(some(r, _PAY, 2, 5)) + "存款"


def casino(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    vendor = pick(r, _VENDORS)
    games = some(r, _LIVE, 3, 6)
    title = r.choice(
        (
            f"{name}-真人{games[0]}|{games[1]}|{games[2]}",
            f"{name}官网_{vendor}真人视讯",
            f"{games[0]}_{name}_美女荷官在线发牌",
        )
    )
    body = [
        f"{vendor}视讯厅、{pick(r, _VENDORS)}旗舰厅同步开放，{'、'.join(games)}任您选择。",
        pick(
            r,
            (
                "美女荷官现场发牌，全程高清直播，公平公正。",
                "国际标准赌桌，实时开牌，杜绝作弊。",
                "多台同开，好路推荐：长龙、单跳、双跳一目了然。",
            ),
        ),
        f"庄闲赔率1:0.95，免佣{games[0]}庄赢{r.randint(6, 7)}点赔一半。",
        pick(r, _PROMOS).format(**_f(r)),
        _payments(r),
    ]
    return "gambling/live_casino", _doc(
        r, name, title, name, body, some(r, ("立即注册", "免费试玩", "进入游戏", "存款"), 1, 3)
    )


def sports(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    league = pick(r, LEAGUES)
    matches = []
    for _ in range(r.randint(2, 6)):
        a, b = r.sample(TEAMS[league], 2)
        line = f"{league} {a} vs {b}  {pick(r, _BETS)} {pick(r, ('-0.5', '+0.5', '-1', '0/0.5', '2.5', '3', '-1/1.5'))}  赔率 {r.randint(70, 130) / 100 + 1:.2f}"
        matches.append(line)
    title = r.choice(
        (
            f"{name}-{league}投注_正规买球平台",
            f"{name}体育官网|{league}|滚球",
            f"买球app下载_{name}体育_{league}赔率",
        )
    )
    body = [
        f"{name}提供{'、'.join(some(r, LEAGUES, 3, 6))}等赛事投注，{'、'.join(some(r, _BETS, 3, 5))}玩法齐全。"
    ]
    body += matches
    body += [
        pick(r, _PROMOS).format(**_f(r)),
        _payments(r),
        pick(
            r,
            ("赛前、滚球全天候开盘。", "水位全网最高，欧赔亚盘任选。", "专家推荐单，跟单胜率85%。"),
        ),
    ]
    return "gambling/sports_betting", _doc(
        r, name, title, f"{league}热门赛事", body, ["立即投注", "注册领彩金"]
    )


def lottery(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    games = some(r, _LOTTO, 3, 6)
    title = r.choice(
        (
            f"{name}-{games[0]}官方平台",
            f"{games[0]}计划_{games[1]}开奖_{name}",
            f"{name}彩票代购|{games[0]}|{games[1]}",
        )
    )
    issue = digits(r, 8)
    body = [
        f"{games[0]}第{issue}期开奖号码：{' '.join(str(r.randint(0, 9)) for _ in range(5))}，下期开奖倒计时{r.randint(0, 4)}:{r.randint(10, 59)}。",
        f"热门彩种：{'、'.join(games)}。",
        pick(
            r,
            (
                "人工精准计划，导师带你回血上岸。",
                "倍投方案：1-2-4-8，稳赚不亏。",
                "加入计划群，每期免费推荐号码。",
                "赔率高达9.98，全网最高。",
            ),
        ),
        pick(r, _PROMOS).format(**_f(r)),
        _payments(r),
        f"计划群QQ：{digits(r, 9)}",
    ]
    return "gambling/lottery_agent", _doc(r, name, title, "彩票大厅", body, ["购彩大厅", "注册"])


def slots(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    games = some(r, _SLOTS, 3, 7)
    vendor = pick(r, ("PG", "PP", "CQ9", "JDB", "MG", "PT", "FC"))
    title = r.choice(
        (
            f"{vendor}电子{games[0]}_{name}",
            f"{name}电子游艺-{games[0]}爆分技巧",
            f"{games[0]}官方正版_{vendor}电子试玩",
        )
    )
    body = [
        f"{vendor}电子热门游戏：{'、'.join(games)}。",
        f"当前奖池：{r.randint(100, 999)},{r.randint(100, 999)},{r.randint(100, 999)}.{r.randint(10, 99)}元",
        pick(
            r,
            (
                "免费旋转、连环消除，倍数无上限。",
                "今日爆分榜：会员"
                + mobile(r)[:3]
                + "****"
                + digits(r, 4)
                + "赢得"
                + str(r.randint(2, 90))
                + "万元。",
                "电子返水1.2%，打码即返。",
            ),
        ),
        pick(r, _PROMOS).format(**_f(r)),
        _payments(r),
    ]
    return "gambling/slots", _doc(r, name, title, "电子游艺", body, ["立即游戏", "免费试玩"])


def cards(r: random.Random) -> tuple[str, Doc]:
    name = (
        brand(r)
        if r.random() < 0.6
        else pick(r, SYLLABLES).upper() + pick(r, ("棋牌", "游戏", "娱乐"))
    )
    games = some(r, _CARDS, 3, 7)
    title = r.choice(
        (
            f"{name}-{games[0]}真金版",
            f"{name}官方下载_{'_'.join(games[:3])}",
            f"{games[0]}可提现的棋牌游戏_{name}",
        )
    )
    body = [
        f"{'、'.join(games)}，真人匹配，金币可兑换可提现。",
        pick(
            r,
            (
                "上下分请加微信：" + pick(r, ("sx", "qp", "kf")) + digits(r, 6),
                "房卡模式，好友约局，一局一结。",
                "1元起充，提现5分钟到账。",
            ),
        ),
        pick(r, _PROMOS).format(**_f(r)),
        _payments(r),
    ]
    return "gambling/card_games", _doc(r, name, title, name, body, ["下载游戏", "立即开局"])


def promo(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    offers = [t.format(**_f(r)) for t in some(r, _PROMOS, 4, 8)]
    title = r.choice((f"{name}优惠活动", f"{name}-新会员首存送彩金", f"{name}VIP尊享返水"))
    body = [f"活动{i + 1}：{o}" for i, o in enumerate(offers)]
    body += [
        "申请方式：联系在线客服提交会员账号。",
        "活动须完成" + str(r.randint(1, 15)) + "倍流水方可提款。",
        _payments(r),
    ]
    return "gambling/promotions", _doc(r, name, title, "优惠活动", body, ["立即申请"])


def app_page(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    title = r.choice(
        (f"{name}APP下载-官方正版", f"{name}app官方下载安装", f"{name}手机版下载_iOS_安卓")
    )
    mirrors = [domain(r, True) for _ in range(r.randint(2, 6))]
    body = [
        f"{name}APP，{'、'.join(some(r, ('体育', '真人', '电子', '彩票', '棋牌', '捕鱼', '电竞'), 3, 6))}一站畅玩。",
        "扫码下载，安卓用户如提示风险请选择继续安装。",
        "iOS用户安装后请在 设置-通用-VPN与设备管理 中信任企业证书。",
        f"官方网址：{mirrors[0]}",
        "备用网址：" + " ".join(mirrors[1:]),
        pick(r, _PROMOS).format(**_f(r)),
    ]
    return "gambling/app_download", _doc(r, name, title, name, body, ["iOS下载", "安卓下载"])


def mirror_list(r: random.Random) -> tuple[str, Doc]:
    name = brand(r)
    title = r.choice(
        (f"{name}最新网址发布页", f"{name}永久地址_防劫持", f"{name}导航-官方线路检测")
    )
    lines = [
        f"线路{i + 1}：{domain(r, True)}  延迟{r.randint(8, 300)}ms"
        for i in range(r.randint(4, 12))
    ]
    body = [
        "请收藏本页，网址被封后可从这里找到最新地址。",
        *lines,
        "如全部线路无法访问，请联系客服获取专属线路。",
    ]
    return "gambling/mirror_list", _doc(r, name, title, title, body)


BUILDERS: tuple[Callable[[random.Random], tuple[str, Doc]], ...] = (
    casino, casino, sports, sports, lottery, slots, cards, promo, app_page, mirror_list,
)  # fmt: skip
