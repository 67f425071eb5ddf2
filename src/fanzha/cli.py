"""The ``fanzha`` command. Thin: each command parses arguments and calls a capability."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from fanzha import __version__
from fanzha.cli_partners import partners_app
from fanzha.cli_patrol import patrol_app

app = typer.Typer(
    name="fanzha",
    help="反诈 fanzha — anti-telecom-fraud center platform.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """反诈 fanzha — anti-telecom-fraud center platform."""


@app.command()
def version() -> None:
    """Print the fanzha version."""
    typer.echo(__version__)


db_app = typer.Typer(help="Database: migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(patrol_app, name="patrol")
app.add_typer(partners_app, name="partners")


@db_app.command("upgrade")
def db_upgrade(
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """Create or migrate the database to the newest schema."""
    from fanzha.store import migrate

    migrate(database_url)
    typer.echo("database is at the newest schema")


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines (.jsonl, .gz, .zst) or Parquet")],
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
    dead_letter: Annotated[
        Path | None,
        typer.Option(
            help="one file for all rejected lines; default DATA_DIR/dead-letter/<file>.jsonl"
        ),
    ] = None,
) -> None:
    """Load event files into the store. Running it twice adds nothing.

    Exit code 0 if lines were accepted, even when others were rejected (they are
    listed on stderr and kept in the dead-letter file); 1 if a file cannot be read
    or none of its lines was valid.
    """
    from fanzha.ingest.command import run_ingest

    raise typer.Exit(run_ingest(files, database_url, dead_letter))


@app.command()
def simulate(
    out: Annotated[Path, typer.Option(help="directory for events.jsonl and truth.json")] = Path(
        "city"
    ),
    persons: Annotated[int | None, typer.Option(help="residents")] = None,
    days: Annotated[int | None, typer.Option(help="days to simulate")] = None,
    seed: Annotated[int | None, typer.Option(help="random seed (same seed, same city)")] = None,
    start: Annotated[str | None, typer.Option(help="first day, YYYY-MM-DD")] = None,
    victims_per_10k: Annotated[
        float | None, typer.Option(help="victims per 10,000 persons a day")
    ] = None,
    report_rate: Annotated[
        float | None, typer.Option(help="share of victims who report to 110/96110")
    ] = None,
    duplicate_share: Annotated[
        float | None, typer.Option(help="share of events sent twice")
    ] = None,
    late_share: Annotated[
        float | None, typer.Option(help="share of events arriving up to 2 hours late")
    ] = None,
    params: Annotated[Path | None, typer.Option(help="YAML file with any SimParams field")] = None,
    year: Annotated[
        int | None,
        typer.Option(help="a demo year for the statistics: this year and the one before"),
    ] = None,
    preset: Annotated[
        str,
        typer.Option(
            help="easy: the plain city (default, unchanged); realistic: partial data sharing, "
            "noisy tags, disguised lures, labelled benign look-alikes, harder journeys"
        ),
    ] = "easy",
    world: Annotated[
        int | None,
        typer.Option(
            help="domain randomisation: draw data sharing, tag noise, disguises, look-alike "
            "rates, journey variants and the typology mix from seed N (sim/config/worlds.yaml)"
        ),
    ] = None,
) -> None:
    """Simulate the synthetic Wuhan: residents, ordinary life, fraud rings and victims.

    Writes OUT/events.jsonl (contract v1) and OUT/truth.json (docs/truth.md).
    Layers, each over the one before: --preset, the --world draw, the --params file,
    then the single options given here.
    """
    from fanzha.sim.command import YEAR_DEFAULTS, run_simulate

    if year is not None:  # a long, thin city: fraud in full, ordinary life sampled
        params = params or YEAR_DEFAULTS
        start = start or f"{year - 1}-01-01"
        days = days or (date(year + 1, 1, 1) - date(year - 1, 1, 1)).days
    run_simulate(
        out,
        params,
        preset=preset,
        world=world,
        persons=persons,
        days=days,
        seed=seed,
        start=start,
        victims_per_10k_per_day=victims_per_10k,
        report_rate=report_rate,
        duplicate_share=duplicate_share,
        late_share=late_share,
    )


@db_app.command("counts")
def db_counts(
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """Rows per event kind, read through DuckDB (as reports and statistics do)."""
    from fanzha.store.analytics import event_counts

    counts = event_counts(database_url)
    for kind, count in counts.items():
        typer.echo(f"{kind:15} {count:>12,}")
    typer.echo(f"{'total':15} {sum(counts.values()):>12,}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
    workers: Annotated[int, typer.Option(help="worker processes sharing the database")] = 1,
    allow_demo_logins: Annotated[
        bool, typer.Option(help="accept the demo password fanzha-demo on a non-loopback host")
    ] = False,
    rules: Annotated[
        Path | None,
        typer.Option(help="detection rules YAML (default: the shipped rules); reloadable"),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="MODEL_DIR from `fanzha learn`; 'none': the rules score (default: shipped);"
            " reloaded with the rules"
        ),
    ] = None,
    shadow_rules: Annotated[
        Path | None,
        typer.Option(help="candidate rules scored beside the live ones; counted, never sent"),
    ] = None,
    bus: Annotated[
        str | None,
        typer.Option(help="NATS URL: many servers; events to JetStream, warnings from it"),
    ] = None,
    bus_consumer: Annotated[
        str | None, typer.Option(help="durable name for the warnings (default serve-HOST-PORT)")
    ] = None,
) -> None:
    """Run the service: API, live detection on posted events, tasks, and the web UI."""
    from fanzha.detect.learned import ModelError
    from fanzha.detect.rules import RulesError
    from fanzha.server.serve import run_server

    try:
        run_server(
            host, port, database_url, workers, allow_demo_logins, rules, model, shadow_rules,
            bus, bus_consumer,
        )  # fmt: skip
    except (RulesError, ModelError, FileNotFoundError) as err:
        raise typer.BadParameter(str(err)) from None


@app.command()
def detector(
    bus: Annotated[str, typer.Option(help="NATS URL of the JetStream bus")],
    city: Annotated[str, typer.Option(help="names the durable consumer; keep it")] = "city",
    rules: Annotated[Path | None, typer.Option(help="rules YAML (default: built-in)")] = None,
    model: Annotated[
        str | None, typer.Option(help="MODEL_DIR, or 'none' (default: shipped)")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="warm the directory with the residents stored there, and read "
            "its freeze lists and listed mules"
        ),
    ] = None,
) -> None:
    """One detector for a city behind many `serve --bus`: events in, warnings out."""
    from fanzha.server.detector import run_detector_command

    run_detector_command(bus, city, rules, model, database_url)


@app.command()
def demo(
    persons: Annotated[int, typer.Option(help="residents of the simulated city")] = 20000,
    seed: Annotated[int, typer.Option(help="random seed of the city")] = 7,
    speed: Annotated[float, typer.Option(help="simulated seconds per real second")] = 60.0,
    fast_forward_to: Annotated[
        str, typer.Option(help="replay the night up to this local time at once (HH:MM)")
    ] = "08:00",
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    directory: Annotated[
        Path, typer.Option("--dir", help="where the demo city and its database go")
    ] = Path("demo"),
    exit_when_done: Annotated[
        bool, typer.Option(help="stop the server when the day has been replayed")
    ] = False,
    allow_demo_logins: Annotated[
        bool,
        typer.Option(help="serve the public demo logins on a non-loopback host (e.g. 0.0.0.0)"),
    ] = False,
    deadline_scale: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="stretch every deadline this many times (default: --speed, so deadlines run "
            "in real time for the officers playing; 1: in simulated time)",
        ),
    ] = None,
) -> None:
    """Simulate a city and replay its day live into the service, with demo logins."""
    from fanzha.demo.run import run_demo

    status = run_demo(
        directory,
        persons,
        seed,
        speed,
        host,
        port,
        fast_forward_to,
        exit_when_done,
        allow_demo_logins=allow_demo_logins,
        deadline_scale=deadline_scale,
    )
    raise typer.Exit(1 if status.failed else 0)


@app.command()
def trace(
    events: Annotated[list[Path], typer.Argument(help="event files (JSON Lines or Parquet)")],
    out: Annotated[Path, typer.Option(help="freeze requests, JSON Lines")] = Path("freeze.jsonl"),
    config: Annotated[
        Path | None, typer.Option(help="trace settings YAML (policy, banks, hubs…)")
    ] = None,
    answers: Annotated[
        list[Path] | None,
        typer.Option("--answers", help="banks' answers to queries (transfer events)"),
    ] = None,
    case: Annotated[str | None, typer.Option(help="a report id: draw or export this case")] = None,
    svg: Annotated[Path | None, typer.Option(help="draw the case's money flow here")] = None,
    ftm: Annotated[
        Path | None, typer.Option(help="the case as FollowTheMoney entities (JSON Lines)")
    ] = None,
    network: Annotated[
        Path | None, typer.Option(help="the case for Gephi: a .gexf or .graphml file")
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="a simulated city's truth.json: score the freeze list")
    ] = None,
    at_report: Annotated[
        bool,
        typer.Option(help="each case as the center saw it when the report came, not at the end"),
    ] = False,
    records: Annotated[
        Path | None,
        typer.Option(
            help="what banks sharing nothing keep (a simulated city's bank_records.jsonl): "
            "they answer each query after --answer-hours and the case is traced again then"
        ),
    ] = None,
    answer_hours: Annotated[
        str, typer.Option(help="how long a bank takes to answer a query: LOW-HIGH hours")
    ] = "1-6",
) -> None:
    """Trace every report's stolen money through the mule layers; write freeze requests."""
    from fanzha.trace.command import run_trace

    low, _, high = answer_hours.partition("-")
    try:
        hours = (float(low), float(high or low))
    except ValueError as bad:
        message = f"--answer-hours {answer_hours!r}: give LOW-HIGH, e.g. 1-6"
        raise typer.BadParameter(message) from bad
    code = run_trace(
        events,
        out,
        config,
        answers or [],
        case,
        svg,
        ftm,
        network,
        truth,
        at_report=at_report,
        records=records,
        answer_hours=hours,
    )
    raise typer.Exit(code)


@app.command()
def rings(
    events: Annotated[list[Path], typer.Argument(help="event files (JSON Lines or Parquet)")],
    out: Annotated[Path, typer.Option(help="rings, JSON Lines")] = Path("rings.jsonl"),
    trace_config: Annotated[
        Path | None, typer.Option(help="trace settings YAML (policy, hubs…)")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="ring settings YAML (hubs, windows)")] = None,
    truth: Annotated[
        Path | None, typer.Option(help="a simulated city's truth.json: print ARI and counts")
    ] = None,
    load: Annotated[
        bool, typer.Option("--load", help="also keep the rings in the service's database")
    ] = False,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL for --load; default from settings")
    ] = None,
) -> None:
    """Group cases, mule accounts, phones and addresses into rings (串并案); write rings.jsonl."""
    from fanzha.rings.command import run_rings

    raise typer.Exit(run_rings(events, out, trace_config, config, truth, load, database_url))


@app.command()
def replay(
    events: Annotated[list[Path], typer.Argument(help="event files, e.g. a simulated year")],
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
    seed: Annotated[int, typer.Option(help="seed of the simulated officers and banks")] = 7,
) -> None:
    """Replay events through detection and tasks on their own clock, with simulated officers
    and banks at work (for statistics and the year's report)."""
    from fanzha.demo.year import run_replay

    run_replay(events, database_url, seed)


@app.command()
def report(
    year: Annotated[int, typer.Option(help="the year to report on")],
    district: Annotated[str | None, typer.Option(help="one district, e.g. 硚口区")] = None,
    out: Annotated[Path, typer.Option(help="directory for HTML, PDF, CSV and XLSX")] = Path(
        "reports"
    ),
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """The year in figures: HTML and PDF report in Chinese, every table as CSV and XLSX."""
    from fanzha.stats.command import run_report

    run_report(year, district, out, database_url)


users_app = typer.Typer(
    help="Users of the center: officers, analysts, auditors.", no_args_is_help=True
)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    user_id: Annotated[str, typer.Argument(help="login name")],
    role: Annotated[
        str, typer.Option(help="center_analyst, district_officer, station_officer, auditor, admin")
    ],
    name: Annotated[str, typer.Option(help="display name")] = "",
    district: Annotated[str | None, typer.Option(help="jurisdiction, e.g. 硚口区")] = None,
    station: Annotated[
        str | None, typer.Option(help="police station, for station officers")
    ] = None,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """Create or update a user (the password is stored as an Argon2id hash)."""
    from fanzha.security.passwords import WeakPassword
    from fanzha.server.admin import add_user

    try:
        add_user(database_url, user_id, role, name or user_id, district, station, password)
    except WeakPassword as weak:
        typer.echo(f"fanzha users add: {weak}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"user {user_id} saved")


audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """Check the audit log's hash chain; exit 1 and name the first bad entry if broken."""
    from fanzha.server.admin import verify_audit

    ok, message = verify_audit(database_url)
    typer.echo(message)
    raise typer.Exit(0 if ok else 1)


@app.command()
def detect(
    events: Annotated[list[Path], typer.Argument(help="event files (JSON Lines or Parquet)")],
    out: Annotated[Path, typer.Option(help="warnings, JSON Lines")] = Path("warnings.jsonl"),
    rules: Annotated[Path | None, typer.Option(help="rules YAML (default: built-in)")] = None,
    lateness: Annotated[int, typer.Option(help="minutes a late event is still used")] = 120,
    engine: Annotated[
        str, typer.Option(help="embedded (this process) or flink (a local Flink mini-cluster)")
    ] = "embedded",
    parallelism: Annotated[int, typer.Option(help="Flink task slots (--engine flink)")] = 1,
    model: Annotated[
        str | None,
        typer.Option(
            help="MODEL_DIR from `fanzha learn`; 'none': the rules score (default: shipped)"
        ),
    ] = None,
) -> None:
    """Find likely victims before they pay: write warnings with level, typology and reasons."""
    if engine == "flink":
        from fanzha.detect.command import run_detect_on_flink

        run_detect_on_flink(events, out, rules, lateness, parallelism, model)
        return
    if engine != "embedded":
        raise typer.BadParameter(
            f"unknown engine {engine!r}: embedded or flink", param_hint="--engine"
        )
    from fanzha.detect.command import run_detect

    run_detect(events, out, rules, lateness, model)


@app.command()
def backtest(
    events: Annotated[list[Path], typer.Argument(help="event files of a simulated city")],
    truth: Annotated[Path, typer.Option(help="the city's truth.json")],
    rules: Annotated[Path | None, typer.Option(help="rules YAML (default: built-in)")] = None,
    compare: Annotated[Path | None, typer.Option(help="a second rules file, side by side")] = None,
    lateness: Annotated[int, typer.Option(help="minutes a late event is still used")] = 120,
    model: Annotated[
        str | None,
        typer.Option(
            help="MODEL_DIR from `fanzha learn`; 'none': the rules score (default: shipped)"
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="the figures as JSON")] = False,
) -> None:
    """Judge detection against a simulated city's truth: per typology, false warnings by
    look-alike kind, red warnings, and the ceiling (victims with a signal before loss)."""
    from fanzha.detect.command import run_backtest

    run_backtest(events, truth, rules, compare, lateness, model, json_out)


@app.command()
def mules(
    events: Annotated[list[Path], typer.Argument(help="event files (JSON Lines or Parquet)")],
    out: Annotated[Path, typer.Option(help="one score per account, JSON Lines")] = Path(
        "mules.jsonl"
    ),
    model: Annotated[
        str | None, typer.Option(help="default (shipped), none (hand weights) or a MODEL_DIR")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="mules YAML (threshold, model, BINs)")] = None,
    truth: Annotated[
        Path | None, typer.Option(help="a simulated city's truth.json: judge the scores")
    ] = None,
    load: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL: load the scores into the store")
    ] = None,
    learn: Annotated[
        Path | None, typer.Option("--learn", help="fit a model from EVENTS into this MODEL_DIR")
    ] = None,
    separate: Annotated[
        bool, typer.Option(help="with --learn: each EVENTS file is a history of its own")
    ] = False,
    train_share: Annotated[
        float, typer.Option(min=0.3, max=0.9, help="with --learn: the time split's train share")
    ] = 0.67,
    labels: Annotated[
        Path | None,
        typer.Option(help="with --learn: confirmed mule accounts (JSON with 'mules', or a list)"),
    ] = None,
) -> None:
    """Score every account seen as a money mule (断卡): score, reasons, evidence, when flagged."""
    from fanzha.mules.command import run_mules

    code = run_mules(events, out, model, config, truth, load, learn, separate, train_share, labels)
    raise typer.Exit(code)


@app.command()
def learn(
    events: Annotated[list[Path], typer.Argument(help="the center's event history (with reports)")],
    out: Annotated[Path, typer.Option(help="MODEL_DIR to write")],
    rules: Annotated[Path | None, typer.Option(help="rules YAML (default: built-in)")] = None,
    separate: Annotated[
        bool, typer.Option(help="each EVENTS file is a history of its own (several worlds)")
    ] = False,
    train_share: Annotated[
        float, typer.Option(min=0.3, max=0.9, help="share of the history the time split trains on")
    ] = 0.67,
) -> None:
    """Fit the scoring from history: reports are the labels; a time split says how it travels."""
    from fanzha.detect.command import run_learn

    run_learn(events, out, rules, separate, train_share)
