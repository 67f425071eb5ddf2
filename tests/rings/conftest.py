"""The ring tests share the API tests' real server on loopback (fixtures re-exported)."""

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

Server = api_conftest.Server
server = api_conftest.server
ui_server = api_conftest.ui_server
