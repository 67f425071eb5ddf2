"""The ledger's tests run on the API tests' real server on loopback.

``tests/api/conftest.py`` builds a real ``fanzha serve`` application with a
controllable clock and two residents (P1 in 硚口区, P2 in 江岸区); its fixtures
are re-exported here, so the ledger is tested on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

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
