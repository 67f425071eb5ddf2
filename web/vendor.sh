#!/usr/bin/env bash
# Copies the front-end libraries fanzha serves from npm's install into the
# Python package, so the intranet never needs a CDN. Run by ./run.sh.
set -euo pipefail
cd "$(dirname "$0")"
{ [ -d node_modules/echarts ] && [ -d node_modules/swagger-ui-dist ]; } || npm ci --no-audit --no-fund --silent
dest=../src/fanzha/api/web/static/vendor
mkdir -p "$dest"
cp node_modules/echarts/dist/echarts.min.js "$dest/"
cp node_modules/echarts/LICENSE "$dest/echarts.LICENSE.txt"
# Swagger UI for /docs, served from here rather than FastAPI's default CDN.
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$dest/"
cp node_modules/swagger-ui-dist/LICENSE "$dest/swagger-ui.LICENSE.txt"
