"""HTTP API (FastAPI). Routers only translate HTTP to calls of the capabilities."""
