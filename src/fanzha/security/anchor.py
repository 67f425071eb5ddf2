"""The audit key and the signed checkpoints that anchor each chain's head outside the database.

Why outside: whoever can rewrite the database could otherwise also rewrite
whatever proof is kept inside it. The key comes from ``FANZHA_AUDIT_KEY`` or a
key file in the data dir (mode 0600, created on first use); the checkpoint of
a chain is a small signed file beside the key, replaced atomically after each
append. Several server processes on one host share the file under an
``flock``, and a checkpoint only ever moves forward along its own chain: a
writer that finds the checkpoint ahead of the database (a rollback) or on
another branch leaves it, so the evidence stays until someone looks.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec

from fanzha.security.audit import AuditEntry, Checkpoint
from fanzha.settings import Settings, get_settings

MIN_KEY_CHARS: Final = 32
_CHECKPOINT_DOMAIN: Final = b"fanzha-audit-checkpoint\x00"


class AuditKeyError(RuntimeError):
    """The audit key is missing, too short or readable by others."""


class CheckpointInvalid(RuntimeError):
    """A checkpoint file exists but its signature or content is wrong."""


class _CheckpointFile(msgspec.Struct, frozen=True):
    chain: str
    seq: int
    hash: str
    mac: str


def _key_from_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(
            f"audit key file {path} is readable by others (mode {stat.S_IMODE(mode):o}); "
            "chmod 600 it"
        )
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError as err:
        raise AuditKeyError(f"audit key file {path} is not hex") from err
    if len(key) < MIN_KEY_CHARS // 2:
        raise AuditKeyError(f"audit key file {path} holds fewer than 16 bytes")
    return key


def _create_key_file(path: Path) -> None:
    """Write a new random key so that no reader ever sees half a key, and one key wins
    when several processes start at once (``link`` fails if the name exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, (secrets.token_hex(32) + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()


def load_key(settings: Settings, create: bool) -> bytes | None:
    """The audit key from settings; None if there is none and ``create`` is false."""
    if settings.audit_key is not None:
        value = settings.audit_key.get_secret_value()
        if len(value) < MIN_KEY_CHARS:
            raise AuditKeyError(f"FANZHA_AUDIT_KEY must have at least {MIN_KEY_CHARS} characters")
        return value.encode()
    path = settings.effective_audit_key_file
    if not path.exists():
        if not create:
            return None
        _create_key_file(path)
    return _key_from_file(path)


@dataclass(frozen=True)
class AuditSeal:
    """The key that seals entries and the directory of the checkpoints that anchor them."""

    key: bytes
    directory: Path

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> AuditSeal:
        """The configured seal, making the key file on first use."""
        chosen = settings or get_settings()
        key = load_key(chosen, create=True)
        assert key is not None
        return cls(key, chosen.effective_audit_key_file.parent)

    def checkpoint_path(self, chain_id: str) -> Path:
        return self.directory / f"audit-{chain_id}.checkpoint"

    def _mac(self, chain_id: str, seq: int, head: str) -> str:
        message = _CHECKPOINT_DOMAIN + f"{chain_id}\x00{seq}\x00{head}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def read_checkpoint(self, chain_id: str) -> Checkpoint | None:
        """The chain's checkpoint, None if there is none; raises if it was altered."""
        path = self.checkpoint_path(chain_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            found = msgspec.json.decode(raw, type=_CheckpointFile)
        except msgspec.DecodeError as err:
            raise CheckpointInvalid(f"checkpoint {path} is unreadable: {err}") from err
        expected = self._mac(found.chain, found.seq, found.hash)
        if found.chain != chain_id or not hmac.compare_digest(expected, found.mac):
            raise CheckpointInvalid(f"checkpoint {path} was altered: its signature is wrong")
        return Checkpoint(found.seq, found.hash)

    def advance(
        self, chain_id: str, entry: AuditEntry, seal_at: Callable[[int], str | None]
    ) -> bool:
        """Move the checkpoint to ``entry`` if it lies on the path to it; True if moved.

        ``seal_at(seq)`` reads an older entry's seal from the database, for when
        checkpoints were skipped (a crash between commit and checkpoint).
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.checkpoint_path(chain_id)
        lock = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = self.read_checkpoint(chain_id)
            except CheckpointInvalid:
                return False  # evidence of tampering: leave it for verification to report
            if current is not None:
                if current.seq >= entry.seq:
                    return False  # a concurrent writer is ahead, or the database was rolled back
                head = entry.prev_hash if current.seq == entry.seq - 1 else seal_at(current.seq)
                if head is None or not hmac.compare_digest(head, current.hash):
                    return False  # the database left the anchored chain: keep the evidence
            self._write(path, chain_id, entry)
            return True
        finally:
            os.close(lock)

    def _write(self, path: Path, chain_id: str, entry: AuditEntry) -> None:
        body = _CheckpointFile(
            chain_id, entry.seq, entry.hash, self._mac(chain_id, entry.seq, entry.hash)
        )
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(descriptor, msgspec.json.encode(body))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(draft, path)  # atomic: a reader sees the old checkpoint or the new one
