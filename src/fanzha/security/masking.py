"""Masking of personal data for roles that do not need it in clear.

The masks keep what an officer needs to recognise a record (surname, the last
digits) and hide what would identify a person to a stranger, following the
usual Chinese practice (手机号中间四位打码, 身份证仅留首尾).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from fanzha.security.roles import CLEAR_FIELDS, Principal

STAR: Final = "*"


def mask_phone(phone: str) -> str:
    """``+8613812345678`` → ``+86138****5678``; short numbers keep the last 2."""
    digits_start = 3 if phone.startswith("+86") else (1 if phone.startswith("+") else 0)
    body = phone[digits_start:]
    if len(body) >= 11:
        return phone[:digits_start] + body[:3] + STAR * (len(body) - 7) + body[-4:]
    if len(body) > 4:
        return phone[:digits_start] + STAR * (len(body) - 2) + body[-2:]
    return STAR * len(phone)


def mask_name(name: str) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧**娜``; Latin names keep the initial."""
    if len(name) <= 1:
        return STAR
    if len(name) == 2:
        return name[0] + STAR
    return name[0] + STAR * (len(name) - 2) + name[-1]


def mask_id_number(id_number: str) -> str:
    """A resident ID keeps its first 4 (province+city) and last 4 characters."""
    if len(id_number) <= 8:
        return STAR * len(id_number)
    return id_number[:4] + STAR * (len(id_number) - 8) + id_number[-4:]


def mask_account(account: str) -> str:
    """A card or account number keeps only its last 4 digits."""
    if len(account) <= 4:
        return STAR * len(account)
    return STAR * (len(account) - 4) + account[-4:]


def mask_address(address: str) -> str:
    """Keep the street, hide the building and door: the first 6 characters stay."""
    keep = min(6, max(len(address) // 2, 1))
    return address[:keep] + STAR * 4 if len(address) > keep else address


MASKS: Final[dict[str, Callable[[str], str]]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "account": mask_account,
    "address": mask_address,
}


def mask_value(principal: Principal, field_class: str, value: Any) -> Any:
    """The value as this principal may see it (lists are masked item by item)."""
    if value is None or field_class in CLEAR_FIELDS[principal.role]:
        return value
    mask = MASKS[field_class]
    if isinstance(value, list):
        return [mask(str(v)) for v in value]
    return mask(str(value))


def mask_record(
    principal: Principal, record: Mapping[str, Any], field_classes: Mapping[str, str]
) -> dict[str, Any]:
    """A copy of ``record`` with each field in ``field_classes`` masked as needed.

    ``field_classes`` maps a record's key to its personal-field class, e.g.
    ``{"phones": "phone", "holder_name": "name", "account_id": "account"}``.
    """
    masked = dict(record)
    for key, field_class in field_classes.items():
        if key in masked:
            masked[key] = mask_value(principal, field_class, masked[key])
    return masked


# Personal numbers found anywhere in free text (log lines, audit details, notes).
# ID numbers first (18 characters with a plausible birth date), then mobile
# numbers (with or without +86), then card/account numbers of 15–19 digits —
# 14 digits and fewer stay, so times like 20250303100200 and ids that end in a
# minute stamp are left readable.
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[\dXx](?![0-9A-Za-z])"
)
_PHONE = re.compile(r"(?<![\d+])(?:\+86|0086|86)?1[3-9]\d{9}(?!\d)")
_ACCOUNT = re.compile(r"(?<!\d)\d{15,19}(?!\d)")


def _mask_found_phone(found: re.Match[str]) -> str:
    text = found.group()
    if text.startswith("0086"):
        return "0086" + mask_phone(text[4:])
    if text.startswith("86") and len(text) == 13:
        return "86" + mask_phone(text[2:])
    return mask_phone(text)


def mask_text(text: str) -> str:
    """``text`` with every ID, mobile and card number in it masked, whoever reads it.

    For places no role check reaches: log lines, tracebacks, the audit trail.
    """
    if not any(c.isdigit() for c in text):
        return text
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    text = _PHONE.sub(_mask_found_phone, text)
    return _ACCOUNT.sub(lambda m: mask_account(m.group()), text)


def mask_deep(value: Any) -> Any:
    """``value`` with :func:`mask_text` applied to every string inside it."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        return {k: mask_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_deep(v) for v in value]
    return value
