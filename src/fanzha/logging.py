"""structlog and standard-logging set-up shared by the CLI and the service, masking by default.

Log lines are read by people who may not see personal data (operators, the
log platform, whoever gets a bug report), so every line — structlog events,
standard-library records, uvicorn's access log, tracebacks — passes through
:func:`~fanzha.security.masking.mask_text` before it is written: mobile, ID and
card numbers come out masked wherever they appear. The access log also drops
query strings (a search for a name or number is personal data even encoded),
and tracebacks are plain text without local variables (rich's would print
whole rows).
"""

from __future__ import annotations

import copy
import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from uvicorn.config import LOGGING_CONFIG

from fanzha.security.masking import mask_deep, mask_text


class MaskPersonalData(logging.Filter):
    """Rewrites each record's message (and traceback) with personal numbers masked.

    Attached to handlers, not loggers: a logger's filter does not see records
    that propagate from its children.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            # uvicorn's access formatter unpacks the arguments itself: keep their shape.
            record.args = tuple(
                mask_deep(_without_query(a) if i == 2 else a) for i, a in enumerate(record.args)
            )
        else:
            try:
                message = record.getMessage()
            except (TypeError, ValueError):  # a bad format string: keep the raw text, masked
                message = str(record.msg)
            record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def _without_query(path: Any) -> Any:
    if isinstance(path, str) and "?" in path:
        return path.split("?", 1)[0] + "?…"
    return path


def _mask_event(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: every string in the event masked (after exceptions are text)."""
    return {key: mask_deep(value) for key, value in event.items()}


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    """Logs go to stderr so that stdout stays free for command output."""
    logging.basicConfig(stream=sys.stderr, level=level, format="%(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskPersonalData) for f in handler.filters):
            handler.addFilter(MaskPersonalData())
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback)
    )
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.format_exc_info,
            _mask_event,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
    )


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with :class:`MaskPersonalData` on every handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["mask"] = {"()": MaskPersonalData}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("mask")
    return config
