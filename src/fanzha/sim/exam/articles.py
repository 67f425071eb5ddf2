"""Pages that wear the other side's clothes: harmful pages laid out as articles, benign ones as logins.

Scam platforms publish "is it safe?" articles and betting sites publish tips
columns, with breadcrumbs, dates, related reading and a copied ICP number;
real banks and government portals have login forms asking for card numbers
and ID numbers. Layout alone must not decide a verdict.
"""

from __future__ import annotations

import random

from fanzha.sim.exam import gambling
from fanzha.sim.exam.fraud import BANKS, PLAT_A, PLAT_B, PRODUCTS
from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import CITIES, date, digits, domain, footer, pick, some

_WHITEWASH = (
    "近日有网友质疑{name}是否正规，对此平台方作出回应。",
    "{name}成立于{y}年，总部位于{country}，持有当地金融监管牌照。",
    "平台所有用户资金均由第三方银行存管，不存在挪用风险。",
    "针对部分用户反映的提现延迟问题，平台解释为系统升级所致，现已恢复正常。",
    "据统计，平台注册用户已突破{n}万，累计交易额超过{n}亿元。",
    "业内人士表示，{prod}是当前最具潜力的投资方向之一，{name}的收益率处于行业领先水平。",
    "网上流传的“{name}是骗局”系竞争对手恶意抹黑，平台已委托律师维权。",
    "新用户注册并完成实名认证，可领取{n}元新手礼包。",
    "如需了解更多，请添加官方客服微信：{wx}。",
)  # fmt: skip
_TIPS = (
    "很多新手玩{game}总是输，其实是没有掌握正确的方法。",
    "第一，要学会看路，{game}的长龙和单跳是最常见的两种走势。",
    "第二，资金管理很重要，建议采用倍投或者分层下注的方式。",
    "第三，选择正规的平台，{brand}是老牌平台，出款稳定，大额无忧。",
    "{league}本轮焦点战，我们推荐{team}让球，水位{odds}。",
    "老玩家都知道，反水和首存彩金能大大降低成本。",
    "想要稳定盈利，一定要跟对导师，加入我们的计划群每天免费推荐。",
    "注册{brand}即送{n}元彩金，存款使用USDT还可额外加赠。",
)  # fmt: skip
_COUNTRIES = "英国 新加坡 澳大利亚 瑞士 香港 迪拜 美国".split()


def whitewash(r: random.Random) -> tuple[str, Doc]:
    """A scam platform's own "is it legitimate?" article, on a news-like page."""
    name = pick(r, PLAT_A) + pick(r, PLAT_B)
    prod = pick(r, PRODUCTS)
    title = r.choice(
        (
            f"{name}正规吗？平台官方回应",
            f"{name}是不是骗局？真相来了",
            f"{name}提现到账了吗？用户实测",
            f"{prod}投资哪个平台靠谱？{name}上榜",
        )
    )
    fills = {
        "name": name,
        "prod": prod,
        "y": str(r.randint(2012, 2023)),
        "country": pick(r, _COUNTRIES),
        "n": str(r.randint(10, 900)),
        "wx": f"kf{digits(r, 6)}",
    }
    body = [t.format(**(fills | {"n": str(r.randint(10, 900))})) for t in some(r, _WHITEWASH, 4, 8)]
    doc = Doc(title, f"{name}资讯", domain(r, True), nav=["首页", "平台动态", "行业资讯", "投资学堂", "下载APP"], crumbs=["首页", "平台动态"],
              info=f"发布时间：{date(r)}  来源：{name}", heading=title, body=body, links_heading="相关阅读",
              links=[f"{pick(r, PRODUCTS)}{pick(r, ('入门', '收益', '技巧', '行情分析'))}" for _ in range(r.randint(2, 6))],
              footer=footer(r, name, pick(r, CITIES))[-2:])  # fmt: skip
    return "fraud/whitewash_article", doc


def betting_tips(r: random.Random) -> tuple[str, Doc]:
    """A betting site's tips column: an article, with the brand worked into the advice."""
    brand = gambling.brand(r)
    league = pick(r, gambling.LEAGUES)
    game = pick(r, ("百家乐", "龙虎", "牛牛", "时时彩", "北京赛车", "快三"))
    title = r.choice(
        (
            f"{game}必胜技巧分享",
            f"{league}{date(r)[5:]}赛事推荐",
            f"玩{game}如何稳赚？老玩家经验",
            f"{brand}：新手如何选择买球平台",
        )
    )
    fills = {
        "game": game,
        "brand": brand,
        "league": league,
        "team": pick(r, gambling.TEAMS[league]),
        "odds": f"{r.randint(80, 105) / 100:.2f}",
        "n": str(r.randint(8, 888)),
    }
    body = [t.format(**(fills | {"n": str(r.randint(8, 888))})) for t in some(r, _TIPS, 4, 8)]
    doc = Doc(title, f"{brand}资讯", domain(r, True), nav=["首页", "技巧", "赛事推荐", "开奖结果", "平台推荐"], crumbs=["首页", "技巧"],
              info=f"{date(r)}  阅读 {r.randint(100, 99999)}", heading=title, body=body, links_heading="热门文章",
              links=gambling.phrases(r, r.randint(3, 8)), footer=footer(r, f"{brand}资讯", pick(r, CITIES))[-2:])  # fmt: skip
    return "gambling/tips_article", doc


def legit_login(r: random.Random) -> tuple[str, Doc]:
    """A real bank's or government portal's login: card number, password, SMS code, on its own domain."""
    if r.random() < 0.6:
        bank = pick(r, BANKS)
        title = r.choice((f"{bank}个人网上银行登录", f"{bank} 企业网银", f"{bank}信用卡 登录"))
        form = some(r, ("卡号/手机号/用户名", "登录密码", "验证码", "短信验证码"), 2, 4)
        body = [
            "请确认您访问的是我行官方网站，谨防假冒网站。",
            "首次登录请先下载安装安全控件。",
            f"客服热线：95{digits(r, 3)}",
        ]
        site = bank
    else:
        city = pick(r, CITIES)
        site = f"{city}市政务服务网"
        title = f"{site} - 统一身份认证平台"
        form = some(r, ("身份证号/手机号", "密码", "图形验证码", "短信验证码"), 2, 4)
        body = [
            "个人用户、法人用户均可使用统一账号登录。",
            "忘记密码可通过“找回密码”或线下窗口办理。",
            "推荐使用扫码登录，更安全便捷。",
        ]
    doc = Doc(title, site, domain(r), nav=["首页", "帮助", "安全中心"], heading=pick(r, ("用户登录", "账号登录", "登录")), body=body, form=form,
              buttons=["登录", "注册", "忘记密码"], footer=footer(r, site, pick(r, CITIES)), layout="landing")  # fmt: skip
    return "benign/legit_login", doc
