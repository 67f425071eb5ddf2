"""The report's charts as SVG, drawn offline with matplotlib and a CJK font.

SVG keeps the text as text, so the PDF stays sharp and searchable and the
HTML report needs no script at all.
"""

from __future__ import annotations

import io
import itertools
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Source Han Sans SC")
BLUE, RED, GREY = "#0b4ea2", "#c62828", "#9e9e9e"


def _font() -> None:
    available = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [name for name in CJK_FONTS if name in available]
    plt.rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "none"  # text stays text


_drawn = itertools.count(1)


def _svg(figure: Figure) -> str:
    """The figure as inline SVG, its element ids made unique within the report."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    prefix = f"c{next(_drawn)}-"
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', text)
    return re.sub(r"#([A-Za-z_][\w.-]*)\)", lambda m: f"#{prefix}{m[1]})", text).replace(
        'href="#', f'href="#{prefix}'
    )


def trend(months: list[str], series: dict[str, list[int]], title: str) -> str:
    _font()
    figure, axes = plt.subplots(figsize=(7.2, 2.6))
    for (label, values), colour in zip(series.items(), (RED, BLUE, GREY), strict=False):
        axes.plot([m[5:] for m in months], values, marker="o", label=label, color=colour)
    axes.set_title(title, fontsize=11)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8, frameon=False)
    return _svg(figure)


def bars(values: dict[str, int], title: str, colour: str = BLUE) -> str:
    _font()
    labels = list(values)[::-1]
    figure, axes = plt.subplots(figsize=(3.5, 0.25 * max(len(labels), 4) + 0.8))
    axes.barh(labels, [values[k] for k in labels], color=colour)
    axes.set_title(title, fontsize=11)
    axes.tick_params(labelsize=8)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    return _svg(figure)


def funnel(steps: list[tuple[str, int]], title: str) -> str:
    """Each step a bar as wide as its value, labelled with the value and share of the first."""
    _font()
    figure, axes = plt.subplots(figsize=(7.2, 0.45 * len(steps) + 0.8))
    top = max(steps[0][1], 1)
    for i, (label, value) in enumerate(steps):
        y = len(steps) - 1 - i
        axes.barh(y, value, left=(top - value) / 2, color=BLUE if i else RED, height=0.7)
        axes.text(top / 2, y, f"{label}  {value:,}  ({value / top:.0%})", ha="center",
                  va="center", color="white", fontsize=9)  # fmt: skip
    axes.set_axis_off()
    axes.set_title(title, fontsize=11)
    return _svg(figure)


def compare(labels: list[str], now: list[float], before: list[float], title: str,
            names: tuple[str, str] = ("本年", "上年")) -> str:  # fmt: skip
    """This year beside last year, one pair of bars a figure, each bar labelled with its
    value (figures of different units read on their own, not against one axis)."""
    _font()
    figure, axes = plt.subplots(figsize=(7.2, 0.55 * len(labels) + 0.9))
    rows = range(len(labels))[::-1]
    height = 0.38
    top = max([*now, *before, 1])
    for offset, values, colour, name in ((height / 2, now, BLUE, names[0]),
                                         (-height / 2, before, GREY, names[1])):  # fmt: skip
        shares = [v / top if top else 0 for v in values]
        axes.barh([y + offset for y in rows], shares, height=height, color=colour, label=name)
        for y, share, value in zip(rows, shares, values, strict=True):
            axes.text(share + 0.01, y + offset, f"{value:,.0f}" if value == int(value) else
                      f"{value:,.3f}", va="center", fontsize=8)  # fmt: skip
    axes.set_yticks(list(rows), labels, fontsize=9)
    axes.set_xticks([])
    axes.set_xlim(0, 1.18)
    for spine in ("top", "right", "bottom"):
        axes.spines[spine].set_visible(False)
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    axes.set_title(title, fontsize=11)
    return _svg(figure)
