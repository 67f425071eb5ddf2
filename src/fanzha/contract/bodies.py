"""An HTTP body (a JSON array, or JSON Lines) as the raw JSON texts of its events.

Each text then goes through ``readers.decode_event`` like a line of a file, so
one bad item is rejected by its number and the items around it are kept.
"""

from __future__ import annotations

import re

import msgspec

_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"?|[\[{\]},]', re.DOTALL)
"""A string (skipped whole), a bracket or a comma: enough to find top-level items."""


def split_body(body: bytes) -> list[bytes]:
    """A JSON array's items, or the lines of a JSON Lines body, as raw JSON texts."""
    stripped = body.lstrip()
    if stripped.startswith(b"["):
        try:
            return [bytes(item) for item in _ITEMS.decode(stripped)]
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            # Not all of it is valid JSON, or an item nests deeper than the decoder
            # goes: find the items by their brackets, so each bad one is rejected
            # by its number and the good ones around it are kept.
            return _split_array(stripped)
    return [line for line in body.splitlines() if line.strip()]


def _split_array(array: bytes) -> list[bytes]:
    """The top-level items of a JSON array, found without recursion or decoding.

    Whatever follows the closing bracket, or the unfinished last item of a cut
    body, becomes one more item, which the decoder then rejects as not JSON.
    """
    items: list[bytes] = []
    depth, start = 0, 1
    for token in _TOKENS.finditer(array):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
        elif char in (b"]", b"}"):
            depth -= 1
            if depth == 0:
                items.append(array[start : token.start()])
                start = len(array)
                if rest := array[token.end() :].strip():
                    items.append(rest)
                break
        elif char == b"," and depth == 1:
            items.append(array[start : token.start()])
            start = token.end()
    items.append(array[start:])
    return [item.strip() for item in items if item.strip()]
