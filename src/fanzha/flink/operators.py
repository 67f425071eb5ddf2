"""The job's Java operators (directories A and B): built once, loaded into each job.

    python -m fanzha.flink.operators      # what ./run.sh flink runs; quick when up to date

The directory stages only look keys up and move records on, so they run as Java
operators (``java/fanzha/flink/*.java``) instead of Python: no record of theirs
crosses into the Python interpreter, and the person stage, in Python, gets
fewer and larger batches. The sources compile with ``javac`` (Java 17) against
the jars the PyFlink wheel ships (``pyflink/lib``); no other library, no
registry. The jar is never committed: it is built into the Flink environment
(``<venv>/share/fanzha/``, or the ``FANZHA_FLINK_JAR`` setting) by
``./run.sh flink``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SOURCES = Path(__file__).with_name("java")
JAR_NAME = "fanzha-flink-stages.jar"


class OperatorsMissing(RuntimeError):
    """The Java operators are not built, or older than their sources: say how to build them."""


def jar_path() -> Path:
    from fanzha.settings import get_settings

    found = get_settings().flink_jar
    return found if found else Path(sys.prefix) / "share" / "fanzha" / JAR_NAME


def sources() -> list[Path]:
    return sorted(SOURCES.rglob("*.java"))


def up_to_date(jar: Path) -> bool:
    return jar.exists() and all(s.stat().st_mtime <= jar.stat().st_mtime for s in sources())


def pyflink_lib() -> Path:
    import pyflink

    return Path(pyflink.__file__).parent / "lib"


def build(jar: Path | None = None) -> Path:
    """Compile the operators into ``jar`` unless it is newer than every source."""
    jar = jar or jar_path()
    if up_to_date(jar):
        return jar
    javac = shutil.which("javac")
    if javac is None:
        raise OperatorsMissing(
            "javac not found: the Flink job's directory stages are Java operators, compiled "
            "once at set-up. Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) "
            "and run ./run.sh flink again."
        )
    jar.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        classes = Path(work)
        command = [javac, "-nowarn", "--release", "17", "-encoding", "UTF-8"]
        command += ["-cp", str(pyflink_lib() / "*"), "-d", str(classes), *map(str, sources())]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise OperatorsMissing(f"javac failed:\n{done.stderr}")
        partial = jar.with_suffix(".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
            for path in sorted(classes.rglob("*.class")):
                out.write(path, path.relative_to(classes).as_posix())
        partial.replace(jar)
    return jar


def built_jar() -> Path:
    """The jar a job loads; a clear error if ``./run.sh flink`` has not built it."""
    jar = jar_path()
    if not up_to_date(jar):
        state = "older than its sources" if jar.exists() else "missing"
        raise OperatorsMissing(
            f"the Flink job's Java operators ({jar}) are {state}: run ./run.sh flink "
            "(or python -m fanzha.flink.operators in the Flink environment; needs javac)"
        )
    return jar


def main() -> None:
    try:
        print(build())
    except OperatorsMissing as missing:
        print(missing, file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()


__all__ = ["OperatorsMissing", "build", "built_jar", "jar_path", "main"]
