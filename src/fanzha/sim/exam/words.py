"""Vocabulary every kind of exam page shares: places, people, dates, domains, site chrome.

Kept apart from the harmful and benign word lists so that both sides of the
exam draw on the same ordinary words (a classifier must not learn that a city
name or an ICP footer means anything).
"""

from __future__ import annotations

import random

CITIES = (
    "武汉 北京 上海 广州 深圳 成都 重庆 杭州 南京 西安 长沙 郑州 济南 青岛 合肥 福州 厦门 昆明 "
    "南宁 贵阳 太原 石家庄 沈阳 长春 哈尔滨 天津 苏州 无锡 宁波 温州 东莞 佛山 珠海 中山 惠州 "
    "泉州 南昌 兰州 银川 西宁 乌鲁木齐 呼和浩特 海口 三亚 宜昌 襄阳 荆州 十堰 黄石 孝感 洛阳 "
    "徐州 常州 绍兴 台州 金华 嘉兴 烟台 潍坊 临沂 保定 唐山 邯郸 大连 鞍山 吉林 大庆 赣州 九江 "
    "岳阳 常德 衡阳 株洲 柳州 桂林 遵义 曲靖 绵阳 南充 宜宾 汕头 湛江 江门 肇庆 漳州 莆田"
).split()
DISTRICTS = (
    "江岸区 江汉区 硚口区 汉阳区 武昌区 青山区 洪山区 东西湖区 蔡甸区 江夏区 黄陂区 新洲区 "
    "高新区 经开区 城关区 新城区 滨江区 天河区 海淀区 朝阳区 浦东新区 福田区 南山区 锦江区"
).split()
PROVINCES = (
    "湖北 湖南 河南 河北 山东 山西 广东 广西 江苏 浙江 安徽 福建 江西 四川 贵州 云南 陕西 甘肃 "
    "辽宁 吉林 黑龙江 海南 青海 宁夏 新疆 内蒙古 北京 上海 天津 重庆"
).split()
PROVINCE_ABBR = "鄂 湘 豫 冀 鲁 晋 粤 桂 苏 浙 皖 闽 赣 川 黔 滇 陕 甘 辽 吉 黑 琼 青 宁 新 蒙 京 沪 津 渝".split()
SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志宏文斌海波辉琳晨宇欣怡子涵浩然梓轩"
SYLLABLES = (
    "bao jin hua xin tong da zhong guo min an kang tai feng sheng long hai yun tian ming cheng "
    "xing rui bo hong jia li mei de fu shun chang kai yu le wan hao tai yuan qi zhi hui ke jie "
    "wei xiang sen lin ding heng tuo lan jiang shan he chuan nan bei dong xi"
).split()
BENIGN_TLDS = ".com .cn .com.cn .net .org.cn .net.cn .cc .top".split()
SHADY_TLDS = ".vip .top .xyz .cc .com .app .club .me .live .bet .shop .fun .site .icu .work".split()

# Lines a text extractor keeps from page chrome, shared by every genre.
TOOLBAR = (
    "设为首页 加入收藏 联系我们",
    "无障碍浏览 长者模式 English",
    "登录 | 注册",
    "手机版 | 微信公众号 | 官方微博",
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "返回顶部",
    "扫一扫在手机打开当前页",
    "当前位置：",
    "您的位置：",
    "【我要纠错】",
    "阅读模式 夜间模式",
)
FOOTER_BITS = (
    "网站地图 | 联系我们 | 法律声明 | 隐私政策",
    "主办单位：{org}  承办：{org}信息中心",
    "地址：{city}市{district}{road}路{num}号  邮编：{zip}",
    "联系电话：027-{tel}  传真：027-{tel2}",
    "建议使用1920*1080分辨率浏览本站",
    "技术支持：{city}{tech}网络科技有限公司",
    "本站部分内容来源于网络，如有侵权请联系删除",
    "违法和不良信息举报电话：12377",
    "网站标识码：{site_code}",
    "服务热线：400-{tel3}（工作日 9:00-18:00）",
)
ROADS = "解放 中山 建设 人民 和平 胜利 友谊 光谷 珞喻 民族 青年 发展 长江 汉阳 黄河 沿江 新华 建国".split()
TECH = "云帆 启明 博远 网博 蓝海 星辰 华科 众创 天元 飞扬".split()


def pick(r: random.Random, items: tuple[str, ...] | list[str] | str) -> str:
    """One item; a string of single characters counts as a list of them."""
    return items[r.randrange(len(items))]


def some(r: random.Random, items: tuple[str, ...] | list[str], lo: int, hi: int) -> list[str]:
    """Between ``lo`` and ``hi`` distinct items, in random order."""
    k = min(len(items), r.randint(lo, hi))
    return r.sample(list(items), k)


def person(r: random.Random) -> str:
    return pick(r, SURNAMES) + "".join(pick(r, GIVEN) for _ in range(r.randint(1, 2)))


def masked_person(r: random.Random) -> str:
    """How judgments and news name people: 张某、李某某."""
    return pick(r, SURNAMES) + r.choice(("某", "某某", "某甲", "某乙"))


def date(r: random.Random, sep: str = "-") -> str:
    y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
    if sep == "cn":
        return f"{y}年{m}月{d}日"
    return f"{y}{sep}{m:02d}{sep}{d:02d}"


def clock(r: random.Random) -> str:
    return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"


def digits(r: random.Random, n: int) -> str:
    return str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))


def mobile(r: random.Random) -> str:
    return pick(r, ("13", "15", "17", "18", "19")) + digits(r, 9)


def domain(r: random.Random, shady: bool = False) -> str:
    name = "".join(pick(r, SYLLABLES) for _ in range(r.randint(1, 3)))
    if shady and r.random() < 0.6:
        name = r.choice((name + digits(r, r.randint(2, 4)), digits(r, 4) + name[:4], name[:5]))
    tld = pick(r, SHADY_TLDS if shady else BENIGN_TLDS)
    return f"{r.choice(('www.', 'm.', '')) if not shady else ''}{name}{tld}"


def icp(r: random.Random) -> str:
    abbr = pick(r, PROVINCE_ABBR)
    line = f"{abbr}ICP备{digits(r, 8)}号"
    if r.random() < 0.6:
        line += f"-{r.randint(1, 6)}"
    if r.random() < 0.5:
        line += f"  {abbr}公网安备 {digits(r, 14)}号"
    return line


def footer(r: random.Random, org: str, city: str) -> list[str]:
    """A few footer lines and the ICP record, as nearly every Chinese site has."""
    fills = {
        "org": org,
        "city": city,
        "district": pick(r, DISTRICTS),
        "road": pick(r, ROADS),
        "num": str(r.randint(1, 999)),
        "zip": digits(r, 6),
        "tel": digits(r, 8),
        "tel2": digits(r, 8),
        "tel3": f"{digits(r, 3)}-{digits(r, 4)}",
        "tech": pick(r, TECH),
        "site_code": digits(r, 10),
    }
    lines = [b.format(**fills) for b in some(r, FOOTER_BITS, 1, 4)]
    year = r.randint(2010, 2026)
    lines.append(
        r.choice(
            (
                f"版权所有 © {year} {org}",
                f"Copyright © {year}-{year + r.randint(0, 3)} {org} All Rights Reserved.",
                f"©{year} {org} 版权所有",
            )
        )
    )
    lines.append(icp(r))
    return lines
