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


def test_disguised_hosts_fire_whatever_their_stems(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    """A bare IP, punycode, or a trusted domain worn in front of another one."""
    for url, why in [
        ("http://114.47.48.230:8888/download", "IP直连"),
        ("http://[2001:db8::1]/login", "IP直连"),
        ("https://xn--fiqs8s.top/login", "punycode"),
        ("https://jd.com.x.net/kefu", "冒用jd.com"),
        ("https://icbc.com.cn.cn-sec.cc/", "冒用icbc.com.cn"),
    ]:
        [signal] = on_web(ev("web", phone=PHONE, url=url), PersonState(), directory, rules)  # type: ignore[arg-type]
        assert signal.name == "fraud_site" and why in signal.detail, url
    for url in ("https://www.jd.com/", "https://m.icbc.com.cn/", "https://news.qq.com/a"):
        assert on_web(ev("web", phone=PHONE, url=url), PersonState(), directory, rules) == [], url  # type: ignore[arg-type]
