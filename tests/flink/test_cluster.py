"""The job submitted to a standalone cluster: one JobManager, two TaskManagers."""

from __future__ import annotations

from pathlib import Path

from fanzha.detect.flink import committed_warnings
from fanzha.detect.flink_cluster import LocalCluster
from fanzha.detect.models import Warning


def test_a_cluster_of_two_taskmanagers_gives_the_same_warnings(
    city: Path, embedded: list[Warning], tmp_path: Path
) -> None:
    out = tmp_path / "warnings"
    with LocalCluster(tmp_path / "cluster", taskmanagers=2) as cluster:
        assert cluster.overview()["slots-total"] == 2
        done = cluster.submit("--events", str(city), "--out", str(out), parallelism=2)
        assert "has finished" in done.stdout
        assert cluster.overview()["jobs-finished"] == 1
    assert committed_warnings(out) == embedded
