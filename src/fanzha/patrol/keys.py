"""64-bit keys of indicators, hashed right to left so one pass gives every parent domain.

Why right to left: a domain rule blocks its sub-domains, so a lookup of
``www.login.icbc-kefu.top`` must try ``icbc-kefu.top``, ``login.icbc-kefu.top``
and the full name. Hashing the bytes from the end, the running hash at each
dot *is* the key of the parent to its right: all parents cost one pass. The
pass runs over a whole batch at once in NumPy (one byte column at a time), so
a million names take about half a second on one core instead of five seconds of
per-name ``blake2b`` calls.

The hash: FNV-1a (64-bit) over the bytes from the last to the first, seeded
with the indicator kind, finished with the SplitMix64 mixer so that similar
names spread over the whole key space. Stores made with another key hash are
refused by name (``KEY_HASH``), never silently misread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

KEY_HASH = "fnv1a64-right-to-left+splitmix64"
_OFFSET = np.uint64(0xCBF29CE484222325)
_PRIME = np.uint64(0x100000001B3)
_DOT = 46
_KIND_SEEDS = {"domain": 1, "url": 2, "app": 3, "phone": 4, "account": 5, "ip": 6, "ipport": 7}
_CHUNK = 65_536


def _mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _seed(kind: str) -> np.uint64:
    with np.errstate(over="ignore"):
        return np.uint64((_OFFSET ^ np.uint64(_KIND_SEEDS[kind])) * _PRIME)


def _chunk(
    kind: str, values: Sequence[str], parents: bool
) -> tuple[NDArray[np.int64], NDArray[np.uint64]]:
    n = len(values)
    text = "\n".join(values)
    if text.isascii():  # one byte a character: lengths and offsets come from the str
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
        raw = text.encode()
    else:
        encoded = [v.encode() for v in values]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        raw = b"\n".join(encoded)
    width = int(lengths.max()) if n else 0
    seed = _seed(kind)
    if width == 0:
        return np.arange(n, dtype=np.int64), _mix(np.full(n, seed, dtype=np.uint64))
    # columns[c, i]: the c-th byte of value i counted from its end (0 past its start)
    ends = np.cumsum(lengths + 1) - 1  # the separator after each value
    back = np.arange(1, width + 1, dtype=np.int64)[:, None]
    at = ends[None, :] - back
    inside = back <= lengths[None, :]
    buffer = np.frombuffer(raw + b"\0", dtype=np.uint8)
    columns = np.where(inside, buffer[np.where(inside, at, len(raw))], 0).astype(np.uint8)
    state = np.full(n, seed, dtype=np.uint64)
    owners: list[NDArray[np.int64]] = [np.flatnonzero(lengths == 0)]
    keys: list[NDArray[np.uint64]] = [_mix(state[owners[0]])]
    seen_dot = np.zeros(n, dtype=bool)
    with np.errstate(over="ignore"):
        for c in range(width):
            live = c < lengths
            state = np.where(live, (state ^ columns[c].astype(np.uint64)) * _PRIME, state)
            seen_dot |= live & (columns[c] == _DOT)
            done = live & (lengths == c + 1)
            if parents and c + 1 < width:
                # A dot next: the bytes so far are a parent domain — unless no dot was
                # passed yet, when they are the bare TLD, on which no rule ever sits.
                done |= seen_dot & (c + 1 < lengths) & (columns[c + 1] == _DOT)
            at = np.flatnonzero(done)
            if len(at):
                owners.append(at)
                keys.append(_mix(state[at]))
    return np.concatenate(owners), np.concatenate(keys)


def hash_many(kind: str, values: Sequence[str]) -> NDArray[np.uint64]:
    """The key of each (normalised) value, in order."""
    out = np.empty(len(values), dtype=np.uint64)
    for start in range(0, len(values), _CHUNK):
        part = values[start : start + _CHUNK]
        owners, keys = _chunk(kind, part, parents=False)
        out[start + owners] = keys
    return out


def key_hash(kind: str, value: str) -> int:
    return key_of(kind, value)


def parent_keys(domains: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.uint64]]:
    """For each domain, the keys of itself and every parent but the bare TLD.

    Returns (owner, key) pairs: ``owner[i]`` is the index of the domain that
    ``key[i]`` belongs to.
    """
    owner_parts, key_parts = [], []
    for start in range(0, len(domains), _CHUNK):
        owners, keys = _chunk("domain", domains[start : start + _CHUNK], parents=True)
        owner_parts.append(owners + start)
        key_parts.append(keys)
    if not owner_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(owner_parts), np.concatenate(key_parts)


_MASK = (1 << 64) - 1


def _mix_int(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


_SEED_INTS = {kind: int(_seed(kind)) for kind in _KIND_SEEDS}


def key_of(kind: str, value: str) -> int:
    """``key_hash`` of one value in plain Python: a 风险查询 asks about one value at a
    time, and NumPy's per-call overhead on a one-element batch is ten times the hash."""
    state = _SEED_INTS[kind]
    for byte in reversed(value.encode()):
        state = ((state ^ byte) * 0x100000001B3) & _MASK
    return _mix_int(state)


def domain_keys_of(domain: str) -> list[int]:
    """The keys of one domain and its parents (not the bare TLD), most specific first:
    ``parent_keys`` for a single name, in plain Python for the same reason as ``key_of``."""
    raw = domain.encode()
    state = _SEED_INTS["domain"]
    keys: list[int] = []
    seen_dot = False
    for at in range(len(raw) - 1, -1, -1):
        byte = raw[at]
        state = ((state ^ byte) * 0x100000001B3) & _MASK
        seen_dot = seen_dot or byte == _DOT
        if at == 0 or (seen_dot and raw[at - 1] == _DOT):
            keys.append(_mix_int(state))
    if not raw:
        keys.append(_mix_int(state))
    return keys[::-1]
