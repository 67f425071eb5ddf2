"""The year's report: HTML and PDF in Chinese, and every table as CSV and XLSX.

Made entirely offline: charts are matplotlib SVG with the Noto CJK font from
the system, the PDF is WeasyPrint rendering the same HTML. CSV and XLSX go
through ``fanzha.spreadsheets`` (a byte-order mark for Excel, no cell a formula);
the XLSX has a sheet a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from openpyxl import Workbook

from fanzha.contract.kinds import TYPOLOGY_NAMES_ZH
from fanzha.spreadsheets import append_row, write_csv
from fanzha.stats import charts
from fanzha.stats.figures import Enforcement, Headline

TYPOLOGY_ZH = TYPOLOGY_NAMES_ZH
LEVEL_ZH = {"high": "高（红）", "medium": "中（橙）", "low": "低（黄）"}
OUTCOME_ZH = {
    "dissuaded": "劝阻成功",
    "paid_stopped": "已付款已止付",
    "paid_case_filed": "已付款已立案",
    "unreachable": "无法联系",
    "refused": "拒绝劝阻",
    "not_fraud": "非诈骗",
    "repeat_victim": "重复受害",
}
CHECK_ZH = {"order": "网约车/货运订单", "gold": "黄金购买", "parcel": "寄递包裹"}
DECISION_ZH = {"allow": "放行", "warn": "提醒", "hold": "拦截"}
CAMPAIGN_ZH = {
    "talk": "讲座",
    "light_show": "灯光秀",
    "screen_roll": "屏幕滚动",
    "short_video": "短视频",
    "door_to_door": "入户宣传",
    "leaflets": "发放资料",
}


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.0f}"


def change(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


@dataclass
class Table:
    name: str
    """The file and sheet name (ASCII)."""
    title: str
    header: list[str]
    rows: list[list[object]]


def grams(mg: int) -> str:
    return f"{mg / 1000:,.3f} 克"


ENFORCEMENT_ROWS: list[tuple[str, str, float]] = [
    ("打掉团伙（个）", "gangs_broken", 1),
    ("抓获嫌疑人（人）", "suspects", 1),
    ("缴获现金（元）", "cash_seized_fen", 100),
    ("追回黄金（克）", "gold_mg", 1000),
    ("发出风险告知书（份）", "notices_issued", 1),
    ("其中已签收（份）", "notices_acknowledged", 1),
]
"""The ledger's figures as the report shows them: label, field, divisor to the unit."""


def enforcement_table(h: Headline) -> Table:
    now, before = h.enforcement or Enforcement(), h.enforcement_before or Enforcement()
    return Table(
        "enforcement",
        "打击治理成效（同比）",
        ["指标", "本年", "上年", "同比"],
        [
            [
                label,
                _unit(getattr(now, field), divisor),
                _unit(getattr(before, field), divisor),
                change(h.enforcement_change(field)),
            ]
            for label, field, divisor in ENFORCEMENT_ROWS
        ],
    )


def _unit(value: int, divisor: float) -> int | float:
    return value if divisor == 1 else value / divisor


def tables(h: Headline) -> list[Table]:
    """Every table of the report, as exported."""
    return [
        Table(
            "headline",
            "主要指标",
            ["指标", "数值"],
            [
                ["电诈案件（起）", h.cases],
                ["上年同期（起）", h.cases_before],
                ["案件同比", change(h.cases_change)],
                ["损失（元）", h.loss_fen / 100],
                ["上年同期损失（元）", h.loss_before_fen / 100],
                ["损失同比", change(h.loss_change)],
                ["预警（人）", h.warnings],
                ["上门劝阻（次）", h.door_visits],
                ["按时处置（件）", h.deadlines_met],
                ["止付（元）", h.stopped_fen / 100],
                ["冻结（元）", h.frozen_fen / 100],
                ["返还（元）", h.returned_fen / 100],
                ["止付账户（个）", h.accounts_stopped],
                ["拦截域名（条）", h.blocked_domains],
                ["无诈小区（个）", h.fraud_free_communities],
                ["小区总数（个）", h.communities],
            ],
        ),
        enforcement_table(h),
        Table(
            "cases_by_typology",
            "案件类型构成",
            ["类型", "案件（起）"],
            [[TYPOLOGY_ZH.get(k, k), v] for k, v in h.cases_by_typology.items()],
        ),
        Table(
            "by_month",
            "月度趋势",
            ["月份", "案件（起）", "预警（人）"],
            [[m, h.cases_by_month[m], h.warnings_by_month.get(m, 0)] for m in h.cases_by_month],
        ),
        Table(
            "warnings_by_district",
            "各区预警",
            ["辖区", "预警（人）"],
            [[k, v] for k, v in h.warnings_by_district.items()],
        ),
        Table(
            "warnings_by_level",
            "预警等级",
            ["等级", "预警（人）"],
            [[LEVEL_ZH.get(k, k), v] for k, v in h.warnings_by_level.items()],
        ),
        Table(
            "outcomes",
            "劝阻结果",
            ["结果", "件数"],
            [[OUTCOME_ZH.get(k, k), v] for k, v in h.outcomes.items()],
        ),
        Table(
            "campaigns",
            "反诈宣传活动（前后各30天对比）",
            [
                "活动",
                "类型",
                "开始",
                "地点",
                "覆盖人数",
                "前30天预警",
                "后30天预警",
                "前30天损失（元）",
                "后30天损失（元）",
            ],
            [_campaign_row(c) for c in h.campaigns],
        ),
        Table(
            "partner_checks",
            "警企协作核查",
            ["核查", "结果", "次数"],
            [
                [CHECK_ZH.get(k, k), DECISION_ZH.get(d, d), n]
                for k, by in h.partner_checks.items()
                for d, n in by.items()
            ],
        ),
    ]


def _campaign_row(c: dict[str, object]) -> list[object]:
    kind = str(c["kind"])
    return [
        c["title"], CAMPAIGN_ZH.get(kind, kind), str(c["start"])[:10], c["place"], c["reach"],
        c["warnings_before"], c["warnings_after"],
        _fen(c["loss_before_fen"]) / 100, _fen(c["loss_after_fen"]) / 100,
    ]  # fmt: skip


def _fen(value: object) -> int:
    return value if isinstance(value, int) else 0


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(c))}</td>" for c in row) + "</tr>"
        for row in table.rows
    )
    return f"<h3>{escape(table.title)}</h3><table><tr>{head}</tr>{body}</table>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


STYLE = """
@page { size: A4; margin: 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; color: #1d2733; font-size: 10.5pt; }
h1 { font-size: 20pt; color: #0b4ea2; margin: 0 0 4pt; } h2 { font-size: 13pt; color: #0b4ea2; border-bottom: 1px solid #cfd8e3; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; } .muted { color: #5f6b7a; }
.kpis { display: flex; flex-wrap: wrap; gap: 6pt; } .kpi { border: 1px solid #cfd8e3; border-radius: 4pt; padding: 6pt 8pt; width: 29%; }
.kpi b { display: block; font-size: 15pt; } .kpi span { color: #5f6b7a; font-size: 9pt; }
.down { color: #2e7d32; } .up { color: #c62828; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6pt; } td, th { border: 1px solid #cfd8e3; padding: 2pt 5pt; text-align: left; font-size: 9pt; }
th { background: #eef3f9; } .charts { display: flex; flex-wrap: wrap; gap: 6pt; } svg { max-width: 100%; height: auto; }
.page { page-break-before: always; }
"""


def _kpi(label: str, value: str, note: str = "", trend: float | None = None) -> str:
    css = "" if trend is None else ("down" if trend < 0 else "up")
    return f'<div class="kpi"><span>{escape(label)}</span><b>{escape(value)}</b><span class="{css}">{escape(note)}</span></div>'


def render_html(h: Headline, title: str) -> str:
    months = list(h.cases_by_month)
    trend = charts.trend(
        months,
        {
            "案件": list(h.cases_by_month.values()),
            "预警": [h.warnings_by_month.get(m, 0) for m in months],
        },
        "月度案件与预警",
    )
    mix = charts.bars(
        {TYPOLOGY_ZH.get(k, k): v for k, v in h.cases_by_typology.items()},
        "案件类型构成",
        charts.RED,
    )
    districts = charts.bars(h.warnings_by_district, "各区预警人数")
    contacted = sum(v for k, v in h.outcomes.items() if k != "unreachable")
    dissuasion = charts.funnel(
        [
            ("预警", h.warnings),
            ("联系上", contacted),
            ("上门劝阻", h.door_visits),
            ("劝阻成功", h.outcomes.get("dissuaded", 0)),
        ],
        "预警处置漏斗",
    )
    money = charts.funnel(
        [
            ("被骗（元）", h.loss_fen // 100),
            ("止付（元）", h.stopped_fen // 100),
            ("冻结（元）", h.frozen_fen // 100),
            ("返还（元）", h.returned_fen // 100),
        ],
        "资金拦截漏斗",
    )
    now, before = h.enforcement or Enforcement(), h.enforcement_before or Enforcement()
    counted = [r for r in ENFORCEMENT_ROWS if r[1] not in ("cash_seized_fen", "gold_mg")]
    struck = charts.compare(
        [label for label, _, _ in counted],
        [getattr(now, f) for _, f, _ in counted],
        [getattr(before, f) for _, f, _ in counted],
        "打击团伙与风险告知（本年与上年）",
    )
    gangs, gold, notices = (
        h.enforcement_change(f) for f in ("gangs_broken", "gold_mg", "notices_issued")
    )
    kpis = "".join(
        [
            _kpi("电诈案件", f"{h.cases:,} 起", f"同比 {change(h.cases_change)}", h.cases_change),
            _kpi("群众损失", yuan(h.loss_fen), f"同比 {change(h.loss_change)}", h.loss_change),
            _kpi(
                "止付冻结",
                yuan(h.stopped_fen),
                f"冻结 {yuan(h.frozen_fen)}，返还 {yuan(h.returned_fen)}",
            ),
            _kpi("预警劝阻", f"{h.warnings:,} 人", f"上门劝阻 {h.door_visits:,} 次"),
            _kpi(
                "按时处置",
                f"{h.deadlines_met / h.warnings:.0%}" if h.warnings else "—",
                f"{h.deadlines_met:,} / {h.warnings:,} 件",
            ),
            _kpi("无诈小区", f"{h.fraud_free_communities:,} 个", f"共 {h.communities:,} 个小区"),
            _kpi("打掉团伙", f"{now.gangs_broken:,} 个", f"同比 {change(gangs)}", None),
            _kpi(
                "追回黄金",
                grams(now.gold_mg),
                f"同比 {change(gold)}，缴获现金 {yuan(now.cash_seized_fen)}",
                None,
            ),
            _kpi(
                "风险告知书",
                f"{now.notices_issued:,} 份",
                f"已签收 {now.notices_acknowledged:,} 份，同比 {change(notices)}",
                None,
            ),
        ]
    )
    body = "".join(_html_table(t) for t in tables(h)[2:])
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="muted">统计期 {escape(h.period)}'
        f"{' · ' + escape(h.district) if h.district else ' · 全市'} · fanzha 反诈平台自动生成</p>"
        f'<h2>主要指标</h2><div class="kpis">{kpis}</div>'
        f"<h2>趋势</h2>{trend}"
        f'<div class="charts"><div>{mix}</div><div>{districts}</div></div>'
        f'<div class="page"></div><h2>拦截与处置</h2>{dissuasion}{money}'
        f"<h2>打击治理</h2>{struck}{_html_table(enforcement_table(h))}"
        f"<h2>明细</h2>{body}</body></html>"
    )


@dataclass
class ReportFiles:
    html: Path
    pdf: Path
    xlsx: Path
    csv: list[Path]


def write_report(h: Headline, out: Path, title: str) -> ReportFiles:
    from weasyprint import HTML  # heavy: only when a report is made

    out.mkdir(parents=True, exist_ok=True)
    # The district comes from the user: it names a file, so only letters and digits survive.
    place = re.sub(r"[^\w-]", "_", h.district) if h.district else ""
    stem = f"report-{h.period}" + (f"-{place}" if place else "")
    html = render_html(h, title)
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = out / f"{stem}.pdf"
    HTML(string=html, base_url=str(out)).write_pdf(pdf_path)
    book = Workbook()
    book.remove(book.active)
    csv_paths = []
    for table in tables(h):
        path = out / f"{stem}-{table.name}.csv"
        write_csv(path, table.header, table.rows)
        csv_paths.append(path)
        sheet = book.create_sheet(table.name[:31])
        append_row(sheet, table.header)
        for row in table.rows:
            append_row(sheet, row)
    xlsx_path = out / f"{stem}.xlsx"
    book.save(xlsx_path)
    return ReportFiles(html_path, pdf_path, xlsx_path, csv_paths)
