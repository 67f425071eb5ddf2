"""Card numbers with real issuers: UnionPay BINs, card lengths, Luhn check digits.

A center that receives data from only some banks still knows every card's bank
from its first six digits (the issuer identification number). The easy city
numbered accounts with one made-up-length prefix per bank; hard cities
(``money.active``) number cards the way issuers do, so that knowing the bank
from the number is possible, and only possible, the way it is in real data.

Source of ``ISSUER_BINS``: hand-compiled from the debit-card BINs the issuers
publish and from China UnionPay's IIN assignments as reproduced in public
bank-card BIN tables (the prefixes printed on 借记卡 of each bank), with each
range's card length. It is a working subset, not the registry: the prefixes of
the two small local banks (``hkb``, ``rcb_xy``, ``zgcb``) are the simulator's
own placeholders and must not be taken as those banks' real ranges.

Accounts that are not cards have their own shapes: corporate accounts (对公)
carry no BIN (their bank travels in the transfer's ``to_bank``), wallets and
aggregator sub-merchant ledgers are ids of the payment institution.
"""

from __future__ import annotations

import itertools
from typing import Final

from fanzha.sim.population import AccountNumbers

ISSUER_BINS: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    # bank code: ((BIN, card length), ...)
    "icbc": (("622202", 19), ("622208", 19), ("621226", 19), ("621225", 19), ("622200", 19)),
    "ccb": (("621700", 19), ("622700", 19), ("436742", 19), ("622280", 19)),
    "abc": (("622848", 19), ("622845", 19), ("622841", 19), ("622846", 19)),
    "boc": (("621661", 19), ("621785", 19), ("621786", 19), ("621790", 19), ("601382", 19)),
    "bocom": (("622262", 19), ("622260", 19), ("601428", 17), ("405512", 17)),
    "cmb": (("622588", 16), ("622580", 16), ("621483", 16), ("621485", 16), ("621486", 16)),
    "psbc": (("621799", 19), ("622188", 19), ("621098", 19), ("620062", 19)),
    "cib": (("622909", 18), ("622908", 18), ("438588", 18)),
    "citic": (("621771", 16), ("622690", 16), ("622691", 16), ("622696", 16)),
    "spdb": (("622521", 16), ("622522", 16), ("622523", 16)),
    "pingan": (("623058", 19), ("621626", 19), ("622298", 16)),
    "cmbc": (("622622", 16), ("622615", 16), ("415599", 16)),
    "ceb": (("622660", 16), ("622662", 16), ("622666", 16)),
    "hxb": (("622630", 16), ("622631", 16), ("622632", 16)),
    "cgb": (("622568", 19), ("621462", 19)),
    # local banks: placeholders (see the module docstring)
    "hkb": (("623166", 19), ("623167", 19)),
    "rcb_xy": (("621018", 19), ("621019", 19)),
    "zgcb": (("621392", 19), ("621393", 19)),
}
NATIONAL_BANKS: Final[tuple[str, ...]] = ("pingan", "cmbc", "ceb", "hxb", "cgb")
"""Banks with no branch data in the city: mule cards held elsewhere are often there."""
BIN_TO_BANK: Final[dict[str, str]] = {
    b: bank for bank, bins in ISSUER_BINS.items() for b, _ in bins
}
WALLETS: Final[tuple[str, ...]] = ("alipay", "tenpay")
AGGREGATOR: Final = "lakala"
INSTITUTIONS: Final[tuple[str, ...]] = (*WALLETS, AGGREGATOR)
"""Payment institutions. They report their ledgers under ``bank:<name>`` (the contract's
source for whoever keeps an account), and share data or not like a bank."""


def luhn_digit(body: str) -> str:
    """The check digit that makes ``body + digit`` pass the Luhn test (ISO/IEC 7812)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


def issuer_of(number: str) -> str | None:
    """The bank a card number belongs to, from its BIN (None: not a card we know)."""
    return BIN_TO_BANK.get(number[:6]) if luhn_ok(number) else None


class IssuerNumbers(AccountNumbers):
    """Issuer-shaped numbers: cards by BIN with a Luhn digit, corporate accounts,
    wallets and sub-merchant ledgers. Uses no random stream: numbers depend only on
    the order they are asked for, so the world's draws stay what they were."""

    def __init__(self) -> None:
        super().__init__()
        self._per_bin: dict[str, itertools.count[int]] = {}
        self._per_bank: dict[str, int] = {}
        self._other: dict[str, str] = {}
        self._serial = itertools.count(1)

    def new(self, bank: str) -> str:
        bins = ISSUER_BINS[bank]
        turn = self._per_bank.get(bank, 0)
        self._per_bank[bank] = turn + 1
        prefix, length = bins[turn % len(bins)]
        n = next(self._per_bin.setdefault(prefix, itertools.count(1)))
        width = length - len(prefix) - 1
        # 7919 is prime and coprime with 10**width: distinct n give distinct bodies
        body = f"{prefix}{n * 7919 % 10**width:0{width}d}"
        return body + luhn_digit(body)

    def corporate(self, bank: str) -> str:
        """A 对公 account: a branch code and a serial, no BIN (its bank is on file)."""
        n = next(self._serial)
        number = f"{4202 + n % 7:04d}{n * 104729 % 10**13:013d}{n % 97:02d}"
        self._other[number] = bank
        return number

    def wallet(self, provider: str) -> str:
        """An Alipay-style 2088… user id or a Tenpay-style wx… id."""
        n = next(self._serial) * 15485863 % 10**12
        number = f"2088{n:012d}" if provider == "alipay" else f"wxp{n:013d}"
        self._other[number] = provider
        return number

    def sub_merchant(self, aggregator: str = AGGREGATOR) -> str:
        """An aggregator's sub-merchant ledger id (商户号): 822 and twelve digits."""
        number = f"822{next(self._serial) * 32452843 % 10**12:012d}"
        self._other[number] = aggregator
        return number

    def booked_bank(self, account_id: str) -> str | None:
        """The bank of an account that is not a card (corporate, wallet, ledger), else None."""
        return self._other.get(account_id)

    def bank_of(self, account_id: str) -> str | None:
        """Who keeps ``account_id``: the issuer of a card, the bank of a corporate
        account, the institution of a wallet or ledger."""
        return self._other.get(account_id) or issuer_of(account_id)
