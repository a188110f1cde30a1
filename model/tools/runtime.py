"""The self-hosted browser runtime of an app page, and the config and settings it reads.

Shared by the two hosts of Policy Desk's apps: the site (build_scripts/apps.py writes each
app page's tags) and the quiz's SCORM package (quiz/tools/package.py writes its launch page).
Both ship the same pinned runtime files, configure PyScript the same way and hand
web/runner.py the same settings block, so an app runs alike on the site and in a learning
system.
"""
import json
import os
import re
from typing import Any

from model.tools.layout import ROOT

PYSCRIPT_DIST = os.path.join(ROOT, "node_modules", "@pyscript", "core", "dist")
MICROPYTHON_DIR = os.path.join(ROOT, "node_modules", "@micropython",
                               "micropython-webassembly-pyscript")
RUNTIME = "_runtime"
# Only the chunks a <script type="mpy"> page loads: no editor (codemirror), terminal
# (xterm), pygame, Pyodide, TOML or zip support, and no source maps.
PYSCRIPT_CHUNKS = re.compile(r"^(core(-[\w-]+)?\.js|core\.css|error-[\w-]+\.js|"
                             r"deprecations-manager-[\w-]+\.js)$")
MICROPYTHON_FILES = ("micropython.mjs", "micropython.wasm")
SOURCE_MAP_LINE = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")
SETTINGS_ID = "policy-desk-app"  # the JSON data block web/runner.py reads
# PyScript imports these plugins at start-up unless the config refuses them; a page that only
# runs a script needs none of them (editor, terminal, pygame, deprecation notices), and the
# "error" plugin would paint raw Python tracebacks on the page: apps show their own messages.
DISABLED_PLUGINS = ["!codemirror", "!deprecations-manager", "!donkey", "!error", "!py-editor",
                    "!py-game", "!py-terminal"]
CORE_IMPORT = re.compile(r'(?:from|import)\s*"\./([\w-]+\.js)"')


class AppError(ValueError):
    """An app page, or the runtime it needs, cannot be built; the message says why."""


def runtime_files() -> dict[str, bytes]:
    """{site path: bytes} of the pinned runtime, read from node_modules (installed by npm ci)."""
    if not os.path.isdir(PYSCRIPT_DIST) or not os.path.isdir(MICROPYTHON_DIR):
        raise AppError("the browser runtime is missing: run `npm ci` (see README) to install "
                       "@pyscript/core and MicroPython into node_modules/")
    files = {}
    for name in sorted(os.listdir(PYSCRIPT_DIST)):
        if PYSCRIPT_CHUNKS.match(name):
            files[f"{RUNTIME}/pyscript/{name}"] = _read_stripped(os.path.join(PYSCRIPT_DIST, name))
    for name in MICROPYTHON_FILES:
        files[f"{RUNTIME}/micropython/{name}"] = _read_stripped(os.path.join(MICROPYTHON_DIR, name))
    return files


def _read_stripped(path: str) -> bytes:
    with open(path, "rb") as handle:
        content = handle.read()
    return SOURCE_MAP_LINE.sub(b"\n", content) if path.endswith(".js") else content


def core_chunks() -> list[str]:
    """The chunks core.js imports statically: preloading them saves a round trip."""
    with open(os.path.join(PYSCRIPT_DIST, "core.js"), encoding="utf-8") as handle:
        return sorted(set(CORE_IMPORT.findall(handle.read())))


def app_config(files: dict[str, str], root: str) -> str:
    """The PyScript config for an app with files ({site path: interpreter path}) on a page
    whose way back to the site root is root ('../'), as JSON text.

    It is inlined in the page: a separate config file would cost one more round trip
    before the runtime can start. With no config URL, every path resolves against the page.
    """
    config = {
        "interpreter": f"{root}{RUNTIME}/micropython/micropython.mjs",
        "files": {root + site: target for site, target in files.items()},
        "plugins": DISABLED_PLUGINS,
    }
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


def app_settings(spec: dict[str, Any], root: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON data block web/runner.py reads: which app, which order, where its data is
    (site-relative) and the way back to the site root, plus any extra settings of the host
    (the SCORM package names its SCORM version). A data block is never executed."""
    settings = {"app": spec["name"], "order": spec["order"], "site_root": root,
                "data": spec["data_paths"], **(extra or {})}
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return (f'<script type="application/json" id="{SETTINGS_ID}">'
            + text.replace("</", "<\\/") + "</script>")
