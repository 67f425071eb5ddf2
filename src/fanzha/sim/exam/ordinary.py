"""Ordinary pages of many genres: the benign majority, and the hosts hijackers stuff spam into.

Each genre has its own site names, navigation, titles and sentences, filled
from shared slots; ``GENRES`` maps a genre to its builder so the hijacks can
ask for a host page of any genre.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import (
    CITIES,
    DISTRICTS,
    PROVINCES,
    date,
    digits,
    domain,
    footer,
    person,
    pick,
    some,
)

_BUREAUS = (
    "人民政府 教育局 卫生健康委员会 市场监督管理局 交通运输局 生态环境局 住房和城乡建设局 人力资源和社会保障局 "
    "文化和旅游局 农业农村局 应急管理局 民政局 统计局 自然资源和规划局 医疗保障局 水务局 城市管理执法委员会 商务局"
).split()
_GOV_TOPICS = (
    "城市更新 老旧小区改造 垃圾分类 义务教育招生 安全生产大检查 防汛抗旱 城乡居民医保参保登记 营商环境优化 "
    "农村人居环境整治 冬季供暖 重点项目建设 就业创业服务 文明城市创建 食品安全抽检 公共租赁住房分配 高龄津贴发放 "
    "数字政府建设 森林防火 交通拥堵治理 消费券发放 河湖长制 高标准农田建设 养老服务体系建设 燃气安全专项整治"
).split()
_GOV_SENT = (
    "为深入贯彻落实上级关于{t}的决策部署，结合我市实际，现就有关事项通知如下。",
    "到{y}年底，全市{t}工作覆盖率达到{pct}%以上，群众满意度明显提升。",
    "各区要成立工作专班，明确责任分工，于{d}前将工作方案报送市{b}。",
    "{d}，市{b}召开{t}工作推进会，{p}出席会议并讲话。",
    "会议指出，{t}事关群众切身利益，是一项重要的民生工程。",
    "会议强调，要压实属地责任，加强督导检查，确保各项任务按期完成。",
    "本次共排查点位{n}个，发现问题{n2}处，已全部督促整改。",
    "申请人可通过政务服务网或各区政务服务中心窗口办理，材料齐全的当场受理。",
    "联系人：{p}，联系电话：027-{tel}。",
    "附件：{y}年{t}实施方案.docx",
    "本通知自印发之日起施行，有效期{n3}年。",
    "公示期为{d}至{d2}，如有异议，请在公示期内以书面形式反映。",
    "各相关单位要高度重视，主要负责同志要亲自研究部署，分管负责同志要具体抓落实。",
    "市财政安排专项资金{n}万元，重点支持{t}等民生项目。",
    "截至目前，全市已累计完成{t}项目{n}个，惠及居民{n2}万户。",
    "对工作推进不力、群众反映强烈的，将予以通报批评并约谈相关负责人。",
    "{district}结合辖区实际，探索形成了“网格化管理、精细化服务”的工作模式。",
    "请各单位于每月{n2}日前报送工作进展情况，年底前报送全年工作总结。",
    "此次修订主要涉及适用范围、申请条件、办理流程和监督管理等内容。",
    "下一步，我们将持续深化“放管服”改革，让数据多跑路、群众少跑腿。",
    "欢迎社会各界通过信函、电子邮件等方式反馈意见建议。",
    "本条例所称{t}，是指在本市行政区域内开展的相关活动。",
)  # fmt: skip
_UNI = "理工 师范 财经 医科 科技 农业 交通 工业 外国语 民族 中医药 轻工 建筑 政法 工程 纺织".split()
_COLLEGES = "计算机学院 化学与化工学院 外国语学院 马克思主义学院 经济管理学院 机械工程学院 生命科学学院 数学与统计学院 新闻传播学院 法学院 材料科学与工程学院 电气与信息工程学院".split()
_RESEARCH = (
    "深度学习在遥感影像分类中的应用 基于图神经网络的推荐算法 锂离子电池正极材料改性研究 城市热岛效应时空演变 "
    "乡村振兴背景下的基层治理 碳中和目标下的能源结构转型 大语言模型的可解释性 钙钛矿太阳能电池稳定性 "
    "长江中游城市群协同发展 肠道菌群与代谢性疾病 量子点荧光探针 区块链在供应链金融中的应用"
).split()
_UNI_SENT = (
    "{d}，{c}在学术报告厅举办“{r}”学术讲座，{p}教授主讲。",
    "讲座围绕{r}的研究进展展开，吸引了{n}余名师生参加。",
    "在{y}年全国大学生{comp}中，我校学子荣获一等奖{n3}项、二等奖{n2}项。",
    "根据教育部有关文件精神，现将{y}年硕士研究生招生复试工作安排通知如下。",
    "复试内容包括专业课笔试、综合面试和外语听说能力测试。",
    "{c}党委书记{p}强调，要把立德树人根本任务落到实处。",
    "本次活动由校团委、{c}联合主办。",
    "该成果以“{r}”为题发表在国际期刊上，{p}为第一作者。",
    "报告会上，{p}结合自身科研经历，与同学们分享了选题、实验设计和论文写作的经验。",
    "{c}现有教职工{n}人，其中教授{n2}人、博士生导师{n3}人。",
    "学校将于{d}举行{y}届毕业典礼暨学位授予仪式。",
    "考生须携带准考证、身份证原件参加复试，未按时参加复试者视为自动放弃。",
    "图书馆开放时间调整为每日7:30至22:30，考试周期间延长至23:00。",
    "本次招聘面向海内外公开招聘专任教师{n3}名，博士后{n2}名。",
    "学院积极推进产教融合，与{n2}家企业共建实习实训基地。",
    "与会专家一致认为，该项目研究思路清晰，技术路线可行。",
    "活动现场气氛热烈，同学们纷纷表示收获颇丰。",
)  # fmt: skip
_COMPS = "数学建模竞赛 电子设计竞赛 挑战杯 互联网+创新创业大赛 ACM程序设计竞赛 机器人大赛 英语演讲比赛".split()
_DEPTS = "心血管内科 呼吸与危重症医学科 消化内科 神经内科 骨科 儿科 妇产科 眼科 口腔科 皮肤科 内分泌科 肿瘤科 急诊科 康复医学科 泌尿外科".split()
_DISEASES = "高血压 糖尿病 流感 支原体肺炎 诺如病毒感染 手足口病 颈椎病 脂肪肝 甲状腺结节 痛风 骨质疏松 过敏性鼻炎 带状疱疹 胃食管反流".split()
_MED_SENT = (
    "{dis}是{dept}的常见病，早期症状不明显，容易被忽视。",
    "专家提醒，出现相关症状应及时到正规医院就诊，切勿自行用药。",
    "{d}，我院{dept}成功为一名{n3}0岁患者实施微创手术，术后恢复良好。",
    "{dept}{p}主任医师门诊时间：每周{wd}上午。",
    "预约挂号可通过医院微信公众号、自助机或拨打预约电话办理。",
    "日常生活中要注意均衡饮食、规律作息、适量运动，定期体检。",
    "就诊时请携带身份证、医保卡，按照导诊提示有序候诊。",
    "我院开展{dis}免费筛查活动，时间为{d}，地点在门诊一楼大厅。",
    "{dis}的高危人群包括长期熬夜、饮食不规律、有家族史的人群。",
    "治疗方面，应在医生指导下规范用药，定期复查，不可擅自停药。",
    "{dept}是我市重点专科，开放床位{n}张，年门诊量{n}0余人次。",
    "医院实行预约诊疗，分时段就诊，候诊时间平均缩短{n2}分钟。",
    "医保患者住院可享受“先诊疗后付费”服务，出院时一站式结算。",
    "如出现持续高热、胸痛、呼吸困难等症状，请立即拨打120或前往急诊科。",
    "{p}主任介绍，近年来该病呈年轻化趋势，应引起足够重视。",
    "我院志愿者服务队在门诊大厅提供导诊、陪诊等服务。",
    "住院部探视时间为每日15:00-17:00、19:00-20:00，每床限1人陪护。",
)  # fmt: skip
_INDUSTRY = "机械设备 电子科技 新材料 生物医药 环保工程 建筑装饰 物流 食品 汽车零部件 软件 化工 光电 包装 纺织".split()
_CO_SENT = (
    "{co}成立于{y0}年，注册资本{n}00万元，是一家集研发、生产、销售于一体的高新技术企业。",
    "公司主要产品包括{prod}等，广泛应用于{field}领域。",
    "公司先后通过ISO9001质量管理体系认证和ISO14001环境管理体系认证。",
    "{d}，公司参加了在{city}举办的{y}中国国际{ind}博览会。",
    "我们始终坚持“质量第一、客户至上”的经营理念。",
    "因业务发展需要，现诚聘销售工程师{n3}名、质检员{n3}名，待遇面议。",
    "公司拥有员工{n}余人，其中技术人员占{pct}%。",
    "产品远销欧美、东南亚等{n2}个国家和地区，深受客户好评。",
    "公司坚持自主创新，已获得发明专利{n2}项、实用新型专利{n}项。",
    "我们可根据客户需求提供定制化解决方案和一站式售后服务。",
    "公司位于{city}{district}工业园，厂区占地面积{n}亩。",
    "热烈祝贺公司被认定为{city}市“专精特新”中小企业。",
    "欢迎新老客户来电咨询、实地考察，洽谈合作。",
)  # fmt: skip
_PRODS = "数控机床 传感器 液压泵 LED灯具 PCB电路板 不锈钢管件 环保涂料 食品添加剂 工业机器人 包装薄膜 净水设备 锂电池".split()
_FIELDS = "汽车制造 航空航天 电力 石油化工 医疗器械 新能源 建筑工程 家电".split()
_NEWS_SENT = (
    "记者{d}从{city}市{b}获悉，{t}工作取得阶段性成效。",
    "{city}地铁{n3}号线{ev}，预计{y}年底开通运营。",
    "{district}新建口袋公园{n2}处，市民出门300米即可见绿。",
    "受冷空气影响，{city}未来三天气温将下降{n3}至{n2}℃，请市民注意添衣保暖。",
    "据统计，{y}年一季度全市地区生产总值同比增长{pct2}%。",
    "“以前办事要跑好几个窗口，现在一次就办好了。”市民{p}说。",
    "五一假期，{city}共接待游客{n}万人次，旅游收入{n2}亿元。",
    "该项目总投资{n}亿元，建成后将新增就业岗位{n}0个。",
    "{city}市{b}相关负责人介绍，下一步将继续推进{t}。",
    "当天上午，不少市民早早来到现场排队。",
    "据了解，该路段施工期间将实行交通管制，请过往车辆提前绕行。",
    "{city}市气象台{d}发布暴雨蓝色预警，预计未来12小时将出现强降雨。",
    "目前，相关部门已启动应急预案，抢险队伍全部到位。",
    "专家表示，这一举措将有效缓解{district}一带的停车难问题。",
    "记者在现场看到，新建成的社区食堂干净整洁，老人们吃得津津有味。",
    "此外，{city}还将新增公交线路{n3}条，优化调整{n2}条。",
    "活动持续至{d}，市民可通过官方公众号报名参加。",
    "截至发稿时，事故原因正在进一步调查中。",
)  # fmt: skip
_EVENTS = "全线贯通 进入铺轨阶段 完成首次试运行 开始空载试运行 车站主体结构封顶".split()
_FORUM_TOPICS = "装修 买房 育儿 考研 汽车 数码 钓鱼 旅游 宠物 健身 摄影 美食 跑步 二手".split()
_FORUM_ASK = (
    "有没有人知道{city}哪家{x}比较靠谱？", "【求助】{x}遇到问题，求大神指点", "【分享】我的{x}经历，写得比较长",
    "{city}{district}附近有{x}推荐吗", "关于{x}的几个问题，新人求教", "晒晒我家的{x}，欢迎拍砖",
)  # fmt: skip
_REPLIES = (
    "同问，坐等大神回答", "楼主说得很详细，收藏了", "我去年也遇到过，后来去{district}那边解决的", "顶一下", "感谢分享！",
    "建议多比较几家再决定", "我觉得还是看个人预算", "mark一下，以后用得着", "楼上正解", "这个价格不算贵", "路过，帮顶",
)  # fmt: skip
_TECH = "Python Docker Kubernetes Vue React Go Rust Nginx MySQL PostgreSQL Redis Linux Git Spring Boot Flutter TensorFlow".split()
_TECH_SENT = (
    "本文记录一下在{os}上部署{tech}时遇到的几个坑。",
    "首先安装依赖：pip install -r requirements.txt，注意版本要和{tech}对应。",
    "执行 {cmd} 后报错 ModuleNotFoundError，原因是环境变量没有配置。",
    "解决方法是在配置文件中把 {opt} 改为 true，然后重启服务。",
    "参数说明：timeout 表示超时时间，单位为秒，默认值为{n3}0。",
    "如果使用{tech}的默认配置，性能在并发{n}0时开始下降。",
    "完整代码已经放到 GitHub，有问题欢迎在评论区留言。",
    "注意：该接口在 {tech} {n3}.{n2} 版本之后已废弃。",
    "先说结论：问题出在缓存没有及时失效，和{tech}本身无关。",
    "下面贴一下关键的配置，其余部分保持默认即可。",
    "实测在4核8G的机器上，QPS从{n}提升到了{n}0左右。",
    "有同学问为什么不用官方镜像，主要是国内拉取速度太慢。",
    "日志里出现 connection refused，一般是端口没开或者防火墙拦截了。",
    "建议在生产环境开启监控和告警，避免问题发生后才发现。",
    "参考资料：{tech}官方文档、社区讨论帖以及几篇优秀的博客。",
)  # fmt: skip
_PLACES = "黄鹤楼 东湖 武当山 神农架 三峡大坝 恩施大峡谷 张家界 西湖 黄山 九寨沟 鼓浪屿 丽江古城 峨眉山 泰山 故宫 洪崖洞".split()
_TOUR_SENT = (
    "{pl}景区开放时间为每天8:00-17:30，{wd}正常开放。",
    "门票：成人{n3}0元，学生、60岁以上老人凭证件半价。",
    "交通：可乘坐地铁{n3}号线至{pl}站下车，步行约{n2}分钟。",
    "建议游玩时间半天到一天，旺季请提前在官方公众号预约。",
    "景区周边有不少特色小吃，推荐热干面、豆皮、糊汤粉。",
    "夏季游览请注意防晒防暑，雨天山路湿滑注意安全。",
    "{pl}是国家AAAAA级旅游景区，以{feature}闻名。",
    "景区内设有游客服务中心、母婴室、无障碍通道和免费寄存处。",
    "周边住宿推荐选择景区东门附近的民宿，价格实惠，步行即可入园。",
    "自驾游客可将车辆停放在景区停车场，小型车每天{n3}0元。",
    "春季赏花、夏季避暑、秋季观叶、冬季看雪，四季皆宜。",
    "我们一行{n3}人在{pl}玩了两天，整体体验非常不错。",
    "提醒大家景区内禁止吸烟、禁止无人机飞行。",
)  # fmt: skip
_FEATURES = "秀丽的湖光山色 悠久的历史文化 奇特的喀斯特地貌 壮观的云海日出 古朴的民居建筑 丰富的动植物资源".split()
_DISHES = "红烧肉 宫保鸡丁 番茄炒蛋 糖醋排骨 麻婆豆腐 可乐鸡翅 清蒸鲈鱼 酸菜鱼 油焖大虾 排骨藕汤 热干面 蒜蓉西兰花".split()


def _fill(r: random.Random) -> dict[str, str]:
    y = r.randint(2019, 2026)
    return {
        "city": pick(r, CITIES), "district": pick(r, DISTRICTS), "p": "、".join(person(r) for _ in range(1)), "d": date(r, "cn"),
        "d2": date(r, "cn"), "y": str(y), "y0": str(r.randint(1985, 2018)), "n": str(r.randint(12, 980)), "n2": str(r.randint(2, 60)),
        "n3": str(r.randint(1, 9)), "pct": str(r.randint(60, 99)), "pct2": f"{r.randint(10, 90) / 10:.1f}", "tel": digits(r, 8),
        "wd": pick(r, ("一", "二", "三", "四", "五", "六", "日")), "b": pick(r, _BUREAUS), "t": pick(r, _GOV_TOPICS),
        "c": pick(r, _COLLEGES), "r": pick(r, _RESEARCH), "comp": pick(r, _COMPS), "dept": pick(r, _DEPTS), "dis": pick(r, _DISEASES),
        "prod": "、".join(some(r, _PRODS, 2, 4)), "field": "、".join(some(r, _FIELDS, 2, 3)), "ind": pick(r, _INDUSTRY),
        "ev": pick(r, _EVENTS), "x": pick(r, _FORUM_TOPICS), "tech": pick(r, _TECH), "os": pick(r, ("Ubuntu 22.04", "CentOS 7", "Windows 11", "macOS", "Debian 12")),
        "cmd": pick(r, ("make install", "npm run build", "docker compose up -d", "python manage.py migrate", "go build ./...")),
        "opt": pick(r, ("enable_cache", "use_ssl", "auto_reload", "strict_mode")), "pl": pick(r, _PLACES), "feature": pick(r, _FEATURES),
        "co": "本公司",
    }  # fmt: skip


def sentences(
    r: random.Random,
    templates: tuple[str, ...],
    lo: int,
    hi: int,
    fixed: dict[str, str] | None = None,
) -> list[str]:
    """Paragraphs of one to three filled sentences each, in a random order.

    ``fixed`` holds the slots one article keeps throughout (its city, bureau,
    topic…); the numbers, dates and people change sentence by sentence.
    """
    chosen = some(r, templates, lo, hi)
    paras: list[str] = []
    while chosen:
        k = r.randint(1, 3)
        f = _fill(r) | (fixed or {})
        paras.append("".join(t.format(**f) for t in chosen[:k]))
        chosen = chosen[k:]
    return paras


def site_doc(
    r: random.Random,
    site: str,
    title: str,
    nav: list[str],
    crumbs: list[str],
    body: list[str],
    city: str,
    source: str = "",
) -> Doc:
    """An article page on an ordinary site: date and source line, prev/next, related reading, footer."""
    info = f"{pick(r, ('发布时间：', '时间：', '日期：', ''))}{date(r)} {pick(r, ('', '来源：' + (source or site)))} {pick(r, ('', '浏览次数：' + str(r.randint(10, 99999))))}"
    doc = Doc(
        title,
        site,
        domain(r),
        nav=nav,
        crumbs=crumbs,
        info=info.strip(),
        heading=title,
        body=body,
        footer=footer(r, site, city),
    )
    if r.random() < 0.5:
        doc.end_text = [f"上一篇：{_related(r)}", f"下一篇：{_related(r)}"]
        doc.end_html = [
            f'<div class="page-nav"><a href="#">上一篇：{_related(r)}</a><a href="#">下一篇：{_related(r)}</a></div>'
        ]
    if r.random() < 0.5:
        doc.links_heading = pick(r, ("相关阅读", "相关文章", "推荐阅读", "热点新闻", "最新动态"))
        doc.links = [_related(r) for _ in range(r.randint(3, 10))]
    return doc


_RELATED = (
    "{city}{t}工作取得新进展", "{district}召开{t}专题会议", "{y}年{city}中考时间确定", "{city}发布暴雨蓝色预警", "{c}举办学术讲座",
    "关于{t}的政策解读", "{city}地铁{n3}号线最新进展", "{dis}防治知识问答", "{pl}景区门票优惠政策", "{city}{y}年重点项目清单公布",
    "{city}市{b}{y}年工作要点", "{city}新增{n2}个便民服务点", "市民关心的{t}问题答复", "{tech}版本更新说明",
)  # fmt: skip


def _related(r: random.Random) -> str:
    return pick(r, _RELATED).format(**_fill(r))


def government(r: random.Random) -> tuple[str, Doc]:
    city, bureau, topic = pick(r, CITIES), pick(r, _BUREAUS), pick(r, _GOV_TOPICS)
    site = f"{city}市{bureau}"
    title = r.choice(
        (
            f"关于做好{topic}工作的通知",
            f"{city}市{r.randint(2020, 2026)}年{topic}工作方案",
            f"市{bureau}召开{topic}工作推进会",
            f"关于{topic}有关事项的公告",
            f"{city}市{topic}实施细则（征求意见稿）",
        )
    )
    doc = site_doc(r, site, title, some(r, ("首页", "政务公开", "政务服务", "互动交流", f"走进{city}", "政策文件", "通知公告", "新闻动态", "专题专栏"), 4, 8),
                ["首页", pick(r, ("政务公开", "新闻动态", "通知公告")), "正文"], sentences(r, _GOV_SENT, 3, 16, {"city": city, "b": bureau, "t": topic}), city)  # fmt: skip
    doc.layout = r.choice(("table", "article"))
    doc.links_heading = pick(r, ("相关链接", "政府网站", "友情链接"))
    doc.links = some(
        r,
        (
            "中国政府网",
            f"{pick(r, PROVINCES)}省人民政府",
            f"{city}市人民政府",
            "国家政务服务平台",
            f"{city}市政务服务网",
            "信用中国",
            "12345政务服务热线",
        ),
        2,
        6,
    )
    return "benign/government", doc


def university(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice(
        (f"{city}{pick(r, _UNI)}大学", f"{pick(r, PROVINCES)}{pick(r, _UNI)}学院", f"{city}大学")
    )
    f = _fill(r)
    title = r.choice(
        (
            f"{f['c']}举办“{f['r']}”学术讲座",
            f"关于{f['y']}年硕士研究生招生复试的通知",
            f"我校学子在{f['comp']}中获佳绩",
            f"学术报告：{f['r']}",
        )
    )
    doc = site_doc(r, site, title, some(r, ("学校首页", "学校概况", "院系设置", "科学研究", "招生就业", "合作交流", "校园文化", "信息公开"), 4, 8),
                ["首页", pick(r, ("学术动态", "通知公告", "新闻中心")), "正文"], sentences(r, _UNI_SENT, 3, 16, {"city": city, "c": f["c"], "r": f["r"], "comp": f["comp"]}), city, f["c"])  # fmt: skip
    return "benign/university", doc


def hospital(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice(
        (
            f"{city}市第{pick(r, '一二三四五六七八九')}人民医院",
            f"{pick(r, PROVINCES)}省中医院",
            f"{city}市妇幼保健院",
            f"{city}{pick(r, ('协和', '同济', '中心', '仁爱'))}医院",
        )
    )
    f = _fill(r)
    title = r.choice(
        (
            f"{f['dept']}专家门诊时间安排",
            f"{f['dis']}的早期症状与预防",
            f"我院{f['dept']}成功开展新技术",
            "就诊指南",
            f"健康科普：警惕{f['dis']}",
        )
    )
    doc = site_doc(r, site, title, some(r, ("首页", "医院概况", "科室导航", "专家介绍", "就医指南", "健康科普", "预约挂号", "新闻中心"), 4, 8),
                ["首页", pick(r, ("健康科普", "医院新闻", "就医指南")), "正文"], sentences(r, _MED_SENT, 3, 16, {"city": city, "dept": f["dept"], "dis": f["dis"]}), city)  # fmt: skip
    return "benign/hospital", doc


def company(r: random.Random) -> tuple[str, Doc]:
    city, ind = pick(r, CITIES), pick(r, _INDUSTRY)
    site = f"{city}{pick(r, ('华', '中', '恒', '金', '新', '远', '博'))}{pick(r, ('达', '信', '通', '泰', '创', '盛', '宇'))}{ind}有限公司"
    title = r.choice(
        (
            "公司简介",
            f"{pick(r, _PRODS)}产品介绍",
            "热烈庆祝我公司通过ISO9001质量管理体系认证",
            "招聘信息",
            f"{site}参加行业博览会",
        )
    )
    doc = site_doc(r, site, title, some(r, ("网站首页", "关于我们", "产品中心", "新闻动态", "工程案例", "技术支持", "人才招聘", "联系我们"), 4, 8),
                ["首页", pick(r, ("关于我们", "新闻动态", "产品中心"))], sentences(r, _CO_SENT, 3, 16, {"city": city, "ind": ind}), city)  # fmt: skip
    doc.links_heading = "产品分类"
    doc.links = some(r, _PRODS, 3, 8)
    return "benign/company", doc


def news(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    site = r.choice(
        (
            f"{city}新闻网",
            f"{city}日报",
            f"{pick(r, PROVINCES)}网",
            f"{city}晚报",
            f"{city}广播电视台",
        )
    )
    f = _fill(r)
    title = r.choice(
        (
            f"{city}地铁{f['n3']}号线{f['ev']}",
            f"{city}{f['t']}取得阶段性成效",
            f"{f['district']}新增{f['n2']}处口袋公园",
            f"{city}未来三天降温，最低{f['n3']}℃",
            f"五一假期{city}接待游客{f['n']}万人次",
        )
    )
    doc = site_doc(r, site, title, some(r, ("首页", "本地", "国内", "国际", "财经", "体育", "文旅", "教育", "视频", "评论"), 4, 9),
                ["首页", pick(r, ("本地新闻", "要闻", "社会"))], sentences(r, _NEWS_SENT, 3, 16, {"city": city}), city)  # fmt: skip
    doc.body.append(f"（记者{person(r)} 通讯员{person(r)}）  责任编辑：{person(r)}")
    doc.links_heading = pick(r, ("相关阅读", "推荐阅读", "热门新闻"))
    doc.links = [
        t.format(**_fill(r))
        for t in some(
            r,
            (
                "{city}{t}新进展",
                "{district}启动{t}",
                "{city}发布暴雨预警",
                "{y}年{city}中考时间确定",
            ),
            2,
            4,
        )
    ]
    if r.random() < 0.5:
        doc.comments = [
            f"{pick(r, ('网友', '用户'))}{digits(r, 5)}：{pick(r, ('点赞', '希望早日开通', '终于等到了', '支持', '什么时候到我们区'))}"
            for _ in range(r.randint(1, 5))
        ]
    return "benign/news", doc


def forum(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    f = _fill(r)
    site = r.choice(
        (f"{city}论坛", f"{f['x']}吧_百度贴吧", f"{city}{f['x']}社区", f"{f['x']}之家论坛")
    )
    title = pick(r, _FORUM_ASK).format(**f)

    def user() -> str:
        prefix = pick(r, ("", "快乐的", "小", "老"))
        return prefix + pick(r, ("猫", "鱼", "石头", "风", "Tony", "阿强", "木子")) + digits(r, 3)

    body = [
        f"楼主 {user()}  发表于 {date(r)} {r.randint(8, 23)}:{r.randint(10, 59)}",
        *sentences(r, _FORUM_ASK + _REPLIES[:3], 1, 3),
    ]
    comments = [
        f"{i + 2}楼 {user()}：{pick(r, _REPLIES).format(**_fill(r))}"
        for i in range(r.randint(2, 9))
    ]
    doc = Doc(title, site, domain(r), nav=some(r, ("首页", "版块", "热帖", "精华", "发帖", "消息", "登录", "注册"), 3, 7), crumbs=[site, f"{f['x']}版块"],
              heading=title, body=body, comments=comments, footer=footer(r, site, city))  # fmt: skip
    return "benign/forum", doc


def blog(r: random.Random) -> tuple[str, Doc]:
    f = _fill(r)
    author = (
        pick(r, ("码农", "程序猿", "攻城狮", "老", "小"))
        + pick(r, ("阿飞", "张三", "Leo", "Kevin", "晓明"))
        + digits(r, 2)
    )
    site = r.choice(
        (f"{author}的博客", f"{author}-CSDN博客", f"{author} - 博客园", f"{author}的技术笔记")
    )
    title = r.choice(
        (
            f"{f['tech']}踩坑记录：{f['os']}上部署",
            f"{f['tech']}入门教程（{f['n3']}）",
            f"{f['tech']}性能优化实践",
            f"{f['tech']}常见报错及解决方法",
        )
    )
    doc = Doc(title + f"_{site}", site, domain(r), nav=["首页", "归档", "分类", "标签", "关于"], info=f"{author} 于 {date(r)} 发布 阅读量{f['n']}",
              heading=title, body=sentences(r, _TECH_SENT, 3, 16, {"tech": f["tech"], "os": f["os"]}), footer=footer(r, site, pick(r, CITIES))[-2:])  # fmt: skip
    doc.comments = [
        f"{pick(r, ('大佬', '博主', '楼主'))}，{pick(r, ('按你的方法解决了，谢谢', '第二步报错了怎么办', '写得很清楚', '收藏了'))}"
        for _ in range(r.randint(0, 4))
    ]
    doc.links_heading = "相关推荐"
    doc.links = [
        f"{pick(r, _TECH)}{pick(r, ('入门', '实战', '原理', '面试题'))}"
        for _ in range(r.randint(2, 6))
    ]
    return "benign/blog", doc


def shop(r: random.Random) -> tuple[str, Doc]:
    prod = pick(
        r,
        (
            "空气炸锅",
            "电动牙刷",
            "蓝牙耳机",
            "羽绒服",
            "跑步鞋",
            "保温杯",
            "扫地机器人",
            "婴儿推车",
            "电饭煲",
            "机械键盘",
            "床上四件套",
            "茶叶礼盒",
        ),
    )
    brand = pick(
        r,
        ("小熊", "美的", "九阳", "苏泊尔", "南极人", "安踏", "李宁", "罗技", "飞利浦", "良品铺子"),
    )
    title = f"{brand}{prod} {pick(r, ('2025新款', '家用', '官方旗舰店', '正品包邮', '大容量'))}"
    price = r.randint(19, 2999)
    body = [f"¥{price}.{r.choice(('00', '90', '99'))}  {pick(r, ('券后价', '到手价', '促销价'))}", f"月销{r.randint(1, 99)}00+  好评率{r.randint(90, 99)}%",
            "发货地：" + pick(r, CITIES) + "  快递：包邮", "服务：7天无理由退货 · 正品保障 · 极速退款",
            "规格参数：" + "；".join(some(r, ("颜色：白色/灰色", "材质：304不锈钢", "功率：1500W", "尺码：S-XXL", "重量：1.2kg", "保修：一年"), 2, 4))]  # fmt: skip
    comments = [
        f"{pick(r, '用户买家')}{digits(r, 3)}***：{pick(r, ('质量很好，物流很快', '和描述一致', '性价比高', '第二次购买了', '包装有点简陋'))}"
        for _ in range(r.randint(2, 6))
    ]
    doc = Doc(title, f"{brand}官方旗舰店", domain(r), nav=["首页", "全部商品", "新品", "会员", "购物车"], heading=title, body=body,
              buttons=["加入购物车", "立即购买"], comments=comments, footer=footer(r, f"{brand}官方旗舰店", pick(r, CITIES))[-2:])  # fmt: skip
    return "benign/ecommerce", doc


def tourism(r: random.Random) -> tuple[str, Doc]:
    f = _fill(r)
    site = r.choice((f"{f['city']}文旅网", "马蜂窝", "携程旅行", f"{f['pl']}景区官网", "穷游网"))
    title = r.choice(
        (
            f"{f['pl']}旅游攻略_{f['pl']}门票_{f['pl']}开放时间",
            f"{f['pl']}一日游攻略",
            f"{f['pl']}景区{f['y']}年最新门票政策",
        )
    )
    doc = site_doc(
        r,
        site,
        title,
        ["首页", "目的地", "攻略", "酒店", "门票", "游记"],
        ["首页", f["city"], f["pl"]],
        sentences(r, _TOUR_SENT, 3, 16, {"pl": f["pl"], "city": f["city"]}),
        f["city"],
    )
    return "benign/tourism", doc


def tech_doc(r: random.Random) -> tuple[str, Doc]:
    tech = pick(r, _TECH)
    title = f"{pick(r, ('快速开始', '安装指南', '配置参考', 'API 参考', '常见问题'))} — {tech} {r.randint(1, 9)}.{r.randint(0, 20)} 中文文档"
    body = [
        *sentences(r, _TECH_SENT[1:], 3, 16, {"tech": tech}),
        f"    $ {pick(r, ('pip install', 'npm i', 'apt-get install', 'go get'))} {tech.lower()}",
        "参数 | 类型 | 默认值 | 说明",
        f"timeout | int | {r.randint(1, 60)} | 超时时间",
    ]
    doc = Doc(title, f"{tech} 中文文档", domain(r), nav=["指南", "API", "示例", "更新日志", "GitHub"], crumbs=["文档", tech, "指南"], heading=title, body=body,
              links_heading="下一页", links=[pick(r, ("配置", "部署", "插件", "迁移指南"))], footer=[f"© {r.randint(2015, 2026)} {tech} 中文社区", "基于 MIT 协议发布"])  # fmt: skip
    return "benign/tech_docs", doc


def paper(r: random.Random) -> tuple[str, Doc]:
    f = _fill(r)
    journal = f"{pick(r, ('计算机', '环境科学', '中国电机工程', '地理', '化工', '管理科学', '中华医学'))}{pick(r, ('学报', '研究', '杂志', '进展'))}"
    title = (
        f"{f['r']}{pick(r, ('研究', '分析', '——以' + f['city'] + '为例', '的实证研究', '综述'))}"
    )
    body = [f"作者：{person(r)}，{person(r)}，{person(r)}", f"作者单位：{f['city']}{pick(r, _UNI)}大学{f['c']}",
            f"摘要：针对{f['r']}中存在的问题，本文提出了一种改进方法。实验结果表明，该方法在{f['n2']}个数据集上的准确率提高了{f['pct2']}%。",
            f"关键词：{'；'.join(some(r, _RESEARCH, 2, 4))}", f"基金项目：国家自然科学基金（{digits(r, 8)}）", f"中图分类号：TP{r.randint(18, 391)}  DOI：10.{digits(r, 5)}/j.cnki.{digits(r, 4)}"]  # fmt: skip
    doc = Doc(
        title,
        journal,
        domain(r),
        nav=["首页", "期刊浏览", "在线投稿", "下载中心"],
        heading=title,
        body=body,
        footer=footer(r, f"《{journal}》编辑部", f["city"]),
    )
    return "benign/academic_paper", doc


def recipe(r: random.Random) -> tuple[str, Doc]:
    dish = pick(r, _DISHES)
    title = r.choice(
        (f"{dish}的做法_{dish}怎么做_家常菜谱", f"{dish}的家常做法", f"教你做{dish}，简单好吃")
    )
    steps = [
        f"第{i + 1}步：{pick(r, ('食材洗净切块', '锅中放油烧热', '加入葱姜蒜爆香', '倒入调料翻炒均匀', '加水没过食材小火炖', '大火收汁', '撒上葱花出锅'))}"
        for i in range(r.randint(3, 7))
    ]
    body = [
        "食材："
        + "、".join(
            some(
                r,
                ("生抽", "老抽", "料酒", "冰糖", "葱", "姜", "蒜", "盐", "鸡蛋", "番茄", "排骨"),
                4,
                8,
            )
        ),
        *steps,
        "小贴士：火候要掌握好。",
    ]
    doc = Doc(
        title,
        pick(r, ("下厨房", "美食天下", "豆果美食", "香哈菜谱")),
        domain(r),
        nav=["首页", "菜谱", "食材", "专题"],
        heading=title,
        body=body,
        footer=footer(r, "美食网", pick(r, CITIES))[-2:],
    )
    return "benign/recipe", doc


GENRES: dict[str, Callable[[random.Random], tuple[str, Doc]]] = {
    "government": government, "university": university, "hospital": hospital, "company": company, "news": news,
    "forum": forum, "blog": blog, "ecommerce": shop, "tourism": tourism, "tech_docs": tech_doc, "academic": paper, "recipe": recipe,
}  # fmt: skip
