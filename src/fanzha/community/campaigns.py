"""Anti-fraud campaigns: what was done, where, for whom, and what changed after.

The effect is shown, not claimed: warnings and losses in the communities a
campaign reached, in equal windows before and after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

import msgspec


class CampaignKind(StrEnum):
    TALK = "talk"  # 讲座
    LIGHT_SHOW = "light_show"  # 灯光秀
    SCREEN_ROLL = "screen_roll"  # 屏幕滚动
    SHORT_VIDEO = "short_video"  # 短视频
    DOOR_TO_DOOR = "door_to_door"  # 入户宣传
    LEAFLETS = "leaflets"  # 发放宣传资料


class Campaign(msgspec.Struct, kw_only=True, frozen=True):
    campaign_id: str
    title: str
    kind: CampaignKind
    start: datetime
    end: datetime
    district: str | None = None
    community_ids: list[str] = []
    place: str = ""
    materials: dict[str, int] = {}
    """Materials handed out, e.g. {"宣传册": 500, "反诈App安装": 120}."""
    reach: int = 0
    """People reached (attendance, views)."""


class BeforeAfter(msgspec.Struct, frozen=True, kw_only=True):
    window_days: int
    warnings_before: int
    warnings_after: int
    loss_fen_before: int
    loss_fen_after: int

    @property
    def warnings_change(self) -> float | None:
        if self.warnings_before == 0:
            return None
        return (self.warnings_after - self.warnings_before) / self.warnings_before


def before_after(
    campaign: Campaign,
    incidents: Iterable[tuple[datetime, str, int]],
    window: timedelta = timedelta(days=30),
) -> BeforeAfter:
    """Count (when, community_id, loss_fen) incidents in the campaign's communities
    in ``window`` before its start and ``window`` after its end."""
    targets = set(campaign.community_ids)
    counts = {"before": [0, 0], "after": [0, 0]}
    for when, community_id, loss_fen in incidents:
        if community_id not in targets:
            continue
        if campaign.start - window <= when < campaign.start:
            side = "before"
        elif campaign.end < when <= campaign.end + window:
            side = "after"
        else:
            continue
        counts[side][0] += 1
        counts[side][1] += loss_fen
    return BeforeAfter(
        window_days=window.days,
        warnings_before=counts["before"][0],
        warnings_after=counts["after"][0],
        loss_fen_before=counts["before"][1],
        loss_fen_after=counts["after"][1],
    )
