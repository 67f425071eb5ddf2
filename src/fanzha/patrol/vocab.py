"""The page generator's vocabularies (config/page_*.yaml), split so we can measure
generalisation rather than memory.

Every list is split by position: item ``i`` with ``i % 5 == 4`` is *held out* (never
trained on); the rest forms the training part, itself split in two halves for
cross-fitting (the page model's second stage must learn from first-stage scores on
phrases that stage never saw, or it would trust them too much). Whole article genres
listed in ``held_out_genres`` are held out too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

Part = Literal["train", "train0", "train1", "holdout", "all"]


def _keep(index: int, part: Part) -> bool:
    slot = index % 5
    if part == "all":
        return True
    if part == "holdout":
        return slot == 4
    if part == "train":
        return slot != 4
    return slot in ((0, 2) if part == "train0" else (1, 3))


def split(items: list[str], part: Part) -> list[str]:
    """The part of a list a generator may use (the whole list if the part would be empty)."""
    return [str(s) for i, s in enumerate(items) if _keep(i, part)] or [str(s) for s in items]


@lru_cache(maxsize=4)
def _read(name: str) -> dict[str, Any]:
    text = resources.files("fanzha.patrol").joinpath(f"config/{name}").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists in ``extra`` appended to those in ``base`` (positions of ``base`` kept)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict):
            out[key] = _merge(base.get(key, {}), value)
        elif isinstance(value, list):
            out[key] = [*base.get(key, []), *value]
        else:
            out[key] = value
    return out


@lru_cache(maxsize=2)
def _load(name: str) -> dict[str, Any]:
    """A vocabulary file, with what page_sites.yaml and page_genres.yaml add to it
    (site chrome, more kinds of pages, the framings that quote harmful words)."""
    sites = _read("page_sites.yaml")
    if name == "page_spam.yaml":
        merged = _merge(_read(name), {k: sites[k] for k in ("fraud", "porn", "gambling")})
        return _merge(merged, _read("page_genres.yaml")["spam"])
    more = _read("page_genres.yaml")
    merged = _merge(_read(name), {k: sites[k] for k in ("genres", "shared", "chrome")})
    return _merge(merged, {k: more[k] for k in ("genres", "shared", "chrome", "frames")})


@dataclass(frozen=True)
class Genre:
    name: str
    titles: list[str]
    sentences: list[str]


class Vocab:
    """One part of every vocabulary: ``vocab.spam("gambling", "brands")`` and so on."""

    def __init__(self, part: Part) -> None:
        self.part = part
        self._spam = _load("page_spam.yaml")
        articles = _load("page_articles.yaml")
        self._chrome: dict[str, list[str]] = articles["chrome"]
        held = set(articles["held_out_genres"])
        self.genres = []
        for name, body in articles["genres"].items():
            if name in held and part == "holdout":
                self.genres.append(self._genre(name, body, "all"))
            elif name not in held or part == "all":
                self.genres.append(self._genre(name, body, part))
        self.shared = [self._genre(n, b, part) for n, b in articles["shared"].items()]
        self._frames: dict[str, list[str]] = articles["frames"]

    @staticmethod
    def _genre(name: str, body: dict[str, list[str]], part: Part) -> Genre:
        return Genre(name, split(body["titles"], part), split(body["sentences"], part))

    def spam(self, kind: str, field: str) -> list[str]:
        return split(self._spam[kind][field], self.part)

    def spam_fields(self, kind: str) -> list[str]:
        return list(self._spam[kind])

    def chrome(self, field: str) -> list[str]:
        return split(self._chrome[field], self.part)

    def frames(self, kind: str) -> list[str]:
        """Sentences of ordinary pages that quote a harmful phrase ``{x}``."""
        return split(self._frames[kind], self.part)

    def genre(self, name: str) -> Genre:
        return next(g for g in self.genres if g.name == name)

    def shared_genre(self, name: str) -> Genre:
        return next(g for g in self.shared if g.name == name)
