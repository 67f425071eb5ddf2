"""Shared fixtures: a real PostgreSQL server for the session, and SQLite files.

- ``pg_url``: a fresh, empty PostgreSQL database per test, on one throwaway
  server per session (``fanzha.store.pgtemp``), unless FANZHA_TEST_PG_URL names
  a server to use instead (then every test shares that database).
- ``sqlite_url``: a SQLite file in the test's temporary directory.
- ``db_url``: parametrised, runs a test once on each.
- ``build_once``: an expensive, read-only artefact (a simulated city) built
  once per run and shared by every pytest-xdist worker.

Where no PostgreSQL server can be started, tests that need it are skipped with
the reason — except in CI (CI=true), where that is a failure: CI installs
PostgreSQL and must exercise it.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import pickle
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from filelock import FileLock

from fanzha.store.pgtemp import TemporaryPostgres

# The Flink tests run in .venv-flink, where PyFlink is (./run.sh test runs them there).
collect_ignore = [] if importlib.util.find_spec("pyflink") else ["flink"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TemporaryPostgres | str]:
    given = os.environ.get("FANZHA_TEST_PG_URL")
    if given:
        yield given
        return
    try:
        server = TemporaryPostgres()
    except (RuntimeError, subprocess.CalledProcessError, OSError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        message = f"no PostgreSQL server could be started: {detail}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run the PostgreSQL tests)")
        pytest.skip(message)
    yield server
    server.stop()


_databases = itertools.count()


@pytest.fixture
def pg_url(pg_server: TemporaryPostgres | str) -> str:
    """A fresh, empty PostgreSQL database for each test (SQLAlchemy URL)."""
    if isinstance(pg_server, str):
        return pg_server
    return pg_server.create_database(f"test_{os.getpid()}_{next(_databases)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fanzha.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fanzha.db'}"
    return str(request.getfixturevalue("pg_url"))


BuildOnce = Callable[[str, Callable[[Path], object]], object]


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> BuildOnce:
    """``build_once(name, build)`` runs ``build(directory)`` once per test run.

    Why: under pytest-xdist each worker has its own session, so a session
    fixture that simulates a city would simulate it once per worker. The first
    worker to ask builds it in the run's shared temporary directory under a file
    lock; the others wait and get the same (pickled) result. What is built must
    be treated as read-only: every worker reads the same files.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's base directory, above every worker's own

    def build(name: str, make: Callable[[Path], object]) -> object:
        out = root / f"shared-{name}"
        result = out.with_suffix(".pickle")
        with FileLock(str(out.with_suffix(".lock"))):
            if not result.exists():
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
                value = make(out)
                result.write_bytes(pickle.dumps(value))
                return value
        return pickle.loads(result.read_bytes())

    return build


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(503 if receiver.fail else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on loopback that records what partners' webhooks receive."""
    r = Receiver()
    yield r
    r.server.shutdown()
