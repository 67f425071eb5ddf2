"""The detectors: one small module each, registered in ``detect.signals`` on import.

Each module holds one detector (river's shape: a small thing fed one event,
with the state it touches named) and registers it with its event kind, role,
signals, state and rules numbers. Importing this package imports every module
in it, so a new detector is found without a list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil

from fanzha.detect.detectors.base import MEMO_SIZE, Finding, Memo

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["MEMO_SIZE", "Finding", "Memo"]
