"""Ordinary lives: who lives here, their cards and numbers, and what they do every day."""

from __future__ import annotations

from datetime import datetime, timedelta

from fanzha.exam.params import BANKS, GOLD_SELLERS, HANDSETS, RIDE_PLATFORMS
from fanzha.exam.texts import BENIGN, fill
from fanzha.exam.world import Ev, Resident, World

DISTRICTS = (
    ("江岸区", "420102"),
    ("江汉区", "420103"),
    ("硚口区", "420104"),
    ("汉阳区", "420105"),
    ("武昌区", "420106"),
    ("青山区", "420107"),
    ("洪山区", "420111"),
    ("东西湖区", "420112"),
)
STREETS = (
    "解放大道",
    "中山大道",
    "武珞路",
    "珞喻路",
    "建设大道",
    "友谊大道",
    "汉阳大道",
    "光谷大道",
)
EVERYDAY_APPS = (
    "com.tencent.mm",
    "com.eg.android.AlipayGphone",
    "com.ss.android.ugc.aweme",
    "com.taobao.taobao",
    "com.sankuai.meituan",
    "com.jingdong.app.mall",
    "com.sdu.didi.psnger",
    "com.xunmeng.pinduoduo",
    "com.tencent.qqmusic",
    "com.baidu.searchbox",
    "com.smile.gifmaker",
    "com.xingin.xhs",
    "com.tencent.tmgp.sgame",
    "com.icbc",
    "com.chinamworld.main",
    "cmb.pb",
    "com.autonavi.minimap",
)
EVERYDAY_SITES = (
    "https://www.taobao.com/",
    "https://m.jd.com/",
    "https://www.baidu.com/s?wd=天气",
    "https://www.zhihu.com/question/",
    "https://weibo.com/",
    "https://www.bilibili.com/video/",
    "https://www.12306.cn/",
    "https://m.ctrip.com/",
    "https://www.ccb.com/",
    "http://t.cn/A6x",
    "https://www.douyin.com/",
)
ITEMS = ("衣服", "文件", "食品", "手机配件", "书", "化妆品", "鞋", "茶叶", "资料")


class Hubs:
    """The businesses people pay and are paid by: employers, shops, landlords, wallets."""

    def __init__(self, w: World) -> None:
        n = max(20, w.p.persons // 200)
        self.employers = [w.corporate(w.pick(BANKS)) for _ in range(max(10, n // 2))]
        self.merchants = [
            w.corporate(w.pick(BANKS)) if w.chance(0.5) else w.card(w.pick(BANKS))
            for _ in range(n * 2)
        ]
        self.landlords = [w.card(w.pick(BANKS)) for _ in range(n)]
        self.utilities = [w.corporate(w.pick(("icbc", "ccb", "boc"))) for _ in range(4)]
        self.lenders = {
            name: w.corporate(w.pick(("cmb", "icbc", "citic")))
            for name in ("招联金融", "微众银行", "京东金条", "马上消费")
        }
        self.brokers = [w.corporate(w.pick(("citic", "cmb", "icbc"))) for _ in range(3)]
        self.game_platform = w.corporate("cmb")
        self.gold_counters = {s: w.corporate(w.pick(BANKS)) for s in GOLD_SELLERS}
        for account in [
            *self.employers,
            *self.merchants,
            *self.utilities,
            *self.lenders.values(),
            *self.brokers,
            self.game_platform,
            *self.gold_counters.values(),
        ]:
            w.opened(
                account,
                f"914201{int(w.rng.integers(10**11, 10**12))}M",
                int(w.rng.integers(200, 6000)),
            )
        for account in self.landlords:
            w.opened(account, "", int(w.rng.integers(200, 6000)))
        self.outside = [w.card(w.pick(BANKS)) for _ in range(n)]
        """Cards of people outside the city: relatives, sellers, friends. No record here."""
        self.friend_numbers = [w.mobile() for _ in range(n * 3)]
        self.telemarketers = [w.mobile() for _ in range(30)] + [
            w.number("86400", 7) for _ in range(10)
        ]
        self.shop_senders = [f"1069{int(w.rng.integers(10**7, 10**8))}" for _ in range(30)]


def make_residents(w: World) -> None:
    for i in range(w.p.persons):
        district, _code = DISTRICTS[int(w.rng.integers(len(DISTRICTS)))]
        phones = [w.mobile()] + ([w.mobile()] if w.chance(w.p.second_phone_share) else [])
        n_accounts = (
            1 + int(w.chance(w.p.second_account_share)) + int(w.chance(w.p.third_account_share))
        )
        accounts = [w.card(w.pick(BANKS)) for _ in range(n_accounts)]
        person = Resident(
            person_id=f"R{int(w.rng.integers(10**8)):08d}-{i % 97:02d}",
            phones=phones,
            accounts=accounts,
            birth_year=int(w.rng.integers(1945, 2007)),
            district=district,
            address=f"武汉市{district}{w.pick(STREETS)}{int(w.rng.integers(1, 999))}号",
            handset=str(w.pick(HANDSETS)),
        )
        for account in accounts:
            w.opened(account, person.person_id, int(w.rng.integers(30, 4000)))
        if w.chance(w.p.wallet_share):
            person.wallet = w.wallet_id()
        for phone in phones:
            w.phone_owner[phone] = i
        w.residents.append(person)
    for person in w.residents:
        person.contacts = [int(x) for x in w.rng.integers(0, w.p.persons, 8)]


def reference_events(w: World) -> None:
    """Household register and the sharing banks' account records, the day before start."""
    day_before = w.start - timedelta(hours=12)
    codes = dict(DISTRICTS)
    for person in w.residents:
        w.emit(
            "person",
            day_before,
            "police:hukou",
            True,
            person_id=person.person_id,
            phones=person.phones,
            district=person.district,
            address=person.address,
            district_code=codes[person.district],
            birth_year=person.birth_year,
        )
    for account, bank in sorted(w.account_bank.items()):
        if bank in w.banks_sharing:
            holder = w.account_holder.get(account, "")
            w.emit(
                "account",
                day_before,
                f"bank:{bank}",
                True,
                account_id=account,
                bank=bank,
                holder=holder,
                opened=w.account_opened.get(account, "2019-05-20"),
            )


def ordinary_day(w: World, hubs: Hubs, day: int) -> None:
    p = w.p
    for i, person in enumerate(w.residents):
        phone = person.phones[0]
        for _ in range(w.poisson(p.calls_per_day)):
            ts = w.day_time(day)
            if w.chance(0.6):
                other = w.residents[w.pick(person.contacts)].phones[0]
            else:
                other = w.pick(hubs.friend_numbers)
            tags = (
                [w.pick(("delivery", "harassment", "telemarketing", "agent"))]
                if w.chance(p.caller_tag_share)
                else []
            )
            seconds = int(w.rng.exponential(150)) + 3
            w.call(ts, other, phone, seconds, tags)
        for _ in range(w.poisson(p.sms_per_day)):
            sender = w.pick(hubs.shop_senders) if w.chance(0.7) else w.pick(hubs.friend_numbers)
            w.sms(
                w.day_time(day, 6, 23.5),
                sender,
                w.pick(person.phones),
                fill(w.pick(BENIGN["ordinary"]), w),
            )
        for _ in range(w.poisson(p.shop_payments_per_day)):
            ts = w.day_time(day, 7, 23.9)
            payer = person.wallet if person.wallet and w.chance(0.6) else w.pick(person.accounts)
            memo = w.pick((None, "扫码支付", "消费", "美团订单", None))
            w.transfer(ts, payer, w.pick(hubs.merchants), w.lognormal_fen(45, 1.0), "mobile", memo)
            if payer == person.wallet and w.chance(0.15):
                w.transfer(
                    ts - timedelta(minutes=2),
                    w.pick(person.accounts),
                    payer,
                    w.lognormal_fen(300, 0.6),
                    "third_party",
                    "充值",
                )
        if w.chance(p.family_transfers_per_day):
            other = w.residents[w.pick(person.contacts)]
            target = w.pick(other.accounts) if w.chance(0.7) else w.pick(hubs.outside)
            w.transfer(
                w.day_time(day),
                w.pick(person.accounts),
                target,
                w.lognormal_fen(800, 0.9),
                "mobile",
                w.pick((None, "生活费", "还你的", "红包")),
            )
        if person.employer and w.chance(p.payday_share_per_day):
            w.transfer(
                w.day_time(day, 9, 11),
                person.employer,
                person.accounts[0],
                w.lognormal_fen(6500, 0.4),
                "online",
                "工资",
            )
        if w.chance(p.rent_share_per_day):
            w.transfer(
                w.day_time(day),
                w.pick(person.accounts),
                hubs.landlords[i % len(hubs.landlords)],
                w.lognormal_fen(2200, 0.3),
                "mobile",
                w.pick(("房租", None)),
            )
        for _ in range(w.poisson(p.app_events_per_day)):
            w.app(
                w.day_time(day),
                person,
                phone,
                w.pick(EVERYDAY_APPS),
                w.pick(("open", "open", "install", "uninstall")),
            )
        for _ in range(w.poisson(p.web_per_day)):
            w.web(w.day_time(day), phone, w.pick(EVERYDAY_SITES))
        if w.chance(p.rides_per_day):
            ride(w, person, w.day_time(day, 6, 23.9), item="", passengers=int(w.rng.integers(1, 4)))
        if w.chance(p.parcels_per_day):
            w.parcel(
                w.day_time(day, 9, 20),
                w.pick(hubs.friend_numbers),
                phone,
                person.address,
                w.pick(ITEMS),
                w.lognormal_fen(120, 0.8),
            )
        if w.chance(p.atm_per_day):
            account = w.pick(person.accounts)
            w.emit(
                "withdrawal",
                w.day_time(day),
                f"bank:{w.account_bank[account]}",
                w.bank_shares(account),
                account_id=account,
                amount_fen=int(w.rng.integers(1, 30)) * 10000,
                channel="atm",
                location=f"{person.district}ATM",
            )
        if w.chance(p.gold_buys_per_day):
            gold(w, person, w.day_time(day, 10, 21), mail_to=None)


def ride(
    w: World,
    person: Resident,
    ts: datetime,
    item: str,
    passengers: int,
    dropoff: str | None = None,
    vehicle: str = "car",
) -> Ev:
    platform = w.pick(RIDE_PLATFORMS if vehicle != "courier" else ("shansong", "huolala"))
    order = f"{platform[:2].upper()}{int(w.rng.integers(10**10)):010d}"
    return w.emit(
        "order",
        ts,
        f"platform:{platform}",
        platform in w.p.sharing_ride_platforms,
        platform=platform,
        order_id=order,
        requester=person.phones[0],
        pickup={"district": person.district, "address": person.address},
        dropoff={
            "district": w.pick(DISTRICTS)[0],
            "address": dropoff or f"{w.pick(STREETS)}{int(w.rng.integers(1, 500))}号",
        },
        cross_city=False,
        vehicle=vehicle,
        passengers=passengers,
        item=item,
    )


def gold(w: World, person: Resident, ts: datetime, mail_to: str | None) -> Ev:
    grams = float(round(w.uniform(5, 60), 2))
    fen = int(grams * 62000)
    account = w.pick(person.accounts)
    if mail_to is not None or w.chance(0.4):
        bank = w.account_bank[account]
        return w.emit(
            "gold_purchase",
            ts,
            f"bank:{bank}",
            bank in w.banks_sharing,
            account_id=account,
            grams=grams,
            amount_fen=fen,
            channel="app",
            delivery="mail",
            delivery_address=mail_to or person.address,
        )
    seller = w.pick(GOLD_SELLERS)
    return w.emit(
        "gold_purchase",
        ts,
        f"gold:{seller}",
        seller in w.p.sharing_gold_sellers,
        account_id=account,
        grams=grams,
        amount_fen=fen,
        channel="store",
        delivery="pickup",
    )
