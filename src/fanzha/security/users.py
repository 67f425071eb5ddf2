"""Users, logins and expiring session tokens.

Tokens are random and stored only as SHA-256 digests, so a copy of the user
table is no key to the service; passwords are Argon2id (``passwords``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Protocol

import msgspec

from fanzha.security.passwords import check_password_policy, hash_password, verify_password
from fanzha.security.roles import Principal, Role

SESSION_LIFETIME = timedelta(hours=8)
"""One shift; an officer logs in again for the next."""


class User(msgspec.Struct, kw_only=True):
    user_id: str
    display_name: str
    role: Role
    district: str | None = None
    station: str | None = None
    password_hash: str = ""
    active: bool = True

    def principal(self) -> Principal:
        return Principal(
            user_id=self.user_id, role=self.role, district=self.district, station=self.station
        )


class Session(msgspec.Struct, frozen=True, kw_only=True):
    token_hash: str
    user_id: str
    expires: datetime


class LoginError(PermissionError):
    pass


class UserDirectory(Protocol):
    local: bool
    """Lookups are in this process or a local file (no round trip): fine on an event loop."""

    def get(self, user_id: str) -> User | None: ...
    def save(self, user: User) -> None: ...
    def save_session(self, session: Session) -> None: ...
    def find_session(self, token_hash: str) -> Session | None: ...
    def find_login(self, token_hash: str) -> tuple[Session, User] | None:
        """The session and its user in one lookup: what every request checks."""
        ...

    def drop_session(self, token_hash: str) -> None: ...
    def drop_expired_sessions(self, now: datetime) -> int: ...


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    directory: UserDirectory, user: User, password: str, *, enforce_policy: bool = True
) -> User:
    """Save ``user`` with ``password`` hashed; weak passwords raise ``WeakPassword``.

    ``enforce_policy=False`` is for the demo's published logins only (loopback).
    """
    if enforce_policy:
        check_password_policy(password, user.user_id)
    user.password_hash = hash_password(password)
    directory.save(user)
    return user


def login(directory: UserDirectory, user_id: str, password: str, now: datetime) -> str:
    """A new session token for valid credentials; the same error for any failure."""
    user = directory.get(user_id)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise LoginError("wrong user name or password")
    token = secrets.token_urlsafe(32)
    directory.save_session(
        Session(token_hash=token_digest(token), user_id=user_id, expires=now + SESSION_LIFETIME)
    )
    return token


def logout(directory: UserDirectory, token: str) -> None:
    """Revoke the session: the token answers 401 everywhere from now on."""
    directory.drop_session(token_digest(token))


def authenticate(directory: UserDirectory, token: str, now: datetime) -> User:
    """The token's user, checked against the store on every request.

    Why no cache of verified tokens: a logout or a disabled user through any
    server must refuse the token on every server at once (tests/api/
    test_two_servers.py), and only the shared store knows; what a request pays
    is kept to one lookup (``find_login``), not the session and the user apart.
    """
    found = directory.find_login(token_digest(token))
    if found is None or found[0].expires <= now:
        raise LoginError("session expired or unknown; please log in")
    user = found[1]
    if not user.active:
        raise LoginError("user disabled")
    return user


class InMemoryUserDirectory:
    local = True

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.sessions: dict[str, Session] = {}

    def get(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def save(self, user: User) -> None:
        self.users[user.user_id] = user

    def save_session(self, session: Session) -> None:
        self.sessions[session.token_hash] = session

    def find_session(self, token_hash: str) -> Session | None:
        return self.sessions.get(token_hash)

    def find_login(self, token_hash: str) -> tuple[Session, User] | None:
        session = self.sessions.get(token_hash)
        user = self.users.get(session.user_id) if session is not None else None
        return (session, user) if session is not None and user is not None else None

    def drop_session(self, token_hash: str) -> None:
        self.sessions.pop(token_hash, None)

    def drop_expired_sessions(self, now: datetime) -> int:
        gone = [h for h, s in self.sessions.items() if s.expires <= now]
        for token_hash in gone:
            del self.sessions[token_hash]
        return len(gone)
