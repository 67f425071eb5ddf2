"""The gold detector: gold mailed to an address unlike the account's."""

from __future__ import annotations

from tests.detect.detectors.conftest import HOME, MakeEvent

from fanzha.contract.words import address_similarity
from fanzha.detect.detectors.gold import on_gold
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState


def _gold(ev: MakeEvent, delivery: str, address: str | None) -> object:
    fields = {"delivery_address": address} if address else {}
    return ev(
        "gold_purchase",
        source="bank:icbc",
        account_id="A1",
        grams=100,
        amount_fen=6_000_000,
        channel="app",
        delivery=delivery,
        **fields,
    )


def test_gold_mailed_across_town_fires(ev: MakeEvent, rules: Rules, directory: Directory) -> None:
    elsewhere = "上海市浦东新区世纪大道100号"
    assert address_similarity(HOME, elsewhere) < rules.money.same_address_min_ratio
    [signal] = on_gold(_gold(ev, "mail", elsewhere), PersonState(), directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.typology) == ("gold_mail_elsewhere", "impersonate_police")


def test_gold_mailed_home_with_a_typo_or_picked_up_stays_quiet(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    typo = "武汉市硚口区汉正街1号附1"
    assert address_similarity(HOME, typo) >= rules.money.same_address_min_ratio
    assert on_gold(_gold(ev, "mail", typo), PersonState(), directory, rules) == []  # type: ignore[arg-type]
    assert on_gold(_gold(ev, "pickup", None), PersonState(), directory, rules) == []  # type: ignore[arg-type]
