"""A city's year of tasks: the queue, the dashboard and the deadline sweep over HTTP.

    python benchmarks/tasks_year.py [--tasks 5000000] [--open 6000] [--overdue 400]
                                    [--requests 300] [--postgres | --database-url URL]

Loads ``--tasks`` tasks straight into a fresh database (SQLite by default,
a throwaway PostgreSQL with ``--postgres``): most closed over the past year,
``--open`` open ones from the last two days across the 13 districts (their
passed deadlines already swept), ``--overdue`` of them with a deadline missed
and not yet swept. Then starts ``fanzha serve`` on it and prints the duration
of the deadline sweep (the overdue ones escalated, then a sweep with nothing
due) and p50/p99 of the task list (first, deep and filtered pages) and of the
summary, for the city analyst and a district officer. Targets: list and
summary p99 < 200 ms, sweep < 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
from sqlalchemy import insert

from fanzha.dissuade.deadlines import DeadlinePolicy, next_deadline, sweep_due
from fanzha.dissuade.models import (
    Attempt,
    AttemptResult,
    Channel,
    Level,
    Outcome,
    Task,
    TaskState,
    Tier,
)
from fanzha.dissuade.queries import queue_key
from fanzha.dissuade.routing import Routing
from fanzha.store.db import create_engine_for, migrate
from fanzha.store.models import TaskOutcomeCountRow, TaskRow

FANZHA = str(Path(sys.executable).with_name("fanzha"))
BATCH = 20_000
LEVELS = [Level.HIGH] * 15 + [Level.MEDIUM] * 35 + [Level.LOW] * 50
TYPOLOGIES = ["impersonate_police", "investment", "task_rebate", "fake_loan", "romance",
              "impersonate_service", "fake_credit", "game_trade", "other"]  # fmt: skip
OUTCOMES = [Outcome.DISSUADED] * 60 + [Outcome.NOT_FRAUD] * 20 + [Outcome.UNREACHABLE] * 8 + [
    Outcome.PAID_STOPPED] * 4 + [Outcome.PAID_CASE_FILED] * 4 + [Outcome.REFUSED] * 4  # fmt: skip
ENCODER = msgspec.msgpack.Encoder()
PASSWORD = "year-load-Pass-19"
COLUMNS = ("task_id", "person_id", "district", "station", "state", "level", "typology",
           "created", "version", "queue", "outcome", "due_at", "sweep_at", "doc")  # fmt: skip


def closed_task(
    n: int, created: datetime, rng: random.Random, places: list[tuple[str, str]]
) -> Task:  # fmt: skip
    district, station = rng.choice(places)
    signed = created + timedelta(minutes=rng.uniform(1, 4))
    reached = signed + timedelta(minutes=rng.uniform(1, 5))
    resolved = reached + timedelta(minutes=rng.uniform(5, 60))
    officer = f"officer-{rng.randrange(400)}"
    return Task(
        task_id=f"T-y{n:08d}",
        warning_id=f"y{n:08d}",
        person_id=f"P{rng.randrange(3_000_000):07d}",
        level=rng.choice(LEVELS),
        typology=rng.choice(TYPOLOGIES),
        district=district,
        station=station,
        created=created,
        state=TaskState.CLOSED,
        officer=officer,
        signed_at=signed,
        first_contact_at=reached,
        resolved_at=resolved,
        outcome=rng.choice(OUTCOMES),
        attempts=[Attempt(channel=Channel.PHONE_CALL, ts=reached, officer=officer,
                          result=AttemptResult.REACHED, note="已劝阻，已告知勿转账")],
        history=[(created, "system", f"created from warning y{n:08d}"),
                 (signed, officer, "signed"), (reached, officer, "phone_call: reached"),
                 (resolved, officer, "resolved"), (resolved, officer, "closed")],
        version=5,
    )  # fmt: skip


def open_task(
    n: int, now: datetime, rng: random.Random, places: list[tuple[str, str]],
    policy: DeadlinePolicy, overdue: bool,
) -> Task:  # fmt: skip
    """An open task of the last two days whose passed deadlines were swept already
    (escalated), or — ``overdue`` — one the sweep has yet to escalate."""
    level = rng.choice(LEVELS)
    limits = policy.levels[level]
    created = now - timedelta(seconds=rng.uniform(60, 2 * 86400))
    if overdue:
        created = now - limits.sign - timedelta(seconds=rng.uniform(1, 3600))
    district, station = rng.choice(places)
    task = Task(
        task_id=f"T-o{n:08d}",
        warning_id=f"o{n:08d}",
        person_id=f"P{rng.randrange(3_000_000):07d}",
        level=level,
        typology=rng.choice(TYPOLOGIES),
        district=district,
        station=station,
        created=created,
        history=[(created, "system", f"created from warning o{n:08d}")],
    )
    if not overdue:
        names = ("sign", "first_contact", "on_site")
        passed = [n for n in names if (lim := getattr(limits, n)) and created + lim < now]
        if passed:
            task.state, task.tier, task.breaches = TaskState.ESCALATED, Tier.DISTRICT, passed
            task.version = len(passed)
    return task


def row(task: Task, policy: DeadlinePolicy) -> dict[str, Any]:
    due = next_deadline(task, policy)
    return {
        "task_id": task.task_id, "person_id": task.person_id, "district": task.district,
        "station": task.station, "state": str(task.state), "level": str(task.level),
        "typology": task.typology, "created": task.created, "version": task.version,
        "queue": queue_key(task.state, task.level),
        "outcome": None if task.outcome is None else str(task.outcome),
        "due_at": due[1] if due else None, "sweep_at": sweep_due(task, policy),
        "doc": ENCODER.encode(task),
    }  # fmt: skip


def load(
    url: str, total: int, opened: int, overdue: int, now: datetime, only_open: bool = False
) -> None:
    """Bulk insert in batches; ``only_open`` adds just the open ones (to a load that was
    stopped before it reached them: they come last, so they are fresh when measured)."""
    policy = DeadlinePolicy.load()
    routing = Routing.load()
    places = [(d, s) for d, ds in routing.districts.items() for s in ds.stations]
    rng = random.Random(19)
    engine = create_engine_for(url)
    counts: Counter[tuple[str, str, str]] = Counter()
    began = time.perf_counter()
    closed = total - opened
    raw = None
    sql = f"INSERT INTO tasks ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    if engine.dialect.name == "sqlite":  # a one-off load: durability comes after
        raw = sqlite3.connect(url.removeprefix("sqlite:///"))
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA cache_size = -2000000")
    done = closed if only_open else 0
    year_start = now - timedelta(days=365)
    step = 363 * 86400 / max(1, closed)  # created in order: every index grows at its end
    while done < total:
        batch = []
        for n in range(done, min(done + BATCH, total)):
            if n < closed:
                created = year_start + timedelta(seconds=n * step + rng.uniform(0, step))
                task = closed_task(n, created, rng, places)
                assert task.outcome is not None
                counts[(task.district or "", task.station or "", str(task.outcome))] += 1
            else:
                task = open_task(n, now, rng, places, policy, n >= total - overdue)
            batch.append(row(task, policy))
        batch.sort(key=lambda r: r["created"])
        if raw is not None:  # SQLite: the driver directly, times as SQLAlchemy writes them
            raw.executemany(sql, [tuple(_plain(r[c]) for c in COLUMNS) for r in batch])
            raw.commit()
        else:
            with engine.begin() as conn:
                conn.execute(insert(TaskRow), batch)
        done += len(batch)
        if done % 250_000 < BATCH or done == total:
            spent = time.perf_counter() - began
            eta = spent / (done - (closed if only_open else 0)) * (total - done)
            print(f"  loaded {done:>10,} / {total:,} tasks  {done / spent:>8,.0f}/s  "
                  f"eta {eta:>5.0f} s", flush=True)  # fmt: skip
    if raw is not None:
        raw.close()
    with engine.begin() as conn:
        if counts:
            conn.execute(insert(TaskOutcomeCountRow), [
                {"district": d, "station": s, "outcome": o, "n": n}
                for (d, s, o), n in counts.items()
            ])  # fmt: skip
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE tasks")
        else:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def count_outcomes(url: str, opened: int, overdue: int) -> None:
    """Finish a load that was stopped early: its open tasks and outcome counters."""
    engine = create_engine_for(url)
    with engine.connect() as conn:
        loaded = conn.exec_driver_sql("SELECT COUNT(*) FROM tasks").scalar() or 0
        has_open = conn.exec_driver_sql("SELECT 1 FROM tasks WHERE queue < 3 LIMIT 1").scalar()
    if not has_open:
        print(f"adding {opened:,} open tasks to the {loaded:,} loaded", flush=True)
        load(url, loaded + opened, opened, overdue, datetime.now(UTC), only_open=True)
    else:  # measured before: its overdue tasks were swept, so plant fresh ones
        print(f"adding {overdue:,} overdue tasks to the {loaded:,} loaded", flush=True)
        load(url, loaded + overdue, overdue, overdue, datetime.now(UTC), only_open=True)
    with engine.begin() as conn:
        if not conn.exec_driver_sql("SELECT COUNT(*) FROM task_outcome_counts").scalar():
            conn.exec_driver_sql(
                "INSERT INTO task_outcome_counts (district, station, outcome, n)"
                " SELECT COALESCE(district, ''), COALESCE(station, ''), outcome, COUNT(*)"
                " FROM tasks WHERE outcome IS NOT NULL GROUP BY 1, 2, 3"
            )
        print(f"tasks in the store: {loaded + (overdue if has_open else opened):,}", flush=True)
    engine.dispose()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def timed(client: httpx.Client, path: str, token: str, n: int) -> tuple[list[float], Any]:
    spent, body = [], None
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(n):
        t0 = time.perf_counter()
        answer = client.get(path, headers=headers)
        spent.append((time.perf_counter() - t0) * 1000)
        answer.raise_for_status()
        body = answer
    return spent, body


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def serve_and_measure(url: str, work: Path, requests: int, overdue: int) -> None:
    env = {**os.environ, "FANZHA_DATABASE_URL": url, "FANZHA_DATA_DIR": str(work)}
    for user, role, district in (("bench", "center_analyst", None),
                                 ("wc", "district_officer", "武昌区")):  # fmt: skip
        extra = ["--district", district] if district else []
        subprocess.run([FANZHA, "users", "add", user, "--role", role, "--password",
                        PASSWORD, *extra], check=False, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    port = _free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen([FANZHA, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, trust_env=False, timeout=120) as client:
            for _ in range(600):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            print(f"server up in {time.perf_counter() - t0:.1f} s")
            tokens = {
                user: client.post("/v1/auth/login", json={"user_id": user,
                                  "password": PASSWORD}).json()["token"]
                for user in ("bench", "wc")
            }  # fmt: skip
            auth = {"Authorization": f"Bearer {tokens['bench']}"}
            for label in ("sweep, overdue due", "sweep, nothing due"):
                t0 = time.perf_counter()
                breaches = client.post("/v1/deadlines/sweep", headers=auth).json()
                took = (time.perf_counter() - t0) * 1000
                swept = len({b["task_id"] for b in breaches})
                print(f"{label:22}: {took:8.1f} ms, {len(breaches)} breaches "
                      f"({swept} tasks; {overdue} planted)")  # fmt: skip
            first = client.get("/v1/tasks", headers=auth, params={"limit": 100})
            cursor = first.headers["X-Next-Cursor"]
            for _ in range(60):  # walk into the closed part of the year
                page = client.get("/v1/tasks", headers=auth,
                                  params={"limit": 100, "cursor": cursor})  # fmt: skip
                cursor = page.headers.get("X-Next-Cursor", cursor)
            cases = [
                ("GET /v1/tasks (first page, analyst)", "/v1/tasks?limit=100", "bench"),
                ("GET /v1/tasks (page 62, closed)", f"/v1/tasks?limit=100&cursor={cursor}",
                 "bench"),
                ("GET /v1/tasks?district=武昌 (analyst)", "/v1/tasks?district=武昌&limit=100",
                 "bench"),
                ("GET /v1/tasks?state=closed&level=high",
                 "/v1/tasks?state=closed&level=high&limit=100", "bench"),
                ("GET /v1/tasks (district officer)", "/v1/tasks?limit=100", "wc"),
                ("GET /v1/summary (analyst)", "/v1/summary", "bench"),
                ("GET /v1/summary (district officer)", "/v1/summary", "wc"),
            ]  # fmt: skip
            for label, path, user in cases:
                spent, answer = timed(client, path, tokens[user], requests)
                size = len(answer.json()) if isinstance(answer.json(), list) else "-"
                print(f"{label:40}: p50 {statistics.median(spent):6.1f} ms  "
                      f"p99 {pct(spent, 0.99):6.1f} ms  (n={requests}, rows {size})")  # fmt: skip
            summary = client.get("/v1/summary", headers=auth).json()
            print(f"summary: {summary['total_open']:,} open, outcomes "
                  f"{sum(summary['outcomes'].values()):,}, at risk "
                  f"{summary['deadlines_at_risk_total']}")  # fmt: skip
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


def _free_port() -> int:
    from fanzha.net import free_port

    return free_port()


def year_case(
    tasks: int, opened: int, overdue: int, requests: int, url: str | None, postgres: bool,
    work: Path, measure_only: bool = False,
) -> None:  # fmt: skip
    """Load a year into a fresh database in ``work`` (or ``url``), serve it, measure."""
    pg = None
    if url is None and postgres:
        from fanzha.store.pgtemp import TemporaryPostgres

        pg = TemporaryPostgres()
        url = pg.create_database("year")
    url = url or f"sqlite:///{work / 'year.db'}"
    try:
        if measure_only:
            count_outcomes(url, opened, overdue)
            serve_and_measure(url, work, requests, overdue)
            return
        migrate(url)
        print(f"loading {tasks:,} tasks ({opened:,} open, {overdue} overdue) "
              f"into {url.split(':')[0]}", flush=True)  # fmt: skip
        t0 = time.perf_counter()
        load(url, tasks, opened, overdue, datetime.now(UTC))
        print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)
        serve_and_measure(url, work, requests, overdue)
    finally:
        if pg is not None:
            pg.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=5_000_000)
    parser.add_argument("--open", type=int, default=6000)
    parser.add_argument("--overdue", type=int, default=400)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL")
    parser.add_argument("--database-url", help="an empty database to load into")
    parser.add_argument("--dir", type=Path, help="work directory (kept); default a temp one")
    parser.add_argument(
        "--measure-only", action="store_true", help="the database in --dir is loaded already"
    )
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="fanzha-year-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        year_case(args.tasks, args.open, args.overdue, args.requests, args.database_url,
                  args.postgres, work, args.measure_only)  # fmt: skip
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
