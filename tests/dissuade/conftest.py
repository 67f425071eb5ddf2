from datetime import UTC, datetime

import pytest

from fanzha.dissuade.models import Level, Task

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def high_task() -> Task:
    return Task(
        task_id="T1",
        warning_id="W1",
        person_id="P1",
        level=Level.HIGH,
        typology="impersonate_police",
        district="硚口区",
        created=T0,
    )
