"""The web UI's shape, read from the source (no browser, no node): every page loads its code
as ES modules, no script hangs anything on ``window``, and helpers come from one module each.

A classic script shares one global scope with every other script on the page; a helper
added there by one page (``window.yuan = …``) silently changes the next, and which copy
runs depends on the order of the tags. Modules say what they import, so the formatting
module, the API client and the header exist once.
"""

from __future__ import annotations

import re
from pathlib import Path

import fanzha.api.web

STATIC = Path(fanzha.api.web.__file__).parent / "static"
SCRIPTS = sorted([*STATIC.glob("*.js"), *STATIC.glob("js/*.js")])
PAGES = sorted(STATIC.glob("*.html"))

# Only the start-up file of /docs (docs.py) is a classic script: it hands the vendored
# Swagger UI bundle, which defines SwaggerUIBundle on window, its options.
CLASSIC = {"api-docs.js"}


def code_of(script: Path) -> str:
    """The script without its // comment lines (comments may quote the old ways)."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//"))


def test_the_pages_and_scripts_are_there() -> None:
    assert len(PAGES) >= 19 and len(SCRIPTS) >= 30  # a moved folder would pass the rest


def test_every_page_loads_only_module_scripts_from_its_own_folder() -> None:
    for page in PAGES:
        html = page.read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*>", html, re.I)
        assert tags, page.name
        for tag in tags:
            assert re.search(r'\btype="module"', tag), (page.name, tag)
            src = re.search(r'\bsrc="([^"]+)"', tag)
            assert src and not re.match(r"[a-z]+:|//", src.group(1)), (page.name, tag)
            assert (STATIC / src.group(1)).is_file(), (page.name, tag)


def test_no_script_puts_anything_on_window_or_reads_the_old_globals() -> None:
    assigns = re.compile(
        r"\b(?:window|globalThis|self)\s*\.\s*[A-Za-z_$][\w$]*\s*(?:\|\||\?\?|&&)?=(?!=)"
    )
    old = re.compile(r"\b(?:FZ|FZ_[A-Z]+|fzStrings|fzWhen)\b")
    for script in SCRIPTS:
        code = code_of(script)
        assert not assigns.search(code), (script.name, assigns.search(code))
        assert not old.search(code), (script.name, old.search(code))
        if script.name not in CLASSIC:
            assert '"use strict"' not in code, script.name  # modules are strict already


def test_every_script_a_page_imports_exists_and_is_relative() -> None:
    static = re.compile(r"""^import\s+(?:[^"';]+?\s+from\s+)?["']([^"']+)["'];""", re.M)
    dynamic = re.compile(r"""\bimport\(\s*["']([^"']+)["']\s*\)""")
    for script in SCRIPTS:
        code = code_of(script)
        for target in [*static.findall(code), *dynamic.findall(code)]:
            assert target.startswith("./") or target.startswith("../"), (script.name, target)
            assert (script.parent / target).resolve().is_file(), (script.name, target)


def test_money_dates_and_levels_are_written_in_one_module() -> None:
    """Only format.js turns fen into ¥, writes a date or picks a level's colour."""
    money = re.compile(r"""["'`]¥|/\s*100\b[^0-9]""")
    level_class = re.compile(r"""["'`]level-(?:high|medium|low)""")
    dates = re.compile(r"toLocale(?:Date|Time)String\(|new Date\([^)]*\)\.toLocaleString\(")
    for script in SCRIPTS:
        if script.name == "format.js":
            continue
        code = code_of(script)
        assert not money.search(code), (script.name, money.search(code))
        assert not level_class.search(code), (script.name, level_class.search(code))
        assert not dates.search(code), (script.name, dates.search(code))


def test_one_api_client_reads_the_session_token() -> None:
    """The bearer header is built in api.js alone: a page cannot forget it or send it twice."""
    for script in SCRIPTS:
        if script.name == "api.js":
            continue
        code = code_of(script)
        assert "Authorization" not in code and "fz-session" not in code, script.name
        assert not re.search(r"(?<![\w.])fetch\(", code), script.name
