"""Background work of a server process: deadlines, lapses, leftovers, webhooks.

Each worker is a daemon thread that one bad round does not stop; each returns
an event the caller sets to stop it.
"""

from __future__ import annotations

import threading

import structlog

from fanzha.flows.measures import sweep_measures
from fanzha.services import Services

log = structlog.get_logger(__name__)


def start_deadline_sweeper(context: Services, every_s: float = 30.0) -> threading.Event:
    """Escalates missed deadlines, lapses stop-payments and measures in the background;
    set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                breaches = context.tasks.sweep_deadlines()
                if breaches:
                    log.info("deadlines missed", count=len(breaches))
                if lapsed := context.cases.sweep():
                    log.info("stop-payments or freezes lapsed", count=len(lapsed))
                sweep_measures(context)  # lapsed measures: release orders to partners
                sweep_leftovers(context)
            except Exception:  # keep sweeping: one bad round must not stop escalation
                log.exception("deadline sweep failed")

    threading.Thread(target=loop, name="deadline-sweeper", daemon=True).start()
    return stop


def sweep_leftovers(context: Services) -> None:
    """Forget what has expired: remembered answers, sessions, old login failures.

    Without it every idempotency key, session and failed login stays in the
    store for good, and a client that sends fresh keys fills the disk.
    """
    now = context.clock.now()
    context.idempotency.sweep(now)
    context.users.drop_expired_sessions(context.session_now())
    context.logins.sweep()


def start_webhook_worker(context: Services, every_s: float = 1.0) -> threading.Event:
    """Delivers partner webhooks due now (retries back off by the outbox's schedule)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                context.partners.deliver_due()
            except Exception:  # a broken partner endpoint must not stop the others' deliveries
                log.exception("webhook delivery round failed")

    threading.Thread(target=loop, name="webhook-worker", daemon=True).start()
    return stop


__all__ = ["start_deadline_sweeper", "start_webhook_worker", "sweep_leftovers"]
