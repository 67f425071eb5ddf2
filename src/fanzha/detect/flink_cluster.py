"""A standalone Flink cluster from the PyFlink wheel's own scripts, on this machine.

One JobManager and several TaskManagers (one slot each), as a real cluster is
laid out, with the configuration in a directory of its own. Used by the
cluster test and shown in the README; on real machines the same scripts run
one per host, with ``jobmanager.rpc.address`` pointing at the JobManager.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from fanzha.detect.flink import flink_python
from fanzha.net import free_port


def flink_home() -> Path:
    """The PyFlink package directory (its ``bin/``, ``conf/``, ``lib/``), asked of the
    Flink interpreter itself: right for a venv, a system Python or any other layout."""
    python = flink_python()
    asked = subprocess.run(
        [str(python), "-c", "import os, pyflink; print(os.path.dirname(pyflink.__file__))"],
        capture_output=True,
        text=True,
    )
    if asked.returncode != 0:
        raise FileNotFoundError(f"{python} has no pyflink package: {asked.stderr.strip()}")
    return Path(asked.stdout.strip())


@dataclass
class LocalCluster:
    """``with LocalCluster(work, taskmanagers=2) as cluster: cluster.submit(...)``."""

    work: Path
    taskmanagers: int = 2
    rest_port: int = field(default_factory=free_port)
    rpc_port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.home = flink_home()
        self.conf = self.work / "conf"
        self.conf.mkdir(parents=True, exist_ok=True)
        (self.work / "log").mkdir(exist_ok=True)  # the scripts do not make it
        config = yaml.safe_load((self.home / "conf" / "config.yaml").read_text())
        config["jobmanager"]["rpc"]["port"] = self.rpc_port
        config["jobmanager"]["memory"]["process"]["size"] = "1024m"
        config.setdefault("rest", {}).update(address="localhost", port=self.rest_port)
        config["taskmanager"]["numberOfTaskSlots"] = 1
        config["taskmanager"].setdefault("memory", {})["process"] = {"size": "1280m"}
        (self.conf / "config.yaml").write_text(yaml.safe_dump(config))
        for props in (self.home / "conf").glob("log4j*.properties"):
            (self.conf / props.name).write_text(props.read_text())
        self.env = {
            **os.environ,
            "FLINK_HOME": str(self.home),
            "FLINK_CONF_DIR": str(self.conf),
            "FLINK_LOG_DIR": str(self.work / "log"),
            "FLINK_PID_DIR": str(self.work),
        }

    def _script(self, name: str, *args: str) -> None:
        subprocess.run(
            ["bash", str(self.home / "bin" / name), *args],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def overview(self) -> dict[str, int]:
        return dict(httpx.get(f"http://localhost:{self.rest_port}/overview", timeout=2).json())

    def __enter__(self) -> LocalCluster:
        self._script("jobmanager.sh", "start")
        for _ in range(self.taskmanagers):
            self._script("taskmanager.sh", "start")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if self.overview().get("taskmanagers") == self.taskmanagers:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise TimeoutError(f"{self.taskmanagers} TaskManagers did not register in 90 s")

    def __exit__(self, *_: object) -> None:
        self._script("taskmanager.sh", "stop-all")
        self._script("jobmanager.sh", "stop")

    def submit(self, *job_args: str, parallelism: int) -> subprocess.CompletedProcess[str]:
        """``flink run`` the detection job and wait for it (attached)."""
        python = str(flink_python())
        command = [
            "bash", str(self.home / "bin" / "flink"), "run",
            "-m", f"localhost:{self.rest_port}", "-p", str(parallelism),
            "-pyexec", python, "-pyclientexec", python,
            "-pym", "fanzha.flink", *job_args, "--parallelism", str(parallelism),
        ]  # fmt: skip
        return subprocess.run(command, env=self.env, capture_output=True, text=True, check=True)


__all__ = ["LocalCluster", "flink_home"]
