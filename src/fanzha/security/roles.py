"""Roles and jurisdiction of the people who use fanzha.

A center analyst sees the whole city; a district officer only their district; a
station officer only their station's tasks. Which role may read which personal
field in clear is data (``CLEAR_FIELDS``), not scattered ``if`` statements.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

import msgspec


class Role(StrEnum):
    CENTER_ANALYST = "center_analyst"
    DISTRICT_OFFICER = "district_officer"
    STATION_OFFICER = "station_officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The person behind a request, as the service authenticated them."""

    user_id: str
    role: Role
    district: str | None = None
    station: str | None = None

    def covers_district(self, district: str | None) -> bool:
        """Whether this user's jurisdiction includes ``district``.

        City-wide roles cover every district; district and station officers
        only their own; a record with no known district is city-level business.
        """
        if self.role in CITY_WIDE_ROLES:
            return True
        return district is not None and district == self.district


CITY_WIDE_ROLES: Final[frozenset[Role]] = frozenset({Role.CENTER_ANALYST, Role.AUDITOR, Role.ADMIN})

PersonalField = str
"""One of: ``name``, ``phone``, ``id_number``, ``account``, ``address``."""

CLEAR_FIELDS: Final[dict[Role, frozenset[PersonalField]]] = {
    # Analysts trace money and call banks: they need numbers, not ID cards.
    Role.CENTER_ANALYST: frozenset({"name", "phone", "account", "address"}),
    # Officers call and visit the person: phone, name and address, never card numbers.
    Role.DISTRICT_OFFICER: frozenset({"name", "phone", "address"}),
    Role.STATION_OFFICER: frozenset({"name", "phone", "address"}),
    # Auditors check who looked at what; they never need the data itself.
    Role.AUDITOR: frozenset(),
    # Administrators manage users and configuration, not cases.
    Role.ADMIN: frozenset(),
}
