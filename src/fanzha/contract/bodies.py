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
        except msgspec.DecodeError:
            return [stripped]  # not JSON: reported as one bad line by the decoder
        except RecursionError:  # valid JSON, but an item nests too deep for the decoder
            return _split_array(stripped)
    return [line for line in body.splitlines() if line.strip()]


def _split_array(array: bytes) -> list[bytes]:
    """The top-level items of a JSON array, found without recursion.

    Only used when msgspec gave up on the depth: the deep item is then
    rejected on its own (the contract bounds nesting) and the others kept.
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
                break
        elif char == b"," and depth == 1:
            items.append(array[start : token.start()])
            start = token.end()
    return [item.strip() for item in items if item.strip()]
