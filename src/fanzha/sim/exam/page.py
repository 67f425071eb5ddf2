"""The page model every exam page is built as, and the two forms a capture takes.

A crawler stores a page either as its HTML or as the text an extractor pulled
out of it: nav lines, breadcrumbs, the article, related links, comments, the
ICP footer, one after another. Both forms are rendered from one ``Doc`` so
that harmful and benign pages differ in what they say, never in how they are
stored. Traditional characters and conversion debris are applied last, to
any page, benign ones included.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from fanzha.sim.exam.words import pick

# Simplified→traditional, the characters that occur most on these pages.
_PAIRS = (
    "这這个個们們来來时時说說国國会會对對发發经經后後为為学學过過还還进進动動现現开開实實长長间間样樣问問题題电電种種线線话話点點应應关關机機业業从從产產总總头頭将將"
    "与與东東车車门門见見观觀听聽书書写寫买買卖賣银銀联聯网網视視员員场場价價务務钱錢币幣设設证證验驗码碼户戶账賬号號资資财財贷貸转轉额額险險诈詐骗騙赌賭乐樂体體优優"
    "专專区區热熱万萬亿億连連续續获獲奖獎际際级級导導带帶单單层層报報显顯鸿鴻运運亚亞龙龍凤鳳亲親爱愛约約达達县縣乡鄉镇鎮园園计計划劃页頁统統传傳图圖览覽阅閱读讀论論"
    "坛壇称稱评評医醫疗療药藥卫衛诊診济濟营營销銷厅廳协協议議认認识識规規则則条條权權责責维維护護华華讯訊频頻费費处處罚罰汇匯兑兌换換输輸赢贏庄莊闲閒红紅黄黃绿綠蓝藍"
    "顶頂让讓盘盤队隊赛賽结結终終纪紀录錄库庫岁歲龄齡齐齊杂雜惊驚艳艷丽麗欢歡宾賓馆館厂廠广廣湾灣岛島决決闻聞记記编編辑輯举舉办辦选選复復诚誠职職无無领領补補贴貼简簡"
    "历歷满滿温溫讲講课課试試师師圆圓梦夢状狀内內预預检檢测測确確讳諱轻輕锐銳湿濕询詢删刪违違宁寧紧緊备備严嚴当當态態净淨环環据據执執钟鐘钢鋼铁鐵锁鎖错錯镜鏡闭閉阶階"
    "陆陸陈陳难難须須顾顧风風飞飛饭飯驾駕鱼魚鸟鳥鸡雞齿齒龟龜浏瀏众眾伤傷债債储儲儿兒兰蘭兴興养養军軍农農冲衝况況减減凭憑击擊刘劉刚剛创創别別剧劇劝勸励勵劳勞势勢卢盧"
    "却卻压壓参參双雙变變叶葉吗嗎启啟吴吳响響团團围圍圣聖坏壞块塊坚堅够夠夺奪奋奮妇婦妈媽娱娛孙孫宝寶审審宫宮宽寬寻尋寿壽尔爾属屬岗崗帅帥帮幫庆慶废廢异異弃棄张張弹彈"
    "强強归歸彻徹忆憶怀懷恋戀恶惡惯慣愿願戏戲战戰扩擴扫掃扬揚扰擾担擔拥擁择擇挂掛挥揮损損摄攝摆擺携攜敌敵数數断斷旧舊晋晉晒曬晓曉暂暫术術杀殺杨楊极極构構枪槍标標栏欄"
    "树樹桥橋档檔楼樓欧歐残殘毕畢气氣汉漢汤湯沟溝没沒沪滬泽澤洁潔浅淺浓濃涛濤润潤涨漲渔漁滚滾灯燈灵靈灾災炉爐炼煉烟煙烦煩烧燒爷爺牵牽犹猶独獨狱獄献獻琼瓊画畫畅暢监監"
    "盖蓋矿礦砖磚础礎硕碩礼禮祸禍离離积積稳穩穷窮竞競笔筆筑築粮糧纠糾纯純纲綱纳納纵縱纷紛纸紙纹紋练練组組细細织織绍紹绕繞绘繪给給络絡绝絕继繼绩績综綜缓緩缘緣缩縮罗羅"
    "聪聰肃肅胜勝脑腦脚腳脱脫艺藝节節苏蘇苹蘋范範荐薦荣榮萝蘿虑慮虚虛虫蟲虽雖衬襯袭襲装裝觉覺触觸订訂讨討训訓许許访訪诉訴词詞译譯诗詩该該详詳语語误誤请請诸諸谁誰调調"
    "谈談谊誼谋謀谢謝贝貝负負贡貢败敗货貨质質贩販贫貧购購贯貫贵貴贸貿贺賀赏賞赔賠赖賴赚賺赞贊赵趙赶趕趋趨跃躍践踐踪蹤轨軌轮輪软軟载載较較辅輔辆輛辞辭边邊迁遷远遠迟遲"
    "适適递遞逻邏遗遺邮郵邻鄰郑鄭酱醬释釋鉴鑒针針钓釣铃鈴铺鋪链鏈锅鍋锦錦键鍵闪閃闹鬧阳陽阴陰阵陣随隨隐隱雾霧静靜韩韓项項顺順顿頓颜顏饮飲饰飾饱飽马馬驱驅驶駛驻駐骑騎"
    "鲁魯鲜鮮鸭鴨义義习習亏虧云雲仅僅仓倉仪儀伟偉侦偵侧側偿償党黨册冊冯馮剑劍劲勁卧臥厉厲吕呂呜嗚唤喚喷噴嘱囑坟墳垫墊壮壯声聲壳殼奥奧尧堯峡峽帘簾并並庐廬弯彎弥彌忧憂"
    "恳懇恼惱悦悅惨慘愤憤懒懶抢搶拨撥挣掙捡撿摇搖斩斬晕暈枣棗栋棟横橫毁毀泪淚泼潑浇澆浊濁浑渾涌湧渐漸渗滲溃潰滤濾滥濫滨濱滩灘潜潛灭滅灿燦烂爛烫燙焕煥猪豬猫貓瑶瑤疮瘡"
    "疯瘋盐鹽睁睜矫矯碍礙窝窩竖豎签簽篮籃类類纤纖纬緯纱紗纺紡绑綁绒絨绞絞绣繡绪緒绳繩绵綿缝縫缠纏缴繳肠腸肤膚肾腎肿腫胀脹胆膽胶膠脉脈脸臉舰艦舱艙艰艱苍蒼荡蕩莱萊莲蓮"
    "萨薩葱蔥蕴蘊虾蝦蚕蠶袜襪裤褲觅覓誉譽讶訝诞誕诱誘诺諾谅諒谎謊谓謂谜謎谣謠谦謙谨謹谱譜贤賢贪貪贼賊贿賄赋賦赐賜赠贈轰轟轿轎辈輩辉輝辩辯辽遼迈邁迹跡遥遙邓鄧酿釀钞鈔"
    "钥鑰钦欽钩鉤钻鑽铅鉛铜銅铝鋁铸鑄锋鋒锡錫锤錘镀鍍闯闖闷悶阁閣阔闊陕陝隶隸韦韋顽頑颇頗颖穎颗顆飘飄饺餃饼餅驳駁驴驢骂罵骚騷鸣鳴鸽鴿鹅鵝鹏鵬鹤鶴邹鄒泻瀉渊淵涡渦驼駝"
    "骤驟剥剝胁脅滞滯挤擠挡擋拦攔抚撫扑撲凉涼冻凍叙敘吓嚇哗嘩妆妝婴嬰宠寵宪憲尘塵尝嘗岭嶺帐帳庙廟径徑悬懸惧懼惩懲抛拋拟擬掷擲搅攪撑撐斋齋旷曠昼晝朴樸柜櫃洒灑涂塗烛燭"
    "狮獅猎獵玛瑪窃竊笼籠罢罷蚁蟻贞貞郁鬱"
)
TRAD = {
    _PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS) - 1, 2) if _PAIRS[i] != _PAIRS[i + 1]
}
_PINYIN = {
    "驗": "yàn", "證": "zhèng", "碼": "mǎ", "網": "wǎng", "發": "fā", "會": "huì", "說": "shuō",
    "為": "wèi", "長": "cháng", "還": "hái", "樂": "lè", "種": "zhǒng", "傳": "chuán", "專": "zhuān",
    "業": "yè", "與": "yǔ", "國": "guó", "際": "jì", "華": "huá", "開": "kāi", "後": "hòu",
    "對": "duì", "時": "shí", "過": "guò", "間": "jiān", "頁": "yè", "視": "shì", "頻": "pín",
    "報": "bào", "導": "dǎo", "體": "tǐ", "產": "chǎn", "應": "yīng", "關": "guān", "機": "jī",
    "總": "zǒng", "頭": "tóu", "錢": "qián", "幣": "bì", "銀": "yín", "資": "zī", "點": "diǎn",
    "觀": "guān", "術": "shù", "數": "shù", "處": "chù", "調": "tiáo", "層": "céng", "據": "jù",
}  # fmt: skip


@dataclass
class Doc:
    """One page before it is stored: what a reader would see, region by region."""

    title: str
    site: str
    domain: str
    nav: list[str] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    info: str = ""
    heading: str = ""
    body: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    links_heading: str = ""
    links: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    description: str = ""
    head_html: list[str] = field(default_factory=list)
    top_html: list[str] = field(default_factory=list)
    end_html: list[str] = field(default_factory=list)
    top_text: list[str] = field(default_factory=list)
    end_text: list[str] = field(default_factory=list)
    layout: str = "article"
    """``article``, ``table`` (old government sites) or ``landing`` (apps, promotions)."""


def _href(r: random.Random, doc: Doc) -> str:
    path = r.choice(("/news/", "/html/", "/a/", "/info/", "/", "/article/", "/col/col"))
    return f"{path}{r.randint(10, 99999)}{r.choice(('.html', '.htm', '.shtml', '', '.jhtml'))}"


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def render_html(r: random.Random, doc: Doc) -> str:
    """The page as a crawler stores its HTML; markup varies with the layout."""
    head = ['<meta charset="utf-8">' if r.random() < 0.7 else
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />']  # fmt: skip
    if r.random() < 0.6:
        head.append('<meta name="viewport" content="width=device-width, initial-scale=1.0">')
    head.append(f"<title>{_e(doc.title) if doc.title else ''}</title>")
    if doc.keywords:
        head.append(f'<meta name="keywords" content="{_e(",".join(doc.keywords))}">')
    if doc.description:
        head.append(f'<meta name="description" content="{_e(doc.description)}">')
    head.append(
        f'<link rel="stylesheet" href="/static/css/{pick(r, ("style", "main", "common", "index"))}.css?v={r.randint(1, 999)}">'
    )
    head += doc.head_html
    nav = "".join(f'<li><a href="{_href(r, doc)}">{_e(n)}</a></li>' for n in doc.nav)
    parts = ["".join(doc.top_html)]
    if doc.layout == "table":
        rows = [
            f'<tr id="tr_{i}"><td class="content">{_e(p)}</td></tr>' for i, p in enumerate(doc.body)
        ]
        parts.append(
            f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="top">{_e(doc.site)}</td></tr>'
            f'<tr><td class="nav"><ul>{nav}</ul></td></tr><tr><td class="crumbs">{_e(" > ".join(doc.crumbs))}</td></tr>'
            f'<tr><td align="center"><h2>{_e(doc.heading)}</h2></td></tr><tr><td class="info">{_e(doc.info)}</td></tr>'
            + "".join(rows)
            + "</table>"
        )
    else:
        cls = pick(r, ("header", "top", "head-wrap", "site-header"))
        parts.append(
            f'<div class="{cls}"><div class="logo"><a href="/">{_e(doc.site)}</a></div><ul class="nav">{nav}</ul></div>'
        )
        if doc.crumbs:
            parts.append(f'<div class="crumbs">{" &gt; ".join(_e(c) for c in doc.crumbs)}</div>')
        main = pick(r, ("main", "content", "article", "container", "wrap"))
        inner = f"<h1>{_e(doc.heading)}</h1>" if doc.heading else ""
        if doc.info:
            inner += f'<div class="info">{_e(doc.info)}</div>'
        inner += "".join(f"<p>{_e(p)}</p>" for p in doc.body)
        if doc.form:
            fields = "".join(
                f'<div class="row"><label>{_e(f)}</label><input type="{"password" if "密码" in f else "text"}" name="f{i}"></div>'
                for i, f in enumerate(doc.form)
            )
            inner += f'<form method="post" action="{_href(r, doc)}">{fields}</form>'
        inner += "".join(f'<a class="btn" href="{_href(r, doc)}">{_e(b)}</a>' for b in doc.buttons)
        parts.append(f'<div class="{main}">{inner}</div>')
    if doc.links:
        lis = "".join(
            f'<li><a href="{_href(r, doc)}" target="_blank">{_e(t)}</a></li>' for t in doc.links
        )
        parts.append(f'<div class="related"><h3>{_e(doc.links_heading)}</h3><ul>{lis}</ul></div>')
    if doc.comments:
        parts.append(
            '<div class="comments">'
            + "".join(f'<div class="item">{_e(c)}</div>' for c in doc.comments)
            + "</div>"
        )
    parts.append('<div class="footer">' + "".join(f"<p>{_e(f)}</p>" for f in doc.footer) + "</div>")
    parts += doc.end_html
    if r.random() < 0.5:
        parts.append(f'<script>var _hmt = _hmt || [];(function(){{var hm = document.createElement("script");hm.src = "https://hm.baidu.com/hm.js?{r.getrandbits(64):016x}";var s = document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm, s);}})();</script>')  # fmt: skip
    lang = ' lang="zh-CN"' if r.random() < 0.6 else ""
    sep = "\n" if r.random() < 0.5 else ""
    return (
        f"<!DOCTYPE html>{sep}<html{lang}>{sep}<head>{sep}{sep.join(head)}{sep}</head>{sep}<body>{sep}"
        + sep.join(p for p in parts if p)
        + f"{sep}</body>{sep}</html>"
    )


def render_text(r: random.Random, doc: Doc) -> str:
    """The page as a text extractor stores it: every visible line, chrome included."""
    lines: list[str] = []
    lines += doc.top_text
    if doc.title:
        lines.append(doc.title)
    if doc.nav:
        if r.random() < 0.5:
            lines.append(pick(r, ("  ", " | ", " ", "\u3000")).join(doc.nav))
        else:
            lines += doc.nav
    if doc.crumbs:
        lines.append(
            pick(r, ("当前位置：", "您的位置：", "", "位置："))
            + pick(r, (" > ", ">", " » ", "->")).join(doc.crumbs)
        )
    if doc.heading and doc.heading != doc.title:
        lines.append(doc.heading)
    if doc.info:
        lines.append(doc.info)
    lines += doc.body
    lines += doc.form
    lines += doc.buttons
    if doc.links:
        lines.append(doc.links_heading)
        lines += doc.links
    lines += doc.comments
    lines += doc.end_text
    lines += doc.footer
    out: list[str] = []
    for line in lines:
        out.append(line)
        if r.random() < 0.12:
            out.append("")
    return "\n".join(out)


def traditional(r: random.Random, text: str, debris: float) -> str:
    """Convert to traditional characters, leaving the debris converters leave behind."""
    out: list[str] = []
    for ch in text:
        t = TRAD.get(ch, ch)
        out.append(t)
        if debris and t in _PINYIN and r.random() < debris:
            out.append(f"({_PINYIN[t]})")
    return "".join(out)


def debris(r: random.Random, text: str, rate: float) -> str:
    """Lost characters, stray table markup and entities, as badly converted captures carry."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if r.random() < rate:
            chars = list(line)
            for _ in range(max(1, len(chars) // 25)):
                if chars:
                    chars[r.randrange(len(chars))] = "?"
            line = "".join(chars)
        if r.random() < rate / 2:
            frag = pick(
                r,
                (
                    '<tr id="tr_{n}">',
                    "</td>",
                    '<td width="{n}%">',
                    "&nbsp;",
                    "&#12288;",
                    '<tr id="{n}">',
                    "</tr><tr>",
                ),
            )
            line = (
                frag.format(n=r.randint(1, 99)) + line
                if r.random() < 0.5
                else line + frag.format(n=r.randint(1, 99))
            )
        out.append(line)
    return "\n".join(out)
