"""``python -m fanzha.flink``: the detection job (see fanzha.flink.job)."""

from fanzha.flink.job import main

main()
