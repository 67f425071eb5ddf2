"""Rings and linked cases (串并案): mule accounts, phones, addresses and cases

Grouped by evidence: traced money, shared cards, callers and drop-off addresses.
."""
