"""Kill points for ``fanzha serve`` under test: imported before the CLI runs.

``FANZHA_TEST_CRASH_AT=<point>`` makes the server SIGKILL itself at that point
of the first request carrying an Idempotency-Key (see ``POINTS``). Nothing in
fanzha knows of this module: the points wrap its functions from outside, so the
server under test is the one operators run.
"""

from __future__ import annotations

import os

POINT = os.environ.get("FANZHA_TEST_CRASH_AT")
