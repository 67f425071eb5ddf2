"""The ``fanzha report`` command's body."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from fanzha.stats.figures import Period, headline
from fanzha.stats.report import write_report


def run_report(year: int, district: str | None, out: Path, database_url: str | None) -> None:
    from fanzha.patrol.indicators import PatrolIndicators
    from fanzha.settings import get_settings
    from fanzha.store import engine, migrate

    err = Console(stderr=True)
    settings = get_settings()
    url = database_url or settings.effective_database_url
    migrate(url)
    with err.status(f"counting {year}{' in ' + district if district else ''}"):
        blocked = len(PatrolIndicators.open().blocklist)
        figures = headline(engine(url), Period.year(year, settings.timezone), district, blocked)
    title = f"武汉市反电信网络诈骗中心 {year} 年度报告" + (f"（{district}）" if district else "")
    with err.status("drawing the charts and the PDF"):
        files = write_report(figures, out, title)
    err.print(
        f"{year}: {figures.cases:,} cases ({_pct(figures.cases_change)} year on year), "
        f"losses ¥{figures.loss_fen / 100:,.0f} ({_pct(figures.loss_change)}), "
        f"stopped ¥{figures.stopped_fen / 100:,.0f}, {figures.warnings:,} warnings, "
        f"{figures.fraud_free_communities:,} fraud-free communities"
    )
    struck = figures.enforcement
    if struck is not None:
        err.print(
            f"ledger: {struck.gangs_broken:,} gangs broken "
            f"({_pct(figures.enforcement_change('gangs_broken'))}), "
            f"cash seized ¥{struck.cash_seized_fen / 100:,.2f}, "
            f"gold recovered {struck.gold_mg / 1000:,.3f} g "
            f"({_pct(figures.enforcement_change('gold_mg'))}), "
            f"{struck.notices_issued:,} notices to gold merchants "
            f"({_pct(figures.enforcement_change('notices_issued'))}), "
            f"{struck.notices_acknowledged:,} acknowledged"
        )
    err.print(f"report: {files.html}, {files.pdf}, {files.xlsx} and {len(files.csv)} CSV files")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"
