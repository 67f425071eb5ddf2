"""``fanzha ingest`` as a user runs it: messages, dead letters, summary, exit codes."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.settings import get_settings

GOOD = {
    "kind": "web",
    "id": "w1",
    "ts": "2025-03-03T10:00:00+08:00",
    "source": "telecom:cmcc",
    "phone": "+8613800000001",
    "url": "http://example.invalid/loan",
}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """FANZHA_DATA_DIR in a temp dir: the default database and dead letters go there."""
    monkeypatch.setenv("FANZHA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FANZHA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_rejected_lines_are_named_and_the_load_still_succeeds(
    data_dir: Path, tmp_path: Path
) -> None:
    bad = json.dumps(dict(GOOD, id="w2", phone="13800000001"))
    path = write(tmp_path / "web.jsonl", [json.dumps(GOOD), bad, "nonsense"])
    code, out, err = run(str(path))
    assert code == 0
    assert f"{path}:2: field 'phone'" in err
    assert f"{path}:3" in err and "not JSON" in err
    dead = data_dir / "dead-letter" / "web.jsonl.jsonl"
    assert [json.loads(x)["line"] for x in dead.read_text().splitlines()] == [2, 3]
    assert "web 1" in out  # new events by kind
    assert (data_dir / "fanzha.db").exists()


def test_many_rejections_are_summarised_with_a_count(data_dir: Path, tmp_path: Path) -> None:
    lines = [json.dumps(GOOD)] + [f"broken {i}" for i in range(25)]
    code, _, err = run(str(write(tmp_path / "many.jsonl", lines)))
    assert code == 0
    assert err.count("rejected ") >= 10
    assert "… and 15 more rejected lines" in err


def test_one_dead_letter_file_for_all_inputs(data_dir: Path, tmp_path: Path) -> None:
    first = write(tmp_path / "a.jsonl", [json.dumps(GOOD), "oops"])
    second = write(tmp_path / "b.jsonl", [json.dumps(dict(GOOD, id="w9")), "{}"])
    letters = tmp_path / "rejected.jsonl"
    code, _, _ = run(str(first), str(second), "--dead-letter", str(letters))
    assert code == 0
    files = [json.loads(x)["file"] for x in letters.read_text().splitlines()]
    assert files == [str(first), str(second)]


def test_missing_or_corrupt_files_fail_but_the_others_load(data_dir: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "good.jsonl", [json.dumps(GOOD)])
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(gzip.compress(json.dumps(GOOD).encode())[:-12])
    zst = tmp_path / "corrupt.jsonl.zst"
    zst.write_bytes(b"\x28\xb5\x2f\xfd" + b"garbage" * 10)
    parquet = tmp_path / "corrupt.parquet"
    parquet.write_bytes(b"PAR1 not really")
    code, out, err = run(
        str(tmp_path / "absent.jsonl"), str(corrupt), str(zst), str(parquet), str(good)
    )
    assert code == 1
    assert "absent.jsonl: no such file" in err
    for name in ("corrupt.jsonl.gz", "corrupt.jsonl.zst", "corrupt.parquet"):
        assert f"{name}: cannot be read" in err
    assert "new events by kind: web 1" in out


def test_a_file_with_no_valid_line_fails(data_dir: Path, tmp_path: Path) -> None:
    code, _, _ = run(
        str(write(tmp_path / "junk.jsonl", ["a", "b"])),
        "--database-url",
        f"sqlite:///{tmp_path / 'other.db'}",
    )
    assert code == 1
    assert (tmp_path / "other.db").exists()


def test_a_clean_rerun_leaves_no_stale_dead_letters(data_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "fixed.jsonl", [json.dumps(GOOD), "oops"])
    run(str(path))
    dead = data_dir / "dead-letter" / "fixed.jsonl.jsonl"
    assert dead.exists()
    write(path, [json.dumps(GOOD)])  # the partner fixed the file
    code, _, _ = run(str(path))
    assert code == 0 and not dead.exists()
