"""Words of benign senders that use the lures' vocabulary: 兼职, 佣金, 退款, 理赔,
刷单, 安全账户, 贷款, 额度. A text signal that fires on these is a false warning."""

from __future__ import annotations

from typing import Final

JOB_PLATFORM_SMS: Final = [
    "【BOSS直聘】您关注的“周末兼职-商场导购”有新回复，时薪25元，佣金另计，点击查看。",
    "【智联招聘】您投递的“兼职客服专员”已被查看，HR邀请您周三面试，回T退订。",
    "【前程无忧】为您推荐：学生暑期兼职，底薪+佣金，正规企业直招，谨防刷单诈骗。",
    "【58同城】兼职日结岗位上新：仓库分拣150元/天，平台担保，不收任何费用。",
]
LENDER_SMS: Final = [
    "【招联金融】您申请的借款{amount}元已放款至尾号{tail}的银行卡，请注意查收。",
    "【微众银行】微粒贷为您提供最高{amount}元借款额度，日利率低至0.02%，回T退订。",
    "【京东金融】您的京东金条额度已更新，借款请认准官方APP，我们不会收取任何解冻费。",
    "【度小满】您的借款申请已审批通过，放款金额{amount}元，请勿向任何人转账“保证金”。",
]
BANK_NOTICE_SMS: Final = [
    "【{bank}】温馨提示：银行不会要求您将资金转入所谓“安全账户”，谨防诈骗。",
    "【{bank}】您尾号{tail}的账户收到理赔款{amount}.00元，详询95588。",
    "【{bank}】您的退款{amount}.00元已退回尾号{tail}账户，如有疑问请致电客服。",
    "【{bank}】尊敬的客户，您的信用卡账单已出，最低还款额{amount}元，请按时还款。",
    "【{bank}】您尾号{tail}的账户开通了大额转账验证，验证码{code}，请勿泄露给他人。",
]
POLICE_SMS: Final = [
    "【全国反诈中心】刷单返利都是诈骗！凡是要求先垫资刷单、赚取佣金的兼职，都是诈骗。",
    "【96110】您好，武汉市反诈中心提示：公检法机关不会通过电话办案，更没有“安全账户”。",
    "【12381】您可能接到了涉诈电话或短信，请勿转账汇款。网购退款、理赔要通过官方平台办理。",
    "【武汉反诈】近期冒充客服“退款理赔”诈骗高发，对方要求屏幕共享的一律挂断。",
    "【国家反诈中心】贷款前先交保证金、解冻费的都是诈骗，正规贷款不收取任何前期费用。",
]
REFUND_SMS: Final = [
    "【淘宝】您的退款申请已通过，¥{amount}.00将原路退回，预计1-3个工作日到账。",
    "【京东】您的售后服务单已完成，退款{amount}元已原路返回，感谢您的耐心等待。",
    "【拼多多】您的商品因物流原因延误，平台理赔{amount}元已发放至您的账户。",
]
RENT_SMS: Final = ["【贝壳找房】您的租赁合同已签署，请按约定支付押金及首月房租。"]
TUITION_SMS: Final = [
    "【武汉市{school}】请家长于本周内缴纳本学期学费，缴费账户以学校官方通知为准。"
]
SCHOOLS: Final = ("第二中学", "外国语学校", "职业技术学院", "实验小学")
SUPPORT_APPS: Final = ["com.oray.sunlogin", "com.huawei.remotesupport", "com.tencent.wemeet"]
"""Remote-support apps carriers, banks and IT helpers really use to fix a phone."""
SERVICE_NUMBERS: Final = ["+8695588", "+8695533", "+8695188", "+8610086", "+8695566"]
"""Official customer-service lines (bank, Alipay, carrier): long calls, untagged."""
POLICE_NUMBERS: Final = ["+8696110", "+8612381"]
LENDER_APPS: Final = ["com.zhaolian.jinrong", "com.webank.wld", "com.jd.jrapp", "com.duxiaoman"]
