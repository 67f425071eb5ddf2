"""Wuhan's districts, streets and communities, for addresses that look real."""

from __future__ import annotations

import re
from random import Random
from typing import Final

# (name, GB/T 2260 code, population weight ≈ share of residents)
DISTRICTS: Final[list[tuple[str, str, float]]] = [
    ("江岸区", "420102", 0.078),
    ("江汉区", "420103", 0.056),
    ("硚口区", "420104", 0.054),
    ("汉阳区", "420105", 0.068),
    ("武昌区", "420106", 0.111),
    ("青山区", "420107", 0.042),
    ("洪山区", "420111", 0.140),
    ("东西湖区", "420112", 0.062),
    ("汉南区", "420113", 0.036),
    ("蔡甸区", "420114", 0.062),
    ("江夏区", "420115", 0.089),
    ("黄陂区", "420116", 0.094),
    ("新洲区", "420117", 0.078),
]

STREETS: Final[dict[str, list[str]]] = {
    "江岸区": ["大智路", "中山大道", "球场街", "解放大道", "后湖大道", "百步亭路"],
    "江汉区": ["民族路", "江汉路", "唐家墩路", "建设大道", "常青路"],
    "硚口区": ["汉正街", "宝丰路", "解放大道", "古田二路", "长丰大道"],
    "汉阳区": ["钟家村", "汉阳大道", "四新大道", "王家湾", "龙阳大道"],
    "武昌区": ["中南路", "武珞路", "积玉桥", "和平大道", "徐东大街", "徐家棚"],
    "青山区": ["红钢城", "和平大道", "钢花村", "武东路"],
    "洪山区": ["珞喻路", "关山大道", "光谷大道", "和平街", "青菱路"],
    "东西湖区": ["吴家山", "将军路", "金银湖路"],
    "汉南区": ["纱帽大道", "邓南街"],
    "蔡甸区": ["蔡甸街", "汉阳大街", "奓山街"],
    "江夏区": ["纸坊大街", "藏龙岛", "庙山大道", "五里界"],
    "黄陂区": ["前川大道", "盘龙城", "汉口北大道", "横店街"],
    "新洲区": ["邾城大道", "阳逻街"],
}

COMMUNITY_WORDS: Final = [
    "幸福",
    "和谐",
    "阳光",
    "锦绣",
    "金色",
    "翡翠",
    "东湖",
    "江景",
    "花园",
    "怡和",
    "万科",
    "保利",
    "绿地",
    "南湖",
    "银湖",
    "丽岛",
    "百瑞",
    "紫荆",
]
COMMUNITY_SUFFIX: Final = ["小区", "花园", "家园", "苑", "新村", "城", "社区"]
OTHER_CITIES: Final = [
    "孝感市",
    "鄂州市",
    "黄冈市",
    "咸宁市",
    "荆州市",
    "长沙市",
    "南昌市",
    "郑州市",
    "广州市",
    "深圳市",
    "东莞市",
]
SURNAMES: Final = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
GIVEN: Final = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉建国文斌宇浩凯佳欣怡晨雨轩博子涵梓萱"


def community_names(district: str, count: int, rng: Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        stem = re.sub(r"(大道|大街|路|街)$", "", rng.choice(STREETS[district]))
        names.add(f"{stem}{rng.choice(COMMUNITY_WORDS)}{rng.choice(COMMUNITY_SUFFIX)}")
    return sorted(names)


def address(district: str, community: str, rng: Random) -> str:
    street = rng.choice(STREETS[district])
    return (
        f"武汉市{district}{street}{rng.randint(1, 399)}号{community}"
        f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}{rng.randint(1, 8):02d}室"
    )


def far_address(rng: Random) -> str:
    """An address outside Wuhan: hotels and flats where couriers deliver for rings."""
    place = rng.choice(["酒店", "宾馆", "公寓", "物流园", "小区"])
    return (
        f"{rng.choice(OTHER_CITIES)}{rng.choice(['建设路', '人民路', '中山路', '解放路'])}"
        f"{rng.randint(1, 300)}号{rng.choice(COMMUNITY_WORDS)}{place}{rng.randint(100, 999)}房"
    )


def surname(rng: Random) -> str:
    return rng.choice(SURNAMES)


def person_name(rng: Random, family_name: str | None = None) -> str:
    """A generated name; household members mostly share the family name."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return (family_name or surname(rng)) + given
