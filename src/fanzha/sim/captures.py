"""Captured web pages as crawlers store them, for testing the patrol's page verdicts.

Written apart from the classifier and without reading it, so that the patrol is
measured on pages it was not tuned to: the same vocabulary appears on both sides
of every line (police pages quote scam scripts, banks warn about 安全账户, news
names the gambling brand it reports on, hijacked pages keep an article about
fraud and only change a title). Captures are HTML or the plain-text dumps real
crawlers keep, with their debris: traditional characters and pinyin left by
conversion, replacement marks, table fragments, navigation, 备案 footers, and
the obfuscation spam uses for contacts. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec
import opencc
from pypinyin import Style, pinyin


class CapturedPage(msgspec.Struct, frozen=True):
    text: str
    verdict: str
    kind: str
    is_html: bool


# --- slots -------------------------------------------------------------------------------------
# fmt: off
CITIES = ["武汉", "襄阳", "宜昌", "荆州", "黄石", "十堰", "孝感", "长沙", "株洲", "郑州", "洛阳", "合肥", "芜湖", "南昌", "九江", "成都", "绵阳", "重庆", "杭州", "宁波", "温州", "广州", "深圳", "东莞", "佛山", "苏州", "无锡", "南京", "徐州", "西安", "昆明", "贵阳", "南宁", "福州", "厦门", "泉州", "济南", "青岛", "临沂", "石家庄", "太原", "沈阳", "大连", "哈尔滨", "长春", "兰州", "乌鲁木齐", "海口"]
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区", "黄陂区", "新洲区", "高新区", "经开区", "滨江区", "城关镇", "开发区", "天河区", "南山区", "雨花区", "金水区", "高新技术产业开发区"]
BANKS = ["中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "招商银行", "中国邮政储蓄银行", "浦发银行", "兴业银行", "中信银行", "中国民生银行", "中国光大银行", "平安银行", "华夏银行", "广发银行", "汉口银行", "湖北银行", "武汉农村商业银行", "北京银行", "上海银行"]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "文博", "子涵", "浩然", "雨萱", "思远", "欣怡", "俊杰", "晓燕", "海波", "红梅", "国庆", "建国", "立新", "春华", "宇航", "梓轩", "一鸣", "嘉怡"]
GB_PRE = ["澳门新葡京", "澳门威尼斯人", "金沙", "永利", "银河", "太阳城", "皇冠", "亚博", "开云", "乐鱼", "九游", "华体会", "米乐", "爱游戏", "半岛", "星空", "雷火", "必威", "威廉希尔", "沙巴", "大发", "凯发", "天博", "博狗", "鸭脖", "金年会", "欧宝", "乐动", "熊猫", "美高梅", "新濠天地", "葡京", "百老汇", "鼎盛", "万博", "明陞", "利来", "尊龙", "千亿", "博天堂", "宝马会", "东方明珠", "大红鹰", "金博宝", "雅博", "bet365", "188", "BBIN", "AG", "OB", "12bet"]
GB_SUF = ["娱乐", "体育", "国际", "官网", "平台", "娱乐城", "棋牌", "彩票", "集团", "真人", "线上娱乐", "游戏", "电竞", "APP", "娱乐场", "会员中心"]
GB_NUM = ["8888", "0086", "3983", "9159", "1399", "5856", "7777", "6165", "88", "365", "188", "8455", "2299", "3520", "9677", "5099", "1010", "7799", "6038", "168", "999"]
GB_LATIN = ["kaiyun", "hth", "leyu", "jiuyou", "mile", "ayx", "bandao", "xk", "ob", "ky", "vns", "amjs", "xpj", "js", "bwin", "yabo", "bob", "hg", "pj", "tb", "mgm", "sands"]
PORN_PRE = ["91", "麻豆", "蜜桃", "杏吧", "草莓", "香蕉", "番茄", "红杏", "九色", "樱桃", "小黄鸭", "星空", "果冻", "糖心", "天美", "爱豆", "夜色", "午夜", "深夜", "成人", "色中色", "撸撸", "久久", "一本道", "蝌蚪", "鲍鱼", "花房", "小猫咪"]
PORN_SUF = ["视频", "影院", "传媒", "直播", "社区", "TV", "福利社", "论坛", "影视", "资源站", "网", "导航", "短视频", "在线"]
GB_SPAM = ["百家乐平台", "真人百家乐", "网上赌场", "澳门赌场网址", "线上赌博网站", "足球投注平台", "体育下注", "世界杯投注", "网上彩票投注", "时时彩平台", "北京赛车pk10", "幸运飞艇计划", "极速赛车开奖", "快三走势", "六合彩资料", "六合彩开奖结果", "电子游艺", "老虎机在线", "棋牌游戏真钱", "炸金花真钱版", "德州扑克真钱", "捕鱼游戏提现", "博彩网站大全", "娱乐城注册送彩金", "首存送100%", "网赌平台", "赌博app"]
PORN_SPAM = ["亚洲色图", "成人影院", "国产自拍", "日韩无码", "av在线观看", "欧美性爱", "久久精品", "熟女人妻", "激情小说", "午夜福利", "一本道", "中文字幕无码", "91视频", "麻豆传媒", "黄色网站", "成人网站", "免费黄片", "色情电影", "三级片", "同城约炮", "上门服务", "外围女", "楼凤", "兼职学生妹", "快餐一条龙", "包夜服务", "裸聊", "一对一视频", "福利主播", "夜场小姐", "伦理片", "男人天堂", "无码高清", "色综合"]
SPAM_RUN = GB_SPAM + PORN_SPAM
PLAT_PRE = ["鼎盛", "恒瑞", "金鼎", "中金汇", "瑞丰", "国信", "华鑫", "中科", "博泰", "天弘", "汇通", "融信", "盛世", "泰达", "金元", "中汇", "锦程", "宏达", "国投", "东方", "聚宝", "亿通", "鑫源", "中银", "华尔街", "高盛", "摩根", "富达", "嘉实"]
PLAT_SUF = ["财富", "资本", "国际", "金融", "证券", "投资", "数字资产", "期货", "外汇", "黄金", "基金", "量化", "智投", "交易所", "控股"]
LOANS = ["易借", "快借", "速贷", "闪电借", "秒批贷", "金米花", "安心借", "融易花", "惠民贷", "普惠金服", "好分期", "钱包周转", "随心贷", "马上到账", "借呗通", "闪银", "信用钱包", "宜人速借", "小花钱包", "白条急借"]
APPS = ["中银智投", "国资e通", "数字人民币钱包内测版", "反诈云会议", "财富通", "易支付", "云闪付专业版", "蓝鲸交易", "Coinbit", "币汇", "橙子直播", "蜜桃视频", "夜聊", "同城秘约", "星火任务", "悦享兼职", "优选抢单", "聚财宝", "华尔街见闻Pro", "快乐彩"]
SHOPS = ["淘宝", "京东", "拼多多", "抖音小店", "快手小店", "唯品会", "苏宁易购", "顺丰速运", "中通快递", "圆通速递", "韵达快递", "菜鸟驿站"]
SERVICES = ["百万保障", "抖音会员", "京东金条", "微信分付", "支付宝百万医疗", "快手极速版会员", "美团月付", "花呗", "京东白条", "网易云音乐会员"]
MEETINGS = ["腾讯会议", "钉钉", "ZOOM", "瞩目", "飞书", "小鱼易连", "华为云会议"]
SCHOOLS = ["华中科技大学", "武汉大学", "武汉理工大学", "华中师范大学", "中南财经政法大学", "湖北大学", "武汉科技大学", "江汉大学", "长江大学", "三峡大学", "湖南大学", "郑州大学", "四川大学", "浙江大学", "南京大学", "西安交通大学"]
JOURNALS = ["计算机工程与应用", "中国卫生统计", "地理学报", "管理世界", "中国公路学报", "化工进展", "中华护理杂志", "农业工程学报", "电力系统自动化", "教育研究", "中国科学：信息科学", "食品科学", "环境科学学报", "水利学报"]
DRUGS = ["阿莫西林胶囊", "布洛芬缓释胶囊", "盐酸二甲双胍片", "头孢克肟分散片", "奥美拉唑肠溶胶囊", "氯雷他定片", "蒙脱石散", "硝苯地平控释片", "阿托伐他汀钙片", "连花清瘟胶囊"]
SPOTS = ["黄鹤楼", "东湖风景区", "武当山", "神农架", "三峡大坝", "恩施大峡谷", "张家界", "凤凰古城", "西湖", "九寨沟", "峨眉山", "丽江古城", "鼓浪屿", "黄山", "泰山", "洱海"]
TEAMS = ["武汉三镇", "湖北青年星", "山东泰山", "上海海港", "北京国安", "成都蓉城", "浙江队", "天津津门虎", "广东宏远", "辽宁本钢", "湖北男篮", "浙江稠州"]
COMPANIES = ["长江智造", "楚天科技", "光谷云联", "汉江新材", "东湖数码", "江城物流", "荆楚环保", "九州通达", "华信精工", "星辰软件"]
REGS = ["中国证监会", "国家金融监督管理总局", "香港证监会", "美国SEC", "英国FCA", "新加坡金管局"]
TLDS = [".com", ".vip", ".cc", ".top", ".xyz", ".net", ".app", ".me", ".club", ".live", ".bet", ".win", ".io"]
NAVS = {
    "gov": "首页 政务公开 政务服务 互动交流 走进{city} 通知公告 政策解读 信息公开目录 依申请公开",
    "news": "首页 要闻 时政 社会 财经 科技 体育 娱乐 图片 视频 评论 专题",
    "school": "学校概况 院系设置 教育教学 科学研究 招生就业 合作交流 校园文化 信息公开",
    "bank": "个人金融 公司金融 电子银行 信用卡 投资理财 关于我们 消费者权益保护 网点查询",
    "harm_gb": "首页 真人视讯 体育赛事 电子游艺 彩票游戏 棋牌游戏 捕鱼达人 优惠活动 APP下载 在线客服 代理加盟",
    "harm_porn": "首页 国产精品 日韩专区 欧美专区 中文字幕 主播福利 网红自拍 动漫 最新地址 APP下载",
    "shop": "首页 全部分类 秒杀 优惠券 会员 购物车 我的订单 客户服务",
    "corp": "首页 关于我们 产品中心 解决方案 新闻动态 人才招聘 联系我们",
}
FILLERS = {
    "news": ["记者从{city}市有关部门获悉，{year}年以来全市累计完成相关项目{n3}个，总投资约{big}亿元，带动就业{n4}人。", "据介绍，下一步将持续优化营商环境，推动服务事项“一网通办”，让群众少跑腿、数据多跑路。", "不少市民表示，近年来身边的变化看得见、摸得着，出行、就医、办事都比以前方便了。", "{name}是{district}的一名社区网格员，她告诉记者，社区每周都会组织志愿者上门走访独居老人。", "相关负责人表示，将坚持问题导向，对群众反映集中的问题建立台账，逐项销号。", "（责任编辑：{name}）"],
    "gov": ["各区人民政府，市政府各部门：现将《{city}市{topic}实施方案》印发给你们，请结合实际认真贯彻执行。", "本通知自印发之日起施行，有效期五年。此前有关规定与本通知不一致的，以本通知为准。", "联系人：{name}，联系电话：027-{n8}。", "{city}市{dept}  {date}", "附件：1.申报材料清单  2.申报承诺书（样式）"],
    "edu": ["为进一步加强学生安全教育，学校于{date}在大学生活动中心举行专题讲座，{n3}余名新生参加。", "{name}教授指出，同学们要增强自我保护意识，遇到问题及时向辅导员和学校保卫处反映。", "本学期学院共开设专业课程{n2}门，组织实践教学活动{n2}次，学生满意度持续提升。"],
    "harm": ["温馨提示：未满18周岁禁止访问。", "联系我们 | 免责声明 | 隐私政策 | 常见问题", "本平台受国际监管机构监管，资金安全有保障。", "客服在线时间：7×24小时  {contact}", "推荐给好友，领取{small}元奖励", "备用网址：{url}", "已有{n4}人注册"],
    "misc": ["本文仅供参考，如有疑问请以官方最新发布为准。", "转载请注明出处。", "分享到：微信 微博 QQ空间", "上一篇：{topic2}  下一篇：{topic2}", "阅读 {n4}  点赞 {n3}  评论 {n2}"],
}
TOPICS = ["城市更新", "优化营商环境", "老旧小区改造", "义务教育质量提升", "基层医疗服务能力建设", "养老服务体系建设", "生活垃圾分类", "数字政府建设", "稳就业促增收", "长江大保护", "乡村振兴", "夜间经济", "智慧交通", "校园安全", "冬季供暖保障", "食品安全", "防汛抗旱", "文明城市创建"]
DEPTS = ["人民政府办公厅", "发展和改革委员会", "教育局", "公安局", "民政局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "卫生健康委员会", "市场监督管理局", "文化和旅游局", "生态环境局"]
# fmt: on


def _digits(rng: random.Random, k: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(k - 1))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}"])


def _domain(rng: random.Random) -> str:
    letters = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(rng.randint(2, 6)))
    return letters + rng.choice(["", _digits(rng, rng.randint(2, 4))]) + rng.choice(TLDS)


def _spam_url(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return f"http://{ip}:{rng.choice([80, 8080, 8888, 9527, 6688])}/{rng.choice(['', 'index.html', '?code=' + _digits(rng, 6)])}"
    if r < 0.4:
        tail = "".join(
            rng.choice("ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz0123456789") for _ in range(6)
        )
        return f"{rng.choice(['t.cn', 'url.cn', 'dwz.cn', 'sourl.cn', 'c.tb.cn', 'bit.ly'])}/{tail}"
    return (
        rng.choice(["https://", "http://", ""])
        + rng.choice(["", "www.", "m.", "h5."])
        + _domain(rng)
    )


def _gb_brand(rng: random.Random) -> str:
    pre, suf = rng.choice(GB_PRE), rng.choice(GB_SUF)
    return rng.choice(
        [
            f"{pre}{suf}",
            f"{pre}{rng.choice(GB_NUM)}{suf}",
            f"{pre}·{rng.choice(GB_LATIN)}{suf}",
            f"{pre}{rng.choice(GB_NUM)}",
            f"{rng.choice(GB_LATIN)}{rng.choice(GB_NUM)}{suf}",
            f"{pre}{suf}({rng.choice(['中国', '亚洲', '官方'])})",
        ]
    )


def _contact(rng: random.Random) -> str:
    """A WeChat/QQ/Telegram handle written the ways spam dodges filters."""
    wx = rng.choice(["", "kf", "vip", "ms", "lj", "dd", "a"]) + _digits(rng, rng.randint(5, 9))
    # fmt: off
    return rng.choice([f"薇：{wx}", f"V❤：{wx}", f"➕V {wx}", f"威信 {wx}", f"vx:{wx}", f"加🐧 {_digits(rng, 9)}", f"扣扣 {_digits(rng, 8)}",
                       f"QQ：{_digits(rng, 10)}", f"飞机 @{rng.choice(['kf', 'vip', 'xm'])}{_digits(rng, 4)}", f"TG：{rng.choice(GB_LATIN)}{_digits(rng, 3)}",
                       f"客服微信{wx}（备注来意）", f"☎ 1{rng.choice('3456789')}{_digits(rng, 9)}", f"薇❤信 {' '.join(wx)}"])
    # fmt: on


# fmt: off
WORDS: dict[str, list[str]] = {
    "city": CITIES, "district": DISTRICTS, "area": DISTRICTS, "bank": BANKS, "loan": LOANS, "app": APPS, "shop": SHOPS,
    "service": SERVICES, "meeting": MEETINGS, "school": SCHOOLS, "journal": JOURNALS, "drug": DRUGS, "spot": SPOTS,
    "team": TEAMS, "rival": TEAMS, "reg": REGS, "topic": TOPICS, "topic2": TOPICS, "dept": DEPTS, "spam": SPAM_RUN, "pspam": PORN_SPAM,
}
DYN: dict[str, Callable[[random.Random], str]] = {
    "name": _name, "date": _date, "url": _spam_url, "brand": _gb_brand, "contact": _contact,
    "year": lambda r: str(r.randint(2019, 2025)), "n1": lambda r: str(r.randint(1, 9)), "n2": lambda r: str(r.randint(10, 99)),
    "n3": lambda r: str(r.randint(100, 999)), "n4": lambda r: str(r.randint(1000, 99999)), "n8": lambda r: _digits(r, 8),
    "small": lambda r: str(r.choice([8, 18, 38, 58, 88, 98, 128, 188, 288])), "mid": lambda r: str(r.choice([500, 800, 1000, 2000, 3000, 5000, 6800, 8888])),
    "big": lambda r: str(r.randint(2, 80)), "big3": lambda r: str(r.choice([5, 10, 20, 30, 50, 100])), "pct": lambda r: str(r.randint(1, 30)),
    "pct2": lambda r: str(r.randint(86, 99)), "money": lambda r: f"{r.randint(100, 99999)}.{r.randint(0, 99):02d}",
    "tel": lambda r: f"1{r.choice('3456789')}{_digits(r, 9)}", "tel400": lambda r: f"400-{_digits(r, 3)}-{_digits(r, 4)}",
    "code": lambda r: _digits(r, 6), "ver": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 20)}",
    "waybill": lambda r: r.choice(["SF", "YT", "ZT", "JD"]) + _digits(r, 12), "case": lambda r: f"{r.randint(2019, 2025)}{_digits(r, 10)}",
    "platform": lambda r: r.choice(PLAT_PRE) + r.choice(PLAT_SUF), "porn": lambda r: r.choice(PORN_PRE) + r.choice(PORN_SUF),
    "company": lambda r: r.choice(COMPANIES) + r.choice(["有限公司", "股份有限公司", "科技有限公司"]),
}
PAGE_SLOTS = ["city", "district", "bank", "brand", "platform", "loan", "app", "shop", "service", "porn", "school", "journal", "team", "spot", "drug", "company", "dept", "topic"]
# fmt: on


def _slot(name: str, rng: random.Random) -> str:
    return rng.choice(WORDS[name]) if name in WORDS else DYN[name](rng)


_SLOT = re.compile(r"\{(\w+)\}")


def _fill(tpl: str, rng: random.Random, ctx: dict[str, str]) -> str:
    """Fill ``{slot}``s; a slot already in ``ctx`` keeps its value for the whole page."""
    return _SLOT.sub(
        lambda m: ctx[m.group(1)] if m.group(1) in ctx else _slot(m.group(1), rng), tpl
    )


# --- the kinds: site names, titles, paragraphs, navigation ------------------------------------
@dataclass(frozen=True)
class Spec:
    sites: list[str]
    titles: list[str]
    paras: list[str]
    nav: str = "news"
    filler: str = "misc"
    sizes: tuple[int, int] = (2, 6)


# fmt: off
SPECS: dict[str, Spec] = {
    "fraud:investment": Spec(["{platform}", "{platform}国际"], ["{platform}-官方网站", "{platform}|智能投顾平台", "{platform}会员登录", "内部原始股认购通道-{platform}", "{platform} 数字资产交易所", "{platform}量化交易系统—稳健收益"], ["{platform}是经{reg}批准设立的正规持牌机构，注册资本{big}亿元，由{name}博士领衔的专业投研团队一对一指导，日均收益{pct}%，本金保障，随时提现。", "新用户注册即送{small}元体验金，首充{mid}元再送{small}元，邀请好友最高奖励{mid}元。资金由{bank}全程托管，安全无忧。", "导师内部消息：本周三只牛股即将拉升，名额仅剩{n2}个，添加助理{contact}进入VIP战法群，免费领取牛股。", "本平台采用AI量化交易系统，智能跟单，胜率高达{pct2}%，已帮助{n4}名会员实现财务自由。", "提现说明：单笔满{mid}元即可申请，T+0到账。如提示账户异常，需缴纳{pct}%的保证金解冻，解冻后本金与收益一并返还。", "【公告】因系统升级，{date}起所有会员需重新实名认证并下载最新版APP，未认证账户将被冻结。下载地址：{url}", "数字资产板块火爆开启，USDT充值秒到账，打新中签率100%，原始股内部认购，错过再等十年。", "风险提示：本平台持有美国MSB牌照及香港SFC牌照，受{reg}监管，请放心投资。", "今日收益榜：会员{name}收益{money}元，会员{name}收益{money}元，会员{name}收益{money}元。"], "corp", "harm", sizes=(2, 7)),
    "fraud:loan": Spec(["{loan}", "{loan}金融"], ["{loan}-极速放款", "{loan}官网|不看征信 黑户可贷", "{loan}借款APP下载", "网贷口子大全 {loan} 当天下款", "{loan}—大额低息 秒批秒到"], ["无抵押、无担保、不看征信，黑户白户均可申请，最高额度{big3}万元，最快{n1}分钟到账。", "尊敬的用户，您的借款申请已审核通过，额度{mid}元。因您的银行卡号填写错误，资金已被冻结，需缴纳{pct}%解冻金后方可放款。", "申请流程：1.下载APP 2.填写身份证和银行卡 3.上传手持身份证照片 4.缴纳工本费 5.放款到账。", "在线客服{contact}，7×24小时。为证明还款能力，需向指定账户转入流水验证金，验证后全额退还。", "年化利率低至{pct}%，日息万{n1}，学生、宝妈、个体户均可贷，当天下款。", "温馨提示：放款前需购买借款保险，保费{small}元，放款后随本金一同退回。", "已有{n4}位用户成功借款，{name}刚刚借款{mid}元。"], "corp", "harm", sizes=(2, 5)),
    "fraud:refund": Spec(["{shop}理赔中心", "{shop}售后服务"], ["{shop}商品质量问题理赔通知", "{shop}快递丢失双倍赔付申请", "退款理赔-{shop}官方客服", "{shop}订单异常退款"], ["尊敬的{shop}用户，您于{date}购买的商品被监管部门抽检不合格，现启动三倍理赔，请填写以下信息领取理赔款。", "理赔流程：输入银行卡号、开户行、预留手机号及收到的验证码，系统将在24小时内将理赔款{money}元打入您的账户。", "您的快递（单号{waybill}）在运输途中丢失，我司将按商品价值双倍赔付，请添加理赔专员{contact}。", "为保障资金安全，请下载{meeting}并开启屏幕共享，专员将指导您完成退款操作。", "系统检测到您的备用金额度不足，无法接收退款，需先开通并转出额度验证，验证后自动退还。", "姓名：____ 身份证号：____ 银行卡号：____ 交易密码：____ 短信验证码：____ 【立即领取】"], "shop", "harm", sizes=(2, 5)),
    "fraud:customer_service": Spec(["{service}客服中心", "个人征信服务中心"], ["{service}官方客服中心", "{service}人工客服在线-取消自动扣费", "个人征信修复中心-校园贷注销", "{service}服务关闭申请"], ["您开通的{service}服务试用期已到，将每月自动扣费{mid}元，如需取消请联系人工客服{tel}。", "根据监管要求，学生时期开通的校园贷账户需注销，否则将影响个人征信，请添加客服{contact}办理。", "注销流程：客服将引导您在各借贷平台借款并转入监管账户清零额度，清零后资金原路返回。", "征信逾期、查询过多、呆账均可修复，内部渠道，三天出结果，修复费{mid}元起。", "如不处理，您的征信将被拉黑，影响子女上学、买房贷款、乘坐高铁飞机。"], "corp", "harm", sizes=(2, 4)),
    "fraud:brushing": Spec(["{app}", "悦享兼职网"], ["{app}-手机兼职 日结", "手机兼职 点赞关注 一单一结", "淘宝补单平台|任务中心", "宝妈兼职 在家赚钱 日入{small}+", "网络兼职招聘—{app}"], ["招聘网络兼职，一部手机即可在家操作，时间自由，日结{small}-{mid}元，宝妈学生均可。", "任务说明：点赞关注每单{n1}元，做满{n2}单奖励{small}元；进阶任务需垫付购买商品，佣金{pct}%，完成后本金+佣金立即返还。", "联单任务：需连续完成3单方可提现，中途退出视为违规，本金将被冻结。", "接待员{contact}，添加请备注“兼职”。", "今日已有{n4}人领取佣金，最高单日收入{mid}元。", "电影票房投资、抖音点赞、淘宝补单、酒店好评，多种任务任你选。"], "corp", "harm", sizes=(2, 5)),
    "fraud:phishing_bank": Spec(["{bank}", "{bank}电子银行"], ["{bank}-网上银行安全认证", "{bank}个人网银登录", "{bank}积分兑换中心", "{bank}手机银行证书更新"], ["尊敬的{bank}客户：您的网银U盾证书已于今日过期，为避免影响使用，请立即登录{url}升级。", "卡号/身份证号 ____ 登录密码 ____ 取款密码 ____ 手机号 ____ 验证码 ____ 【下一步】", "您的账户积分{n4}分即将清零，可兑换现金{small}元，请在本页面填写信息兑换。", "本网站为{bank}电子银行安全认证中心，Copyright © {bank} 版权所有", "温馨提示：请勿向他人泄露验证码。验证通过后系统将自动为您恢复账户功能。"], "bank", "harm", sizes=(1, 4)),
    "fraud:phishing_gov": Spec(["{city}人社局", "ETC服务中心", "最高人民检察院"], ["{city}人社局补贴申领平台", "ETC在线认证中心", "最高人民检察院网上办案系统", "个人所得税退税申请", "{city}医保卡异常处理"], ["根据{city}人力资源和社会保障局通知，{year}年度个人劳动补贴开始申领，每人可领取{mid}元，请点击{url}填写信息。", "ETC认证失效：您的ETC卡已被停用，请点击{url}重新认证，否则将影响通行。", "{city}公安局网上办案系统 案件编号{case}，嫌疑人：{name}，涉嫌洗钱，冻结令已签发，请下载安全防护软件配合资金清查。", "您有{money}元个人所得税退税待领取，请填写银行卡信息，退税将在3个工作日内到账。", "您的医保卡存在异常，即将停用，请在线核验身份信息并绑定银行卡。"], "gov", "harm", sizes=(1, 4)),
    "fraud:fake_app": Spec(["{app}", "{app}官方"], ["{app}下载", "{app}官方APP下载|安卓iOS", "{app} v{ver} 官方版", "{app}-扫码下载"], ["{app} v{ver} 官方正式版，安卓/苹果通用，扫码即可下载安装。", "苹果用户下载后请前往 设置-通用-VPN与设备管理 信任企业级开发者证书。", "安装时如提示“风险应用”，请选择“继续安装”，本应用已通过安全检测。", "邀请码：{code}（必填）  下载地址：{url}", "注册即送{small}元，推荐一人再奖{small}元。"], "corp", "harm", sizes=(1, 3)),
    "gambling:baccarat": Spec(["{brand}"], ["{brand}百家乐", "真人百家乐-{brand}官网", "{brand}(中国)官方网站-真人视讯", "百家乐平台推荐_{brand}"], ["{brand}真人百家乐，美女荷官在线发牌，庄闲和一局一分钟，最高赔率1:8。", "新会员免费注册送{small}元彩金，首存{mid}元加赠100%，流水一倍即可提款。", "百家乐必胜技巧：看路、缆法、打法全解析，跟着导师稳定盈利。", "AG旗舰厅、BBIN、EBET、DG视讯全部上线，多台同开，手机电脑同步。", "存款支持USDT、支付宝、微信、银行卡，五分钟到账，24小时在线客服{contact}。", "菲律宾PAGCOR合法牌照，信誉大平台，千万资金担保。"], "harm_gb", "harm", sizes=(2, 5)),
    "gambling:sports": Spec(["{brand}"], ["{brand}体育(中国)官方网站-{brand}APP下载", "{brand}官网_{brand}平台_{brand}登录入口", "{brand}体育-欢迎您", "{brand}·(中国)官方网站-IOS/安卓通用版/手机APP下载", "足球投注平台-{brand}"], ["足球、篮球、电竞、网球全赛事覆盖，滚球投注赔率行业最高，早盘、让球、大小球应有尽有。", "英超、西甲、欧冠、NBA、世界杯预选赛即时比分与盘口，{team}赛事火热开盘。", "首存100%加赠，每日返水1.2%无上限，周周送彩金。", "{brand}体育官方授权，马耳他MGA牌照，注册地址{url}。", "亿万用户选择的体育娱乐平台，提款秒到，添加客服{contact}领取首存优惠。", "串关奖金最高{mid}倍，单注最高可赢{big3}万元。"], "harm_gb", "harm", sizes=(2, 6)),
    "gambling:lottery": Spec(["{brand}彩票", "{brand}"], ["{brand}彩票-官方平台", "幸运飞艇计划群-{brand}", "极速赛车开奖直播_{brand}", "时时彩平台_{brand}注册"], ["幸运飞艇、极速赛车、北京PK10、重庆时时彩、江苏快三、香港六合彩、腾讯分分彩，一分钟一期。", "专业计划群，导师带单，精准推荐，日赚{mid}不是梦，回血上岸就在今天。", "彩票平台注册 {url} 邀请码{code}，充值{mid}送{small}。", "六合彩资料大全，特码、生肖、波色、一肖中特，开奖结果同步直播。", "返点高达{pct}%，代理月入{big}万。"], "harm_gb", "harm", sizes=(2, 5)),
    "gambling:casino": Spec(["{brand}", "{brand}娱乐城"], ["{brand}娱乐城-线上赌场", "澳门威尼斯人线上娱乐-{brand}", "{brand}官网-电子游艺 老虎机", "{brand}|真人娱乐场"], ["电子游艺、捕鱼、老虎机、轮盘、骰宝，AG/BBIN/PT/MG旗舰厅，爆奖不断。", "{brand}，亚洲最具公信力的线上娱乐场，澳门同步，真钱游戏。", "VIP会员专享洗码1.5%，生日礼金{mid}元，晋级礼金最高{big3}万。", "最新备用网址：{url}  {url}  如无法打开请联系客服{contact}。"], "harm_gb", "harm", sizes=(2, 5)),
    "gambling:chess_cards": Spec(["{brand}棋牌"], ["{brand}棋牌-真金白银", "炸金花真钱版-{brand}", "{brand}棋牌 斗地主 牛牛 提现秒到"], ["斗地主、炸金花、牛牛、德州扑克、麻将，真金白银，随时上下分。", "找代理上分下分{contact}，支持微信支付宝，一元起充。", "新人注册送{small}金币，每日签到领彩金，输了包赔{pct}%。"], "harm_gb", "harm", sizes=(1, 3)),
    "gambling:agent": Spec(["{brand}代理中心"], ["{brand}代理加盟-佣金最高50%", "博彩代理招募_{brand}", "{brand}合营计划"], ["{brand}诚招代理，零投入，佣金最高50%，月结周结随你选，团队越大收益越高。", "只需推广注册链接{url}，下线每一笔投注您都有提成。", "代理联系{contact}，专人对接，提供推广素材与引流方法。"], "harm_gb", "harm", sizes=(1, 3)),
    "porn_spam:porn_site": Spec(["{porn}"], ["{porn}-国产精品 日韩 欧美 在线观看", "{porn}|永久免费 最新地址", "{porn} {pspam} {pspam} {pspam}", "{porn}最新地址发布页"], ["本站所有视频均来自互联网，仅供18岁以上成人观看。", "永久地址：{url} 请收藏，防止失联。", "【国产】{pspam} 第{n2}集 高清  【日韩】{pspam} 中文字幕  【欧美】{pspam} 无码", "今日更新{n3}部，{pspam}、{pspam}、{pspam}。", "下载{porn}APP，免费看全站资源，邀请码{code}。"], "harm_porn", "harm", sizes=(2, 6)),
    "porn_spam:escort": Spec(["{city}同城交友", "{city}夜生活"], ["{city}同城约炮-上门服务", "{city}楼凤信息 外围模特", "{city}{district}上门 快餐 包夜", "全国空降 真实照片-{city}"], ["{city}同城约会，全国可约，真实照片，不满意不收费，先见面后付款。", "快餐{n3}，包夜{mid}，学生妹、少妇、外围模特，{district}可上门。", "预约请加{contact}，请备注城市。", "本地楼凤信息每日更新，已验证{n3}家，{area}、{area}均有。"], "harm_porn", "harm", sizes=(1, 4)),
    "porn_spam:live_stream": Spec(["{porn}"], ["{porn}-美女直播 一对一", "{porn}福利主播 裸聊", "{porn}直播APP下载"], ["美女主播一对一视频，深夜福利，私密房间，想看什么都可以。", "下载{porn}直播APP，注册送{small}钻石，邀请码{code}。", "在线主播{n3}位，今晚福利房间开启，{pspam}、{pspam}。"], "harm_porn", "harm", sizes=(1, 3)),
    "porn_spam:keyword_farm": Spec(["{porn}导航"], ["{pspam}_{pspam}_{pspam}_{pspam}_{pspam}", "{pspam},{pspam},{pspam},{pspam}"], ["{pspam} {pspam} {pspam} {pspam} {pspam} {pspam}", "{pspam}网址 {url} {pspam}网址 {url}", "热门搜索：{pspam} {pspam} {pspam} {pspam}"], "harm_porn", "harm", sizes=(2, 5)),
    # ordinary pages; these are also what hijackers break into
    "academic": Spec(["{journal}", "{school}学报"], ["基于深度学习的{topic}评价模型研究", "{city}市{topic}的时空演化特征及驱动因素分析", "多源数据融合下的{topic}风险识别方法", "电信网络诈骗受害人特征的实证研究——以{city}为例", "面向中文短文本的诈骗信息识别算法"], ["摘要：本文以{city}市{year}年数据为样本，构建了包含{n2}个指标的评价体系，采用熵权法与TOPSIS模型进行综合分析。结果表明，区域差异显著，且呈现由中心向外围递减的格局。", "关键词：{topic}；评价模型；空间自相关；{city}", "1 引言  近年来，{topic}受到学界广泛关注。已有研究多集中于宏观层面，对微观机制的讨论相对不足。", "2 研究方法  本文采用面板数据固定效应模型，并以工具变量法处理内生性问题，样本期间为{year}—2024年。", "3 结果与讨论  回归结果显示，核心解释变量系数在1%水平上显著为正，稳健性检验结论一致。", "参考文献：[1] {name}, {name}. {topic}研究进展[J]. {journal}, {year}(3): {n2}-{n2}.", "基金项目：国家自然科学基金（{n8}）；作者简介：{name}（{year}—），男，博士研究生，研究方向为数据挖掘。", "诈骗分子常以“刷单返利”“冒充客服”“虚假投资理财”为话术，本研究共标注诈骗短信{n4}条。"], "school", "edu", (3, 8)),
    "news": Spec(["{city}日报", "{city}新闻网", "楚天都市报"], ["{city}：{topic}跑出“加速度”", "{year}年{city}市{topic}工作推进会召开", "{city}地铁新线开通 沿线居民出行更便捷", "{district}一社区上线“智慧养老”服务", "{city}今年新增中小学学位{n4}个"], ["{date}，{city}市召开{topic}工作推进会，会议总结了前一阶段工作，部署下一步重点任务。", "记者走访发现，{district}多个小区已完成改造，加装电梯{n2}部，新增停车位{n3}个。", "“以前下楼要歇好几回，现在方便多了。”家住{district}的{name}老人笑着说。"], "news", "news", (3, 9)),
    "tech": Spec(["开源中国", "CSDN博客", "博客园"], ["Python中asyncio的几个常见坑", "使用PostgreSQL分区表优化大表查询", "Kubernetes集群升级记录", "Vue3组合式API实践总结", "一次线上内存泄漏排查过程"], ["最近在项目中遇到一个问题：服务运行几天后内存持续上涨，最终被OOM Killer杀掉。", "排查思路是先用tracemalloc定位增长最快的对象，再结合业务日志确认触发条件。", "```python\nasync def main():\n    async with httpx.AsyncClient() as client:\n        r = await client.get(url)\n```", "需要注意的是，分区键的选择直接决定了查询能否裁剪分区，建议结合最常用的过滤条件。", "总结：升级前务必备份etcd，并在测试集群先演练一遍。", "评论区：感谢分享，解决了我的问题！ —— {name}"], "news", "misc", (2, 7)),
    "bank_notice": Spec(["{bank}"], ["{bank}关于系统升级暂停部分服务的公告", "{bank}关于调整借记卡年费的公告", "{bank}关于个人存款利率调整的公告", "{bank}关于网点营业时间调整的通知"], ["尊敬的客户：为提升服务质量，我行将于{date}凌晨0:00至6:00进行系统升级，届时手机银行、网上银行、ATM等渠道将暂停服务。", "由此给您带来的不便，敬请谅解。如有疑问，请致电我行客服热线{tel400}或咨询各营业网点。", "自{date}起，我行将免收个人借记卡小额账户管理费，具体以网点公告为准。", "特此公告。  {bank}  {date}"], "bank", "misc", (2, 4)),
    "tourism": Spec(["{city}文旅", "马蜂窝", "携程攻略"], ["{spot}一日游攻略", "{city}周边自驾游推荐", "{spot}门票预约指南（{year}最新）", "五一去{city}，这几个地方别错过"], ["{spot}开放时间为8:00—17:30，旺季需提前一天在官方公众号实名预约。", "交通：可乘坐地铁至{spot}站，出站后步行约{n2}分钟即到景区北门。", "美食推荐：热干面、豆皮、面窝、鸭脖，户部巷和吉庆街都是好去处。", "建议游玩时长3—4小时，景区内有观光车，单程{n2}元。", "小贴士：节假日人多，注意保管好随身财物，谨防“低价一日游”购物陷阱。"], "news", "misc", (3, 7)),
    "medicine": Spec(["{city}市第一人民医院", "丁香园", "健康时报"], ["{drug}说明书", "春季流感高发，专家提醒做好这几点", "高血压患者日常用药注意事项", "{city}市第一人民医院专家门诊安排"], ["【药品名称】{drug}  【适应症】用于敏感菌所致的感染。  【用法用量】口服，成人一次1粒，一日3次。", "【不良反应】偶见恶心、腹泻、皮疹等，停药后可自行消失。【禁忌】对本品过敏者禁用。", "专家提醒，出现发热、咳嗽等症状应及时就医，不要自行服用抗生素。", "门诊时间：周一至周五 8:00—12:00，14:00—17:30。预约请通过医院官方公众号。"], "news", "misc", (2, 6)),
    "government": Spec(["{city}市人民政府", "{city}市{dept}"], ["关于印发{city}市{topic}实施方案的通知", "{city}市{dept}关于{topic}的公示", "{city}市{year}年{topic}工作要点", "关于开展{topic}专项检查的通知"], ["为深入贯彻落实上级决策部署，加快推进{topic}，结合我市实际，制定本方案。", "一、总体要求  坚持以人民为中心的发展思想，到2025年，基本建成覆盖城乡的服务体系。", "二、重点任务  （一）完善政策体系。（二）强化要素保障。（三）加强督促检查。", "公示期为{date}至{date}。如有异议，请在公示期内以书面形式向{dept}反映。"], "gov", "gov", (3, 8)),
    "school": Spec(["{school}", "{city}市第{n1}中学"], ["{school}{year}年本科招生章程", "我校举行{year}届毕业典礼", "关于{year}年寒假放假安排的通知", "{school}开展防范电信网络诈骗主题教育活动"], ["根据学校校历安排，{year}年寒假自{date}开始，请各单位做好假期安全工作。", "毕业典礼上，校长{name}寄语毕业生：勇担时代使命，在奋斗中书写青春篇章。", "保卫处提醒：刷单返利、游戏交易、冒充客服是针对学生的高发诈骗类型，切勿轻信。"], "school", "edu", (2, 6)),
    "sport": Spec(["{city}体育", "懂球帝", "新浪体育"], ["{team}主场2比1逆转取胜", "{city}马拉松{year}鸣枪开跑", "中超第{n2}轮：{team}客场战平", "全运会{city}代表团再添两金"], ["本场比赛{team}开局被动，第{n2}分钟被对手首开纪录，下半场连入两球完成逆转。", "赛后主教练表示，球队踢出了精神面貌，但防守端仍有不少问题需要改进。", "本届马拉松共有{n4}名选手参赛，男子组冠军成绩为2小时{n2}分。", "比赛数据：控球率{n2}%，射门{n2}次，射正{n1}次，角球{n1}个。"], "news", "news", (2, 6)),
    "police_antifraud": Spec(["{city}公安", "{city}市公安局{district}分局", "国家反诈中心"], ["警方提示：这些诈骗套路要当心", "反诈宣传进社区 守护群众“钱袋子”", "{city}警方揭秘刷单返利诈骗", "“安全账户”都是骗局！民警教你识破冒充公检法诈骗", "{district}分局成功劝阻一起投资理财诈骗"], ["近日，{district}居民{name}接到自称“{city}市公安局”民警的电话，对方称“你的银行卡涉嫌洗钱，需要把资金转入安全账户配合调查”。{name}察觉不对，立即拨打110核实。", "民警提醒：公检法机关不会通过电话办案，更没有所谓的“安全账户”，凡是要求转账的都是诈骗！", "骗子常用话术：“点赞一单返佣3元”“做满三单才能提现”“导师带你炒股稳赚不赔”“不交解冻费就无法放款”。", "遇到可疑情况，请及时拨打96110反诈专线或110报警，并下载国家反诈中心APP。", "“我们是快递理赔专员，您的包裹丢失了，要双倍赔付”——这是典型的冒充客服诈骗开场白。", "截至目前，{district}分局今年已开展反诈宣传{n3}场，劝阻潜在受害人{n3}名，止付冻结涉诈资金{n4}万元。"], "gov", "misc", (2, 6)),
    "arrest_news": Spec(["{city}日报", "{city}公安", "澎湃新闻"], ["{city}警方破获特大跨境网络赌博案 涉案资金{big}亿元", "一电信诈骗团伙落网 涉案金额超{n3}万元", "{city}警方捣毁一卖淫嫖娼窝点", "“{brand}”网络赌博平台背后：一个洗钱团伙的覆灭"], ["近日，{city}市公安局成功破获一起特大跨境网络赌博案，打掉为境外赌博网站“{brand}”提供推广和资金结算的犯罪团伙{n1}个，抓获犯罪嫌疑人{n2}名。", "经查，该团伙以“高额返水”“注册送彩金”为诱饵，招揽国内人员参赌，并通过地下钱庄转移赌资。", "警方提醒：网络赌博不是娱乐，而是违法犯罪，所谓“稳赢”“回血上岸”都是骗局。", "犯罪嫌疑人{name}交代，团伙在境外搭建虚假投资平台，冒充“导师”在群内带单，诱导受害人充值。", "目前，犯罪嫌疑人已被依法采取刑事强制措施，案件正在进一步侦办中。"], "news", "news", (2, 6)),
    # harmful pages that borrow an authority's voice
    "fraud:recovery": Spec(["网络诈骗追回中心", "{city}反诈追损服务平台"], ["被骗资金追回-网络诈骗追款中心", "{city}网络报案与追损平台", "被骗了怎么办？专业追回网赌、网贷、投资理财损失"], ["被网络诈骗、网赌输钱、虚假投资平台不给提现？我们与{city}警方合作，专业追回，成功率{pct2}%。", "先追回后收费，已帮助{n4}名受害人挽回损失{big}亿元，最快{n1}天到账。", "请提供被骗转账截图和平台网址，添加追损专员{contact}，需先缴纳{mid}元立案保证金。", "律师团队{name}律师亲自跟进，冻结对方账户，原路退回。"], "gov", "harm", sizes=(2, 4)),
    "porn_spam:comment_spam": Spec(["{city}论坛", "贴吧"], ["回复：{topic}讨论帖", "【求助】{topic}怎么办", "第{n2}页 - {topic} - 综合讨论区"], ["沙发！楼主说得好 {pspam} {url}", "{pspam}，{pspam}，点我头像看更多 {url}", "想看{pspam}的加{contact}，私发资源", "同城寂寞少妇 {url} 点开即看", "顶一下，{pspam}最新地址：{url}"], "news", "harm", sizes=(2, 5)),
    "porn_spam:address_page": Spec(["{porn}地址发布页"], ["{porn}最新地址发布页-永久网址", "{porn}防失联地址", "{porn}回家的路"], ["最新地址：{url}  备用地址：{url}  备用地址：{url}", "请牢记本站永久域名，收藏本页防止失联。若无法访问请使用VPN或发送邮件至{n8}@gmail.com获取最新地址。", "推荐站点：{porn} | {porn} | {porn} | {porn}", "{pspam} {pspam} {pspam} 免费观看"], "harm_porn", "harm", sizes=(2, 4)),
    "corporate": Spec(["{company}"], ["{company}-官方网站", "{company}关于{year}年度股东大会的通知", "{company}荣获{city}市专精特新企业称号", "关于我们-{company}"], ["{company}成立于{year}年，总部位于{city}{district}，是一家集研发、生产、销售于一体的国家高新技术企业。", "公司拥有专利{n2}项，产品远销东南亚、欧洲等{n2}个国家和地区。", "地址：{city}市{district}光谷大道{n2}号  电话：027-{n8}  邮箱：hr{n3}@163.com", "近日，公司召开{year}年度安全生产工作会议，总经理{name}出席会议并讲话。"], "corp", "misc", (2, 5)),
    # look-alikes that only ever appear benign
    "bank_antifraud": Spec(["{bank}"], ["{bank}：警惕“安全账户”诈骗", "{bank}消费者权益保护：防范电信网络诈骗提示", "{bank}提醒：不要向任何人透露短信验证码"], ["我行郑重提示：我行工作人员不会以任何理由要求您将资金转入所谓“安全账户”，也不会索要您的密码和短信验证码。", "如接到自称银行客服称“您的账户存在风险需要升级”“积分即将清零”的短信，切勿点击其中链接。", "请通过{bank}官方网站、官方APP或客服热线{tel400}办理业务，谨防钓鱼网站。", "如已转账，请立即拨打110或96110报警，并联系我行申请紧急止付。"], "bank", "misc", (2, 4)),
    "saohuang": Spec(["{city}市扫黄打非办公室", "{city}文明网"], ["{city}开展“扫黄打非·净网”集中行动", "关于举报淫秽色情等有害信息的公告", "“扫黄打非”进基层 护苗行动在{district}启动"], ["为净化网络文化环境，{city}市“扫黄打非”办公室组织开展专项整治，清理淫秽色情、网络赌博等有害信息{n4}条。", "群众如发现传播淫秽色情信息、组织网络赌博等违法行为，可通过12390举报电话或中国扫黄打非网举报。", "行动期间，共关闭违法违规网站{n3}个，查处“同城交友”类色情引流账号{n3}个。"], "gov", "gov", (2, 4)),
    "state_lottery": Spec(["中国福利彩票", "中国体育彩票", "{city}体彩"], ["双色球第{year}{n3}期开奖公告", "超级大乐透第{n4}期开奖结果", "{city}彩民喜中双色球一等奖{n3}万元", "体彩公益金助力{city}全民健身"], ["本期双色球开奖号码：红球 {n2} {n2} {n2} {n2} {n2} {n2}  蓝球 {n1}，全国销量{n3}{n4}元。", "一等奖{n1}注，单注奖金{n3}万元；二等奖{n2}注。本期奖池累计金额{big}亿元。", "提醒广大彩民理性购彩，量力而行。彩票不向未成年人销售。", "中国体育彩票不设网络销售，请到实体网点购买，谨防假冒网站。", "竞彩足球第{n3}场：{team}对{rival}，胜平负固定奖金1.{n2}/3.{n2}/4.{n2}，请以实体店票面为准。", "责任彩票：拒绝私彩和网络赌博，远离“六合彩”“时时彩”等非法彩票。"], "news", "misc", (2, 4)),
    "job_site": Spec(["智联招聘", "前程无忧", "{city}人才网"], ["{company}招聘Java开发工程师", "{city}{company}-行政助理招聘", "兼职招聘｜周末促销员 {city}"], ["岗位职责：1.负责公司业务系统的开发与维护；2.参与需求评审与技术方案设计。", "任职要求：本科及以上学历，3年以上相关工作经验，熟悉MySQL、Redis。", "薪资：{n1}-{n2}K·13薪，五险一金，双休，节日福利。工作地点：{city}{district}。", "求职提醒：招聘过程中要求缴纳押金、培训费或“刷单”的均为诈骗，请提高警惕。"], "corp", "misc", (2, 5)),
    "licensed_lender": Spec(["招联消费金融", "马上消费金融", "{bank}信用卡中心"], ["个人消费贷款产品介绍", "{bank}快贷-线上申请", "借款合同与费用说明"], ["年化利率（单利）{pct}%起，具体以审批结果为准。借款额度最高{big3}万元，按日计息，随借随还。", "申请条件：年满22周岁的中国大陆居民，具有稳定收入，征信良好。", "本公司不会在放款前收取任何费用，凡以“解冻费”“保证金”名义要求转账的均为诈骗。", "贷款有风险，借款需谨慎。请根据个人能力合理消费，避免逾期。"], "bank", "misc", (2, 4)),
    "ecommerce": Spec(["{shop}"], ["{shop}-{drug}旗舰店", "【{shop}】年货节满300减50", "{shop}售后服务说明"], ["领券立减{small}元，满{n3}元包邮，下单即送运费险。", "7天无理由退货：商品签收后7天内，在不影响二次销售的情况下可申请退货。", "官方客服从不会以“商品质量问题理赔”为由要求您提供银行卡号或验证码。", "累计评价{n4}条，好评率{pct2}%。"], "shop", "misc", (1, 4)),
}
# More paragraphs and titles for the ordinary pages, so benign text is as varied as the spam.
MORE: dict[str, tuple[list[str], list[str]]] = {
    "news": (["{city}长江新区建设全面提速", "{city}发布{year}年夏季防汛预警", "{city}多家医院推出夜间门诊", "{district}老旧小区改造惠及{n4}户居民"], ["据{city}市统计局数据，上半年全市地区生产总值同比增长{pct}.{n1}%，规模以上工业增加值增长{pct}.{n1}%。", "当天上午，{district}政务服务中心人头攒动，不少市民前来办理社保、公积金等业务。工作人员介绍，目前{pct2}%的事项已实现“最多跑一次”。", "气象部门提醒，未来三天我市将有一次强降雨过程，请市民注意出行安全，尽量避免前往低洼地带。", "活动现场，{n2}家企业拿出{n3}个岗位，吸引了众多求职者前来咨询。", "“我们将继续加大投入，确保年底前全部完工。”{district}住建局负责人{name}表示。", "截至目前，全市已建成社区食堂{n3}家，日均服务老年人{n4}人次。"]),
    "tech": (["Rust所有权机制入门", "Nginx反向代理配置详解", "MySQL慢查询优化实战", "用Docker Compose部署开发环境", "Git分支管理规范"], ["环境：Ubuntu 22.04，内核5.15，Docker 24.0.7。", "首先查看慢查询日志，发现大部分耗时集中在一条未命中索引的联表查询上。", "解决办法很简单：给user_id和created_at建立联合索引，查询耗时从3.2秒降到40毫秒。", "location / {\n    proxy_pass http://127.0.0.1:8000;\n    proxy_set_header Host $host;\n}", "参考资料：官方文档、Stack Overflow相关问题以及{name}的博客。", "本文首发于个人博客，转载请注明出处。如有错误欢迎在评论区指正。"]),
    "academic": (["{topic}对居民幸福感的影响——基于CFPS数据的实证分析", "社交媒体环境下老年人网络诈骗易感性研究"], ["4 结论与建议  本文研究发现，完善的公共服务体系能够显著提升居民获得感，建议进一步加大财政投入。", "表1 变量描述性统计（N={n4}）", "致谢：感谢匿名审稿人提出的宝贵意见。", "收稿日期：{date}；修回日期：{date}", "引用格式：{name}，{name}. {topic}研究[J]. {journal}，{year}，{n2}({n1})：{n3}-{n3}."]),
    "government": (["{city}市关于进一步做好{topic}工作的通知", "{city}市{year}年重点民生实事项目公示"], ["三、保障措施  各区、各部门要切实加强组织领导，明确责任分工，确保各项任务落到实处。", "（四）加强资金保障。市财政每年安排专项资金{big}亿元，用于支持{topic}相关项目建设。", "本文件由{city}市{dept}负责解释。", "政府信息公开：主动公开  索引号：{n8}-{year}-{n4}"]),
    "school": (["{school}关于公布{year}年硕士研究生复试名单的通知", "{school}图书馆开放时间调整"], ["图书馆开放时间调整为每日7:30至22:30，考试周延长至23:00。", "复试采取线下方式进行，考生须携带准考证、身份证原件，按时到指定地点报到。", "本次活动共评选出优秀学生干部{n2}名、三好学生{n3}名。", "学校将继续深化教育教学改革，推进一流学科建设。"]),
    "medicine": (["{drug}的正确服用方法", "儿童发烧什么时候需要去医院"], ["【贮藏】密封，在阴凉干燥处保存。【有效期】24个月。【批准文号】国药准字H{n8}", "专家建议，儿童体温超过38.5℃时可在医生指导下使用退热药，同时多补充水分。", "如出现持续高热、精神差、呼吸急促等情况，应尽快就医。", "本院心内科{name}主任医师每周二、周四上午坐诊。"]),
    "sport": (["{team}官宣新帅", "CBA常规赛：{team}主场险胜"], ["全场比赛，{team}外援砍下{n2}分{n1}篮板，成为球队取胜的关键。", "据悉，新帅将于下周抵达{city}，随即带队展开冬训。", "本轮过后，{team}以{n2}分暂列积分榜第{n1}位。"]),
    "police_antifraud": (["“老师带你炒股”？这是诈骗！", "民警提醒：陌生人让你下载会议软件，立即挂断"], ["案例二：{name}在网上看到“日结300元”的兼职广告，按对方要求添加“接待员”并下载APP，前三单小额返利到账后，被要求“联单”垫付{mid}元，最终被拉黑。", "“您好，我是{shop}客服，您购买的商品存在质量问题，我们将为您办理退款。”接到这样的电话请务必通过官方渠道核实。", "请牢记“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。", "民警来到{district}某小区，通过发放宣传册、现场讲解等方式，向居民揭露“安全账户”“解冻费”“刷单返利”等常见骗术。"]),
    "arrest_news": (["{city}警方打掉一为境外诈骗团伙洗钱的“跑分”平台"], ["警方查明，该团伙成员在{city}、{city}等地收购银行卡，为境外诈骗、赌博团伙“跑分”洗钱，涉案流水{big}亿元。", "法院审理认为，被告人明知他人利用信息网络实施犯罪，仍为其提供支付结算帮助，构成帮助信息网络犯罪活动罪。"]),
    "bank_notice": (["{bank}关于防范假冒我行短信的公告"], ["近期发现有不法分子冒用我行名义发送“积分兑换”“证书过期”等短信，诱导客户登录钓鱼网站。我行官方网站域名仅为公告所列域名，请勿登录其他网址。", "受影响业务：跨行转账、第三方快捷支付、信用卡还款。柜面业务不受影响。"]),
}


def _with_more(specs: dict[str, Spec]) -> dict[str, Spec]:
    out = dict(specs)
    for kind, (titles, paras) in MORE.items():
        out[kind] = dataclasses.replace(
            specs[kind], titles=specs[kind].titles + titles, paras=specs[kind].paras + paras
        )
    return out


SPECS = _with_more(SPECS)
# Long lists pages carry below the article: related reading, matches on offer, withdrawals.
LISTS = {
    "fraud": ["会员{name}  提现{money}元  审核通过", "用户{tel}  借款{mid}元  已放款", "{name}  完成任务{n2}单  佣金{money}元"],
    "gambling": ["{team} vs {rival}  让球 0.{n1}  大小 2.5  胜 1.{n2}  平 3.{n2}", "玩家{n3}***  {brand}  赢得 {money}元", "{brand} 电子游艺 爆奖 {money}元"],
    "porn_spam": ["【{pspam}】第{n2}部 时长{n2}分钟 播放{n4}", "{pspam} {pspam} 高清在线", "{city} {pspam} 照片已验证"],
    "ordinary": ["{city}：{topic2}取得新进展", "{year}年{topic2}工作综述", "{district}召开{topic2}推进会", "专家解读：{topic2}的三个关键", "{city}公安提醒：警惕{topic2}相关诈骗", "{school}举办{topic2}学术研讨会"],
}
HIJACK_BASES = ["academic", "news", "tech", "corporate", "bank_notice", "tourism", "medicine", "government", "school", "sport", "police_antifraud", "arrest_news"]
BENIGN_KINDS = [*HIJACK_BASES, "bank_antifraud", "saohuang", "state_lottery", "job_site", "licensed_lender", "ecommerce"]
QUOTAS = [("fraud", 0.15), ("gambling", 0.15), ("porn_spam", 0.15), ("hijacked", 0.2), ("benign", 0.35)]
# fmt: on


# --- a page before rendering ------------------------------------------------------------------
@dataclass
class Doc:
    title: str
    site: str
    h1: str
    nav: list[str]
    paras: list[str]
    date: str
    keywords: str = ""
    top: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def _doc(kind: str, rng: random.Random) -> Doc:
    spec = SPECS[kind]
    ctx = {k: _slot(k, rng) for k in PAGE_SLOTS}
    title = _fill(rng.choice(spec.titles), rng, ctx)
    site = _fill(rng.choice(spec.sites), rng, ctx)
    lo, hi = spec.sizes
    k = min(len(spec.paras), rng.randint(lo, hi))
    paras = [_fill(spec.paras[i], rng, ctx) for i in sorted(rng.sample(range(len(spec.paras)), k))]
    fill = FILLERS[spec.filler]
    if rng.random() < 0.4:
        paras += [_fill(p, rng, ctx) for p in rng.sample(fill, rng.randint(1, len(fill)))]
    if not kind.startswith(("fraud", "gambling", "porn")) and rng.random() < 0.15:
        paras = paras * rng.randint(2, 4)  # long reprints: a feed page with the article repeated
    nav = _fill(NAVS[spec.nav], rng, ctx).split()
    doc = Doc(
        title, site, title if rng.random() < 0.7 else title.split("-")[0], nav, paras, _date(rng)
    )
    if rng.random() < 0.3:
        group = LISTS.get(kind.split(":")[0], LISTS["ordinary"])
        doc.related = [_fill(rng.choice(group), rng, ctx) for _ in range(rng.randint(5, 60))]
    return doc


def _spam_links(rng: random.Random, k: int) -> list[str]:
    return [
        rng.choice(
            [
                f"{rng.choice(SPAM_RUN)}",
                f"{_gb_brand(rng)}",
                f"{rng.choice(SPAM_RUN)} {_spam_url(rng)}",
            ]
        )
        for _ in range(k)
    ]


def _hijack(doc: Doc, rng: random.Random, is_html: bool) -> list[str]:
    """Break into ``doc`` the ways compromised sites show it; return the ways used.

    A plain-text dump loses the head, so its ways are only those that leave text behind.
    """
    pool = [
        "title_run",
        "brand_append",
        "brand_prefix",
        "hidden_links",
        "injected_para",
        "redirect",
    ] + (["meta"] if is_html else [])
    ways = rng.sample(pool, rng.randint(1, 2))
    if rng.random() < 0.25:
        ways = ["brand_append"]  # the hard case: one betting brand on an otherwise normal page
    for way in ways:
        if way == "title_run":
            sep = rng.choice(["_", "_", ",", "，", "|", "-"])
            doc.title = sep.join(rng.sample(SPAM_RUN, rng.randint(5, 18)))
            if rng.random() < 0.5:
                doc.title += sep + _gb_brand(rng)
        elif way == "brand_append":
            doc.title = (
                doc.title
                + rng.choice(["-", "_", "|", " - ", "—"])
                + _gb_brand(rng)
                + rng.choice(["", "", "官网", "(中国)官方网站", "app下载"])
            )
        elif way == "brand_prefix":
            doc.title = f"{_gb_brand(rng)}{rng.choice(['官网', '', '登录入口'])}{rng.choice(['|', '_', '-'])}{doc.title}"
        elif way == "hidden_links":
            doc.top += _spam_links(rng, rng.randint(3, 25))
        elif way == "meta":
            doc.keywords = ",".join(rng.sample(SPAM_RUN, rng.randint(4, 10)))
            doc.head.append(
                f'<meta name="description" content="{_gb_brand(rng)}{rng.choice(SPAM_RUN)}，{rng.choice(SPAM_RUN)}，注册送{rng.choice([18, 38, 88])}元">'
            )
        elif way == "injected_para":
            doc.paras.insert(
                rng.randint(0, len(doc.paras)),
                _fill(
                    rng.choice(
                        [
                            "【{brand}】注册即送{small}元，{spam}，{spam}，官网{url}",
                            "{spam} {spam} {spam} {url}",
                            "推荐：{brand} | {brand} | {spam} | {spam}",
                            "{brand}官方网站入口{url}，{spam}，{spam}",
                        ]
                    ),
                    rng,
                    {},
                ),
            )
        else:
            target = _spam_url(rng)
            doc.head.append(
                f'<script>var s=document.referrer;if(s.indexOf("baidu")>0||s.indexOf("sogou")>0||s.indexOf("so.com")>0){{location.href="http://{target.split("//")[-1]}";}}</script>'
            )
            doc.top.append(f"{rng.choice(SPAM_RUN)} {target}")
    return ways


# --- rendering and debris ---------------------------------------------------------------------
def _footer(rng: random.Random, site: str) -> str:
    prov = rng.choice("鄂湘豫皖赣川浙粤苏陕滇黔桂闽鲁冀晋辽黑吉甘新琼")
    return f"Copyright © {rng.randint(2010, 2025)} {site} 版权所有  {prov}ICP备{rng.randint(2012, 2025)}{_digits(rng, 6)}号-{rng.randint(1, 5)}  {prov}公网安备 {_digits(rng, 14)}号"


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _html(doc: Doc, rng: random.Random, harmful: bool) -> str:
    head = [
        f'<meta charset="{rng.choice(["utf-8", "UTF-8", "gb2312"])}">',
        f"<title>{_esc(doc.title)}</title>",
    ]
    if doc.keywords or rng.random() < 0.5:
        head.append(
            f'<meta name="keywords" content="{doc.keywords or ",".join(doc.title.split("-")[:3])}">'
        )
    head += doc.head
    if rng.random() < 0.5:
        head.append(
            f'<script>var _hmt=_hmt||[];(function(){{var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?{_digits(rng, 16)}";}})();</script>'
        )
    top = ""
    if doc.top:
        style = rng.choice(
            [
                "display:none",
                "position:absolute;left:-9999px;top:-9999px",
                "overflow:hidden;height:0;width:0",
                "visibility:hidden",
            ]
        )
        top = (
            f'<div style="{style}">'
            + "".join(f'<a href="http://{_domain(rng)}/">{_esc(t)}</a>' for t in doc.top)
            + "</div>"
        )
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(doc.nav))
    body = "\n".join(f"<p>{_esc(p)}</p>" for p in doc.paras)
    extra = ""
    if doc.related:
        extra = (
            f'<div class="related"><h3>{rng.choice(["相关阅读", "热门推荐", "最新动态"])}</h3><ul>'
            + "".join(
                f'<li><a href="/{_digits(rng, 6)}.html">{_esc(t)}</a></li>' for t in doc.related
            )
            + "</ul></div>"
        )
    if harmful and rng.random() < 0.5:
        extra += f'<div class="kefu"><a href="{_spam_url(rng)}">在线客服</a> <img src="/qr{rng.randint(1, 9)}.png" alt="扫码下载"></div>'
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{chr(10).join(head)}\n</head>\n<body>\n{top}\n<div class="header"><div class="logo">{_esc(doc.site)}</div><ul class="nav">{nav}</ul></div>\n'
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {doc.nav[min(2, len(doc.nav) - 1)]} &gt; 正文</div>\n<div class="article"><h1>{_esc(doc.h1)}</h1><div class="info">发布时间：{doc.date}  来源：{_esc(doc.site)}</div>\n{body}\n</div>\n{extra}'
        f'\n<div class="footer">{_footer(rng, doc.site)}</div>\n<script src="/js/jquery.min.js"></script>\n</body>\n</html>\n'
    )


def _plain(doc: Doc, rng: random.Random) -> str:
    lines = [doc.title]
    lines += doc.top
    if rng.random() < 0.6:
        lines.append(rng.choice([" ", " | ", "  "]).join(doc.nav))
    if rng.random() < 0.5:
        lines.append(f"当前位置：首页 > {doc.nav[min(2, len(doc.nav) - 1)]} > 正文")
    if rng.random() < 0.6 and doc.h1 != doc.title:
        lines.append(doc.h1)
    if rng.random() < 0.6:
        lines.append(f"发布时间：{doc.date}  来源：{doc.site}  浏览次数：{rng.randint(10, 99999)}")
    lines += doc.paras
    if doc.related:
        lines.append(rng.choice(["相关阅读", "热门推荐", "最新动态", "实时数据"]))
        lines += doc.related
    if rng.random() < 0.5:
        lines.append(_footer(rng, doc.site))
    return "\n".join(lines) + rng.choice(["", "\n"])


_S2T = opencc.OpenCC("s2t")
_ZW = ["\u200b", "\u200c", "\u200d", "\ufeff"]


def _debris(text: str, rng: random.Random, harmful: bool, is_html: bool) -> str:
    """What conversion, crawling and evasion leave in stored captures."""
    if rng.random() < 0.15:
        text = _S2T.convert(text)
        if rng.random() < 0.5:  # a converter that annotates some characters with their pinyin
            chars = list(text)
            for i in rng.sample(range(len(chars)), min(len(chars), rng.randint(2, 12))):
                if "\u4e00" <= chars[i] <= "\u9fff":
                    chars[i] += f"({pinyin(chars[i], style=Style.TONE)[0][0]})"
            text = "".join(chars)
    if rng.random() < 0.12:
        text = "".join(
            rng.choice(["?", "\ufffd", "锟斤拷"])
            if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.03
            else c
            for c in text
        )
    if rng.random() < 0.1:
        lines = text.split("\n")
        for _ in range(rng.randint(1, 4)):
            lines.insert(
                rng.randint(1, len(lines)),
                rng.choice(
                    [
                        f'<tr id="tr_{rng.randint(1, 999)}">',
                        "</td><td>",
                        '<td class="xl65">',
                        "&nbsp;&nbsp;",
                        "<br/>",
                    ]
                ),
            )
        text = "\n".join(lines)
    if harmful and rng.random() < 0.3:  # break the words filters match
        how = rng.choice(["zw", "space"] if is_html else ["zw", "space", "fullwidth"])
        if how == "zw":
            text = "".join(
                c + rng.choice(_ZW) if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.2 else c
                for c in text
            )
        elif how == "space":
            text = re.sub(
                r"(百家乐|赌场|投注|彩金|约炮|上门|兼职|刷单|返利|贷款|理赔)",
                lambda m: " ".join(m.group(1)),
                text,
            )
        else:
            text = "".join(
                chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() and rng.random() < 0.5 else c
                for c in text
            )
    if harmful and rng.random() < 0.25:
        text += "\n" + rng.choice(["🔥🔥🔥", "💰💰", "👉", "🎰🎲", "💋", "❤"]) + " " + _contact(rng)
    return text


def _page(verdict: str, kind: str, rng: random.Random) -> CapturedPage:
    base = kind.split(":", 1)[1] if verdict in ("hijacked", "benign") else kind
    doc = _doc(base, rng)
    harmful = verdict != "benign"
    is_html = rng.random() < 0.45
    if verdict == "hijacked":
        _hijack(doc, rng, is_html)
    text = (
        _html(doc, rng, verdict in ("fraud", "gambling", "porn_spam"))
        if is_html
        else _plain(doc, rng)
    )
    if not is_html or rng.random() < 0.3:
        text = _debris(text, rng, harmful and verdict != "hijacked", is_html)
    return CapturedPage(text=text, verdict=verdict, kind=kind, is_html=is_html)


def kinds(verdict: str) -> list[str]:
    if verdict == "hijacked":
        return [f"hijacked:{b}" for b in HIJACK_BASES]
    if verdict == "benign":
        return [f"benign:{b}" for b in BENIGN_KINDS]
    return [k for k in SPECS if k.startswith(verdict + ":")]


def generate(seed: int, n: int) -> list[CapturedPage]:
    """``n`` distinct captures in the quotas' proportions, kinds cycled within each verdict."""
    rng = random.Random(seed)
    counts = {v: int(n * q) for v, q in QUOTAS}
    counts["benign"] += n - sum(counts.values())
    out: list[CapturedPage] = []
    seen: set[str] = set()
    for verdict, count in counts.items():
        pool = kinds(verdict)
        rng.shuffle(pool)
        for i in range(count):
            page = _page(verdict, pool[i % len(pool)], rng)
            while page.text in seen:
                page = _page(verdict, pool[i % len(pool)], rng)
            seen.add(page.text)
            out.append(page)
    rng.shuffle(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print a summary of generated captures.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--show", type=int, default=160, help="characters of each text to print")
    args = parser.parse_args(argv)
    pages = generate(args.seed, args.n)
    for verdict, count in sorted(Counter(p.verdict for p in pages).items()):
        print(f"{verdict}: {count}")
    for kind, count in sorted(Counter(p.kind for p in pages).items()):
        print(f"  {kind}: {count}")
    for p in pages[: min(len(pages), 40)]:
        print(
            f"\n== {p.kind} ({'html' if p.is_html else 'text'}, {len(p.text)} chars)\n{p.text[: args.show]}"
        )


if __name__ == "__main__":
    main()
