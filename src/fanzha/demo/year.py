"""A simulated stretch of time replayed through the service, with the center at work.

Why: statistics and the year's report need a store that looks like a year of
a real center — warnings that became tasks, officers who signed, called,
visited and closed them (some late), reports whose money was traced,
stopped and frozen. ``fanzha replay`` builds that from a simulated city:
events go through the same intake as ``POST /v1/events`` on a clock that
follows them, and simulated officers and banks act on what comes out.
Officers and banks are simulated with a seeded random generator; the rules
they act under (deadlines, stop-payment, freeze) are the real ones.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from fanzha.clock import ManualClock
from fanzha.community.campaigns import Campaign, CampaignKind
from fanzha.community.criteria import default_criteria
from fanzha.community.sql import CampaignStore, CommunityStore
from fanzha.contract.readers import Accepted, read_events_deduplicated
from fanzha.dissuade.models import AttemptResult, Channel, Level, Outcome, TaskState
from fanzha.dissuade.workflow import attempt
from fanzha.flows.intake import accept_events
from fanzha.flows.partner_risk import risk_context
from fanzha.partners.checking import CheckKind
from fanzha.partners.registry import Partner, PartnerType
from fanzha.security.roles import Principal, Role
from fanzha.server.services import build_services
from fanzha.server.warmup import load_detector
from fanzha.services import Services
from fanzha.settings import center_zone, get_settings
from fanzha.store import migrate
from fanzha.store.service import community_homes
from fanzha.trace import holds as rules

OFFICER = Principal(user_id="sim-officer", role=Role.CENTER_ANALYST)
BANK = "sim-bank"
CHANNEL_BY_LEVEL = {Level.HIGH: Channel.DOOR_VISIT, Level.MEDIUM: Channel.PHONE_CALL}
OUTCOMES = (
    (Outcome.DISSUADED, 0.78),
    (Outcome.NOT_FRAUD, 0.1),
    (Outcome.PAID_STOPPED, 0.05),
    (Outcome.UNREACHABLE, 0.04),
    (Outcome.REFUSED, 0.03),
)


@dataclass
class ReplayFigures:
    events: int = 0
    warnings: int = 0
    tasks: int = 0
    resolved: int = 0
    cases: int = 0
    holds: int = 0


Action = tuple[datetime, int, str, Callable[[], object]]


def replay_year(
    files: list[Path],
    database_url: str,
    seed: int = 7,
    on_progress: Callable[[int], None] | None = None,
) -> ReplayFigures:
    """Feed the files into the store at ``database_url`` and let the center work them."""
    events = sorted(
        (a for a in read_events_deduplicated(files)), key=lambda a: (a.event.ts, a.event.id)
    )
    if not events:
        return ReplayFigures()
    clock = ManualClock(events[0].event.ts)
    migrate(database_url)
    context = build_services(database_url, clock, load_detector(database_url))
    rng = Random(seed)
    figures = ReplayFigures()
    agenda: list[Action] = []  # what officers and banks will do, and when
    order = 0

    def later(when: datetime, what: str, action: Callable[[], object]) -> None:
        nonlocal order
        order += 1
        heapq.heappush(agenda, (when, order, what, action))

    def run_due(until: datetime) -> None:
        while agenda and agenda[0][0] <= until:
            when, _, _, action = heapq.heappop(agenda)
            clock.set(max(when, clock.now()))
            # The world may have moved on (task closed, hold lapsed), as at a real desk.
            with contextlib.suppress(rules.HoldError, ValueError, LookupError):
                action()

    partners = _sim_partners(context)
    known_tasks: set[str] = set()
    last_sweep = clock.now()
    for batch in _batches(events, 200):
        run_due(batch[-1].event.ts)
        clock.set(max(batch[-1].event.ts, clock.now()))
        _partner_checks(context, batch, partners)
        answer = accept_events(context, batch)
        figures.events += len(batch)
        figures.warnings += answer.warnings
        for task_id in answer.tasks:
            if task_id not in known_tasks:
                known_tasks.add(task_id)
                _plan_desk_work(context, task_id, rng, later)
        for accepted in batch:
            if accepted.event.kind == "report":
                figures.cases += 1
                report_id = accepted.event.id
                when = clock.now() + timedelta(minutes=rng.uniform(10, 60))
                later(when, "stop", _stops(context, report_id, rng, later))
        if clock.now() - last_sweep >= timedelta(hours=1):
            context.tasks.sweep_deadlines()
            last_sweep = clock.now()
        if on_progress is not None:
            on_progress(len(batch))
    run_due(clock.now() + timedelta(days=60))
    _community_years(context, events[0].event.ts, events[-1].event.ts, rng)
    figures.tasks = len(known_tasks)
    figures.resolved = sum(1 for t in context.tasks.tasks.all() if t.outcome is not None)
    figures.holds = sum(1 for c in context.cases.holds.live())
    return figures


def _community_years(context: Services, first: datetime, last: datetime, rng: Random) -> None:
    """Each year: propaganda reaches households (most communities, all of them), then the
    year-end review awards, keeps or revokes fraud-free status under the criteria."""
    communities = CommunityStore(context.cases.engine)
    communities.sync_from_persons()
    criteria = default_criteria()
    zone = center_zone()
    with context.cases.engine.connect() as conn:
        homes = list(community_homes(conn))
    by_community: dict[str, set[str]] = {}
    for community, address in homes:
        if community:
            by_community.setdefault(community, set()).add(address)
    for year in range(first.astimezone(zone).year, last.astimezone(zone).year + 1):
        start = datetime(year, 1, 1, tzinfo=zone)
        thorough = {c for c in by_community if rng.random() < 0.7}
        rows = [
            (community, home, rng.choice(("visit", "app_install", "event")),
             start + timedelta(days=rng.uniform(0, 360)))
            for community, homes_of in sorted(by_community.items())
            for home in sorted(homes_of)
            if community in thorough or rng.random() < 0.9
        ]  # fmt: skip
        communities.record_propaganda(rows)
        _campaigns_of(context, year, sorted(by_community), rng)
        communities.review_all(criteria, datetime(year + 1, 1, 1, tzinfo=zone), "year-end review")


CHECKED: dict[str, tuple[str, CheckKind]] = {
    "order": ("sim-platform", "order"),
    "gold_purchase": ("sim-bank", "gold"),
    "parcel": ("sim-express", "parcel"),
}


def _sim_partners(context: Services) -> dict[str, Partner]:
    """A platform, a bank and an express company that check every order, gold sale, parcel."""
    service = context.partners
    made = {}
    for partner_id, kind, source in (
        ("sim-platform", PartnerType.RIDE_HAILING, "platform:sim"),
        ("sim-bank", PartnerType.BANK, "bank:sim"),
        ("sim-express", PartnerType.EXPRESS, "express:sim"),
    ):
        try:
            made[partner_id] = service.registry().get(partner_id)
        except KeyError:
            made[partner_id], _ = service.add_partner(partner_id, partner_id, kind, source)
    return made


def _partner_checks(context: Services, batch: list[Accepted], partners: dict[str, Partner]) -> None:
    risk = risk_context(context)
    rows = []
    for accepted in batch:
        found = CHECKED.get(accepted.event.kind)
        if found is not None:
            partner_id, kind = found
            row, _ = context.partners.check(partners[partner_id], kind, accepted.event, risk)
            rows.append(row)
    context.partners.log.add_many(rows)


def _campaigns_of(context: Services, year: int, communities: list[str], rng: Random) -> None:
    """A campaign a month somewhere in the city: talks, light shows, videos, leaflets."""
    zone = center_zone()
    store = CampaignStore(context.cases.engine)
    districts = dict(_community_districts(context))
    for month in range(1, 13):
        reached = rng.sample(communities, min(len(communities), rng.randint(1, 4)))
        start = datetime(year, month, rng.randint(1, 25), 14, tzinfo=zone)
        kind = rng.choice(list(CampaignKind))
        store.add(
            Campaign(
                campaign_id=f"camp-{year}-{month:02d}",
                title=f"{year}年{month}月反诈宣传进社区",
                kind=kind,
                start=start,
                end=start + timedelta(hours=3),
                district=districts.get(reached[0]),
                community_ids=reached,
                place=reached[0],
                materials={"宣传册": rng.randint(100, 800), "反诈App安装": rng.randint(20, 300)},
                reach=rng.randint(200, 5000),
            )
        )


def _community_districts(context: Services) -> list[tuple[str, str]]:
    return [(c.community_id, c.district) for c in CommunityStore(context.cases.engine).all()]


def _batches(events: list[Accepted], size: int) -> Iterator[list[Accepted]]:
    for start in range(0, len(events), size):
        yield events[start : start + size]


def _plan_desk_work(
    context: Services,
    task_id: str,
    rng: Random,
    later: Callable[[datetime, str, Callable[[], object]], None],
) -> None:
    """An officer signs, tries to reach the person, and closes the task — mostly in time."""
    now = context.clock.now()
    slow = rng.random() < 0.1  # one task in ten waits past its deadline
    sign_at = now + timedelta(minutes=rng.uniform(1, 4) + (30 if slow else 0))
    contact_at = sign_at + timedelta(minutes=rng.uniform(2, 8))
    outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]

    def act(action: str, **params: Any) -> Callable[[], object]:
        def run() -> object:
            context.tasks.sweep_deadlines([task_id])  # a late officer is a missed deadline
            return context.tasks.act(OFFICER, task_id, action, None, **params)

        return run

    def contact() -> object:
        task = context.tasks.tasks.get(task_id)
        if task is None or task.state in (TaskState.RESOLVED, TaskState.CLOSED):
            return None
        channel = CHANNEL_BY_LEVEL.get(task.level, Channel.SMS_12381)
        unreachable = outcome == Outcome.UNREACHABLE
        reached = AttemptResult.NO_ANSWER if unreachable else AttemptResult.REACHED
        made = attempt(channel, context.clock.now(), OFFICER.user_id, reached)
        return context.tasks.act(OFFICER, task_id, "attempt", attempt=made)

    later(sign_at, "sign", act("sign"))
    later(contact_at, "attempt", contact)
    resolve_at = contact_at + timedelta(minutes=rng.uniform(5, 40))
    later(resolve_at, "resolve", act("resolve", outcome=outcome))


def _stops(
    context: Services,
    report_id: str,
    rng: Random,
    later: Callable[[datetime, str, Callable[[], object]], None],
) -> Callable[[], object]:
    """The center asks banks to stop the case's money; banks answer; the center freezes."""

    def run() -> None:
        made = context.cases.request_stops(OFFICER, report_id, None)
        for hold in made:
            if hold.state != rules.HoldState.REQUESTED:
                continue
            answer_at = context.clock.now() + timedelta(minutes=rng.uniform(5, 45))
            later(answer_at, "answer", _act(context, hold.hold_id, _bank_answer(rng)))
            freeze_at = answer_at + timedelta(hours=rng.uniform(2, 20))
            later(freeze_at, "freeze", _act(context, hold.hold_id, rules.freeze))
            # Money goes back: mixed money after the 30-day notice, the rest directly.
            notice_at = freeze_at + timedelta(days=rng.uniform(1, 5))
            later(notice_at, "notice", _act(context, hold.hold_id, _notice_if_mixed))
            return_at = notice_at + rules.NOTICE_PERIOD + timedelta(days=rng.uniform(0, 10))
            later(return_at, "return", _act(context, hold.hold_id, rules.return_funds))

    return run


def _notice_if_mixed(hold: rules.Hold, who: str, now: datetime) -> None:
    if len(hold.claims) > 1:
        rules.publish_notice(hold, who, now)


def _bank_answer(rng: Random) -> Callable[[rules.Hold, str, datetime], None]:
    accepted = rng.random() < 0.93
    reason = None if accepted else rng.choice(["户名不符", "账户已销户", "金额不符"])
    return lambda hold, who, now: rules.bank_answer(hold, BANK, now, accepted, None, reason)


def _act(
    context: Services, hold_id: str, action: Callable[[rules.Hold, str, datetime], object]
) -> Callable[[], object]:
    def run() -> object:
        hold = context.cases.holds.get(hold_id)
        if hold is None:
            return None
        return context.cases.act(OFFICER, hold_id, hold.version, action)

    return run


def run_replay(files: list[Path], database_url: str | None, seed: int) -> ReplayFigures:
    """``fanzha replay``: with progress, then a one-line summary."""
    from rich.console import Console
    from rich.progress import Progress

    url = database_url or get_settings().effective_database_url
    err = Console(stderr=True)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("replaying", total=None)
        figures = replay_year(files, url, seed, lambda n: progress.advance(task, n))
    err.print(
        f"replayed {figures.events:,} events: {figures.warnings:,} warnings → "
        f"{figures.tasks:,} tasks ({figures.resolved:,} resolved), {figures.cases:,} reports, "
        f"{figures.holds:,} stop-payments or freezes in force"
    )
    return figures
