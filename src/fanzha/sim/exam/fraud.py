"""Fraud pages as the center's patrol meets them: the scripts of each typology on a landing page.

Every builder returns a finer kind and a ``Doc``. The platforms impersonated
(banks, couriers, shops, ministries) are real names, as the scams use them;
the scam platforms' own names are invented from parts.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import (
    CITIES,
    date,
    digits,
    domain,
    masked_person,
    mobile,
    person,
    pick,
    some,
)

PLAT_A = "汇 金 鼎 恒 盛 富 泰 瑞 德 华 环球 寰宇 中金 美联 英泰 嘉信 德林 领航 星汇 银泰 博睿 丰盈 卓信 安联 鑫源 宏达".split()
PLAT_B = "国际 资本 金融 财富 控股 数字资产 交易所 证券 期货 投资 基金 科技 集团".split()
_PLAT_EN = "Global Markets FX Exchange Capital Pro Prime Trade Wealth Group Ltd".split()
PRODUCTS = (
    "外汇 黄金 原油 数字货币 USDT理财 比特币合约 以太坊 港股打新 原始股 期权 区块链矿机 养老项目 "
    "元宇宙 数字藏品 碳排放权 新能源基金 白银 美股期货 量化基金 私募份额 IPO认购 虚拟币挖矿"
).split()
_CLAIMS = (
    "日收益{p}%，收益每日结算", "年化收益率高达{big}%", "导师一对一带单，胜率{p2}%以上", "稳赚不赔，亏损平台全额补偿",
    "保本保息，到期还本", "内部消息，限时认购名额仅剩{n}个", "AI量化交易机器人全天自动跟单", "注册即送{n}USDT体验金",
    "资金由{country}金融监管局第三方托管", "持有{country}{lic}牌照，安全合规", "提现秒到账，7×24小时出金",
    "充值{n}00送{n}0，多充多送", "邀请好友返佣{p}%，三级分销", "VIP1-VIP9会员等级，等级越高收益越高",
    "新手专享：首单亏损全额返还", "每天只需操作10分钟，轻松实现财务自由", "老师晚八点直播讲盘，带你抄底",
    "已有{big}万会员加入，累计分红{big}亿元", "平台已对接{country}央行数字结算系统", "出金需先缴纳{p}%个人所得税",
)  # fmt: skip
_COUNTRIES = "美国 英国 新加坡 澳大利亚 瑞士 香港 开曼群岛 塞浦路斯 迪拜 日本".split()
_LICS = "NFA MSB FCA ASIC SEC 金融服务 外汇经营 数字资产交易".split()
_LOAN_X = "易 速 闪 快 安 信 惠 优 乐 米 金 小 随心 秒 宜 众 融 友 享 趣 及时 鑫 诚".split()
_LOAN_Y = "贷 借 花 分期 钱包 金融 白条 借呗 钱庄 微贷 e贷 备用金".split()
_LOAN_CLAIMS = (
    "无视征信，黑户可贷", "不看负债，不查大数据", "最高额度{n}0万", "最快3分钟放款", "只需身份证即可申请", "0抵押0担保",
    "日息低至0.0{n}%", "学生、无业均可申请", "放款前需缴纳{n}00元解冻金", "银行卡号填写错误导致资金冻结，需缴纳解冻费",
    "为证明还款能力，请先转入流水{n}000元", "审核通过，缴纳会员费{n}9元即可提现", "逾期不缴纳将影响个人征信并承担法律责任",
    "额度已到账，因账户异常暂无法提现，请联系客服处理", "百分百下款，不下款不收费",
)  # fmt: skip
PLATFORMS = "淘宝 京东 拼多多 抖音 快手 唯品会 美团 支付宝 微信支付 闲鱼 小红书 苏宁易购".split()
_COURIERS = "顺丰 中通 圆通 韵达 申通 极兔 邮政EMS 京东物流 德邦".split()
BANKS = (
    "中国工商银行 中国建设银行 中国农业银行 中国银行 交通银行 招商银行 中国邮政储蓄银行 浦发银行 民生银行 "
    "兴业银行 中信银行 光大银行 平安银行 华夏银行 广发银行 汉口银行 湖北银行 农村商业银行"
).split()
_AGENCIES = (
    "最高人民检察院", "最高人民法院", "公安部", "{city}市公安局", "{city}市人民检察院", "国家反洗钱监测中心",
    "中国人民银行反洗钱局", "国家金融监督管理总局", "全国资金清查办公室", "{city}市公安局刑侦支队",
)  # fmt: skip
_CASES = (
    "特大洗钱 跨境毒品 非法集资 拐卖儿童 电信诈骗 医保卡违规套现 快递藏毒 信用卡透支诈骗".split()
)
_SUBSIDIES = (
    "个人劳动补贴", "社保卡补贴", "失业补助金", "育儿补贴", "医保个人账户返还", "住房公积金补贴", "个人所得税退税",
    "疫情稳岗补贴", "职业技能提升补贴", "新能源汽车补贴", "燃气安全补贴", "农业种植补贴", "高温补贴", "ETC通行费退还",
)  # fmt: skip
_TASKS = (
    "淘宝补单", "京东刷好评", "拼多多助力", "抖音点赞关注", "快手直播间刷人气", "小红书笔记收藏", "美团好评返现",
    "电影票房打榜", "App下载注册", "公众号关注", "酒店好评", "视频号点赞", "商品加购收藏",
)  # fmt: skip


def _fills(r: random.Random) -> dict[str, str]:
    return {
        "p": str(r.randint(1, 9)),
        "p2": str(r.randint(85, 99)),
        "big": str(r.randint(30, 600)),
        "n": str(r.randint(2, 99)),
        "country": pick(r, _COUNTRIES),
        "lic": pick(r, _LICS),
        "city": pick(r, CITIES),
    }


def _say(r: random.Random, templates: tuple[str, ...], lo: int, hi: int) -> list[str]:
    f = _fills(r)
    return [t.format(**f) for t in some(r, templates, lo, hi)]


def _contact(r: random.Random) -> str:
    return r.choice(
        (
            f"在线客服QQ：{digits(r, r.randint(8, 10))}",
            f"客服微信：{pick(r, ('kf', 'vip', 'zx', 'hy'))}{digits(r, 5)}",
            f"客服热线：{mobile(r)}",
            f"Telegram：@{pick(r, ('service', 'kefu', 'vip', 'support'))}{digits(r, 3)}",
            "点击右下角联系在线客服",
        )
    )


def _shady_footer(r: random.Random, name: str) -> list[str]:
    return some(
        r,
        (
            f"© {r.randint(2018, 2026)} {name} 版权所有",
            "市场有风险，投资需谨慎",
            "本平台受国际金融监管机构监管",
            f"备用域名：{domain(r, True)}",
            "温馨提示：请勿相信任何非官方渠道信息",
            "Copyright © All Rights Reserved",
        ),
        1,
        3,
    )


def investment(r: random.Random) -> tuple[str, Doc]:
    head = pick(r, PLAT_A)
    head = head if len(head) > 1 else head + pick(r, PLAT_A)[-1]
    name = head + pick(r, PLAT_B) + (f" {pick(r, _PLAT_EN)}" if r.random() < 0.4 else "")
    prod = pick(r, PRODUCTS)
    title = r.choice(
        (
            f"{name} - 全球领先的{prod}交易平台",
            f"{name}官网_{prod}_{pick(r, PRODUCTS)}",
            f"{prod}投资首选{name}",
        )
    )
    body = _say(r, _CLAIMS, 3, 7)
    body.append(
        f"会员{masked_person(r)}：跟着老师做{prod}三个月，收益{r.randint(5, 90)}万，已成功提现！"
    )
    if r.random() < 0.5:
        body.append(f"今日{prod}行情：{pick(r, ('多头', '空头'))}信号强烈，老师建议满仓操作。")
    body.append(_contact(r))
    doc = Doc(title, name, domain(r, True), nav=some(r, ("首页", "行情", "交易", "资产", "理财", "下载APP", "帮助中心", "关于我们"), 3, 6),
              heading=f"{name}·{prod}", body=body, layout="landing",
              form=some(r, ("手机号码", "登录密码", "资金密码", "邀请码（必填）", "短信验证码"), 2, 4),
              buttons=some(r, ("立即注册", "下载APP", "联系在线客服", "充值", "提现", "开始赚钱"), 1, 3), footer=_shady_footer(r, name))  # fmt: skip
    return "fraud/fake_investment", doc


def loan(r: random.Random) -> tuple[str, Doc]:
    name = pick(r, _LOAN_X) + pick(r, _LOAN_Y)
    title = r.choice(
        (
            f"{name}-{pick(r, ('极速放款', '秒批秒到', '大额低息', '急用钱就找'))}",
            f"{name}官方下载_正规贷款App",
            f"{name}APP",
        )
    )
    body = _say(r, _LOAN_CLAIMS, 3, 6)
    body.append(f"已为{r.randint(100, 999)}万用户放款，今日已放款{r.randint(1000, 9999)}笔")
    body.append(f"用户{mobile(r)[:3]}****{digits(r, 4)}刚刚成功借款{r.randint(1, 20)}0000元")
    body.append(_contact(r))
    form = some(
        r,
        (
            "真实姓名",
            "身份证号",
            "银行卡号",
            "手机号",
            "验证码",
            "紧急联系人",
            "借款金额",
            "工作单位",
        ),
        3,
        6,
    )
    doc = Doc(title, name, domain(r, True), nav=["首页", "借款", "还款", "我的"], heading=name, body=body, form=form,
              buttons=some(r, ("立即借款", "马上提现", "下载APP", "查看额度"), 1, 2), footer=_shady_footer(r, name), layout="landing")  # fmt: skip
    return "fraud/fake_loan", doc


def task_scam(r: random.Random) -> tuple[str, Doc]:
    task = pick(r, _TASKS)
    lo, hi = r.randint(50, 200), r.randint(300, 900)
    title = r.choice(
        (
            f"诚聘网络兼职 日结{lo}-{hi}元",
            f"手机兼职{task} 一单一结",
            f"宝妈学生在家兼职_{task}_日赚{hi}",
            f"{pick(r, CITIES)}招聘兼职打字员 日结",
        )
    )
    body = [
        f"工作内容：{task}，{pick(r, ('一单', '一个任务'))}佣金{r.randint(3, 30)}元，{pick(r, ('做完立返', '秒结', '当天结算'))}。",
        pick(
            r,
            (
                "一部手机即可，时间自由，无需押金。",
                "不收任何费用，多劳多得。",
                "宝妈、学生、上班族首选。",
            ),
        ),
        f"前{r.randint(2, 4)}单为体验单，完成后立返本金加佣金。",
        pick(
            r,
            (
                "进阶任务为连续单，需全部完成后才能提现。",
                "如遇卡单，需继续完成任务才能解冻资金。",
                "垫付金额越高，返利越高，最高返{n}%。",
            ),
        ).format(n=r.randint(10, 40)),
        f"添加导师{pick(r, ('微信', 'QQ'))}：{digits(r, 9)}，备注“兼职”领取任务。",
        f"或下载“{pick(r, ('任务', '聚', '乐', '赚'))}{pick(r, ('派', '客', '宝', '多多'))}”App接单，邀请码{digits(r, 6)}。",
    ]
    r.shuffle(body)
    doc = Doc(title, "兼职招聘", domain(r, True), heading=title, body=body, form=some(r, ("微信号", "年龄", "手机号", "姓名"), 0, 2),
              buttons=["立即报名"], footer=_shady_footer(r, "兼职平台"), layout="landing")  # fmt: skip
    return "fraud/task_scam", doc


def refund(r: random.Random) -> tuple[str, Doc]:
    plat = pick(r, PLATFORMS + _COURIERS)
    title = r.choice(
        (
            f"{plat}官方理赔中心",
            f"{plat}售后退款服务平台",
            f"{plat}客服中心-快速理赔",
            f"{plat}会员服务取消",
        )
    )
    story = pick(
        r,
        (
            f"您的包裹（单号{pick(r, ('SF', 'YT', 'ZT', 'JT'))}{digits(r, 12)}）在运输途中丢失，平台将为您办理{r.randint(2, 3)}倍赔付。",
            f"您购买的商品经检测存在质量问题，已被召回，平台将全额退款并额外赔偿{r.randint(100, 600)}元。",
            f"您开通了{plat}百万保障服务，每月自动扣费{r.randint(300, 800)}元，如不取消将影响个人征信。",
            f"您的{plat}账户被误开通商家代理权限，需在今日内关闭，否则每月扣除{r.randint(500, 2000)}元。",
        ),
    )
    body = [
        "尊敬的用户：",
        story,
        pick(
            r,
            (
                "请按页面提示填写收款银行卡信息并输入短信验证码完成退款。",
                "请下载“"
                + pick(r, ("云视讯", "腾讯会议", "屏幕共享助手", "安全助手"))
                + "”并开启屏幕共享，客服将指导您操作。",
            ),
        ),
        pick(
            r,
            (
                "因您的支付宝备用金额度不足，需先借出备用金进行验证，验证后原路退回。",
                "为保障资金安全，请勿挂断客服电话。",
                "退款将在24小时内原路返回。",
            ),
        ),
        _contact(r),
    ]
    form = some(
        r,
        (
            "订单号",
            "收款人姓名",
            "银行卡号",
            "银行预留手机号",
            "短信验证码",
            "身份证号",
            "支付密码",
        ),
        3,
        6,
    )
    doc = Doc(title, plat, domain(r, True), heading=title, body=body, form=form, buttons=some(r, ("提交", "申请退款", "确认理赔", "下一步"), 1, 2),
              footer=[f"© {plat} 客户服务中心"], layout="landing")  # fmt: skip
    return "fraud/fake_refund", doc


def safe_account(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    agency = pick(r, _AGENCIES).format(city=city)
    case_no = f"{city[0]}公刑{date(r, '')[:4]}{digits(r, 6)}号"
    title = r.choice(
        (
            f"{agency}网上办案系统",
            f"{agency} 案件查询",
            f"{agency}-{pick(r, ('通缉令', '逮捕令', '冻结管制令', '资金清查'))}",
        )
    )
    who = person(r)
    body = [
        f"案件编号：{case_no}",
        f"当事人：{who}  身份证号：{digits(r, 6)}********{digits(r, 4)}",
        f"经查，当事人涉嫌参与“{pick(r, _CASES)}”案，名下银行账户涉嫌洗钱{r.randint(50, 900)}万元。",
        pick(
            r,
            (
                "为证明清白，当事人须将名下全部资金转入国家安全账户进行资金清查。",
                "请配合将资金转入指定的安全账户，清查完毕后原路退回。",
                "请立即申请清查，否则将冻结名下所有资产。",
            ),
        ),
        pick(
            r,
            (
                "本案属于国家机密，不得告知任何人，包括家人。",
                "请勿向银行工作人员透露案情，以免打草惊蛇。",
                "办案期间请保持电话畅通，单独在安静房间配合调查。",
            ),
        ),
        f"办案人员：{person(r)}警官  警号：{digits(r, 6)}",
    ]
    form = some(
        r, ("姓名", "身份证号", "银行卡号", "取款密码", "清查码", "手机号", "网银登录密码"), 3, 5
    )
    doc = Doc(title, agency, domain(r, True), nav=["首页", "案件查询", "通缉名单", "资金清查", "联系我们"], heading="刑事案件查询结果",
              body=body, form=form, buttons=["提交清查", "查询案件"], footer=[f"{agency} 版权所有", "京ICP备0000000号"], layout=r.choice(("table", "article")))  # fmt: skip
    return "fraud/fake_police", doc


def subsidy(r: random.Random) -> tuple[str, Doc]:
    kind = pick(r, _SUBSIDIES)
    year = r.randint(2021, 2026)
    issuer = pick(
        r,
        (
            "财政部 人力资源和社会保障部",
            "国家税务总局",
            "国务院办公厅",
            "人力资源和社会保障部",
            "国家医疗保障局",
            f"{pick(r, CITIES)}市财政局",
        ),
    )
    title = r.choice(
        (
            f"{year}年{kind}申领通知",
            f"关于发放{year}年度{kind}的通知",
            f"{kind}在线申领平台",
            f"{issuer}{kind}领取入口",
        )
    )
    body = [
        f"根据{issuer}联合发文，{year}年度{kind}已开始发放，标准为每人{r.randint(2, 9)}{pick(r, ('000', '800', '600'))}元。",
        f"请于{date(r, 'cn')}前完成在线申领，逾期视为自动放弃。",
        pick(
            r,
            (
                "申领需验证银行卡余额，卡内余额须不低于补贴金额。",
                "请填写真实银行卡信息，补贴将直接发放至该卡。",
                "提交后请输入手机收到的验证码完成认证。",
            ),
        ),
        pick(
            r,
            (
                "已有{n}万人成功领取。",
                "本通知仅通过短信和邮件发送给符合条件的人员。",
                "工作人员不会上门收取任何费用。",
            ),
        ).format(n=r.randint(10, 300)),
    ]
    form = some(
        r, ("姓名", "身份证号", "银行卡号", "银行卡密码", "卡内余额", "手机号", "验证码"), 3, 6
    )
    doc = Doc(title, issuer.split()[0], domain(r, True), nav=["首页", "政策解读", "在线申领", "进度查询"], heading=title, body=body,
              form=form, buttons=["立即申领", "提交"], footer=[f"主办：{issuer}"], layout=r.choice(("table", "article")))  # fmt: skip
    return "fraud/fake_subsidy", doc


def phishing_bank(r: random.Random) -> tuple[str, Doc]:
    bank = pick(r, BANKS)
    lure = pick(
        r,
        (
            f"您的账户积分{r.randint(3000, 90000)}分将于今日过期，请及时兑换现金。",
            "您的ETC卡已失效，请在线重新认证，逾期将无法通行。",
            "您的网银U盾证书已过期，请登录更新，以免影响正常使用。",
            "您的手机银行安全控件需升级，否则账户将被冻结。",
            "您的信用卡额度可提升至" + str(r.randint(5, 20)) + "万元，请登录申请。",
            "系统检测到您的账户存在异常登录，请立即验证身份。",
        ),
    )
    title = r.choice(
        (f"{bank}个人网上银行", f"{bank} - 积分兑换", f"{bank}身份验证", f"{bank}手机银行登录")
    )
    body = [
        "尊敬的客户：",
        lure,
        pick(r, ("请按提示完成验证。", "完成验证后额度即时生效。", "请在30分钟内完成操作。")),
    ]
    form = some(
        r,
        (
            "银行卡号/身份证号",
            "登录密码",
            "取款密码",
            "手机号码",
            "动态验证码",
            "信用卡有效期",
            "CVV2",
        ),
        3,
        6,
    )
    short = "".join(
        pick(r, ("icbc", "ccb", "abc", "boc", "cmb", "bank", "ebank", "etc")) for _ in range(1)
    )
    doc = Doc(title, bank, f"{short}-{domain(r, True)}", heading=pick(r, ("用户登录", "积分兑换", "安全认证", "身份验证")),
              body=body, form=form, buttons=["登录", "下一步", "立即兑换"], footer=[f"© {bank} 版权所有", "客服热线 95" + digits(r, 3)], layout="landing")  # fmt: skip
    return "fraud/phishing_bank", doc


def ticketing(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    if r.random() < 0.5:
        show = f"{person(r)}{r.randint(2024, 2026)}“{pick(r, ('星辰', '回声', '无限', '重逢', '光年', '夏日'))}”巡回演唱会{city}站"
        title = f"{show} 门票 内部渠道"
        body = [
            f"{show}，内场{r.randint(1, 8)}排门票原价{r.randint(8, 20)}80元，内部渠道{r.randint(5, 9)}折出。",
            "票源紧张，先付定金锁票，演出前三天出票。",
            pick(
                r,
                (
                    "支持闲鱼担保，但需私下转账更便宜。",
                    "已成交上千单，诚信第一。",
                    "请勿相信其他渠道，仅此一家。",
                ),
            ),
            _contact(r),
        ]
    else:
        flight = f"{pick(r, ('CA', 'MU', 'CZ', 'HU', '3U', 'ZH'))}{digits(r, 4)}"
        title = r.choice(
            (
                "航班改签退票服务中心",
                f"{pick(r, ('东方', '南方', '国际', '海南'))}航空 航班取消补偿",
                "机票退改签客服",
            )
        )
        body = [
            f"尊敬的旅客：您预订的{date(r, 'cn')}{flight}次航班因机械故障已取消。",
            f"请联系客服办理退改签，并领取延误补偿{r.randint(200, 600)}元。",
            "办理时需验证您的银行卡流水，请按客服指引操作。",
            _contact(r),
        ]
    doc = Doc(title, "票务中心", domain(r, True), heading=title, body=body, form=some(r, ("姓名", "手机号", "银行卡号", "验证码"), 0, 3),
              buttons=some(r, ("立即购票", "联系客服", "办理退改"), 1, 2), footer=_shady_footer(r, "票务中心"), layout="landing")  # fmt: skip
    return "fraud/fake_ticketing", doc


def misc(r: random.Random) -> tuple[str, Doc]:
    which = r.randrange(3)
    if which == 0:
        site = title = pick(r, ("校园贷注销处理中心", "学生贷款账户清理平台", "征信修复中心"))
        body = ["根据国家相关政策，大学期间开通的校园贷账户需统一注销。", "如不注销，将影响您的个人征信，无法购房买车。",
                "注销前需将账户内额度全部借出并转入指定账户进行清零。", _contact(r)]  # fmt: skip
        kind = "fraud/student_loan_cancel"
    elif which == 1:
        show = pick(r, ("奔跑吧", "中国好声音", "快乐大本营", "星光大道", "非诚勿扰", "开门大吉"))
        site = f"《{show}》"
        title = f"《{show}》场外幸运观众领奖中心"
        body = [f"恭喜您被抽中为《{show}》场外幸运观众，获得奖金{r.randint(5, 20)}8000元及笔记本电脑一台。",
                f"领奖需先缴纳个人所得税及保证金{r.randint(1, 5)}800元，领奖编号{digits(r, 6)}。", "逾期未领视为自动放弃，并将追究法律责任。"]  # fmt: skip
        kind = "fraud/fake_prize"
    else:
        game = pick(r, ("王者荣耀", "原神", "和平精英", "梦幻西游", "英雄联盟", "第五人格"))
        site = f"{pick(r, ('易', '盼', '淘', '闪'))}{pick(r, ('号', '游', '玩'))}{pick(r, ('宝', '网', '堂'))}"
        title = f"{game}账号交易平台-安全担保_{site}"
        body = [f"您出售的{game}账号已被买家下单，金额{r.randint(800, 9000)}元。", "因您的收款账户未实名认证，资金已被冻结。",
                f"请缴纳{r.randint(2, 9)}00元保证金解冻，解冻后连同货款一并提现。", _contact(r)]  # fmt: skip
        kind = "fraud/fake_trading"
    doc = Doc(title, site, domain(r, True), heading=title, body=body, form=some(r, ("姓名", "身份证号", "银行卡号", "手机号"), 1, 4),
              buttons=["立即处理"], footer=_shady_footer(r, site), layout="landing")  # fmt: skip
    return kind, doc


BUILDERS: tuple[Callable[[random.Random], tuple[str, Doc]], ...] = (
    investment, investment, loan, task_scam, refund, safe_account, subsidy, phishing_bank, ticketing, misc,
)  # fmt: skip
