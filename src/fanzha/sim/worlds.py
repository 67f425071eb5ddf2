"""Presets and domain randomisation: which city ``fanzha simulate`` builds.

``easy`` is the plain city (the default; the same events byte for byte as
ever). ``realistic`` is a hard city at mid-range rates
(``config/presets/realistic.yaml``). ``--world N`` draws a hard city from the
wide ranges of ``config/worlds.yaml``: data sharing, tag noise, disguises,
look-alike rates, journey variants and the typology mix — so that no detector
can be tuned to one world. The draw depends only on N.
"""

from __future__ import annotations

import math
from pathlib import Path
from random import Random
from typing import Any

import yaml

from fanzha.sim.issuers import INSTITUTIONS
from fanzha.sim.life import PLATFORMS
from fanzha.sim.moneyworld import EXIT_KINDS
from fanzha.sim.params import DEFAULT_TYPOLOGY_WEIGHTS, SimParams
from fanzha.sim.population import PARTNER_BANKS

CONFIG = Path(__file__).parent / "config"
WORLD_RANGES = CONFIG / "worlds.yaml"
PRESETS = ("easy", "realistic")
TELECOMS = ("cmcc", "cucc", "ctcc")
CARRIERS = ("sf", "zto", "yto", "jd", "ems")
GOLD_SELLERS = tuple(f"ORG-GOL{i:05d}" for i in range(4))
INT_FIELDS = frozenset(
    {"contact_outside_window_days", "fan_out_max", "atm_daily_limit_fen", "atm_single_max_fen"}
)


def preset(name: str) -> dict[str, Any]:
    """A preset's parameters (``easy``: none, the defaults)."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    if name == "easy":
        return {}
    data: dict[str, Any] = yaml.safe_load((CONFIG / "presets" / f"{name}.yaml").read_text("utf-8"))
    return data


def draw_world(seed: int, ranges_path: Path = WORLD_RANGES) -> dict[str, Any]:
    """SimParams fields drawn for world ``seed`` from the ranges file."""
    ranges = yaml.safe_load(ranges_path.read_text(encoding="utf-8"))
    rng = Random(f"fanzha-world-{seed}")

    def uniform(bounds: list[float], name: str = "") -> float | int:
        if name in INT_FIELDS:
            return rng.randint(int(bounds[0]), int(bounds[1]))
        return round(rng.uniform(bounds[0], bounds[1]), 6)

    drawn: dict[str, Any] = {k: uniform(v, k) for k, v in ranges["rates"].items()}
    spread = float(ranges["typology_spread"])
    drawn["typology_weights"] = {
        t: round(w * math.exp(rng.gauss(0, spread)), 6) for t, w in DEFAULT_TYPOLOGY_WEIGHTS.items()
    }
    hard: dict[str, Any] = {k: uniform(v, k) for k, v in ranges["hard"].items()}
    off = float(ranges["technique_off_share"])
    for key, names in (
        ("obfuscation_weights", ranges["obfuscations"]),
        ("url_disguise_weights", ranges["url_disguises"]),
    ):
        weights = {n: 0.0 if rng.random() < off else round(rng.uniform(0.2, 1), 3) for n in names}
        if not any(weights.values()):
            weights[rng.choice(names)] = 1.0
        hard[key] = weights
    hard["lookalike_rates"] = {k: uniform(v) for k, v in ranges["lookalike_rates"].items()}
    hard["journey_variant_shares"] = {
        k: uniform(v) for k, v in ranges["journey_variant_shares"].items()
    }
    hard["sharing"] = _draw_sharing(rng, ranges["sharing"])
    drawn["hard"] = hard
    if "money" in ranges:  # drawn last, so the draws above stay what they were
        money: dict[str, Any] = {k: uniform(v, k) for k, v in ranges["money"].items()}
        low, high = ranges["money_exit_weights"]
        money["exit_weights"] = {k: round(rng.uniform(low, high), 3) for k in EXIT_KINDS}
        money["enabled"] = True
        drawn["money"] = money
        share = rng.uniform(*ranges["institution_share"])
        hard["sharing"]["banks"] += [i for i in INSTITUTIONS if rng.random() < share]
    return drawn


def _draw_sharing(rng: Random, r: dict[str, Any]) -> dict[str, Any]:
    def some(names: tuple[str, ...] | list[str], bounds: list[float], least: int) -> list[str]:
        share = rng.uniform(*bounds)
        chosen = [n for n in names if rng.random() < share]
        while len(chosen) < least:
            extra = rng.choice([n for n in names if n not in chosen])
            chosen.append(extra)
        return sorted(chosen)

    modes = r["telecom_modes"]
    telecoms = {t: rng.choices(list(modes), list(modes.values()))[0] for t in TELECOMS}
    if "full" not in telecoms.values():
        telecoms[rng.choice(TELECOMS)] = "full"
    platforms = sorted({p for ps in PLATFORMS.values() for p in ps})
    return {
        "banks": some(list(PARTNER_BANKS), r["bank_share"], 2),
        "telecoms": telecoms,
        "platforms": some(platforms, r["platform_share"], 1),
        "carriers": some(CARRIERS, r["carrier_share"], 1),
        "gold_sellers": some(GOLD_SELLERS, r["gold_seller_share"], 0),
    }


def merge(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """``more`` over ``base``; nested mappings (``hard``, ``hard.sharing``) merge key by key."""
    out = dict(base)
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "typology_weights":
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build_params(
    preset_name: str = "easy",
    world: int | None = None,
    params_file: Path | None = None,
    **overrides: Any,
) -> SimParams:
    """The preset, then the world's draw, then the params file, then single options."""
    data = preset(preset_name)
    drawn: dict[str, Any] = {}
    if world is not None:
        drawn = draw_world(world)
        data = merge(data, drawn)
    if params_file is not None:
        data = merge(data, yaml.safe_load(params_file.read_text(encoding="utf-8")) or {})
    data = merge(data, {k: v for k, v in overrides.items() if v is not None})
    data.update(preset=preset_name, world=world, world_draw=drawn)
    return SimParams.model_validate(data)
