"""The attack suite shares the API tests' real server on loopback.

``tests/api/conftest.py`` builds a real ``fanzha serve`` application with a
controllable clock and the demo residents; the attacks reuse it as is (its
fixtures are re-exported here) so that every finding is replayed against the
same server users get, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_API_CONFTEST = Path(__file__).resolve().parent.parent / "api" / "conftest.py"
_spec = importlib.util.spec_from_file_location("fanzha_tests_api_conftest", _API_CONFTEST)
assert _spec and _spec.loader
api_conftest = sys.modules.get(_spec.name) or importlib.util.module_from_spec(_spec)
if _spec.name not in sys.modules:
    sys.modules[_spec.name] = api_conftest
    _spec.loader.exec_module(api_conftest)

PASSWORD = api_conftest.PASSWORD
PERSONS = api_conftest.PERSONS
Server = api_conftest.Server
serve = api_conftest.serve
spoofed_call = api_conftest.spoofed_call
server = api_conftest.server
ui_server = api_conftest.ui_server
task_for = api_conftest.task_for
ui_task_for = api_conftest.ui_task_for


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    """A real nats-server with JetStream for one test, its store in the test's directory."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _bus22_support import Nats

    server = Nats(tmp_path / "jetstream").start()
    try:
        yield server.url
    finally:
        server.stop()
