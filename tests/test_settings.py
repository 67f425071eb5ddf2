"""One settings module: every knob read from ``FANZHA_*`` once, refused by name when
bad, documented in one generated table, and the only place paths and zones come from."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

import fanzha
from fanzha.detect.flink import FlinkUnavailable, flink_python, job_command
from fanzha.dissuade.deadlines import DeadlinePolicy
from fanzha.rings.config import default_ring_config
from fanzha.settings import (
    Settings,
    SettingsError,
    center_zone,
    get_settings,
    settings_table,
    source_checkout,
)
from fanzha.stats.figures import Period
from fanzha.trace.config import DEFAULT_CONFIG as TRACE_DEFAULT
from fanzha.trace.config import TraceConfig, default_trace_config
from fanzha.yamlconfig import PolicyFileError

CLI = "import sys; from fanzha.cli import app; sys.argv[0] = 'fanzha'; app()"
SRC = Path(fanzha.__file__).parent
ROOT = SRC.parent.parent


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test reads the environment it sets up, and leaves no cached copy behind."""
    for name in list(os.environ):
        if name.startswith("FANZHA_") and name != "FANZHA_TEST_PG_URL":
            monkeypatch.delenv(name)
    caches = (get_settings, default_trace_config, default_ring_config)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FANZHA_TIMEZONE", "Asia/Urumqi")
    monkeypatch.setenv("FANZHA_TRACE_CONFIG", str(tmp_path / "trace.yaml"))
    monkeypatch.setenv("FANZHA_LOGIN_QUEUE", "7")
    settings = get_settings()
    assert settings.trace_config == tmp_path / "trace.yaml"
    assert settings.login_queue == 7
    assert str(center_zone()) == "Asia/Urumqi"
    # The center's year starts at its own midnight: 2025-01-01 00:00 in Urumqi is 18:00 UTC.
    assert Period.year(2025).start.astimezone(UTC) == datetime(2024, 12, 31, 18, tzinfo=UTC)


def test_unset_means_the_shipped_default() -> None:
    assert str(center_zone()) == "Asia/Shanghai"
    assert get_settings().trace_config is None
    assert default_trace_config() == TraceConfig.load(TRACE_DEFAULT)


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("FANZHA_TIMEZONE", "Asia/Wuhan", "'Asia/Wuhan' is not a time zone"),
        ("FANZHA_TIMEZONE", "../../etc/passwd", "not a time zone"),
        ("FANZHA_LOGIN_WORKERS", "many", "valid integer"),
        ("FANZHA_BODY_LIMITS", '{"/v1/events": "big"}', "valid integer"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, said: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as refused:
        get_settings()
    assert variable in str(refused.value) and said in str(refused.value)


def test_a_refused_key_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANZHA_AUDIT_KEY", "s3cret-audit-key-0123456789abcdef")
    monkeypatch.setenv("FANZHA_LOGIN_QUEUE", "s3cret-audit-key-0123456789abcdef")
    with pytest.raises(SettingsError) as refused:
        get_settings()
    assert "FANZHA_LOGIN_QUEUE" in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_a_bad_zone_stops_a_real_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANZHA_")}
    env["FANZHA_TIMEZONE"] = "Mars/Olympus"
    env["FANZHA_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CLI, "report", "--year", "2025", "--out", str(tmp_path / "r")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "FANZHA_TIMEZONE" in done.stderr and "Mars/Olympus" in done.stderr


# ---- the Flink interpreter -----------------------------------------------------------


def _venv(where: Path) -> Path:
    (where / "bin").mkdir(parents=True)
    python = where / "bin" / "python"
    python.symlink_to(sys.executable)
    return python


def test_the_flink_venv_can_live_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    python = _venv(tmp_path / "somewhere" / "flink-env")
    monkeypatch.setenv("FANZHA_FLINK_VENV", str(tmp_path / "somewhere" / "flink-env"))
    assert flink_python() == python
    assert job_command("--help")[:3] == [str(python), "-m", "fanzha.flink"]


def test_the_interpreter_named_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    python = _venv(tmp_path / "a")
    _venv(tmp_path / "b")
    monkeypatch.setenv("FANZHA_FLINK_PYTHON", str(python))
    monkeypatch.setenv("FANZHA_FLINK_VENV", str(tmp_path / "b"))
    assert flink_python() == python


def test_a_wrong_flink_path_is_reported_not_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _venv(tmp_path / ".venv-flink")  # one in the working directory, not the one asked for
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FANZHA_FLINK_PYTHON", str(tmp_path / "gone" / "python"))
    with pytest.raises(FlinkUnavailable) as missing:
        flink_python()
    assert "FANZHA_FLINK_PYTHON" in str(missing.value)
    assert str(tmp_path / "gone" / "python") in str(missing.value)


def test_a_python_without_pyflink_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from fanzha.detect.flink_cluster import flink_home

    python = _venv(tmp_path / "plain")  # the service's own Python: no PyFlink in it
    monkeypatch.setenv("FANZHA_FLINK_PYTHON", str(python))
    with pytest.raises(FileNotFoundError, match="has no pyflink package"):
        flink_home()


def test_only_a_src_checkout_counts_as_one(tmp_path: Path) -> None:
    checkout = tmp_path / "fanzha-checkout"
    (checkout / "src" / "fanzha").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("[project]\nname='fanzha'\n")
    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "fanzha"
    installed.mkdir(parents=True)
    assert source_checkout(checkout / "src" / "fanzha") == checkout.resolve()
    assert source_checkout(installed) is None
    assert source_checkout() == ROOT.resolve()  # these tests run from the checkout


def test_installed_outside_the_checkout_the_flink_python_still_resolves(tmp_path: Path) -> None:
    """fanzha copied into a site-packages (as a wheel installs it), run from elsewhere:
    no ``parents[3]`` guess; the settings find the interpreter, or say where they looked."""
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    shutil.copytree(SRC, site / "fanzha", ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANZHA_")}
    env["PYTHONPATH"] = str(site)
    ask = [
        sys.executable,
        "-c",
        "import fanzha, fanzha.detect.flink as f; print(fanzha.__file__); print(f.flink_python())",
    ]
    missing = subprocess.run(ask, env=env, cwd=elsewhere, capture_output=True, text=True)
    assert missing.returncode != 0
    assert "FlinkUnavailable" in missing.stderr and str(elsewhere) in missing.stderr
    assert str(ROOT) not in missing.stderr  # the checkout this test runs from is not guessed

    python = _venv(tmp_path / "flink-env")
    env["FANZHA_FLINK_VENV"] = str(tmp_path / "flink-env")
    found = subprocess.run(ask, env=env, cwd=elsewhere, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    module, interpreter = found.stdout.split()
    assert module.startswith(str(site)) and interpreter == str(python)


# ---- policy files ----------------------------------------------------------------------


def test_a_policy_file_is_read_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mine = tmp_path / "trace.yaml"
    mine.write_text(TRACE_DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("FANZHA_TRACE_CONFIG", str(mine))
    first = default_trace_config()
    mine.write_text("policy: [not, a, policy\n", encoding="utf-8")  # an edit after start-up
    assert default_trace_config() is first  # requests keep the file read at start-up


def test_a_bad_policy_file_names_file_and_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "trace.yaml"
    bad.write_text("policy:\n  fifo: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("FANZHA_TRACE_CONFIG", str(bad))
    with pytest.raises(PolicyFileError) as refused:
        default_trace_config()
    assert str(bad) in str(refused.value) and "line" in str(refused.value)


def test_a_bad_policy_value_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "deadlines.yaml"
    bad.write_text("levels:\n  high: {sign: fast, first_contact: 10m}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        DeadlinePolicy.load(bad)
    text = str(refused.value)
    assert str(bad) in text and "levels.high.sign" in text and "not a duration" in text


# ---- one place ---------------------------------------------------------------------------


def test_the_settings_table_is_generated_from_the_class() -> None:
    table = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert table == settings_table(), "regenerate: python -m fanzha.settings > docs/settings.md"
    for name, field in Settings.model_fields.items():
        assert f"`FANZHA_{name.upper()}`" in table
        assert field.description, f"{name}: say what it is for (a docstring under the field)"


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8"))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


CITY_CLOCKS = {"sim/sink.py", "exam/world.py"}
"""The simulated cities' own clocks: a city's UTC offset is data they write, not the center's."""


def test_zones_paths_and_variables_come_from_settings() -> None:
    """No module builds a zone, guesses a path from where its file sits, or reads the
    environment: they ask ``fanzha.settings`` (the simulator's Wuhan clock is data)."""
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                called = _dotted(node.func)
                if called.split(".")[-1] == "ZoneInfo" and name != "settings.py":
                    found.append(f"{where} builds a ZoneInfo: use settings.center_zone()")
                if called in {"os.getenv", "os.environ.get", "getenv"} and name != "settings.py":
                    found.append(f"{where} reads the environment: add a setting")
                if called.split(".")[-1] == "timezone" and node.args and name not in CITY_CLOCKS:
                    found.append(f"{where} builds a fixed-offset zone: use settings.center_zone()")
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                if _dotted(node.value).endswith("parents"):
                    found.append(f"{where} guesses a path with parents[…]: add a setting")
                if _dotted(node.value) == "os.environ":
                    found.append(f"{where} reads the environment: add a setting")
    assert found == []
