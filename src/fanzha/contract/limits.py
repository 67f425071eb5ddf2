"""The contract's bounds: how long, how large, how deep a valid event may be.

Why bounds at all: without them one line a partner got wrong (an id of ten
thousand characters, ``amount_fen`` beyond 64 bits, the year 0001, nesting a
hundred thousand levels deep) passed validation and then failed the store,
costing every good event of its batch. Each bound here is far beyond any real
event and within what every store and engine holds, so a line that breaks one
is rejected on its own, naming its field. The README's contract section lists
them; ``tests/contract`` checks the store's columns are at least this wide.

Most are msgspec ``Meta`` constraints, checked in C while decoding; the time
range and the nesting depth are checked by the readers (msgspec has no range
for datetimes, and depth is not a type).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Final

import msgspec

MAX_EVENT_ID: Final = 128
"""``id``, and ids that only name things (order ids, waybills, transfer ids in reports)."""
MAX_SOURCE: Final = 64
MAX_KEY: Final = 64
"""Ids the store indexes: ``person_id``, ``account_id``, ``holder``, accounts of transfers."""
MAX_LABEL: Final = 64
"""Short labels: app, platform, carrier, SMS sender, caller tags, a person's name, community."""
MAX_DISTRICT: Final = 32
MAX_BANK: Final = 32
MAX_ADDRESS: Final = 512
MAX_URL: Final = 4096
MAX_TEXT: Final = 8192
"""Free text: SMS text, memo, order item, declared contents, a report's narrative."""
MAX_PHONES: Final = 16
MAX_TAGS: Final = 32
MAX_REPORT_TRANSFERS: Final = 1000

MAX_FEN: Final = 10**13
"""100 billion yuan: above any single payment, and a million of them still sum in 64 bits."""
MAX_COUNT: Final = 1_000_000
"""Call seconds (11 days), passengers: non-negative and at most this."""
MAX_GRAMS: Final = 1_000_000.0
"""One tonne of gold."""
BIRTH_YEARS: Final = (1900, 2100)

EARLIEST_TS: Final = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_TS: Final = datetime(2100, 1, 1, tzinfo=UTC)
"""Event times lie in [EARLIEST_TS, LATEST_TS): converting year 1 or 9999 to UTC overflows."""
EARLIEST_DATE: Final = date(1900, 1, 1)
LATEST_DATE: Final = date(2100, 12, 31)

MAX_DEPTH: Final = 32
"""Objects and arrays nest at most this deep, unknown fields included (decoders recurse)."""
MAX_LINE_BYTES: Final = 1 << 20
"""One event's JSON text, at most 1 MiB."""


def text(limit: int, minimum: int = 0) -> msgspec.Meta:
    return msgspec.Meta(min_length=minimum, max_length=limit)


EventId = Annotated[str, text(MAX_EVENT_ID, 1)]
Source = Annotated[str, text(MAX_SOURCE, 1)]
Key = Annotated[str, text(MAX_KEY, 1)]
OptionalKey = Annotated[str, text(MAX_KEY)]
Label = Annotated[str, text(MAX_LABEL, 1)]
OptionalLabel = Annotated[str, text(MAX_LABEL)]
District = Annotated[str, text(MAX_DISTRICT, 1)]
PlaceDistrict = Annotated[str, text(MAX_DISTRICT)]
DistrictCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]
"""GB/T 2260: six digits, e.g. ``420104``."""
Bank = Annotated[str, text(MAX_BANK, 1)]
Address = Annotated[str, text(MAX_ADDRESS)]
Url = Annotated[str, text(MAX_URL, 1)]
FreeText = Annotated[str, text(MAX_TEXT)]
NamedId = Annotated[str, text(MAX_EVENT_ID, 1)]

PositiveFen = Annotated[int, msgspec.Meta(gt=0, le=MAX_FEN)]
"""Money in integer fen, strictly positive (floats are rejected)."""
NonNegativeFen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN)]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
Grams = Annotated[float, msgspec.Meta(gt=0, le=MAX_GRAMS)]
BirthYear = Annotated[int, msgspec.Meta(ge=BIRTH_YEARS[0], le=BIRTH_YEARS[1])]
Timestamp = Annotated[datetime, msgspec.Meta(tz=True)]
"""RFC 3339 with an offset; its range is checked in ``Event.__post_init__``."""


_SAFE_YEARS: Final = range(EARLIEST_TS.year + 1, LATEST_TS.year - 1)
"""Local years no UTC offset (under a day) can carry across either bound."""


def ts_problem(ts: datetime) -> str | None:
    """Why an (aware) event time is outside the contract, or None.

    Every event passes here: comparing aware times of different zones costs
    microseconds (both are brought to UTC), the year alone settles nearly all."""
    if ts.year in _SAFE_YEARS:
        return None
    try:
        inside = EARLIEST_TS <= ts < LATEST_TS
    except OverflowError:  # comparing needs UTC, which year 1 or 9999 may not have
        inside = False
    if inside:
        return None
    return (
        f"time {ts.isoformat()} is outside the contract's range "
        f"[{EARLIEST_TS:%Y-%m-%d}, {LATEST_TS:%Y-%m-%d})"
    )


def date_problem(value: date) -> str | None:
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"date {value.isoformat()} is outside [{EARLIEST_DATE}, {LATEST_DATE}]"
