"""Finding 2: a ride-hailing key moved a resident from 硚口区 to 洪山区 with a ``person``
event. Replayed per partner type over real HTTP, through ``fanzha ingest`` of a file,
and against the detection engine, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fanzha.contract.readers import decode_event
from fanzha.detect.engine import Engine
from fanzha.ingest import ingest_file
from fanzha.store import engine, migrate
from fanzha.store.models import ObservationRow, PersonRow, PhoneRow

from ._partners_edge_support import partner_client

FORGED = {"district": "洪山区", "address": "洪山区珞喻路1号", "name": "假名字"}
PHONE = "+8613812345678"  # 王小明's, per the register


def person(server: Any, source: str, event_id: str = "forged-1", **over: Any) -> dict[str, Any]:
    return {
        "kind": "person", "id": event_id, "ts": server.clock.now().isoformat(), "source": source,
        "person_id": "P1", "phones": ["+8617000000666"], **FORGED, **over,
    }  # fmt: skip


# Per type: (source, a kind it may not send, whether it may send ``person`` as an observation)
TYPES = {
    "ride_hailing": ("platform:didi", "person", False),
    "freight": ("platform:huolala", "person", False),
    "express": ("express:sf", "person", False),
    "gold_seller": ("gold:zhoudafu", "person", False),
    "bank": ("bank:icbc", "call", True),
    "telecom": ("telecom:cmcc", "transfer", True),
}


def _other_kind(kind: str, source: str, server: Any) -> dict[str, Any]:
    ts = server.clock.now().isoformat()
    if kind == "call":
        return {"kind": "call", "id": "c-x", "ts": ts, "source": source, "caller": "+85230001234",
                "callee": PHONE, "duration_s": 60, "caller_tags": []}  # fmt: skip
    if kind == "transfer":
        return {"kind": "transfer", "id": "t-x", "ts": ts, "source": source, "from_account": "A1",
                "to_account": "B1", "amount_fen": 100, "channel": "mobile"}  # fmt: skip
    return person(server, source)


@pytest.mark.parametrize("partner_type", sorted(TYPES))
def test_no_partner_type_rewrites_a_residents_record(server: Any, partner_type: str) -> None:
    source, refused_kind, may_send_person = TYPES[partner_type]
    partner, _ = partner_client(server, f"p-{partner_type}", partner_type, source)
    answer = partner.post(
        "/v1/partner/events",
        json=[person(server, source), _other_kind(refused_kind, source, server)],
    )
    assert answer.status_code == 200, answer.text
    rejected = {r["line"]: r for r in answer.json()["rejected"]}
    refused_line = 2 if refused_kind != "person" else 1
    assert rejected[refused_line]["field"] == "kind"
    assert refused_kind in rejected[refused_line]["error"]
    assert partner_type in rejected[refused_line]["error"]

    record = server.context.person_details("P1")
    assert (record["district"], record["name"]) == ("硚口区", "王小明")
    assert record["phones"] == [PHONE]
    analyst = server.login("analyst")
    seen = analyst.get("/v1/observations", params={"subject": "P1"}).json()
    if may_send_person:  # kept, shown, not applied
        assert 1 not in rejected
        assert [(o["source"], o["fields"]["district"]) for o in seen] == [(source, "洪山区")]
    else:
        assert seen == []
    # The task for a warning still goes to the register's district.
    task = analyst.post(
        "/v1/events",
        json=[
            {
                "kind": "call",
                "id": "c-real",
                "ts": server.clock.now().isoformat(),
                "source": "telecom:cmcc",
                "caller": "+85230001234",
                "callee": PHONE,
                "duration_s": 1800,
                "caller_tags": ["spoofed_official"],
            }
        ],
    ).json()["tasks"][0]
    assert analyst.get(f"/v1/tasks/{task}").json()["district"] == "硚口区"


def test_a_order_check_from_a_platform_cannot_carry_a_person(server: Any) -> None:
    partner, _ = partner_client(server, "didi", "ride_hailing", "platform:didi")
    answer = partner.post("/v1/checks/order", json=person(server, "platform:didi"))
    assert answer.status_code == 403
    assert "ride_hailing" in answer.text and "person" in answer.text


def test_a_bank_owns_its_own_accounts_only(server: Any) -> None:
    icbc, _ = partner_client(server, "icbc", "bank", "bank:icbc")
    ts = server.clock.now().isoformat()
    accounts = [
        {"kind": "account", "id": "a-own", "ts": ts, "source": "bank:icbc",
         "account_id": "ICBC-1", "bank": "icbc", "holder": "P1"},
        {"kind": "account", "id": "a-other", "ts": ts, "source": "bank:icbc",
         "account_id": "CMB-9", "bank": "cmb", "holder": "P2"},
    ]  # fmt: skip
    assert icbc.post("/v1/partner/events", json=accounts).json()["rejected"] == []
    db = server.context.partners.repository.partners.engine
    with db.connect() as conn:
        from fanzha.store.models import AccountRow

        held = dict(conn.execute(select(AccountRow.account_id, AccountRow.holder)).all())
    assert held == {"ICBC-1": "P1"}  # cmb's account is cmb's to describe
    seen = server.login("analyst").get("/v1/observations", params={"subject": "CMB-9"}).json()
    assert seen[0]["fields"]["holder"] == "P2" and seen[0]["source"] == "bank:icbc"


def test_a_partner_cannot_be_registered_with_the_registers_source(server: Any) -> None:
    answer = server.login("admin").post(
        "/v1/partners",
        json={
            "partner_id": "evil",
            "name": "evil",
            "type": "ride_hailing",
            "source": "police:hukou",
        },
    )
    assert answer.status_code == 422 and "platform:*" in answer.text


def _lines(path: Path, events: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), "utf-8")
    return path


def test_fanzha_ingest_of_a_file_keeps_the_registers_values(db_url: str, tmp_path: Path) -> None:
    register = {
        "kind": "person", "id": "hk-1", "ts": "2025-03-01T08:00:00+08:00",
        "source": "police:hukou", "person_id": "P1", "phones": [PHONE],
        "district": "硚口区", "address": "硚口区汉正街1号", "name": "王小明",
    }  # fmt: skip
    forged = {**register, "id": "dd-1", "ts": "2025-03-02T08:00:00+08:00",
              "source": "platform:didi", "phones": ["+8617000000666"], **FORGED}  # fmt: skip
    migrate(db_url)
    db = engine(db_url)
    summary = ingest_file(db, _lines(tmp_path / "f.jsonl", [register, forged]), tmp_path / "dl")
    assert summary.new == 2 and summary.rejected == 0  # kept, not lost
    with db.connect() as conn:
        row = conn.execute(select(PersonRow.district, PersonRow.name, PersonRow.phones)).one()
        phones = dict(conn.execute(select(PhoneRow.phone, PhoneRow.person_id)).all())
        observed = conn.execute(select(ObservationRow.source, ObservationRow.fields)).all()
    assert tuple(row) == ("硚口区", "王小明", PHONE)
    assert phones == {PHONE: "P1"}
    assert [(s, json.loads(f)["district"]) for s, f in observed] == [("platform:didi", "洪山区")]


def test_detection_sees_the_registers_person_not_the_forgery() -> None:
    register = {
        "kind": "person", "id": "hk-1", "ts": "2025-03-01T08:00:00+08:00",
        "source": "police:hukou", "person_id": "P1", "phones": [PHONE],
        "district": "硚口区", "address": "硚口区汉正街1号",
    }  # fmt: skip
    forged = {**register, "id": "dd-1", "ts": "2025-03-01T09:00:00+08:00",
              "source": "platform:didi", "person_id": "P9", **FORGED}  # fmt: skip
    stolen = {**forged, "id": "dd-2", "person_id": "P1", "phones": ["+8617000000666"]}
    detector = Engine()
    for line in (register, forged, stolen):
        accepted = decode_event(json.dumps(line).encode())
        detector.feed(accepted.event)  # type: ignore[union-attr]
    directory = detector.directory
    assert directory.home == {"P1": "硚口区汉正街1号"}
    assert directory.phone_owner == {PHONE: "P1"}


def test_a_source_owning_some_fields_sets_only_those(db_url: str) -> None:
    """Per field: with telecoms owning phones (a center's choice in ownership.yaml), a
    telecom's person record updates the phones, and its district is only observed."""
    from fanzha.contract.ownership import DEFAULT_OWNERSHIP, KindOwners, Ownership
    from fanzha.ingest import EventWriter
    from fanzha.ingest.sql import ReferenceWriter

    rules = Ownership.load(DEFAULT_OWNERSHIP).kinds
    owners = dict(rules["person"].owners, phones=["police:hukou", "telecom:*"])
    custom = Ownership({**rules, "person": KindOwners(key="person_id", owners=owners)})
    migrate(db_url)
    db = engine(db_url)
    writer = EventWriter(db)
    writer.reference = ReferenceWriter(db, custom)
    register = {
        "kind": "person", "id": "hk-1", "ts": "2025-03-01T08:00:00+08:00",
        "source": "police:hukou", "person_id": "P1", "phones": [PHONE],
        "district": "硚口区", "address": "硚口区汉正街1号",
    }  # fmt: skip
    telecom = {**register, "id": "tc-1", "ts": "2025-03-02T08:00:00+08:00",
               "source": "telecom:cmcc", "phones": ["+8613700000007"], **FORGED}  # fmt: skip
    writer.write([decode_event(json.dumps(e).encode()) for e in (register, telecom)])  # type: ignore[misc]
    with db.connect() as conn:
        row = conn.execute(select(PersonRow.district, PersonRow.phones)).one()
        phones = dict(conn.execute(select(PhoneRow.phone, PhoneRow.person_id)).all())
        (fields,) = conn.execute(select(ObservationRow.fields)).scalars()
    assert tuple(row) == ("硚口区", "+8613700000007")
    assert phones["+8613700000007"] == "P1"
    assert set(json.loads(fields)) == {"district", "address", "name"}
