"""The SMS detector: fraud scripts fire with their typology; warnings about fraud do not."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, MakeEvent

from fanzha.detect.detectors.sms import on_sms, ordinary_sms
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def test_a_police_script_fires_in_either_script(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    for text in ("您名下账户涉嫌洗钱，请配合调查", "您名下帳戶涉嫌洗錢，請配合調查"):
        sms = ev("sms", sender="+8610000", receiver=PHONE, text=text)
        [signal] = on_sms(sms, PersonState(), directory, rules)  # type: ignore[arg-type]
        assert signal.name == "sms_script" and signal.typology == "impersonate_police", text
        assert "涉嫌" in signal.detail


def test_the_centers_own_warning_and_plain_texts_stay_quiet(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    ordinary = ordinary_sms(rules, Tools())
    for text in ("警方提示：自称公安要求转账到安全账户的都是诈骗", "晚上回家吃饭吗"):
        sms = ev("sms", sender="+8610000", receiver=PHONE, text=text)
        assert on_sms(sms, PersonState(), directory, rules) == []  # type: ignore[arg-type]
        assert ordinary(sms)
