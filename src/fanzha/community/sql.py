"""Communities in the store: who lives where, what reached them, and their status.

Households are the distinct home addresses of a community's residents (the
person reference data carries the community); propaganda that reached a
household is recorded per address, so "100% coverage" means every address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime

import msgspec
from sqlalchemy import Engine, func, insert, select, update

from fanzha.community.criteria import Criteria
from fanzha.community.status import Community, CommunityFigures, StatusChange, review
from fanzha.store.models import CommunityRow, EventRow, PersonRow, PropagandaRow, TaskRow

_DECODE = msgspec.msgpack.Decoder(Community)
_ENCODE = msgspec.msgpack.Encoder()


class CommunityStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sync_from_persons(self) -> int:
        """A community row for every community residents live in; returns how many are new."""
        query = (
            select(
                PersonRow.community, PersonRow.district, func.count(PersonRow.address.distinct())
            )
            .where(PersonRow.community.is_not(None))
            .group_by(PersonRow.community, PersonRow.district)
        )
        known = {c.community_id: c for c in self.all()}
        added = 0
        with self.engine.begin() as conn:
            for name, district, households in conn.execute(query):
                if name is None:
                    continue
                if name in known:
                    if known[name].households != households:
                        known[name].households = households
                        conn.execute(
                            update(CommunityRow)
                            .where(CommunityRow.community_id == name)
                            .values(doc=_ENCODE.encode(known[name]))
                        )
                    continue
                community = Community(
                    community_id=name, name=name, district=district, households=households
                )
                conn.execute(insert(CommunityRow).values(**_row(community)))
                added += 1
        return added

    def all(self, district: str | None = None) -> list[Community]:
        query = select(CommunityRow.doc).order_by(CommunityRow.community_id)
        if district is not None:
            query = query.where(CommunityRow.district == district)
        with self.engine.connect() as conn:
            return [_DECODE.decode(doc) for doc in conn.execute(query).scalars()]

    def save(self, community: Community) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(CommunityRow)
                .where(CommunityRow.community_id == community.community_id)
                .values(**_row(community))
            )

    def record_propaganda(self, rows: Iterable[tuple[str, str, str, datetime]]) -> int:
        """(community, household address, kind, when) for visits, app installs, events."""
        values = [{"community_id": c, "household": h, "kind": k, "ts": ts} for c, h, k, ts in rows]
        if values:
            with self.engine.begin() as conn:
                conn.execute(insert(PropagandaRow), values)
        return len(values)

    def figures(self, start: datetime, end: datetime) -> dict[str, CommunityFigures]:
        """Every community's counts over [start, end)."""
        with self.engine.connect() as conn:
            reached = dict(
                conn.execute(
                    select(
                        PropagandaRow.community_id, func.count(PropagandaRow.household.distinct())
                    )
                    .where(PropagandaRow.ts >= start, PropagandaRow.ts < end)
                    .group_by(PropagandaRow.community_id)
                ).all()
            )
            home = dict(conn.execute(select(PersonRow.person_id, PersonRow.community)).all())
            reports: Counter[str] = Counter()
            losses: defaultdict[str, int] = defaultdict(int)
            for person_id, raw in conn.execute(  # reports name their person
                select(EventRow.person_id, EventRow.raw).where(
                    EventRow.kind == "report", EventRow.ts >= start, EventRow.ts < end
                )
            ):
                community = home.get(person_id) if person_id else None
                if community is not None:
                    reports[community] += 1
                    losses[community] += int(msgspec.json.decode(raw).get("loss_fen", 0))
            warnings: Counter[str] = Counter()
            for (person_id,) in conn.execute(
                select(TaskRow.person_id).where(TaskRow.created >= start, TaskRow.created < end)
            ):
                if (community := home.get(person_id)) is not None:
                    warnings[community] += 1
        return {
            c.community_id: CommunityFigures(
                community_id=c.community_id,
                households=c.households,
                households_reached=min(c.households, reached.get(c.community_id, 0)),
                criminal_fraud_reports=reports[c.community_id],
                residents_caught=0,
                dens_found=0,
                warnings=warnings[c.community_id],
                loss_fen=losses[c.community_id],
            )
            for c in self.all()
        }

    def review_all(
        self, criteria: Criteria, at: datetime, by: str
    ) -> list[tuple[str, StatusChange]]:
        """The periodic review: award, keep or revoke each community, reasons recorded."""
        figures = self.figures(at - criteria.period, at)
        changes = []
        for community in self.all():
            found = figures.get(community.community_id)
            if found is None:
                continue
            change = review(community, found, criteria, by, at)
            if change is not None:
                self.save(community)
                changes.append((community.community_id, change))
        return changes


def _row(community: Community) -> dict[str, object]:
    return {
        "community_id": community.community_id,
        "district": community.district,
        "status": str(community.status),
        "doc": _ENCODE.encode(community),
    }
