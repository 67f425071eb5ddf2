"""Words the city speaks: SMS scripts, sites and apps, ordinary and fraudulent."""

from __future__ import annotations

from typing import Final

BENIGN_SMS: Final = [
    "【{bank}】您尾号{tail}的账户于{hm}消费{amount}元，如非本人操作请致电客服。",
    "【菜鸟驿站】您的快递已到{community}驿站，取件码{code}，请及时领取。",
    "【京东】年终好物节，满300减50，下单更有机会获得现金返利，回T退订。",
    "【美团】您有一张满30减8的优惠券即将过期，点击使用，回T退订。",
    "【拼多多】邀请好友助力，现金红包提现到账，回T退订。",
    "【武汉公安】警方提示：凡是自称公检法要求转账到安全账户的都是诈骗！",
    "【中国移动】您本月套餐剩余流量2.1GB，详情查询请回复CXLL。",
    "【12306】您购买的武汉站至北京西站车票已出票，请携带证件乘车。",
    "妈，周末回家吃饭，记得买点菜。",
    "【国家反诈中心】提醒您：刷单就是诈骗，投资理财请认准正规平台。",
]
FRAUD_SMS: Final[dict[str, list[str]]] = {
    "impersonate_police": [
        "【武汉市公安局】您涉嫌一起洗钱案件，请立即联系办案民警配合调查，切勿告知他人，否则将冻结名下账户。",
        "您的身份信息被用于办理银行卡涉嫌洗钱，检察院已立案，请下载会议软件配合资金清查。",
    ],
    "task_rebate": [
        "招聘兼职点赞员，日结200-500元，在家手机即可操作，加QQ{code}了解。",
        "【淘宝兼职】刷单返佣，一单一结，佣金5%-10%，宝妈学生优先，日入300+。",
    ],
    "investment": [
        "老师带您炒股，内部消息稳赚不赔，加群{code}，名额有限。",
        "数字货币新平台上线，导师一对一指导，月收益30%，注册领体验金。",
    ],
    "fake_loan": [
        "【急速贷】无抵押无征信，最高可借20万，当天放款，点击下载APP申请。",
        "您有一笔5万元贷款额度待领取，先交解冻费即可到账。",
    ],
    "impersonate_service": [
        "【快递客服】您的包裹在运输中丢失，我们将双倍理赔，请添加客服处理退款。",
        "您开通的百万保障会员即将扣费，如需取消请联系客服，否则每月扣费800元。",
    ],
    "fake_credit": [
        "您的校园贷账户未注销，将影响个人征信，请尽快联系客服注销。",
        "【征信中心】您的征信存在逾期记录，可付费修复，联系专员处理。",
    ],
    "romance": ["你好呀，刚才加你的，看你朋友圈很有品位，想认识一下～"],
    "game_trade": ["低价出售游戏账号和装备，担保交易，点击链接查看。"],
    "impersonate_acquaintance": [
        "我是你们领导，这是我新号码，明天来我办公室一趟。",
        "我是你表哥，换号了，急需周转一下，你先帮我转一笔，明天还你。",
    ],
    "other": ["恭喜您获得平台抽奖一等奖，缴纳手续费后领取奖金。"],
}
COMMON_SITES: Final = [
    "https://www.baidu.com/s?wd=天气",
    "https://www.taobao.com/",
    "https://www.jd.com/",
    "https://weibo.com/",
    "https://www.bilibili.com/",
    "https://www.zhihu.com/",
    "https://www.12306.cn/",
    "https://www.icbc.com.cn/",
    "https://www.wuhan.gov.cn/",
    "https://www.ctrip.com/",
    "https://news.qq.com/",
]
COMMON_APPS: Final = [
    "com.tencent.mm",
    "com.eg.android.AlipayGphone",
    "com.taobao.taobao",
    "com.ss.android.ugc.aweme",
    "com.sankuai.meituan",
    "com.jingdong.app.mall",
    "com.xunmeng.pinduoduo",
    "com.icbc",
    "com.sina.weibo",
]
MEETING_APPS: Final = ["com.tencent.wemeet", "com.alibaba.android.rimet"]
"""Legitimate meeting apps with screen sharing: workers use them, and so do fraudsters."""
FRAUD_APP_STEMS: Final = {
    "impersonate_police": ["safecheck", "gaj.meeting", "anquan.zhanghu"],
    "task_rebate": ["dianzan.task", "shuadan.fanli", "jianzhi.ri"],
    "investment": ["jinrong.touzi", "btc.exchange.pro", "gupiao.laoshi"],
    "fake_loan": ["jisu.daikuan", "xinyong.loan", "kuaijie.jie"],
    "impersonate_service": ["kefu.tuikuan", "lipei.service"],
    "fake_credit": ["zhengxin.xiufu", "xiaoyuandai.zhuxiao"],
    "romance": ["yuehui.love", "tongcheng.jiaoyou"],
    "game_trade": ["youxi.jiaoyi", "zhuangbei.shop"],
    "impersonate_acquaintance": [],
    "other": ["choujiang.prize"],
}
FRAUD_DOMAIN_TEMPLATES: Final = {
    "impersonate_police": ["gaj{r}.com", "jcy-anjian{r}.top", "wuhan-police{r}.cc"],
    "task_rebate": ["dianzan{r}.top", "jianzhi{r}.vip"],
    "investment": ["licai{r}.com", "btc{r}-pro.io", "gupiao{r}.net"],
    "fake_loan": ["jisudai{r}.cn", "daikuan{r}.app"],
    "impersonate_service": [
        "icbc-kefu{r}.top",
        "ccb-secure{r}.cc",
        "taobao-tk{r}.com",
        "jd-kefu{r}.vip",
    ],
    "fake_credit": ["zhengxin-{r}.top", "credit{r}-fix.cn"],
    "romance": ["yuehui{r}.love"],
    "game_trade": ["game{r}-trade.com"],
    "impersonate_acquaintance": [],
    "other": ["prize{r}.top"],
}
REPORT_TEXT: Final = {
    "impersonate_police": "接到自称公安民警电话称我涉嫌洗钱，按对方要求转账到所谓安全账户。",
    "investment": "被拉入炒股群，在老师指导下在平台投资，后无法提现。",
    "task_rebate": "网上做刷单兼职，前几单有返利，后来说卡单需要继续充值，钱取不出来。",
    "fake_loan": "在网贷APP申请贷款，被要求先交解冻费、保证金，贷款一直没到账。",
    "impersonate_service": "自称快递客服说包裹丢失要理赔，按其指导共享屏幕后被转走钱款。",
    "fake_credit": "对方称我的校园贷影响征信需注销，让我转账到指定账户。",
    "romance": "网上认识的网友带我在投资网站充值，后来联系不上。",
    "game_trade": "在网上买游戏装备，付款后对方消失。",
    "impersonate_acquaintance": "有人冒充我领导让我转账，后发现是诈骗。",
    "other": "被骗钱款。",
}
ITEM_ONLY: Final = ["鲜花", "蛋糕", "钥匙", "文件", "衣物", "电脑", "药品", "一箱水果"]
COURIER_ITEMS: Final = ["纸箱一个", "文件袋", "一个盒子", "包裹", "行李箱"]
PARCEL_COVER_CONTENTS: Final = ["文件", "资料", "文件资料", "合同"]
