"""What the city reads: lures, ordinary messages, look-alike notices, and their disguises.

Written from what residents actually receive; lures and genuine notices share
their words on purpose (兼职, 佣金, 退款, 理赔, 安全账户 …).
"""

from __future__ import annotations

from typing import Any

LURES: dict[str, tuple[str, ...]] = {
    "impersonate_police": (
        "【{city}市公安局】您名下账户涉嫌一起跨境洗钱案件，案件编号{n}，请于今日联系办案民警核实，逾期将冻结名下全部账户。",
        "您好，这里是{city}市人民检察院，您的身份信息被用于办理银行卡，涉嫌非法集资，请保持电话畅通配合调查。",
        "通知：您的医保卡在外地存在违规套现记录，已移交公安机关，详询{phone}",
    ),
    "impersonate_service": (
        "【快递】您好，您的包裹在运输中丢失，我司将按双倍理赔，请添加客服{wx}办理退款。",
        "尊敬的用户，您开通的百万保障服务将于今日起每月扣费800元，如非本人操作请致电{phone}取消。",
        "【售后】您购买的商品存在质量问题已被召回，可办理退款理赔，详情{url}",
    ),
    "fake_loan": (
        "无抵押无担保，凭身份证秒批，最高可借20万，年化3.6%，点击{url}",
        "【普惠金融】恭喜您获得一笔50000元备用金额度，今日有效，领取{url}",
        "急用钱？不看征信，黑户也能下款，加{wx}了解",
    ),
    "investment": (
        "老师带你布局牛股，内部消息，已有学员月收益30%，进群{wx}",
        "【财富课堂】免费直播课：数字资产稳赚策略，报名{url}",
    ),
    "task_rebate": (
        "在家就能做的兼职，点赞关注一单3元，日结佣金200+，宝妈学生均可，加{wx}",
        "招聘线上推广员，动动手指就有收入，时间自由，{url}",
        "【诚聘】抖音点赞员，当日结算，联系{wx}",
    ),
    "fake_credit": (
        "【征信中心】您的个人征信存在逾期记录，将影响房贷车贷，请于48小时内联系{phone}处理。",
        "您当年注册的校园贷账户未注销，将上报征信，请尽快联系客服注销。",
    ),
    "romance": ("你好呀，我是上次在群里加你的小雅，最近在学理财，有空聊聊吗",),
    "game_trade": (
        "出售王者荣耀V10满皮肤账号，价格美丽，担保交易{url}",
        "原神高级号低价转让，走平台担保，{url}",
    ),
    "impersonate_acquaintance": (
        "我是{boss}，这是我新号码，旧号停用了，明天上午来我办公室一趟。",
        "妈，我手机掉水里了，这是我同学的手机，先加我新微信{wx}",
        "小{surname}，我是{boss}，在开会不方便接电话，有个事需要你帮我处理一下。",
    ),
    "other": (
        "恭喜您的号码在周年庆活动中被抽中二等奖iPhone一台，请于三日内领取{url}",
        "您的ETC卡已失效，请立即登录{url}重新认证，以免影响通行。",
    ),
}

BENIGN: dict[str, tuple[str, ...]] = {
    "job_platform": (
        "【BOSS直聘】您关注的兼职岗位「周末商场促销」有新回复：日结佣金180元，可在APP内查看。",
        "【58同城】您投递的兼职「奶茶店店员」面试邀请已发送，请准时到店。",
        "【智联招聘】为您推荐：线上客服（兼职），底薪+佣金，点击APP查看详情。",
    ),
    "licensed_lender": (
        "【招联金融】尊敬的客户，您的借款额度已提升至50000元，按日计息，退订回T",
        "【微众银行】您申请的微粒贷借款30000元已发放至尾号{last4}银行卡。",
        "【京东金条】您的借款申请已审核通过，额度可在APP内查看。",
    ),
    "bank_notice": (
        "【{bank_zh}】您尾号{last4}的账户{md}{hm}收到退款{yuan}元，余额请查询APP。",
        "【{bank_zh}】温馨提示：公检法机关不会要求您将资金转入所谓安全账户，谨防诈骗。",
        "【{bank_zh}】您的车险理赔款{yuan}元已到账，尾号{last4}。",
    ),
    "police_antifraud_sms": (
        "【国家反诈中心】刷单返利都是诈骗！凡是要求您垫资做任务、交保证金的都是诈骗，请下载国家反诈中心APP。",
        "【{city}公安】警惕冒充公检法诈骗：公安机关不会通过电话办案，更不存在安全账户，如有疑问请拨打96110。",
        "【反诈提醒】您好，近期冒充客服退款理赔诈骗高发，请勿向陌生人共享屏幕，详询96110。",
    ),
    "refund_notice": (
        "【淘宝】您的退款申请已通过，退款{yuan}元将原路退回，请注意查收。",
        "【京东】您的订单{n}已办理退货，退款{yuan}元预计1-3个工作日到账。",
        "【美团】您的理赔申请已处理，{yuan}元赔付金已退回原支付账户。",
    ),
    "ordinary": (
        "【{bank_zh}】您尾号{last4}的账户{md}{hm}支出{yuan}元，余额请查询APP。",
        "您的验证码为{n6}，5分钟内有效，请勿泄露。",
        "【菜鸟驿站】您的快递已到{city}小区驿站，取件码{n4}。",
        "【{bank_zh}】您尾号{last4}的账户{md}{hm}收入{yuan}元（工资）。",
        "晚上回家吃饭吗",
        "【美团】您的外卖已送达，祝您用餐愉快。",
        "【中国移动】您本月话费账单已出，合计{yuan}元。",
        "好的，明天见",
    ),
}

BANK_ZH = {
    "icbc": "工商银行",
    "ccb": "建设银行",
    "abc": "农业银行",
    "boc": "中国银行",
    "cmb": "招商银行",
    "psbc": "邮储银行",
    "bocom": "交通银行",
    "citic": "中信银行",
    "whrcb": "武汉农商银行",
}
TRADITIONAL = str.maketrans(
    {
        "贷": "貸",
        "额": "額",
        "账": "賬",
        "户": "戶",
        "证": "證",
        "征": "徵",
        "钱": "錢",
        "点": "點",
        "赞": "讚",
        "职": "職",
        "金": "金",
        "号": "號",
        "结": "結",
        "单": "單",
        "务": "務",
        "资": "資",
        "险": "險",
        "赔": "賠",
        "退": "退",
        "款": "款",
        "联": "聯",
        "系": "係",
        "销": "銷",
        "费": "費",
    }
)
FULLWIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})
WECHAT_FORMS = ("薇", "V", "➕V", "vx", "威❤", "V信", "wei信", "加卫")
EMOJI = ("💰", "🔥", "👉", "✅", "🎁", "📱", "💯", "🧧")
SHORTENERS = ("t.cn", "dwz.cn", "url.cn", "suo.im", "3.cn")
BRANDS = ("taobao.com", "jd.com", "95588.cn", "alipay.com", "pinduoduo.com", "gov.cn")
TLDS = ("com", "top", "vip", "xyz", "cc", "net", "shop")


def fill(template: str, w: Any) -> str:
    """A template with its slots drawn (``w`` is the World, for its random numbers)."""
    values = {
        "city": "武汉",
        "n": str(int(w.rng.integers(10**7, 10**8))),
        "n6": f"{int(w.rng.integers(10**6)):06d}",
        "n4": f"{int(w.rng.integers(10**4)):04d}",
        "last4": f"{int(w.rng.integers(10**4)):04d}",
        "yuan": f"{w.uniform(5, 900):.2f}",
        "md": f"{int(w.rng.integers(1, 13))}月{int(w.rng.integers(1, 29))}日",
        "hm": f"{int(w.rng.integers(24)):02d}:{int(w.rng.integers(60)):02d}",
        "bank_zh": BANK_ZH[w.pick(tuple(BANK_ZH))],
        "boss": w.pick(("王总", "李局", "张主任", "刘经理")),
        "surname": w.pick(("陈", "周", "吴", "郑")),
        "phone": "0" + str(int(w.rng.integers(10**9, 10**10))),
        "wx": "微信" + "".join(w.pick("abcdefghkmnpqrstuvwxyz0123456789") for _ in range(8)),
        "url": "https://"
        + random_host(w)
        + "/"
        + "".join(w.pick("abcdefgh0123456789") for _ in range(5)),
    }
    return template.format(**values)


def random_host(w: Any) -> str:
    letters = "".join(
        w.pick("abcdefghijklmnopqrstuvwxyz") for _ in range(int(w.rng.integers(5, 10)))
    )
    return f"{letters}.{w.pick(TLDS)}"


def disguise_url(w: Any, url: str) -> tuple[str, str]:
    """A scam site's address made to look like nothing (or like a brand)."""
    path = "/" + "".join(w.pick("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(6))
    way = w.pick(("short", "ip", "brand", "punycode", "random"))
    if way == "short":
        return way, f"http://{w.pick(SHORTENERS)}{path}"
    if way == "ip":
        octets = ".".join(str(int(x)) for x in w.rng.integers(1, 255, 4))
        return way, f"http://{octets}:{w.pick((80, 8080, 8888, 443))}{path}"
    if way == "brand":
        return way, f"https://{w.pick(BRANDS)}.{random_host(w)}{path}"
    if way == "punycode":
        return (
            way,
            f"https://xn--{''.join(w.pick('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(8))}.{w.pick(TLDS)}{path}",
        )
    return way, url


def obfuscate(w: Any, text: str) -> tuple[str, list[str]]:
    """One to three disguises of a lure, as spammers use them against keyword filters."""
    ways = ("wechat", "spaced", "traditional", "emoji", "fullwidth", "zero_width", "short_link")
    chosen = sorted({w.pick(ways) for _ in range(int(w.rng.integers(1, 4)))})
    for way in chosen:
        if way == "wechat":
            text = text.replace("微信", w.pick(WECHAT_FORMS))
        elif way == "spaced":
            cut = len(text) // 2
            text = " ".join(text[:cut]) + text[cut:]
        elif way == "traditional":
            text = text.translate(TRADITIONAL)
        elif way == "emoji":
            text = w.pick(EMOJI) + text + w.pick(EMOJI)
        elif way == "fullwidth":
            text = text.translate(FULLWIDTH)
        elif way == "zero_width":
            text = "\u200b".join(text[i : i + 2] for i in range(0, len(text), 2))
        else:
            text = (
                text
                + f" 详 http://{w.pick(SHORTENERS)}/"
                + "".join(w.pick("abcdefgh12345") for _ in range(5))
            )
    return text, chosen
