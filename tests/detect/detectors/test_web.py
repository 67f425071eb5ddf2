"""The web detector: a fraud stem on a risky TLD fires; trusted domains never do."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, MakeEvent

from fanzha.detect.detectors.web import on_web, ordinary_web
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def test_a_look_alike_police_site_fires(ev: MakeEvent, rules: Rules, directory: Directory) -> None:
    visit = ev("web", phone=PHONE, url="https://gongan-check.xyz/login")
    [signal] = on_web(visit, PersonState(), directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.detail, signal.typology) == (
        "fraud_site",
        "gongan-check.xyz",
        "impersonate_police",
    )


def test_trusted_domains_and_their_subdomains_stay_quiet(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    ordinary = ordinary_web(rules, Tools())
    for url in ("https://gaj.wuhan.gov.cn/notice", "https://www.baidu.com/s?wd=licai", "http://[x"):
        visit = ev("web", phone=PHONE, url=url)
        assert on_web(visit, PersonState(), directory, rules) == [], url  # type: ignore[arg-type]
        assert ordinary(visit), url
