"""Every bank a trace can name has a short Chinese name: no page shows ``cib`` or ``citic``."""

from __future__ import annotations

import re

from fanzha.trace.bank_names import bank_name, bank_names
from fanzha.trace.banks import BIN_TABLE, read_bins
from fanzha.trace.config import TraceConfig

CHINESE = re.compile(r"^[\u4e00-\u9fff（）]+$")


def test_every_bank_of_the_bin_table_and_the_config_has_a_chinese_short_name() -> None:
    config = TraceConfig.load()
    banks = set(read_bins(BIN_TABLE).values()) | set(config.bins.values())
    banks |= set(config.institutions.memo_names.values()) | set(config.data_banks)
    assert len(banks) > 30
    for bank in sorted(banks):
        name = bank_name(bank)
        assert name is not None and CHINESE.match(name), (bank, name)
        assert len(name) <= 9, name  # short: it fits a box of the money-flow picture
        english = bank_name(bank, "en")
        assert english and english != bank and not CHINESE.search(english), (bank, english)


def test_known_names_and_fallbacks() -> None:
    assert bank_name("cib") == "兴业银行" and bank_name("citic") == "中信银行"
    assert bank_name("icbc") == "工商银行" and bank_name("spdb") == "浦发银行"
    assert bank_name(None) is None and bank_names(None) == {"bank_name": None, "bank_name_en": None}
    assert bank_name("xyzbank") == "xyzbank"  # a bank a center adds itself: shown as given
