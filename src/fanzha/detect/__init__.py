"""Early warning (预警): find likely victims before they pay.

Detectors are small, engine-agnostic functions over explicit per-person and
per-account state (``state``), fed one event at a time; the rules that weigh
their signals are data (``rules/default.yaml``). ``engine.Engine`` runs them in
event-time order over files or live events; another engine (Flink) can run the
same detectors on its own keyed state.
"""
