"""Finding 8, replayed: guessing, enumerating, flooding, keeping tokens, weak and demo passwords.

Each test is the attack as it was run against ``main``: 300 wrong passwords,
known against unknown user names, 50 concurrent bad logins, a token used
after logout, ``12345678`` for an admin, the demo password off loopback.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import fanzha
from fanzha.net import free_port
from fanzha.security.logins import LoginPolicy
from fanzha.security.passwords import WeakPassword, check_password_policy
from fanzha.security.roles import Role
from fanzha.security.sql import SqlUserDirectory
from fanzha.security.users import User, create_user
from fanzha.store import engine, migrate

API = sys.modules["fanzha_tests_api_conftest"]  # the API tests' server (tests/attacks/conftest.py)
PASSWORD: str = API.PASSWORD

LOGIN = "/v1/auth/login"
PATIENT = LoginPolicy(user_failures=10_000, address_failures=10_000)
"""For tests that must reach Argon2 every time, not the lockout."""


def _try(url: str, user_id: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{url}{LOGIN}", json={"user_id": user_id, "password": password}, timeout=60,
        trust_env=False,
    )  # fmt: skip


def test_300_wrong_passwords_lock_the_user_out_across_restarts(server: Any, db_url: str) -> None:
    answers = [_try(server.url, "admin", f"guess-{n}").status_code for n in range(300)]
    assert answers[:5] == [401] * 5
    assert set(answers[5:]) == {429}  # locked: no more guesses reach the password check
    locked = _try(server.url, "admin", PASSWORD)  # even the right one, while locked
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["detail"]
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    actions = [(e.action, e.object_id) for e in server.context.audit.entries()]
    assert actions.count(("login_failed", "admin")) == 5
    assert ("login_locked", "admin") in actions

    second = API.serve(db_url)  # another server on the same store: the lockout holds
    again = next(second)
    try:
        assert _try(again.url, "admin", PASSWORD).status_code == 429
        again.clock.advance(LoginPolicy().lockout)
        assert _try(again.url, "admin", PASSWORD).status_code == 200
        for n in range(LoginPolicy().user_failures - 1):  # the success reset the count
            assert _try(again.url, "admin", f"late-{n}").status_code == 401
        assert _try(again.url, "admin", PASSWORD).status_code == 200
    finally:
        next(second, None)


def test_one_address_spraying_many_names_is_locked_out(ui_server: Any) -> None:
    limit = LoginPolicy().address_failures
    answers = [_try(ui_server.url, f"nobody{n}", "Spray-2025!x").status_code for n in range(limit)]
    assert answers == [401] * limit
    assert _try(ui_server.url, "analyst", PASSWORD).status_code == 429  # the address is locked


def test_timing_does_not_tell_which_user_names_exist(ui_server: Any) -> None:
    guard = ui_server.context.logins
    guard.policy = PATIENT
    calls: list[str] = []
    real_verify = guard.verify

    def counting(stored: str, password: str) -> bool:
        calls.append(stored)
        return real_verify(stored, password)

    guard.verify = counting
    known: list[float] = []
    unknown: list[float] = []
    for n in range(12):  # interleaved, so machine load falls on both alike
        for user_id, times in (("analyst", known), (f"ghost{n}", unknown)):
            started = time.perf_counter()
            assert _try(ui_server.url, user_id, "Wrong-pass-123").status_code == 401
            times.append(time.perf_counter() - started)
    assert len(calls) == 24  # one Argon2 verification for every answer, known or not
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (statistics.median(known), statistics.median(unknown))


def test_other_requests_answer_during_a_login_flood(ui_server: Any) -> None:
    ui_server.context.logins.policy = PATIENT
    officer = ui_server.login("qk")
    finished: list[int] = []
    lock = threading.Lock()

    def bad_login(n: int) -> None:
        _try(ui_server.url, "analyst", f"flood-{n}-Password")
        with lock:
            finished.append(n)

    flood = [threading.Thread(target=bad_login, args=(n,)) for n in range(50)]
    for thread in flood:
        thread.start()
    while len(finished) < 1 and any(t.is_alive() for t in flood):
        time.sleep(0.01)  # the flood is being verified now
    answers = [officer.get("/v1/tasks").status_code for _ in range(3)]
    logins_done_meanwhile = len(finished)
    for thread in flood:
        thread.join(timeout=300)
    assert answers == [200, 200, 200]
    assert logins_done_meanwhile < 50, "the officer's requests waited for the whole flood"


def test_logout_revokes_the_token_on_every_route(server: Any) -> None:
    client = server.login("qk")
    assert client.get("/v1/auth/me").status_code == 200
    assert client.post("/v1/auth/logout").status_code == 204
    for method, path in (("GET", "/v1/auth/me"), ("GET", "/v1/tasks"), ("GET", "/v1/cases"),
                         ("POST", "/v1/auth/logout")):  # fmt: skip
        assert client.request(method, path).status_code == 401, path
    assert ("logout", "qk") in [(e.action, e.object_id) for e in server.context.audit.entries()]


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "qwerty123", "5201314", "woaini1314", "88888888",
     "woaini1314520", "Password1234", "qwerty123456!", "abcdefghijklmnop",
     "888888888888888", "x-admin-admin-x"],
)  # fmt: skip
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_password_policy(password, "admin")


def test_users_add_refuses_12345678_for_an_admin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fanzha.db'}"
    run = _cli(tmp_path, "users", "add", "boss", "--role", "admin", "--password", "12345678",
               "--database-url", url)  # fmt: skip
    assert run.returncode == 2 and "12" in run.stderr, run.stderr
    assert SqlUserDirectory(engine(url)).get("boss") is None
    fine = _cli(tmp_path, "users", "add", "boss", "--role", "admin", "--password",
                "Hanzheng-Street-9", "--database-url", url)  # fmt: skip
    assert fine.returncode == 0, fine.stderr


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(fanzha.__file__).parent.parent)}
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_demo_refuses_a_non_loopback_host_without_the_flag(tmp_path: Path) -> None:
    run = _cli(tmp_path, "demo", "--host", "0.0.0.0", "--persons", "50", "--dir", "city")
    assert run.returncode != 0
    assert "--allow-demo-logins" in run.stderr
    assert not (tmp_path / "city" / "fanzha.db").exists()  # no demo users were made


@pytest.fixture
def demo_database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fanzha.db'}"
    migrate(url)
    demo = User(user_id="analyst", display_name="demo", role=Role.CENTER_ANALYST)
    create_user(SqlUserDirectory(engine(url)), demo, "fanzha-demo", enforce_policy=False)
    return url


def _serve(tmp_path: Path, url: str, *flags: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
           "FANZHA_DATA_DIR": str(tmp_path / "data"), "FANZHA_LOG_LEVEL": "WARNING"}  # fmt: skip
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')", "serve",
               "--host", "0.0.0.0", "--port", str(port), "--database-url", url, *flags]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_demo_password_opens_nothing_off_loopback(tmp_path: Path, demo_database: str) -> None:
    for base in _serve(tmp_path, demo_database):
        assert _try(base, "analyst", "fanzha-demo").status_code == 401
    for base in _serve(tmp_path, demo_database, "--allow-demo-logins"):
        assert _try(base, "analyst", "fanzha-demo").status_code == 200
