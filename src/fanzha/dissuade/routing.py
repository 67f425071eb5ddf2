"""Jurisdictions and routing: district (or sub-bureau) → station, from config.

A person's district decides which district office gets the task; within it,
a station whose streets appear in the address, else a stable spread so the
same person always lands at the same station. The jurisdictions are not only
the administrative districts: a development zone with its own sub-bureau
(东湖新技术开发区分局) is one more entry of ``stations.yaml``, and tasks are
handed to it (移交) like to any other.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict

from fanzha.yamlconfig import load_yaml

DEFAULT_STATIONS: Final = Path(__file__).parent / "config" / "stations.yaml"


class DistrictStations(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stations: dict[str, list[str]]
    bureau: str | None = None
    """The police office that works it (东湖新技术开发区分局); default 「<district>分局」."""

    def bureau_name(self, district: str) -> str:
        return self.bureau or f"{district}分局"


class Routing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    districts: dict[str, DistrictStations]

    @classmethod
    def load(cls, path: Path = DEFAULT_STATIONS) -> Routing:
        return load_yaml(cls, path)

    def has(self, district: str, station: str | None = None) -> bool:
        known = self.districts.get(district)
        return known is not None and (station is None or station in known.stations)

    def station_for(self, district: str | None, address: str | None, person_id: str) -> str | None:
        if district is None or district not in self.districts:
            return None
        stations = self.districts[district].stations
        if address:
            for station, streets in stations.items():
                if any(street in address for street in streets):
                    return station
        names = sorted(stations)
        return names[zlib.crc32(person_id.encode()) % len(names)]


@cache
def default_routing() -> Routing:
    """The shipped jurisdictions, read once per process (pick lists ask on every page)."""
    return Routing.load()
