"""The parcel detector: declared cash, gold or "documents" fire; other contents do not."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, MakeEvent

from fanzha.detect.detectors.parcel import on_parcel, ordinary_parcel
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def _parcel(ev: MakeEvent, contents: str) -> object:
    return ev(
        "parcel",
        source="courier:sf",
        carrier="sf",
        waybill="SF1",
        sender=PHONE,
        receiver="+8613900000001",
        receiver_address="上海市浦东新区世纪大道100号",
        declared_contents=contents,
        declared_value_fen=0,
    )


def test_cash_gold_and_documents_fire_in_either_script(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    for contents in ("现金", "黃金首饰", "重要文件", "资料"):
        [signal] = on_parcel(_parcel(ev, contents), PersonState(), directory, rules)  # type: ignore[arg-type]
        assert (signal.name, signal.detail) == ("parcel_cash_or_gold", contents)


def test_clothes_and_books_are_ordinary(ev: MakeEvent, rules: Rules, directory: Directory) -> None:
    ordinary = ordinary_parcel(rules, Tools())
    for contents in ("衣服", "书籍"):
        parcel = _parcel(ev, contents)
        assert on_parcel(parcel, PersonState(), directory, rules) == []  # type: ignore[arg-type]
        assert ordinary(parcel)
