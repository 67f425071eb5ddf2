"""Classify one captured page with the shipped page model.

Kept apart from ``pages`` (the model's shape) because loading the shipped model
may mean training it, and training reads ``pages``: here the arrows point one way.
"""

from __future__ import annotations

from functools import lru_cache

from fanzha.patrol.pages import PageModel, PageVerdict
from fanzha.patrol.train_pages import load_or_train

HEAD_CHARS = 300_000
TAIL_CHARS = 100_000
"""A page's start and end decide its verdict (the view keeps its first and last
segments); reading only these keeps one huge capture from taking seconds."""


@lru_cache(maxsize=1)
def trained_model() -> PageModel:
    """The shipped model (config/page_model.npz) when it was built from this generator
    and these features; otherwise trained here, once a process (deterministic)."""
    return load_or_train()


def classify_page(page: str) -> PageVerdict:
    """The verdict for one page (HTML or captured plain text), with Chinese reasons."""
    if len(page) > HEAD_CHARS + TAIL_CHARS:
        page = page[:HEAD_CHARS] + "\n" + page[-TAIL_CHARS:]
    return trained_model().classify(page)


__all__ = ["HEAD_CHARS", "TAIL_CHARS", "classify_page", "trained_model"]
