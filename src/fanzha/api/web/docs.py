"""The API's interactive documentation, served from the package (the intranet has no CDN).

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI and ReDoc from a public CDN and
start them with an inline script; on an isolated network they show a blank page, and
they would need a looser Content-Security-Policy. This page loads the vendored Swagger
UI bundle (``web/vendor.sh``) and a small start-up file instead.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>fanzha 反诈 · API 文档</title>
<link rel="stylesheet" href="/ui/vendor/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/ui/vendor/swagger-ui-bundle.js"></script>
<script src="/ui/api-docs.js"></script>
</body>
</html>
"""


def mount_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)
