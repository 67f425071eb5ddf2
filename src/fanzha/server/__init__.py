"""The one place that wires a process: build services from settings, warm-up,
background workers, uvicorn."""
