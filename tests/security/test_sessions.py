"""A token is checked in the store on every request: revoking it works at once, everywhere.

``authenticate`` keeps no cache of verified tokens, so a logout, a disabled user
or a changed role through one server (here: one directory) holds at once on
every other directory on the same store — a second server process.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from fanzha.security.roles import Role
from fanzha.security.sql import SqlUserDirectory
from fanzha.security.users import (
    InMemoryUserDirectory,
    LoginError,
    Session,
    User,
    UserDirectory,
    authenticate,
    logout,
    token_digest,
)
from fanzha.store import engine, migrate

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def two_servers(db_url: str) -> Iterator[tuple[UserDirectory, UserDirectory]]:
    """Two directories on one store, as two server processes have (on PostgreSQL each
    looks logins up on connections of its own)."""
    migrate(db_url)
    one, other = SqlUserDirectory(engine(db_url)), SqlUserDirectory(engine(db_url))
    yield one, other
    for directory in (one, other):
        if directory.held is not None:
            directory.held.close()
    engine(db_url).dispose()


def _session(directory: UserDirectory, token: str, user_id: str = "qk") -> None:
    directory.save(User(user_id=user_id, display_name="乔口", role=Role.CENTER_ANALYST))
    directory.save_session(
        Session(token_hash=token_digest(token), user_id=user_id, expires=NOW + timedelta(hours=8))
    )


def test_a_logout_on_one_server_refuses_the_token_on_the_other_at_once(
    two_servers: tuple[UserDirectory, UserDirectory],
) -> None:
    one, other = two_servers
    _session(one, "tok-1")
    assert authenticate(other, "tok-1", NOW).user_id == "qk"  # the other server has seen it
    logout(one, "tok-1")
    with pytest.raises(LoginError):
        authenticate(other, "tok-1", NOW)
    with pytest.raises(LoginError):
        authenticate(one, "tok-1", NOW)


def test_a_disabled_user_or_a_changed_role_holds_on_the_next_request(
    two_servers: tuple[UserDirectory, UserDirectory],
) -> None:
    one, other = two_servers
    _session(one, "tok-2")
    assert authenticate(other, "tok-2", NOW).role == Role.CENTER_ANALYST
    one.save(User(user_id="qk", display_name="乔口", role=Role.AUDITOR))
    assert authenticate(other, "tok-2", NOW).role == Role.AUDITOR
    one.save(User(user_id="qk", display_name="乔口", role=Role.AUDITOR, active=False))
    with pytest.raises(LoginError, match="disabled"):
        authenticate(other, "tok-2", NOW)


@pytest.mark.parametrize("kind", ["sql", "memory"])
def test_expired_unknown_and_orphaned_sessions_are_refused(
    kind: str, two_servers: tuple[UserDirectory, UserDirectory]
) -> None:
    directory = two_servers[0] if kind == "sql" else InMemoryUserDirectory()
    _session(directory, "tok-3")
    assert authenticate(directory, "tok-3", NOW + timedelta(hours=7)).user_id == "qk"
    for token, when in (("tok-3", NOW + timedelta(hours=8)), ("tok-unknown", NOW)):
        with pytest.raises(LoginError, match="expired or unknown"):
            authenticate(directory, token, when)
    directory.save_session(  # a session whose user row is gone (or never was)
        Session(token_hash=token_digest("tok-4"), user_id="ghost", expires=NOW + timedelta(hours=1))
    )
    with pytest.raises(LoginError):
        authenticate(directory, "tok-4", NOW)
