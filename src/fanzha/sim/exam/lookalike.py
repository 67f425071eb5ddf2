"""Benign pages that share the harmful pages' words: the exam's hardest half.

Police publicity quotes scam scripts word for word; banks warn about the very
lures phishing pages use; news and judgments name betting brands; the legal
lottery prints draws; licensed lenders promise fast loans; clinics speak of
sex. A classifier that keys on vocabulary alone fails here.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fanzha.sim.exam import gambling
from fanzha.sim.exam.fraud import BANKS, PLATFORMS
from fanzha.sim.exam.ordinary import site_doc
from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import (
    CITIES,
    DISTRICTS,
    PROVINCE_ABBR,
    date,
    digits,
    domain,
    footer,
    masked_person,
    person,
    pick,
    some,
)

_SCRIPTS = (
    "“我是{city}市公安局民警，你涉嫌一起洗钱案，需要把钱转到安全账户接受清查。”",
    "“你好，我是{plat}客服，你购买的商品有质量问题，我们给你三倍赔偿。”",
    "“您开通了百万保障服务，不取消每月扣费，还会影响征信。”",
    "“兼职刷单，一单佣金20元，日结，做完立返本金。”",
    "“老师带你炒币，日收益5%，稳赚不赔。”",
    "“无视征信，黑户可贷，先交一笔解冻费就能放款。”",
    "“我是你领导，明天来我办公室，先帮我转笔钱给客户。”",
    "“你的ETC卡已失效，点击链接重新认证。”",
    "“这个博彩平台有漏洞，跟着我下注稳赢。”",
    "“恭喜你被抽中场外幸运观众，领奖先交保证金。”",
)  # fmt: skip
_RULES = (
    "凡是自称公检法要求汇款到“安全账户”的，都是诈骗！", "凡是通过电话、短信要求提供验证码的，都是诈骗！",
    "凡是非官方渠道贷款要求先交费的，都是诈骗！", "凡是刷单返利的，都是诈骗！", "凡是网购退款要求屏幕共享的，都是诈骗！",
    "凡是陌生网友拉你投资理财、博彩的，都是诈骗！", "凡是自称领导要求转账的，务必当面或电话核实！",
    "凡是声称“内幕消息”“稳赚不赔”的投资，都是诈骗！", "凡是要求下载陌生App开启共享屏幕的，都是诈骗！",
)  # fmt: skip
_CLOSE = (
    "如遇可疑情况，请立即拨打96110或110报警。", "请下载安装“国家反诈中心”App，开启来电预警功能。",
    "天上不会掉馅饼，不轻信、不透露、不转账。", "转账前多核实，守好钱袋子。",
)  # fmt: skip


def _f(r: random.Random) -> dict[str, str]:
    return {"city": pick(r, CITIES), "plat": pick(r, PLATFORMS)}


def antifraud(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice(
        (
            f"{city}市公安局",
            f"平安{city}",
            f"{city}市反电信网络诈骗中心",
            f"{city}市{pick(r, DISTRICTS)}人民政府",
        )
    )
    title = r.choice(("警惕！这些诈骗话术千万别信", "反诈宣传｜" + pick(r, ("刷单返利", "冒充客服", "冒充公检法", "虚假投资理财", "虚假贷款")) + "诈骗案例解析",
                      f"{city}警方发布{r.randint(2020, 2026)}年第{r.randint(1, 40)}期反诈预警", "“九个凡是”请牢记"))  # fmt: skip
    who, loss = masked_person(r), r.randint(2, 90) * 1000
    body = [
        f"{date(r, 'cn')}，{city}市民{who}接到一名自称“{pick(r, PLATFORMS)}客服”的电话。",
        f"对方称：{pick(r, _SCRIPTS).format(**_f(r))}",
        f"{who}信以为真，按对方要求下载了“{pick(r, ('云视讯', '屏幕共享', '安全助手'))}”并开启屏幕共享，先后转账{loss}元，后发现被骗。",
        "警方提示：" + pick(r, _SCRIPTS).format(**_f(r)) + "这是典型的诈骗话术！",
        *some(r, _RULES, 2, 6),
        *some(r, _CLOSE, 1, 3),
    ]
    doc = site_doc(
        r,
        site,
        title,
        some(r, ("首页", "警务公开", "反诈专栏", "办事指南", "警情通报", "互动交流"), 3, 6),
        ["首页", "反诈专栏", "正文"],
        body,
        city,
    )
    return "benign/police_antifraud", doc


def bank_security(r: random.Random) -> tuple[str, Doc]:
    bank = pick(r, BANKS)
    title = r.choice(
        (
            f"{bank}关于防范电信网络诈骗的风险提示",
            f"{bank}温馨提示：警惕“积分兑换”钓鱼短信",
            f"{bank}提醒您谨防冒充客服诈骗",
            "金融消费者权益保护：防范非法集资",
        )
    )
    lures = some(
        r,
        (
            "积分兑换现金",
            "账户异常需验证",
            "ETC认证失效",
            "信用卡提额",
            "U盾证书过期",
            "手机银行升级",
            "百万保障取消",
        ),
        2,
        4,
    )
    body = [
        "尊敬的客户：",
        f"近期，不法分子冒充银行工作人员，以“{'”“'.join(lures)}”等为由发送短信或拨打电话，诱导客户点击钓鱼链接，输入银行卡号、密码和验证码。",
        "我行郑重提示：我行工作人员不会以任何理由要求您提供短信验证码、交易密码，也不会要求您向所谓“安全账户”转账。",
        f"我行官方网站为{domain(r)}，官方客服热线为95{digits(r, 3)}，请通过官方渠道办理业务。",
        "如发现账户异常，请第一时间致电我行客服或前往网点办理挂失。",
        f"{bank}  {date(r, 'cn')}",
    ]
    doc = site_doc(
        r,
        bank,
        title,
        some(
            r,
            ("首页", "个人金融", "公司金融", "电子银行", "信用卡", "消费者权益保护", "关于我们"),
            4,
            7,
        ),
        ["首页", "公告", "正文"],
        body,
        pick(r, CITIES),
    )
    return "benign/bank_security_notice", doc


def bank_maintenance(r: random.Random) -> tuple[str, Doc]:
    bank = pick(r, BANKS)
    when = date(r, "cn")
    title = r.choice(
        (
            f"{bank}关于系统升级维护的公告",
            f"关于{when}暂停部分电子银行服务的公告",
            f"{bank}系统维护通知",
        )
    )
    services = some(
        r,
        (
            "个人网上银行",
            "手机银行",
            "ATM跨行取款",
            "银联POS刷卡",
            "短信通知",
            "快捷支付",
            "信用卡还款",
            "微信银行",
        ),
        2,
        6,
    )
    body = [
        "尊敬的客户：",
        f"为提升服务质量，我行定于{when}{r.randint(0, 2):02d}:00至{r.randint(4, 8):02d}:00进行系统升级维护。",
        f"维护期间，{'、'.join(services)}等服务将暂停，给您带来的不便敬请谅解。",
        "请您提前做好资金安排。维护期间如有疑问，请致电客服热线95" + digits(r, 3) + "。",
        "特此公告。",
        f"{bank}  {date(r, 'cn')}",
    ]
    doc = site_doc(
        r,
        bank,
        title,
        ["首页", "个人金融", "电子银行", "公告"],
        ["首页", "最新公告"],
        body,
        pick(r, CITIES),
    )
    return "benign/bank_maintenance", doc


def bust_news(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice((f"{city}日报", f"{city}新闻网", f"平安{city}", "人民网", "新华网"))
    which = r.randrange(3)
    n, money = r.randint(12, 300), r.randint(2, 90)
    if which == 0:
        brand = gambling.brand(r)
        title = f"{city}警方破获特大跨境网络赌博案 涉案金额{money}亿元"
        facts = [f"该团伙以“{brand}”为名搭建网络赌博平台，设置百家乐、体育投注、电子游艺等项目。",
                 "犯罪嫌疑人通过发展代理、发放首存彩金和反水吸引参赌人员，使用USDT结算以逃避监管。",
                 f"警方共抓获犯罪嫌疑人{n}名，冻结涉案资金{r.randint(100, 9999)}万元。"]  # fmt: skip
    elif which == 1:
        title = r.choice(
            (
                f"{city}警方捣毁一电信诈骗窝点 抓获{n}人",
                f"冒充客服诈骗 {city}警方跨省抓获{n}名嫌疑人",
            )
        )
        facts = [f"犯罪团伙以{pick(r, ('刷单返利', '虚假投资理财', '冒充电商客服', '虚假贷款', '冒充公检法'))}为名实施诈骗，受害人遍及{r.randint(5, 28)}个省份。",
                 f"嫌疑人诱导受害人在虚假平台充值，称“稳赚不赔”“日收益{r.randint(2, 9)}%”，累计骗取{money}00余万元。",
                 f"目前，{n}名犯罪嫌疑人已被依法采取刑事强制措施，案件正在进一步侦办中。"]  # fmt: skip
    else:
        title = f"{city}“扫黄打非”部门查处涉黄网站和直播平台{n}个"
        facts = ["执法人员发现，部分直播平台以“福利直播”“一对一视频”为噱头传播低俗色情内容。",
                 f"相关部门依法关停违法网站{n}个，清理淫秽色情信息{r.randint(1, 90)}万条，刑事立案{r.randint(2, 20)}起。",
                 "有关负责人表示，将持续保持高压态势，净化网络环境。"]  # fmt: skip
    body = [
        f"记者{date(r, 'cn')}从{city}市公安局获悉，" + facts[0],
        *facts[1:],
        pick(r, _CLOSE),
        f"（记者 {person(r)}）",
    ]
    doc = site_doc(
        r, site, title, ["首页", "要闻", "本地", "法治", "社会"], ["首页", "法治"], body, city
    )
    return "benign/crime_news", doc


def judgment(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    court = f"{city}市{pick(r, DISTRICTS)}人民法院"
    crime = pick(
        r,
        (
            "开设赌场罪",
            "诈骗罪",
            "帮助信息网络犯罪活动罪",
            "掩饰、隐瞒犯罪所得罪",
            "传播淫秽物品牟利罪",
            "赌博罪",
        ),
    )
    who = masked_person(r)
    year = r.randint(2019, 2026)
    case_no = f"（{year}）{pick(r, PROVINCE_ABBR)}{digits(r, 4)}刑初{r.randint(1, 999)}号"
    title = f"{who}{crime}一审刑事判决书"
    if "赌" in crime:
        fact = f"被告人{who}在“{gambling.brand(r)}”网络赌博平台担任代理，发展下线会员{r.randint(10, 300)}人，参赌金额{r.randint(100, 9000)}万元，从中抽头渔利{r.randint(5, 90)}万元。"
    elif "淫秽" in crime:
        fact = f"被告人{who}建立“{pick(r, ('夜色', '樱桃', '蜜桃'))}”网站，上传淫秽视频{r.randint(100, 9000)}部，通过会员充值牟利{r.randint(1, 90)}万元。"
    else:
        fact = f"被告人{who}伙同他人以“{pick(r, ('刷单返利', '投资理财', '冒充客服', '网络贷款'))}”为名，骗取被害人{masked_person(r)}等{r.randint(2, 40)}人共计{r.randint(10, 900)}万元。"
    body = [
        court, "刑事判决书", case_no,
        f"公诉机关{city}市{pick(r, DISTRICTS)}人民检察院。", f"被告人{who}，男，{r.randint(1970, 2003)}年出生，汉族，{pick(r, ('初中', '高中', '大专'))}文化。",
        f"经审理查明：{year - 1}年{r.randint(1, 12)}月至{year}年{r.randint(1, 12)}月，{fact}",
        f"本院认为，被告人{who}的行为已构成{crime}。被告人到案后如实供述，依法可以从轻处罚。",
        f"判决如下：被告人{who}犯{crime}，判处有期徒刑{r.randint(1, 10)}年，并处罚金人民币{r.randint(1, 50)}0000元。",
        "如不服本判决，可在接到判决书的第二日起十日内提出上诉。", f"审判长 {person(r)}", f"书记员 {person(r)}",
    ]  # fmt: skip
    doc = Doc(
        title,
        "中国裁判文书网",
        domain(r),
        nav=["首页", "刑事案件", "民事案件", "高级检索"],
        heading=title,
        body=body,
        footer=["主办单位：最高人民法院", "京ICP备05023036号"],
        layout=r.choice(("table", "article")),
    )
    return "benign/court_judgment", doc


def saohuang(r: random.Random) -> tuple[str, Doc]:
    city, year = pick(r, CITIES), r.randint(2019, 2026)
    title = r.choice(
        (
            f"关于开展“扫黄打非·净网{year}”专项行动的通知",
            f"{city}市“扫黄打非”工作领导小组办公室公布举报方式",
            f"“扫黄打非·护苗{year}”专项行动启动",
        )
    )
    body = [
        "为进一步净化网络文化环境，保护未成年人健康成长，现决定开展专项行动。",
        "重点整治利用网络直播、短视频、网络文学传播淫秽色情和低俗信息的行为。",
        "严厉打击制售非法出版物、网络赌博广告、色情交友引流等违法犯罪活动。",
        "对群众举报的涉黄涉非线索，经查证属实的，给予举报人奖励。",
        f"举报电话：12390  举报网站：www.shdf.gov.cn  {city}市举报电话：027-{digits(r, 8)}",
    ]
    doc = site_doc(
        r,
        f"{city}市文化和旅游局",
        title,
        ["首页", "政务公开", "扫黄打非", "通知公告"],
        ["首页", "扫黄打非"],
        body,
        city,
    )
    return "benign/saohuang_notice", doc


def lottery_results(r: random.Random) -> tuple[str, Doc]:
    year = r.randint(2019, 2026)
    if r.random() < 0.5:
        site, game = "中国福利彩票", pick(r, ("双色球", "福彩3D", "七乐彩", "快乐8"))
    else:
        site, game = (
            "中国体育彩票",
            pick(r, ("超级大乐透", "排列三", "排列五", "七星彩", "足球胜负彩")),
        )
    issue = f"{year}{r.randint(1, 150):03d}"
    reds = sorted(r.sample(range(1, 34), 6))
    title = f"{site} {game}第{issue}期开奖公告"
    body = [
        f"开奖日期：{date(r, 'cn')}",
        "开奖号码：" + " ".join(f"{x:02d}" for x in reds) + f" + {r.randint(1, 16):02d}",
        f"本期销量：{r.randint(2, 4)}{digits(r, 8)}元  奖池累计：{r.randint(10, 30)}{digits(r, 8)}元",
        f"一等奖 {r.randint(1, 30)}注 单注奖金{r.randint(5, 10)}{digits(r, 6)}元",
        f"二等奖 {r.randint(50, 300)}注 单注奖金{r.randint(1, 3)}{digits(r, 5)}元",
        "理性购彩，量力而行。彩票不向未成年人销售，兑奖请于开奖之日起60个自然日内办理。",
    ]
    doc = site_doc(
        r,
        site,
        title,
        ["首页", "开奖公告", "走势图", "公益", "销售网点"],
        ["首页", "开奖公告"],
        body,
        pick(r, CITIES),
    )
    return "benign/legal_lottery", doc


def licensed_lender(r: random.Random) -> tuple[str, Doc]:
    name = f"{pick(r, ('招联', '马上', '中银', '兴业', '长银', '湖北', '尚诚', '杭银'))}消费金融"
    title = r.choice(
        (
            f"{name}-持牌消费金融机构",
            f"{name}官网_借款服务",
            f"{name}：关于防范冒用我司名义诈骗的声明",
        )
    )
    body = [
        f"{name}有限公司是经国家金融监督管理总局批准设立的持牌消费金融机构。",
        f"借款额度最高{r.randint(5, 20)}万元，年化利率（单利）{r.randint(72, 120) / 10:.1f}%-24%，具体以审批结果为准。",
        "放款前不收取任何费用。凡以“解冻费”“保证金”“刷流水”为由要求您先转账的，均为诈骗。",
        "借款需经过征信查询和风险评估，请理性借贷、按时还款。",
        f"官方客服电话：400-{digits(r, 3)}-{digits(r, 4)}",
    ]
    doc = site_doc(
        r,
        f"{name}有限公司",
        title,
        ["首页", "产品服务", "消费者权益保护", "信息披露", "关于我们"],
        ["首页", "产品服务"],
        body,
        pick(r, CITIES),
    )
    return "benign/licensed_lender", doc


def job_board(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    title = r.choice(
        (
            f"{city}兼职招聘_{city}日结兼职信息",
            f"{city}{pick(r, DISTRICTS)}兼职_招聘网",
            f"{city}学生兼职_周末兼职",
        )
    )
    jobs = [
        f"{pick(r, ('超市促销员', '快递分拣员', '餐厅服务员', '家教', '展会礼仪', '问卷调查员', '仓库打包', '奶茶店店员'))}  {r.randint(100, 260)}元/天  {pick(r, ('日结', '周结', '月结'))}  {pick(r, DISTRICTS)}"
        for _ in range(r.randint(4, 10))
    ]
    body = [
        *jobs,
        "求职防骗提示：凡是要求交押金、培训费，或以刷单、垫付、打字为名的兼职都是诈骗，请提高警惕。",
    ]
    doc = site_doc(
        r,
        pick(r, ("58同城", "赶集网", "智联招聘", "前程无忧", f"{city}人才网")),
        title,
        ["首页", "全职", "兼职", "校园招聘", "企业入驻"],
        ["首页", city, "兼职"],
        body,
        city,
    )
    return "benign/job_board", doc


def refund_policy(r: random.Random) -> tuple[str, Doc]:
    shop = pick(r, PLATFORMS)
    title = r.choice((f"{shop}退换货政策", "售后服务说明", f"{shop}退款规则", "七天无理由退货规则"))
    body = [
        "自签收之日起7天内，商品完好且不影响二次销售的，支持无理由退货。",
        "退款将在审核通过后1-3个工作日内原路返回，无需提供银行卡信息。",
        "商品存在质量问题的，运费由商家承担。",
        f"重要提醒：{shop}客服不会主动致电要求您操作退款、开通“百万保障”或提供验证码，请勿点击陌生链接。",
    ]
    doc = site_doc(
        r,
        f"{shop}帮助中心",
        title,
        ["帮助中心", "售后服务", "交易安全", "联系客服"],
        ["帮助中心", "售后服务"],
        body,
        pick(r, CITIES),
    )
    return "benign/refund_policy", doc


def sexual_health(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice(
        (
            f"{city}市疾病预防控制中心",
            f"{city}市第{pick(r, '一二三')}人民医院",
            f"{city}市妇幼保健院",
        )
    )
    topic = pick(
        r,
        (
            "艾滋病自愿咨询检测",
            "性传播疾病防治",
            "HPV疫苗接种",
            "青少年性健康教育",
            "男科门诊",
            "梅毒的早期症状",
            "孕前检查",
        ),
    )
    title = f"{topic}{pick(r, ('知识问答', '科普', '服务指南', ''))}"
    body = [
        f"{topic}是公共卫生工作的重要内容。",
        "高危性行为、多性伴是感染性传播疾病的主要风险因素，坚持正确使用安全套可有效降低感染风险。",
        "梅毒、淋病、尖锐湿疣等疾病早发现早治疗，治愈率高，切勿讳疾忌医或轻信小广告。",
        f"本中心提供免费、保密的艾滋病咨询检测服务，地址：{city}市{pick(r, DISTRICTS)}，电话027-{digits(r, 8)}。",
    ]
    doc = site_doc(
        r,
        site,
        title,
        ["首页", "健康科普", "疾病防控", "服务指南"],
        ["首页", "健康科普"],
        body,
        city,
    )
    return "benign/sexual_health", doc


def game_site(r: random.Random) -> tuple[str, Doc]:
    game = pick(
        r,
        (
            "欢乐斗地主",
            "天天象棋",
            "梦幻西游",
            "王者荣耀",
            "原神",
            "开心消消乐",
            "QQ麻将",
            "途游斗地主",
            "和平精英",
        ),
    )
    title = r.choice(
        (f"{game}官方网站", f"{game}新服开启公告", f"{game}{r.randint(2020, 2026)}春节活动")
    )
    body = [
        f"{game}新版本上线，新增{pick(r, ('赛季', '角色', '玩法', '地图'))}，登录即送限定皮肤。",
        f"充值活动：累计充值满{r.randint(1, 6)}00元送{pick(r, ('钻石', '金币', '礼包'))}。",
        "本游戏中的虚拟道具和金币不可兑换为现金，严禁任何形式的赌博行为。",
        "健康游戏忠告：抵制不良游戏，拒绝盗版游戏。注意自我保护，谨防受骗上当。适度游戏益脑，沉迷游戏伤身。合理安排时间，享受健康生活。",
        "未成年人仅可在周五、周六、周日和法定节假日20时至21时游戏。",
    ]
    doc = Doc(
        title,
        game,
        domain(r),
        nav=["首页", "新闻", "资料", "充值", "客服", "下载"],
        heading=title,
        body=body,
        buttons=["下载游戏"],
        footer=[
            *footer(r, game, pick(r, CITIES))[-2:],
            "文网文〔"
            + str(r.randint(2018, 2025))
            + "〕"
            + digits(r, 4)
            + "-"
            + digits(r, 3)
            + "号",
        ],
    )
    return "benign/game_site", doc


def victim_forum(r: random.Random) -> tuple[str, Doc]:
    loss = r.randint(2, 80)
    title = r.choice(
        (
            f"被刷单骗了{loss}000，还能追回来吗",
            "接到自称公安的电话，让我转到安全账户，差点上当",
            f"网贷先交了{loss}00解冻费，是不是被骗了",
            "朋友拉我进一个百家乐平台，说稳赢，靠谱吗",
        )
    )
    body = [
        f"楼主 {person(r)}{digits(r, 2)}  发表于 {date(r)}",
        title + "，说一下经过，大家帮忙看看。",
    ]
    comments = [
        f"{i + 2}楼：{pick(r, ('赶紧报警，打110', '典型诈骗，别再转钱了', '网上说能追款的都是二次诈骗', '去派出所报案，保留聊天记录', '下载国家反诈中心App', '赌博没有稳赢的，别碰'))}"
        for i in range(r.randint(3, 8))
    ]
    doc = Doc(
        title,
        pick(r, ("反诈吧_百度贴吧", "天涯社区", "知乎", "虎扑")),
        domain(r),
        nav=["首页", "热帖", "发帖"],
        heading=title,
        body=body,
        comments=comments,
        footer=footer(r, "社区", pick(r, CITIES))[-1:],
    )
    return "benign/victim_forum", doc


def finance_page(r: random.Random) -> tuple[str, Doc]:
    if r.random() < 0.5:
        name = f"{pick(r, ('华夏', '易方达', '南方', '广发', '嘉实', '富国'))}{pick(r, ('成长', '价值', '新能源', '消费', '医疗', '稳健'))}{pick(r, ('混合', '债券', '指数'))}{pick(r, 'AC')}"
        title = f"{name}({digits(r, 6)})基金净值_估值_行情走势"
        body = [f"单位净值：{r.randint(5, 40) / 10:.4f}  日涨跌：{r.uniform(-3, 3):.2f}%", f"近一年收益率：{r.uniform(-20, 35):.2f}%  成立以来：{r.uniform(-10, 200):.2f}%",
                "基金有风险，投资需谨慎。基金的过往业绩并不预示其未来表现。"]  # fmt: skip
        kind = "benign/fund_page"
    else:
        name = "关于进一步防范和处置虚拟货币交易炒作风险的通知"
        title = name
        body = ["虚拟货币不具有与法定货币等同的法律地位，不具有法偿性。", "境外虚拟货币交易所通过互联网向我国境内居民提供服务，同样属于非法金融活动。",
                "参与虚拟货币投资交易活动存在法律风险，由此引发的损失由其自行承担。", "警惕以“区块链”“数字资产”“USDT理财”为名的非法集资和诈骗。"]  # fmt: skip
        kind = "benign/regulator_notice"
    doc = site_doc(
        r,
        pick(r, ("天天基金网", "东方财富网", "中国人民银行", "国家金融监督管理总局", "新浪财经")),
        title,
        ["首页", "行情", "基金", "理财", "资讯"],
        ["首页", "资讯"],
        body,
        pick(r, CITIES),
    )
    return kind, doc


def sports_news(r: random.Random) -> tuple[str, Doc]:
    league = pick(r, gambling.LEAGUES)
    a, b = r.sample(gambling.TEAMS[league], 2)
    s1, s2 = r.randint(0, 4), r.randint(0, 4)
    title = f"{league}第{r.randint(1, 38)}轮：{a}{s1}比{s2}{b}"
    body = [f"北京时间{date(r, 'cn')}，{league}迎来一场焦点战，{a}主场迎战{b}。", f"上半场第{r.randint(5, 45)}分钟，{a}率先破门。",
            f"最终全场比分{s1}:{s2}，{a if s1 >= s2 else b}{'取得胜利' if s1 != s2 else '与对手握手言和'}。", f"赛后，{a}积{r.randint(10, 80)}分暂列积分榜第{r.randint(1, 18)}位。"]  # fmt: skip
    doc = site_doc(
        r,
        pick(r, ("新浪体育", "腾讯体育", "懂球帝", "虎扑体育", "央视体育")),
        title,
        ["首页", "中超", "英超", "NBA", "CBA", "数据"],
        ["首页", league],
        body,
        pick(r, CITIES),
    )
    return "benign/sports_news", doc


def dating_site(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    title = f"{city}婚恋交友_{pick(r, ('世纪佳缘', '百合网', '珍爱网'))}_认真恋爱"
    body = [f"{city}单身男女实名认证，以结婚为目的的严肃婚恋平台。", "会员需完成身份证和学历认证。",
            "防骗提示：警惕网恋对象推荐投资、博彩平台，凡是网上认识的“恋人”让你转账、充值的，都是诈骗。"]  # fmt: skip
    doc = site_doc(
        r,
        title.split("_")[1],
        title,
        ["首页", "搜索", "活动", "安全中心"],
        ["首页", city],
        body,
        city,
    )
    return "benign/dating_site", doc


BUILDERS: tuple[Callable[[random.Random], tuple[str, Doc]], ...] = (
    antifraud, antifraud, bank_security, bank_security, bank_maintenance, bank_maintenance, bust_news, bust_news, judgment,
    saohuang, lottery_results, licensed_lender, job_board, refund_policy, sexual_health, game_site, victim_forum,
    finance_page, sports_news, dating_site,
)  # fmt: skip
