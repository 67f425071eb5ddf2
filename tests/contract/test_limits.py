"""The contract's bounds fit the store: every value the contract accepts can be kept.

If someone narrows a column or widens a bound, a valid line would fail its
whole batch on PostgreSQL again (finding 3 of issue 15); this says which.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
import pytest
from sqlalchemy import BigInteger, Integer, String

from fanzha.contract.kinds import EVENT_TYPES, Account, Event, Person, Report, Transfer
from fanzha.contract.limits import BIRTH_YEARS, MAX_FEN, ts_problem
from fanzha.store.models import (
    AccountRow,
    EventConflictRow,
    EventRow,
    PersonRow,
    PhoneRow,
    TransferRow,
)

STORED_IN = [
    (Event, "id", [EventRow.id, TransferRow.id, EventConflictRow.id]),
    (Event, "source", [EventRow.source, TransferRow.source, EventConflictRow.source]),
    (Person, "person_id", [PersonRow.person_id, EventRow.person_id, PhoneRow.person_id]),
    (Person, "district", [PersonRow.district]),
    (Person, "name", [PersonRow.name]),
    (Person, "community", [PersonRow.community]),
    (Account, "account_id", [AccountRow.account_id, EventRow.account]),
    (Account, "bank", [AccountRow.bank]),
    (Account, "holder", [AccountRow.holder, EventRow.person_id]),
    (Transfer, "from_account", [TransferRow.from_account, EventRow.account]),
    (Transfer, "to_account", [TransferRow.to_account]),
    (Report, "person_id", [EventRow.person_id]),
]


def _max_length(struct: type[msgspec.Struct], name: str) -> int:
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    field = next(f for f in info.fields if f.name == name)
    kind = field.type
    if isinstance(kind, msgspec.inspect.UnionType):
        kind = next(t for t in kind.types if isinstance(t, msgspec.inspect.StrType))
    assert isinstance(kind, msgspec.inspect.StrType) and kind.max_length is not None, name
    return kind.max_length


@pytest.mark.parametrize(("struct", "name", "columns"), STORED_IN)
def test_every_bounded_text_fits_its_columns(
    struct: type[msgspec.Struct], name: str, columns: list[object]
) -> None:
    bound = _max_length(struct, name)
    for column in columns:
        kind = column.type  # type: ignore[attr-defined]
        assert isinstance(kind, String) and kind.length is not None
        assert bound <= kind.length, f"{struct.__name__}.{name} ({bound}) > {column} ({kind})"


def test_numbers_fit_their_columns_and_sums() -> None:
    assert isinstance(TransferRow.amount_fen.type, BigInteger)
    assert MAX_FEN * 100_000 < 2**63  # SQLite's sum() raises on overflow: 100,000 at the bound
    assert isinstance(PersonRow.birth_year.type, Integer)
    assert BIRTH_YEARS[1] < 2**31
    phone = EventRow.phone.type
    assert isinstance(phone, String) and phone.length is not None and phone.length >= 16
    kinds = EventRow.kind.type
    assert isinstance(kinds, String) and kinds.length is not None
    assert all(len(str(t.__struct_config__.tag)) <= kinds.length for t in EVENT_TYPES)


@pytest.mark.parametrize(
    ("ts", "inside"),
    [
        ("1969-12-31T23:59:59+00:00", False),
        ("1970-01-01T07:59:59+08:00", False),  # 1969 in UTC, though 1970 where it was said
        ("1970-01-01T08:00:00+08:00", True),
        ("1971-06-01T00:00:00-12:00", True),
        ("2025-03-03T10:00:00+08:00", True),
        ("2098-12-31T23:00:00-23:00", True),
        ("2099-12-31T23:59:59+00:00", True),
        ("2099-12-31T23:59:59-01:00", False),  # 2100 in UTC
        ("2100-01-01T07:59:59+08:00", True),  # still 2099 in UTC
        ("2100-01-01T00:00:00+00:00", False),
    ],
)
def test_event_time_bounds_hold_whatever_the_offset(ts: str, inside: bool) -> None:
    """The quick year test must agree with comparing in UTC at both bounds."""
    assert (ts_problem(datetime.fromisoformat(ts)) is None) is inside
