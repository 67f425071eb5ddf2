"""Routing a measure to the partners that hold the person's cards."""

from __future__ import annotations

from fanzha.partners.orders import carriers, routes
from fanzha.partners.registry import DEFAULT_SCOPES, Partner, PartnerRegistry, PartnerType


def partner(partner_id: str, type: PartnerType, source: str) -> Partner:
    return Partner(
        partner_id=partner_id, name=partner_id, type=type, source=source,
        scopes=DEFAULT_SCOPES[type],
    )  # fmt: skip


REGISTRY = PartnerRegistry(
    [
        partner("cmcc", PartnerType.TELECOM, "telecom:cmcc"),
        partner("ctcc", PartnerType.TELECOM, "telecom:ctcc"),
        partner("icbc", PartnerType.BANK, "bank:icbc"),
        partner("didi", PartnerType.RIDE_HAILING, "platform:didi"),
    ]
)


def test_each_partner_gets_only_its_own_cards_and_the_rest_is_unrouted() -> None:
    phones = ["+8613812345678", "+8613300000001", "+8613000000002", "+8613900000003"]
    accounts = [("6222-1", "icbc"), ("6217-9", "ccb"), ("6222-2", "icbc")]
    ported = {"+8613900000003": "ctcc"}  # a 139 number moved to China Telecom (携号转网)
    found, unrouted = routes(REGISTRY, ["bank", "telecom"], phones, accounts, ported.get)
    got = {r.partner.partner_id: (r.subject_kind, r.subjects) for r in found}
    assert got == {
        "cmcc": ("phone", ("+8613812345678",)),
        "ctcc": ("phone", ("+8613300000001", "+8613900000003")),
        "icbc": ("account", ("6222-1", "6222-2")),
    }
    assert unrouted == ["bank:ccb", "telecom:cucc"]  # no CCB or China Unicom partner
    telecoms_only, _ = routes(REGISTRY, ["telecom"], phones, accounts, ported.get)
    assert {r.partner.type for r in telecoms_only} == {PartnerType.TELECOM}


def test_segments_cover_the_carriers_and_unknown_numbers_say_so() -> None:
    table = carriers()
    assert table.by_segment("+8618800000000") == "cmcc"
    assert table.by_segment("+8618600000000") == "cucc"
    assert table.by_segment("+85230001234") is None
    _, unrouted = routes(REGISTRY, ["telecom"], ["+85230001234"], [], lambda _: None)
    assert unrouted == ["telecom:unknown"]
