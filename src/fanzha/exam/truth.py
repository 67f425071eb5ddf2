"""Reports to 110/96110, ids in arrival order, and the answer key (``truth.json``)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from fanzha.exam.scams import Ring, Story
from fanzha.exam.world import Ev, World

LOSS_KINDS = ("transfer", "withdrawal", "order", "gold_purchase")


def report_events(w: World, victims: list[list[Story]]) -> list[tuple[Story, Ev]]:
    """Victims who call the police, some time after their last payment of an episode."""
    made: list[tuple[Story, Ev]] = []
    for episodes in victims:
        for story in episodes:
            if not story.losses or not w.chance(w.p.report_share):
                continue
            last = max(e.ts for e in story.losses)
            delay = min(72.0, 3.0 * float(w.rng.lognormal(0.0, 1.2)))
            ts = last + timedelta(hours=delay)
            person = w.residents[story.person]
            loss = max(
                story.handed_over_fen, story.paid_fen - story.rebated_fen + story.handed_over_fen
            )
            typology: str | None = (
                story.typology if w.chance(0.8) else w.pick((None, "other", "investment"))
            )
            fields: dict[str, Any] = {"loss_fen": int(loss)}
            if w.chance(0.85):
                fields["person_id"] = person.person_id
            if "person_id" not in fields or w.chance(0.3):
                fields["phone"] = person.phones[0]
            if typology is not None:
                fields["fraud_type"] = typology
            fields["text"] = (
                f"报案人称于{story.losses[0].ts:%m月%d日%H时}许被骗，共计约{loss // 100}元。"
            )
            event = w.emit("report", ts, w.pick(("police:110", "police:96110")), True, **fields)
            named = [e for e in story.losses if e.kind == "transfer" and w.chance(0.7)]
            event.fields["_transfers"] = named
            made.append((story, event))
    return made


def assign_ids(w: World) -> None:
    """Ids in arrival order over the whole world; ``w.arrived`` is what the center receives."""
    order = sorted(range(len(w.events)), key=lambda i: (w.events[i].arrival, i))
    for n, i in enumerate(order):
        w.events[i].id = f"ev{n + 1:09d}"
    arrived: list[tuple[datetime, int, Ev]] = []
    for n, i in enumerate(order):
        event = w.events[i]
        if not event.observed:
            continue
        arrived.append((event.arrival, n, event))
        if event.kind not in ("person", "account", "report") and w.chance(w.p.duplicate_share):
            arrived.append((event.arrival + timedelta(minutes=w.uniform(0, 15)), n, event))
    arrived.sort(key=lambda item: (item[0], item[1]))
    w.arrived = [event for _, _, event in arrived]
    for event in w.events:
        if "_transfers" in event.fields:
            event.fields["transfers"] = [e.id for e in event.fields.pop("_transfers") if e.observed]


def _ids(events: list[Ev]) -> list[str]:
    return [e.id for e in events]


def _iso(ts: datetime) -> str:
    return ts.isoformat(timespec="seconds")


def _episode(w: World, story: Story, reports: dict[int, Ev]) -> dict[str, Any]:
    first_loss = min(e.ts for e in story.losses)
    before = [
        e
        for e in (*story.signals, *story.others, *story.rebates)
        if e.observed and e.ts < first_loss
    ]
    report = reports.get(id(story))
    return {
        "typology": story.typology,
        "ring_id": story.ring.ring_id,
        "first_contact_ts": _iso(story.first_contact),
        "first_loss_ts": _iso(first_loss),
        "loss_fen": max(
            story.handed_over_fen, story.paid_fen - story.rebated_fen + story.handed_over_fen
        ),
        "paid_fen": story.paid_fen,
        "rebated_fen": story.rebated_fen,
        "handed_over_fen": story.handed_over_fen,
        "victim_transfers": _ids([e for e in story.losses if e.kind == "transfer"]),
        "loss_events": _ids(story.losses),
        "observed_loss_events": _ids([e for e in story.losses if e.observed]),
        "rebate_transfers": _ids(story.rebates),
        "cash_out": story.cash_out,
        "signal_events": _ids(story.signals),
        "observed_signal_events": _ids([e for e in story.signals if e.observed]),
        "other_events": _ids(story.others),
        "observable_before_loss": bool(before),
        "observable_events_before_loss": _ids(sorted(before, key=lambda e: e.ts)),
        "variants": story.variants,
        "obfuscations": sorted(set(story.obfuscations)),
        "disguised_urls": sorted(set(story.disguised_urls)),
        "payer_accounts": story.payer_accounts,
        "report_id": report.id if report else None,
        "reported_ts": _iso(report.ts) if report else None,
    }


def truth_of(
    w: World,
    rings: list[Ring],
    victims: list[list[Story]],
    looks: list[tuple[str, int, datetime, list[Ev]]],
    failed: list[dict[str, Any]],
    reports: list[tuple[Story, Ev]],
) -> dict[str, Any]:
    by_story = {id(story): event for story, event in reports}
    records: list[dict[str, Any]] = []
    unseen: list[str] = []
    for episodes in victims:
        person = w.residents[episodes[0].person]
        record: dict[str, Any] = {
            "person_id": person.person_id,
            "phones": person.phones,
            "accounts": person.accounts,
            **_episode(w, episodes[0], by_story),
        }
        record["episodes"] = [_episode(w, s, by_story) for s in episodes[1:]]
        for extra in record["episodes"]:
            for key in ("loss_fen", "paid_fen", "rebated_fen", "handed_over_fen"):
                record[key] += extra[key]
            for key in (
                "victim_transfers",
                "loss_events",
                "observed_loss_events",
                "rebate_transfers",
                "signal_events",
                "observed_signal_events",
                "other_events",
            ):
                record[key] = record[key] + extra[key]
        record["loss_observed"] = bool(record["observed_loss_events"])
        records.append(record)
        if not record["loss_observed"]:
            unseen.append(record["person_id"])
    sources = Counter((e.source, e.observed) for e in w.events)
    return {
        "city": "fanzha.exam",
        "seed": w.p.seed,
        "persons": w.p.persons,
        "days": w.p.days,
        "start": _iso(w.start),
        "end": _iso(w.end),
        "params": w.p.as_dict(),
        "victims": records,
        "victims_without_observed_loss": unseen,
        "lookalikes": [
            {
                "person_id": w.residents[i].person_id,
                "kind": kind,
                "ts": _iso(ts),
                "event_ids": _ids(evs),
                "observed_event_ids": _ids([e for e in evs if e.observed]),
            }
            for kind, i, ts, evs in looks
        ],
        "scam_contacts_without_loss": [
            {
                "person_id": w.residents[f["person"]].person_id,
                "kind": f["kind"],
                "typology": f["typology"],
                "ring_id": f["ring_id"],
                "ts": _iso(f["ts"]),
                "event_ids": _ids(f["events"]),
                "observed_event_ids": _ids([e for e in f["events"] if e.observed]),
            }
            for f in failed
        ],
        "rings": [ring.truth() for ring in rings],
        "mule_accounts": sorted({a for ring in rings for a in ring.truth()["mule_accounts"]}),
        "observability": {
            "shared_by_source": {s: n for (s, seen), n in sorted(sources.items()) if seen},
            "dropped_by_source": {s: n for (s, seen), n in sorted(sources.items()) if not seen},
        },
    }
