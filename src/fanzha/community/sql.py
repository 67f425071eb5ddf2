"""Communities in the store: who lives where, what reached them, and their status.

Households are the distinct home addresses of a community's residents (the
person reference data carries the community); propaganda that reached a
household is recorded per address, so "100% coverage" means every address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import Engine, func, insert, select, update

from fanzha.community.campaigns import BeforeAfter, Campaign, before_after
from fanzha.community.criteria import Criteria
from fanzha.community.status import Community, CommunityFigures, StatusChange, review
from fanzha.store.models import (
    CampaignRow,
    CommunityIncidentRow,
    CommunityRow,
    EventRow,
    PersonRow,
    PropagandaRow,
    TaskRow,
)

_DECODE = msgspec.msgpack.Decoder(Community)
_ENCODE = msgspec.msgpack.Encoder()
_CAMPAIGN_ENCODE = msgspec.msgpack.Encoder()
_CAMPAIGN_DECODE = msgspec.msgpack.Decoder(Campaign)


class CampaignStore:
    """Campaigns, and their effect: warnings and losses in the communities they reached,
    in equal windows before and after."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, campaign: Campaign) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(CampaignRow).values(
                    campaign_id=campaign.campaign_id,
                    district=campaign.district,
                    start=campaign.start,
                    doc=_CAMPAIGN_ENCODE.encode(campaign),
                )
            )

    def between(
        self, start: datetime, end: datetime, district: str | None = None
    ) -> list[Campaign]:
        query = select(CampaignRow.doc).where(CampaignRow.start >= start, CampaignRow.start < end)
        if district is not None:
            query = query.where(CampaignRow.district == district)
        with self.engine.connect() as conn:
            docs = conn.execute(query.order_by(CampaignRow.start)).scalars().all()
        return [_CAMPAIGN_DECODE.decode(doc) for doc in docs]

    def effects(
        self, campaigns: list[Campaign], window: timedelta = timedelta(days=30)
    ) -> list[tuple[Campaign, BeforeAfter]]:
        """Each campaign with warnings and reported losses before and after it."""
        if not campaigns:
            return []
        first = min(c.start for c in campaigns) - window
        last = max(c.end for c in campaigns) + window
        with self.engine.connect() as conn:
            home = dict(conn.execute(select(PersonRow.person_id, PersonRow.community)).all())
            incidents: list[tuple[datetime, str, int]] = []
            for person_id, created in conn.execute(
                select(TaskRow.person_id, TaskRow.created).where(
                    TaskRow.created >= first, TaskRow.created < last
                )
            ):
                if (warned_in := home.get(person_id)) is not None:
                    incidents.append((created, warned_in, 0))
            for reporter, ts, raw in conn.execute(
                select(EventRow.person_id, EventRow.ts, EventRow.raw).where(
                    EventRow.kind == "report", EventRow.ts >= first, EventRow.ts < last
                )
            ):
                if reporter and (reported_in := home.get(reporter)) is not None:
                    loss = int(msgspec.json.decode(raw).get("loss_fen", 0))
                    incidents.append((ts, reported_in, loss))
        # A warning counts as an incident with no loss; a report adds its loss.
        return [(c, before_after(c, incidents, window)) for c in campaigns]


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

    def add(self, community: Community) -> None:
        """A community not (yet) named by any resident's record: a new compound, a village."""
        with self.engine.begin() as conn:
            conn.execute(insert(CommunityRow).values(**_row(community)))

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

    def record_incident(
        self, community_id: str, kind: str, ts: datetime, note: str, by: str
    ) -> None:
        """A resident caught for fraud elsewhere (``suspect_caught``) or a den (``den_found``)."""
        if kind not in ("suspect_caught", "den_found"):
            raise ValueError(f"kind: {kind!r} is neither suspect_caught nor den_found")
        with self.engine.begin() as conn:
            conn.execute(
                insert(CommunityIncidentRow).values(
                    community_id=community_id, kind=kind, ts=ts, note=note, recorded_by=by
                )
            )

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
            caught: Counter[tuple[str, str]] = Counter(
                (community, kind)
                for community, kind in conn.execute(
                    select(CommunityIncidentRow.community_id, CommunityIncidentRow.kind).where(
                        CommunityIncidentRow.ts >= start, CommunityIncidentRow.ts < end
                    )
                )
            )
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
                residents_caught=caught[(c.community_id, "suspect_caught")],
                dens_found=caught[(c.community_id, "den_found")],
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
