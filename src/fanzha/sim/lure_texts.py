"""More lure texts, for hard cities: many avoid the keywords of the plain city's
lures altogether (an invitation to a 'class', a parcel problem, a colleague's
request), as real scripts rotate wording to stay ahead of filters."""

from __future__ import annotations

from typing import Final

MORE_LURES: Final[dict[str, list[str]]] = {
    "impersonate_police": [
        "您名下一张银行卡涉及一起案件，请于今日内回电配合核实，逾期将依法处理。",
        "【通知】您的医保卡存在异常消费，已移交公安机关，请联系专线处理。",
        "这里是市局经侦支队，你的身份证被人冒用，现在需要你配合做资金核查，不要告诉家人。",
    ],
    "task_rebate": [
        "亲，店铺新品需要人气，帮忙关注一下就有红包，一天几十分钟，{code}",
        "宝妈在家也能做的小任务，手机点点就行，当天结算，感兴趣回1。",
        "你好，看你简历挺合适，我们这边有线上任务岗，时间自由，详聊{code}",
    ],
    "investment": [
        "王姐，上次说的那个群今晚8点开课，老师讲的票最近涨得很好，记得进来听。",
        "感谢您参加财经直播，送您三天VIP观察名额，拉您进交流群{code}。",
        "新股中签率提升方案，内部通道仅限前50位，回复Y获取资格。",
    ],
    "fake_loan": [
        "您的额度已审批通过，当天到账，回复1领取，不看征信不押车。",
        "老客户专享：最高可借30万，年化低至3.6%，点击链接即可办理。",
        "您有一笔备用金待激活，逾期作废，请尽快验证银行卡。",
    ],
    "impersonate_service": [
        "您好，您购买的商品因质量问题被召回，我们会给您退款赔偿，请保持电话畅通。",
        "【客服中心】您的账户被误开通了商家服务，每月自动扣费，如需关闭请来电。",
        "您的快递在转运中心受潮损坏，已为您申请赔付，请添加客服办理。",
    ],
    "fake_credit": [
        "您在校期间开通的账户尚未关闭，会影响以后买房贷款，请尽快联系处理。",
        "您的信用分低于平台要求，系统将上报，如有疑问请联系专员。",
    ],
    "romance": [
        "在吗？上次聊得挺开心的，今天有空一起吃个饭吗～",
        "哥，我是上周加你的小雅，最近在研究一个理财，想听听你的意见。",
    ],
    "game_trade": [
        "出一个满级号，全皮肤，价格好商量，走平台交易，私聊。",
        "收号，高价回收，当面验号，平台担保。",
    ],
    "impersonate_acquaintance": [
        "在吗？我手机坏了用的朋友的号，有件急事找你帮忙。",
        "小李，我在开会不方便接电话，有个款项你先帮我处理一下。",
    ],
    "other": [
        "您已获得周年庆回馈资格，奖品为苹果手机一部，仅需支付邮费。",
        "您的积分即将清零，可兑换现金，点击办理。",
    ],
}
GENERIC_APP_STEMS: Final = ("helper", "service", "tool", "cloud", "meeting", "pay", "vip", "box")
GENERIC_APP_VENDORS: Final = ("xy", "hk", "jx", "ab", "qm", "zt", "yun", "kx")
