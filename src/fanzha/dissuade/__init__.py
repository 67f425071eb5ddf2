"""Dissuasion (劝阻): warnings become district tasks with deadlines, escalation and outcomes.

``workflow`` is the state machine, ``deadlines`` the per-level clocks and the
escalation ladder, ``playbooks`` the named follow-up plans; all are plain logic
over plain objects, persisted by the service.
"""
