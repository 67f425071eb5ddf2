"""``fanzha demo``: a simulated city replayed live into a running service.

Why it exists: a center evaluating fanzha should see warnings, tasks and
deadlines arrive as they would on a real day, on their own machine, from one
command. The demo therefore uses the real parts only: it simulates a city,
loads its residents and accounts into the embedded store, starts the same
service ``fanzha serve`` runs, and posts the day's activity to
``POST /v1/events`` over HTTP on an accelerated clock.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import msgspec
import structlog
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fanzha.clock import ReplayClock, SystemClock
from fanzha.ingest.loader import ingest_file
from fanzha.logging import configure_logging
from fanzha.net import is_loopback
from fanzha.partners.registry import PartnerType
from fanzha.partners.service import PartnerService
from fanzha.partners.sql import sql_repository
from fanzha.security.passwords import DEMO_PASSWORD
from fanzha.security.roles import Role
from fanzha.security.sql import SqlUserDirectory
from fanzha.security.users import User, create_user
from fanzha.server.serve import in_process_server
from fanzha.server.services import build_services
from fanzha.server.warmup import load_detector
from fanzha.server.workers import start_deadline_sweeper, start_webhook_worker
from fanzha.services import Services
from fanzha.settings import center_zone
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams
from fanzha.store import engine, migrate

log = structlog.get_logger(__name__)

REFERENCE_KINDS = frozenset({"person", "account"})
CHECKED_KINDS = {"order": "order", "gold_purchase": "gold", "parcel": "parcel"}
"""Events a partner asks about before it acts: the demo sends them as checks."""
PARTNER_TYPE = {"order": PartnerType.RIDE_HAILING, "gold": PartnerType.BANK,
                "parcel": PartnerType.EXPRESS}  # fmt: skip
FEEDER = "demo-feeder"
EARLY_LEAD_MINUTES = 75
EARLY_WINDOW_MINUTES = 60
"""The demo districts' early scams begin in the hour from 75 minutes before the live
replay does: detection takes ten minutes to two hours, so each district's first task
is there when the officer logs in, or comes in the first simulated hour."""


@dataclass(frozen=True)
class DemoLogin:
    user_id: str
    role: Role
    district: str | None
    password: str
    label: str


DEMO_LOGINS = (
    DemoLogin(
        "analyst", Role.CENTER_ANALYST, None, DEMO_PASSWORD, "市反诈中心研判员 center analyst"
    ),
    DemoLogin(
        "qiaokou", Role.DISTRICT_OFFICER, "硚口区", DEMO_PASSWORD, "硚口区民警 district officer"
    ),
    DemoLogin(
        "hongshan", Role.DISTRICT_OFFICER, "洪山区", DEMO_PASSWORD, "洪山区民警 district officer"
    ),
    DemoLogin("auditor", Role.AUDITOR, None, DEMO_PASSWORD, "审计员 auditor"),
)


class _Stamp(msgspec.Struct):
    kind: str
    ts: datetime
    source: str = ""


@dataclass
class DemoCity:
    """A simulated city split for replay: who lives there, and what they do."""

    directory: Path
    database_url: str
    activity: Path
    start: datetime
    end: datetime
    activity_events: int
    partner_keys: dict[str, str] = field(default_factory=dict)
    """Partner API keys by the source they send from: checks go through them."""


@dataclass
class ReplayStatus:
    """What the replay has done so far; read by the caller and the tests."""

    posted: int = 0
    warnings: int = 0
    tasks: set[str] = field(default_factory=set)
    rejected: int = 0
    checks: int = 0
    flagged: int = 0
    """Partner checks answered warn or hold."""
    done: threading.Event = field(default_factory=threading.Event)
    failed: str | None = None


def demo_districts() -> list[str]:
    """The districts the demo's officers log in to."""
    return sorted({login.district for login in DEMO_LOGINS if login.district is not None})


def prepare_city(
    directory: Path,
    persons: int,
    seed: int,
    progress: Progress | None = None,
    early_from: str = "08:00",
) -> DemoCity:
    """Simulate one day, load residents and accounts, and keep the activity for replay.

    The database is made fresh: a demo replayed twice into one store would find
    every event a duplicate and show nothing. At the city's usual rate (three
    victims per 10,000 a day) most districts of a small city have none; each
    demo login's district gets one more victim first contacted just after
    ``early_from`` (where the live replay begins), so every officer has work
    in the first minutes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    hour, minute = (int(part) for part in early_from.split(":"))
    begin = max(0, hour * 60 + minute - EARLY_LEAD_MINUTES)
    params = SimParams(
        persons=persons,
        days=1,
        seed=seed,
        early_victim_districts=demo_districts(),
        early_victim_from=f"{begin // 60:02d}:{begin % 60:02d}",
        early_victim_window_minutes=EARLY_WINDOW_MINUTES,
        early_victims_per_district=2,
        early_victim_typology="impersonate_police",
    )
    if progress is not None:
        task = progress.add_task(f"simulating {persons:,} residents", total=persons)
        result = simulate(params, directory, progress=lambda _s, n: progress.advance(task, n))
    else:
        result = simulate(params, directory)
    reference, activity = directory / "reference.jsonl", directory / "activity.jsonl"
    decoder = msgspec.json.Decoder(_Stamp)
    first: datetime | None = None
    last: datetime | None = None
    count = 0
    checked: dict[str, str] = {}
    with (
        result.events.open("rb") as events,
        reference.open("wb") as ref_out,
        activity.open("wb") as act_out,
    ):
        for line in events:
            stamp = decoder.decode(line)
            if stamp.kind in REFERENCE_KINDS:
                ref_out.write(line)
                continue
            act_out.write(line)
            count += 1
            if stamp.kind in CHECKED_KINDS:
                checked[stamp.source] = CHECKED_KINDS[stamp.kind]
            first = stamp.ts if first is None or stamp.ts < first else first
            last = stamp.ts if last is None or stamp.ts > last else last
    database = directory / "fanzha.db"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database.resolve()}"
    migrate(url)
    db = engine(url)
    if progress is not None:
        task = progress.add_task("loading residents and accounts", total=None)
    ingest_file(db, reference, directory / "dead-letter.jsonl")
    if progress is not None:
        progress.update(task, total=1, completed=1)
    users = SqlUserDirectory(db)
    for login in DEMO_LOGINS:
        create_user(
            users,
            User(
                user_id=login.user_id,
                display_name=login.label,
                role=login.role,
                district=login.district,
            ),
            login.password,
            enforce_policy=False,  # published on purpose; served on loopback only
        )
    if first is None or last is None:
        raise SystemExit("fanzha demo: the simulated day has no activity to replay")
    partners = PartnerService(sql_repository(db), SystemClock())
    keys = {}
    for source, kind in sorted(checked.items()):
        partner_id = source.replace(":", "-")
        _, keys[source] = partners.add_partner(partner_id, source, PARTNER_TYPE[kind], source)
    return DemoCity(directory, url, activity, first, last, count, keys)


def _batches(path: Path, size: int) -> Iterator[tuple[datetime, list[bytes]]]:
    """Lines in file order, grouped so that one batch never spans more than a minute."""
    decoder = msgspec.json.Decoder(_Stamp)
    batch: list[bytes] = []
    batch_ts: datetime | None = None
    with path.open("rb") as lines:
        for line in lines:
            ts = decoder.decode(line).ts
            if batch and (
                len(batch) >= size or batch_ts is None or ts - batch_ts > timedelta(minutes=1)
            ):
                assert batch_ts is not None
                yield batch_ts, batch
                batch = []
            if not batch:
                batch_ts = ts
            batch.append(line.rstrip(b"\n"))
    if batch and batch_ts is not None:
        yield batch_ts, batch


def replay(
    city: DemoCity,
    base_url: str,
    clock: ReplayClock,
    token: str,
    status: ReplayStatus,
    fast_until: datetime,
    stop: threading.Event,
    on_batch: Callable[[int], None] | None = None,
) -> None:
    """Post the day's activity in time order; everything before ``fast_until`` at once.

    Events are posted when the replay clock reaches them; a late event (one the
    simulator delivers after its time) is posted at once, as a real late feed.
    """
    try:
        with httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as client:
            for batch_ts, batch in _batches(city.activity, 200):
                if stop.is_set():
                    return
                if batch_ts <= fast_until:
                    clock.set(max(batch_ts, clock.now()))
                else:
                    while not stop.is_set() and (wait := clock.wall_seconds_until(batch_ts)) > 0:
                        stop.wait(min(wait, 0.5))
                sent = len(batch)
                batch = _send_checks(client, city, batch, status)
                answer = client.post(
                    "/v1/events",
                    content=b"\n".join(batch),
                    headers={"Content-Type": "application/x-ndjson"},
                )
                answer.raise_for_status()
                body = answer.json()
                status.posted += sent
                status.warnings += body["warnings"]
                status.tasks.update(body["tasks"])
                status.rejected += len(body["rejected"])
                if on_batch is not None:
                    on_batch(sent)
    except Exception as problem:  # the server keeps running; the caller shows why
        status.failed = f"{type(problem).__name__}: {problem}"
        log.exception("demo replay failed")
    finally:
        status.done.set()


def _send_checks(
    client: httpx.Client, city: DemoCity, batch: list[bytes], status: ReplayStatus
) -> list[bytes]:
    """Orders, gold sales and parcels go to their partner's check, as the platform, bank
    or courier would ask before acting; the rest is returned for ``/v1/events``."""
    rest = []
    decoder = msgspec.json.Decoder(_Stamp)
    for line in batch:
        stamp = decoder.decode(line)
        key = city.partner_keys.get(stamp.source)
        if stamp.kind not in CHECKED_KINDS or key is None:
            rest.append(line)
            continue
        answer = client.post(
            f"/v1/checks/{CHECKED_KINDS[stamp.kind]}",
            content=line,
            headers={"X-Api-Key": key, "Content-Type": "application/json"},
        )
        if answer.status_code == 200:
            status.checks += 1
            status.flagged += answer.json()["decision"] != "allow"
        else:
            rest.append(line)
    return rest


def _feeder_token(city: DemoCity, base_url: str) -> str:
    """A one-off admin login for the replay, never printed."""
    password = secrets.token_urlsafe(16)
    create_user(
        SqlUserDirectory(engine(city.database_url)),
        User(user_id=FEEDER, display_name="demo replay", role=Role.ADMIN),
        password,
    )
    answer = httpx.post(
        f"{base_url}/v1/auth/login", json={"user_id": FEEDER, "password": password}, timeout=30
    )
    answer.raise_for_status()
    token: str = answer.json()["token"]
    return token


def run_demo(
    directory: Path,
    persons: int,
    seed: int,
    speed: float,
    host: str,
    port: int,
    fast_forward_to: str,
    exit_when_done: bool,
    allow_demo_logins: bool = False,
    deadline_scale: float | None = None,
) -> ReplayStatus:
    """Prepare, serve and replay; returns when the server stops (Ctrl-C, or the day ends).

    ``deadline_scale`` (default: ``speed``) stretches every deadline: at 60× the
    policy's five minutes to sign are five real minutes for the officer playing,
    not five seconds — 1 keeps them in simulated time.

    The demo's logins share one printed password, so on an address others can
    reach it refuses to start unless ``allow_demo_logins`` says it is meant.
    """
    if not allow_demo_logins and not is_loopback(host):
        raise SystemExit(
            f"fanzha demo: the demo logins share the public password {DEMO_PASSWORD!r}; "
            f"on {host} anyone who can reach it could log in. Serve on 127.0.0.1, or pass "
            "--allow-demo-logins if that is what you want."
        )
    configure_logging("WARNING")  # the progress bar and the summary speak; routine logs wait
    err = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        city = prepare_city(directory, persons, seed, progress, fast_forward_to)
        task = progress.add_task("warming live detection", total=None)
        detector = load_detector(city.database_url)
        progress.update(task, total=1, completed=1)
    hour, minute = (int(part) for part in fast_forward_to.split(":"))
    local_start = city.start.astimezone(center_zone())
    fast_until = local_start.replace(hour=hour, minute=minute, second=0, microsecond=0)
    clock = ReplayClock(city.start, speed)
    context = build_services(city.database_url, clock, detector)
    context.session_clock = SystemClock()
    scale_deadlines(context, speed if deadline_scale is None else deadline_scale)
    sweeper = start_deadline_sweeper(context, every_s=max(1.0, 60.0 / speed * 5))
    webhooks = start_webhook_worker(context)
    server = in_process_server(context, host, port)
    status = ReplayStatus()
    stop = threading.Event()
    base_url = f"http://{host}:{port}"

    def start_replay() -> None:
        while not server.started:
            if stop.wait(0.05):
                return
        token = _feeder_token(city, base_url)
        _print_welcome(err, base_url, city, speed, context.deadline_scale)
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("replaying the day", total=city.activity_events)
            replay(
                city,
                base_url,
                clock,
                token,
                status,
                fast_until,
                stop,
                on_batch=lambda n: progress.advance(task, n),
            )
        err.print(
            f"replayed {status.posted:,} events: {status.warnings:,} warnings, "
            f"{len(status.tasks):,} tasks, {status.checks:,} partner checks "
            f"({status.flagged:,} warned or held)"
            + (f" — [red]stopped: {status.failed}[/red]" if status.failed else "")
        )
        if exit_when_done:
            server.should_exit = True

    feeder = threading.Thread(target=start_replay, name="demo-replay", daemon=True)
    feeder.start()
    try:
        server.run()
    finally:
        stop.set()
        sweeper.set()
        webhooks.set()
        feeder.join(timeout=10)
    return status


def scale_deadlines(context: Services, factor: float) -> None:
    """Deadlines (and what counts as "due soon") ``factor`` times the policy's."""
    context.tasks.policy = context.tasks.policy.scaled(factor)
    context.tasks.retime_deadlines()  # the stored due times the sweep reads, re-timed
    context.deadline_scale = factor


def _print_welcome(
    err: Console, base_url: str, city: DemoCity, speed: float, deadline_scale: float
) -> None:
    err.print(f"\n[bold green]fanzha demo is running:[/bold green] {base_url}/ui/")
    day = city.start.astimezone(center_zone())
    err.print(
        f"replaying {city.activity_events:,} events of {day:%Y-%m-%d} at {speed:g}× (Ctrl-C stops)"
    )
    if deadline_scale != 1:
        err.print(
            f"deadlines run {deadline_scale:g}× the policy: at {speed:g}× a red task's "
            f"5 minutes to sign are {5 * deadline_scale / speed:g} real minutes"
        )
    err.print("logins (password for all: [bold]fanzha-demo[/bold]):")
    for login in DEMO_LOGINS:
        err.print(f"  {login.user_id:<10} {login.label}")
    err.print("")
