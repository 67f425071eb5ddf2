"""A throwaway PostgreSQL cluster for tests and benchmarks (never for production).

Why here and not in tests/: the benchmark needs the same server as the tests,
and a developer may want one by hand. It runs ``initdb`` in a temporary
directory on a free port with its socket inside that directory, trusts local
connections, and is removed by ``stop()``. initdb refuses to run as root, so
as root it runs as the ``postgres`` user (Debian's packages create it).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from fanzha.net import free_port


def find_binary(name: str) -> str | None:
    """``initdb``/``pg_ctl`` from PATH or Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found and "/usr/share/postgresql-common" not in os.path.realpath(found):
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
        reverse=True,
    )
    return candidates[0] if candidates else None


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class TemporaryPostgres:
    """Start with ``TemporaryPostgres()``; ``url`` is its ``postgres`` database."""

    def __init__(self) -> None:
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError(
                "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH "
                "or in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
            )
        self.pg_ctl = pg_ctl
        self.dir = Path(tempfile.mkdtemp(prefix="fanzha-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            os.chmod(self.dir, 0o700)
        init = [initdb, "-D", str(self.data), "-U", "fanzha", "--auth=trust", "-E", "UTF8"]
        self._run([*init, "--locale=C.UTF-8"])
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "log")
        try:
            self._run([pg_ctl, "-D", str(self.data), "-o", options, "-l", log, "-w", "start"])
        except subprocess.CalledProcessError:
            self.stop()
            raise
        self.url = self.database_url("postgres")

    def _run(self, args: list[str]) -> None:
        subprocess.run(_as_postgres(args), check=True, capture_output=True, text=True)

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://fanzha@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(
            f"postgresql://fanzha@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
