#!/usr/bin/env bash
# One entry point that sets up everything on a fresh machine, then runs a job.
#   ./run.sh demo   simulate a city and replay its day live into the service and web UI
#   ./run.sh city   simulate the synthetic Wuhan and load it into the embedded store
#   ./run.sh test   install test tools, start what tests need, run lint, types and tests
#                   (the Flink tests alongside, in their own environment, .venv-flink)
#   ./run.sh flink  make .venv-flink: PyFlink (Java 17) and fanzha[flink], for --engine flink
# Re-running is cheap: the virtualenv is rebuilt only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PYTHON=${PYTHON:-python3}
APT_PACKAGES_TEST=(postgresql bind9-utils chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0)
APT_PACKAGES_FLINK=(openjdk-17-jdk-headless nats-server)  # the JDK: javac builds the job's Java operators
FLINK_VENV=.venv-flink

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

need_python() {
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "fanzha needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))"
    exit 1
  fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "please install with your package manager: ${missing[*]}"
    return 0
  fi
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

quiet_pip() {  # pip -q still warns about every unused local index location
  grep -v "^WARNING: Location " || true
}

web_assets() {  # front-end libraries from npm, copied into the package (no CDN at run time)
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -f src/fanzha/api/web/static/vendor/echarts.min.js ] || [ web/package-lock.json -nt src/fanzha/api/web/static/vendor/echarts.min.js ]; then
    say "installing web assets"
    web/vendor.sh
  fi
}

bootstrap() {  # $1: pip extras, e.g. "" or "[dev]"
  need_python
  [ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  local stamp="$VENV/.installed$1"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing fanzha$1 and its pinned dependencies"
    "$VENV/bin/pip" install -q --upgrade pip 2>&1 | quiet_pip
    "$VENV/bin/pip" install -q -c constraints.txt -e ".$1" 2>&1 | quiet_pip
    touch "$stamp"
  fi
  web_assets
}

cmd_city() {
  bootstrap ""
  local out=${FANZHA_CITY_DIR:-city}
  say "simulating 100,000 residents of Wuhan for one day into $out/"
  "$VENV/bin/fanzha" simulate --persons "${PERSONS:-100000}" --days "${DAYS:-1}" --seed "${SEED:-7}" --out "$out"
  say "loading $out/events.jsonl into the embedded store"
  "$VENV/bin/fanzha" ingest "$out/events.jsonl"
  say "detecting likely victims: $out/warnings.jsonl"
  "$VENV/bin/fanzha" detect "$out/events.jsonl" --out "$out/warnings.jsonl"
  say "how early and how precisely, against the city's truth"
  "$VENV/bin/fanzha" backtest "$out/events.jsonl" --truth "$out/truth.json"
}

cmd_demo() {
  bootstrap ""
  say "fanzha demo: simulate, serve on the embedded store, replay the day live"
  exec "$VENV/bin/fanzha" demo "$@"
}

flink_env() {  # PyFlink pins older numpy/pandas/pyarrow: its own environment
  apt_install "${APT_PACKAGES_FLINK[@]}"
  need_python
  [ -x "$FLINK_VENV/bin/python" ] || { say "creating $FLINK_VENV"; "$PYTHON" -m venv "$FLINK_VENV"; }
  local stamp="$FLINK_VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints-flink.txt -nt "$stamp" ]; then
    say "installing fanzha[flink] (PyFlink) into $FLINK_VENV"
    "$FLINK_VENV/bin/pip" install -q --upgrade pip 2>&1 | quiet_pip
    "$FLINK_VENV/bin/pip" install -q -c constraints-flink.txt -e ".[flink]" pytest==9.2.0 2>&1 | quiet_pip
    touch "$stamp"
  fi
  # The job's directory stages are Java operators, compiled against PyFlink's own jars
  # into the environment (a few seconds, and only when a .java file changed).
  command -v javac >/dev/null || { say "javac not found: install a JDK 17 (Debian: openjdk-17-jdk-headless)"; exit 1; }
  "$FLINK_VENV/bin/python" -m fanzha.flink.operators >/dev/null
}

cmd_flink() {
  flink_env
  say "ready: fanzha detect EVENTS --engine flink [--parallelism N]"
}

cmd_test() {
  apt_install "${APT_PACKAGES_TEST[@]}"
  bootstrap "[dev]"
  flink_env
  # The Flink tests (minutes of JVM start-up and checkpoint waits) run beside the
  # rest, in the background; CI fails if either fails. Their output follows at the end.
  local flink_log
  flink_log=$(mktemp -t fanzha-flink-tests.XXXXXX)
  say "pytest (Flink, in $FLINK_VENV) started in the background"
  "$FLINK_VENV/bin/pytest" -p no:cacheprovider tests/flink >"$flink_log" 2>&1 &
  flink_pid=$!  # global: the EXIT trap reads it
  trap 'kill "$flink_pid" 2>/dev/null || true' EXIT
  local code=(src tests)
  [ -d benchmarks ] && code+=(benchmarks)
  say "ruff";  "$VENV/bin/ruff" check "${code[@]}"
  "$VENV/bin/ruff" format --check "${code[@]}"
  say "mypy";  "$VENV/bin/mypy"
  say "import contracts"; "$VENV/bin/lint-imports"
  # One worker per core (pytest-xdist); a test file stays on one worker, so its
  # module fixtures (a browser, a server) start once. FANZHA_TEST_WORKERS overrides.
  say "pytest"
  local status=0 flink_status=0
  "$VENV/bin/pytest" -n "${FANZHA_TEST_WORKERS:-auto}" --dist loadfile "$@" || status=$?
  wait "$flink_pid" || flink_status=$?
  trap - EXIT
  say "pytest (Flink, in $FLINK_VENV)"; cat "$flink_log"; rm -f "$flink_log"
  [ "$status" -eq 0 ] || { say "pytest failed (exit $status)"; exit "$status"; }
  [ "$flink_status" -eq 0 ] || { say "Flink tests failed (exit $flink_status)"; exit "$flink_status"; }
}

case "${1:-}" in
  demo) shift; cmd_demo "$@" ;;
  city) shift; cmd_city "$@" ;;
  test) shift; cmd_test "$@" ;;
  flink) shift; cmd_flink "$@" ;;
  *) echo "usage: ./run.sh demo [fanzha demo options] | city | test [pytest args] | flink" >&2; exit 2 ;;
esac
