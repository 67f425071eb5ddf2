"""Logins that guessing cannot wear down: throttled, locked out, audited, evenly timed.

Why each part:

- **Throttle and lockout, per user and per address.** Without them an attacker
  tries passwords as fast as the server answers. Failures are counted in the
  store (``ThrottleStore``), so the count holds across server processes and
  restarts; too many in a window lock the user name (or the address) for a
  while, and every refusal and lockout is in the audit log. A success resets
  the user's count, not the address's: one valid account must not let an
  address spray the others.
- **Even timing.** An unknown user name is verified against a dummy Argon2
  hash, and failures are recorded the same way whether the name exists, so
  neither time nor answer tells who has an account.
- **Bounded Argon2 work.** Verifying costs tens of milliseconds of CPU and
  64 MiB; ``VerifyPool`` runs it on a few threads of its own and refuses
  logins beyond a bounded queue, so a login flood waits in its own line and
  every other request keeps its threads.
"""

from __future__ import annotations

import math
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

import msgspec

from fanzha.clock import Clock
from fanzha.security.auditlog import AuditLog
from fanzha.security.passwords import dummy_hash, verify_password
from fanzha.security.roles import Principal, Role
from fanzha.security.users import SESSION_LIFETIME, LoginError, Session, User, UserDirectory
from fanzha.security.users import token_digest as _digest

T = TypeVar("T")
LOGIN_SYSTEM = Principal(user_id="system", role=Role.ADMIN)
"""Who records refused logins: nobody is logged in yet."""


class LoginLocked(LoginError):
    """Too many failures: the user name or address is locked until ``retry_after_s``."""

    def __init__(self, retry_after_s: float) -> None:
        minutes = max(1, math.ceil(retry_after_s / 60))
        super().__init__(
            f"登录失败次数过多，已暂时锁定，请{minutes}分钟后再试 "
            f"(too many failed logins; try again in {minutes} min)"
        )
        self.retry_after_s = retry_after_s


class LoginBusy(LoginError):
    """More logins are waiting for verification than the pool admits."""

    retry_after_s = 1.0

    def __init__(self) -> None:
        super().__init__("登录请求过多，请稍后再试 (too many logins at once; retry shortly)")


@dataclass(frozen=True)
class LoginPolicy:
    user_failures: int = 5
    """Failures of one user name within ``window`` that lock it."""
    address_failures: int = 20
    """Failures from one address within ``window`` that lock the address."""
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


class ThrottleState(msgspec.Struct, frozen=True):
    failures: int
    window_start: datetime
    locked_until: datetime | None = None


class ThrottleStore(Protocol):
    def get(self, key: str) -> ThrottleState | None: ...

    def add_failure(self, key: str, now: datetime, window: timedelta) -> int:
        """Count one failure (a fresh window when the last one is over); the new count."""
        ...

    def lock(self, key: str, until: datetime) -> None: ...
    def clear(self, key: str) -> None: ...
    def sweep(self, before: datetime) -> int: ...


class InMemoryThrottleStore:
    def __init__(self) -> None:
        self.states: dict[str, ThrottleState] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> ThrottleState | None:
        return self.states.get(key)

    def add_failure(self, key: str, now: datetime, window: timedelta) -> int:
        with self._lock:
            state = self.states.get(key)
            if state is None or now - state.window_start > window:
                locked = state.locked_until if state else None
                state = ThrottleState(1, now, locked)
            else:
                state = msgspec.structs.replace(state, failures=state.failures + 1)
            self.states[key] = state
            return state.failures

    def lock(self, key: str, until: datetime) -> None:
        with self._lock:
            state = self.states.get(key) or ThrottleState(0, until)
            self.states[key] = msgspec.structs.replace(state, locked_until=until)

    def clear(self, key: str) -> None:
        self.states.pop(key, None)

    def sweep(self, before: datetime) -> int:
        with self._lock:
            old = [
                k
                for k, s in self.states.items()
                if s.window_start < before and (s.locked_until is None or s.locked_until < before)
            ]
            for key in old:
                del self.states[key]
            return len(old)


class VerifyPool:
    """A few threads for Argon2, with a bounded line; beyond it logins get ``LoginBusy``."""

    def __init__(self, workers: int = 0, queue: int = 64) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 2) // 2)
        self.queue = queue
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="login-verify")
        self._waiting = 0
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], T]) -> Future[T]:
        with self._lock:
            if self._waiting >= self.workers + self.queue:
                raise LoginBusy()
            self._waiting += 1
        future = self._executor.submit(work)
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[T]) -> None:
        with self._lock:
            self._waiting -= 1


@dataclass
class LoginGuard:
    """Checks credentials for the login route, with throttling, lockout and audit."""

    users: UserDirectory
    throttle: ThrottleStore
    audit: AuditLog
    clock: Clock
    policy: LoginPolicy = field(default_factory=LoginPolicy)
    refused_passwords: frozenset[str] = frozenset()
    """Passwords never accepted here (the public demo password off loopback)."""
    pool: VerifyPool = field(default_factory=VerifyPool)
    verify: Callable[[str, str], bool] = verify_password

    @staticmethod
    def keys(user_id: str, address: str) -> tuple[str, str]:
        return f"user:{user_id}", f"addr:{address}"

    def check_locked(self, user_id: str, address: str) -> None:
        """Raise ``LoginLocked`` while the user name or the address is locked out."""
        now = self.clock.now()
        waits = [
            (state.locked_until - now).total_seconds()
            for key in self.keys(user_id, address)
            if (state := self.throttle.get(key)) is not None
            and state.locked_until is not None
            and state.locked_until > now
        ]
        if waits:
            raise LoginLocked(max(waits))

    def attempt(self, user_id: str, password: str, address: str) -> tuple[str, User]:
        """A new session token and its user, or ``LoginError`` / ``LoginLocked``.

        Blocking (Argon2): run it on ``pool``, not on a request thread.
        """
        self.check_locked(user_id, address)
        user = self.users.get(user_id)
        usable = user is not None and user.active and bool(user.password_hash)
        stored = user.password_hash if user is not None and usable else dummy_hash()
        matches = self.verify(stored, password)
        if not (matches and usable and user is not None) or password in self.refused_passwords:
            self._failed(user_id, address)
            raise LoginError("wrong user name or password")
        now = self.clock.now()
        self.throttle.clear(self.keys(user_id, address)[0])
        token = secrets.token_urlsafe(32)
        self.users.save_session(
            Session(token_hash=_digest(token), user_id=user_id, expires=now + SESSION_LIFETIME)
        )
        self.audit.append(user.principal(), "login", "user", user_id, now, {"address": address})
        return token, user

    def _failed(self, user_id: str, address: str) -> None:
        now = self.clock.now()
        policy = self.policy
        user_key, address_key = self.keys(user_id, address)
        by_user = self.throttle.add_failure(user_key, now, policy.window)
        by_address = self.throttle.add_failure(address_key, now, policy.window)
        detail = {"address": address, "failures": by_user}
        self.audit.append(LOGIN_SYSTEM, "login_failed", "user", user_id, now, detail)
        for key, count, limit in (
            (user_key, by_user, policy.user_failures),
            (address_key, by_address, policy.address_failures),
        ):
            if count >= limit:
                until = now + policy.lockout
                self.throttle.lock(key, until)
                self.audit.append(
                    LOGIN_SYSTEM,
                    "login_locked",
                    key.split(":", 1)[0],
                    key.split(":", 1)[1],
                    now,
                    {"failures": count, "until": until.isoformat()},
                )

    def sweep(self) -> int:
        """Forget counts whose window and lockout are long over."""
        horizon = max(self.policy.window, self.policy.lockout)
        return self.throttle.sweep(self.clock.now() - horizon)


__all__ = [
    "InMemoryThrottleStore",
    "LoginBusy",
    "LoginGuard",
    "LoginLocked",
    "LoginPolicy",
    "ThrottleState",
    "ThrottleStore",
    "VerifyPool",
]
