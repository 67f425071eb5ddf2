"""Messy reports (hard money worlds): late, by phone, naming few transfers.

Real victims call 110/96110 hours to days after the money went, often from
the phone the scammer called rather than with an id card at hand; they remember
some of their transfers or none, round their loss, and may not know what kind
of scam it was. A victim cheated twice reports twice. Every report still obeys
the event contract: it names ``person_id`` or ``phone``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fanzha.contract.kinds import TYPOLOGIES
from fanzha.sim.sink import CST
from fanzha.sim.texts import REPORT_TEXT

if TYPE_CHECKING:
    from fanzha.sim.fraud import Case, Fraud


@dataclass(frozen=True)
class Filed:
    """What was reported about one episode, for the answer key."""

    report_id: str
    ts: float
    identified_by: str
    """person_id, phone, or both."""
    named_transfers: list[str]
    reported_typology: str | None
    stated_loss_fen: int


def file_report(fraud: Fraud, case: Case) -> Filed | None:
    """Report one episode, or not (``report_rate``); returns what was said."""
    rng, p = fraud.rng, fraud.params
    m = p.money
    if rng.random() >= p.report_rate:
        return None
    delay = rng.lognormvariate(math.log(m.report_delay_median_hours * 3600), 1.1)
    when = case.last_loss + 600 + min(delay, m.report_delay_max_days * 86400)
    stated = case.loss
    if stated >= 100_000 and rng.random() < m.report_loss_rounded_share:
        stated = max(round(stated, -5), 100_000)  # "about 35,000 yuan"
    fields: dict[str, Any] = {"loss_fen": stated}
    v = case.victim
    if rng.random() < m.report_phone_only_share:
        fields["phone"], identified = rng.choice(v.phones), "phone"
    else:
        fields["person_id"], identified = v.person_id, "person_id"
        if rng.random() < 0.3:
            fields["phone"], identified = v.phone, "both"
    typology: str | None = case.typology
    if rng.random() < m.report_wrong_typology_share:
        typology = rng.choice([*(t for t in TYPOLOGIES if t != case.typology), None])
    if typology is not None:
        fields["fraud_type"] = typology
    named = _named(fraud, case.transfers)
    if named:
        fields["transfers"] = named
    fields["text"] = _narrative(fraud, case, stated, typology)
    source = rng.choice(("police:110", "police:96110"))
    report_id = fraud.life.sink.emit("report", when, source, fields, prefix="rep-")
    return Filed(report_id, when, identified, named, typology, stated)


def _named(fraud: Fraud, transfers: list[str]) -> list[str]:
    rng, m = fraud.rng, fraud.params.money
    draw = rng.random()
    if not transfers or draw < m.report_names_none_share:
        return []
    if draw < m.report_names_none_share + m.report_names_all_share or len(transfers) == 1:
        return list(transfers)
    k = rng.randint(1, len(transfers) - 1)
    return sorted(rng.sample(transfers, k), key=transfers.index)


def _narrative(fraud: Fraud, case: Case, stated: int, typology: str | None) -> str:
    rng = fraud.rng
    who = rng.choice(("本人报警：", "本人报警：", "家属代为报警：", "受害人来电称：", "来电称："))
    when = datetime.fromtimestamp(int(case.first_loss), CST).strftime("%m月%d日%H时许")
    what = REPORT_TEXT[typology] if typology else "被人以各种理由骗取钱款，"
    about = "约" if stated != case.loss else "共计"
    return f"{who}{when}，{what}{about}损失{stated / 100:,.2f}元。"
