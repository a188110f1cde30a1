"""The self-hosted browser runtime of an app page: MicroPython, the page's loader, the app's
modules as bytecode, and the config and settings they read.

Shared by the two hosts of Policy Desk's apps: the site (build_scripts/apps.py writes each app
page) and the quiz's SCORM package (quiz/tools/package.py writes its launch page). Both ship
the same pinned MicroPython and start it with the same loader, app_page.js beside this module
(issue 15: it holds what the reader does before the app is ready, loads MicroPython after the
first paint, writes the app's files into its file system, imports the app's modules — compiled
to bytecode by model.tools.bytecode — one per task, then runs the app's script), and both hand
web/runner.py the same settings block, so an app runs alike on the site and in a learning
system. The site inlines the loader in each app page's <head> (nothing to wait for before the
first screen is usable; the page's policy names its hash, build_scripts/csp.py); the package
serves it as a file (LOADER_FILE), so its pages run no inline code and a learning system's own
Content-Security-Policy need not allow any.

No framework stands between the loader and MicroPython (PyScript did until issue 15): Python
reaches the page through MicroPython's own `js` and `jsffi` modules (web/browser.py), and
nothing needs 'unsafe-eval'.
"""
import json
import os
from typing import Any

from model.escape import html as escape_html
from model.tools.layout import ROOT, all_portable_modules, import_order, imported_modules

MICROPYTHON_DIR = os.path.join(ROOT, "node_modules", "@micropython",
                               "micropython-webassembly-pyscript")
RUNTIME = "_runtime"
MICROPYTHON_FILES = ("micropython.mjs", "micropython.wasm")
INTERPRETER = f"{RUNTIME}/micropython/micropython.mjs"
WASM = f"{RUNTIME}/micropython/micropython.wasm"
LOADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "app_page.js")
LOADER_FILE = f"{RUNTIME}/app_page.js"   # where a host that serves the loader as a file puts it
SETTINGS_ID = "policy-desk-app"  # the JSON data block web/runner.py and the loader read


class AppError(ValueError):
    """An app page, or the runtime it needs, cannot be built; the message says why."""


def runtime_files() -> dict[str, bytes]:
    """{site path: bytes} of the pinned runtime, read from node_modules (installed by npm ci)."""
    if not os.path.isdir(MICROPYTHON_DIR):
        raise AppError("the browser runtime is missing: run `npm ci` (see README) to install "
                       "MicroPython into node_modules/")
    files = {}
    for name in MICROPYTHON_FILES:
        with open(os.path.join(MICROPYTHON_DIR, name), "rb") as handle:
            files[f"{RUNTIME}/micropython/{name}"] = handle.read()
    return files


def loader_script() -> str:
    """The loader's JavaScript (app_page.js), as a page inlines it or a host serves it."""
    with open(LOADER, encoding="utf-8") as handle:
        return handle.read()


def app_modules(main: str) -> dict[str, str]:
    """{site path: interpreter path} of the portable modules main imports, directly or through
    another module, as bytecode: mpy/checker/engine.mpy -> checker/engine.mpy. A page
    downloads only its own app's code (the helper not the quiz's: one request each on a
    phone). Main itself is not among them: the loader fetches it as the script's src and runs
    its source, and listing it again made the page fetch it twice."""
    files = {}
    for module in imported_modules(main, all_portable_modules()):
        if module != main:
            compiled = module[:-len(".py")] + ".mpy"
            files[f"mpy/{compiled}"] = compiled
    return files


def module_imports(main: str) -> list[str]:
    """The dotted names the loader imports, one per task, before it runs main
    (model.tools.layout.import_order without main)."""
    return import_order(main, all_portable_modules())[:-1]


def app_config(files: dict[str, str], root: str, imports: list[str] | None = None) -> str:
    """The loader's config for an app with files ({site path: path in the interpreter's file
    system}) on a page whose way back to the site root is root ('../'), as JSON text: the
    runtime's wasm, {URL: path} of every file and the modules to import first, in that order.

    It is inlined in the page: a separate config file would cost one more round trip
    before the runtime can start. Every URL is relative to the page.
    """
    config = {
        "wasm": root + WASM,
        "files": {root + site: target for site, target in files.items()},
        "imports": imports or [],
    }
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


def python_script(main_url: str, config: str) -> str:
    """The app's <script type="mpy">: inert to the browser; the loader fetches its src (the
    app's main script, run from source) and reads its config (app_config)."""
    return f'<script type="mpy" src="{main_url}" config="{escape_html(config)}"></script>'


def app_settings(spec: dict[str, Any], root: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON data block web/runner.py and the loader read: which app, which order, where
    its data is (site-relative) and the way back to the site root, plus the host's extra
    settings: the interpreter's URL (`interpreter`, which the loader imports), Material's
    script (`theme`, the site's pages), the first screen (`first_screen`, web/first_screen.py),
    the SCORM version (`scorm`, the package). A data block is never executed."""
    settings = {"app": spec["name"], "order": spec["order"], "site_root": root,
                "data": spec["data_paths"], **(extra or {})}
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return (f'<script type="application/json" id="{SETTINGS_ID}">'
            + text.replace("</", "<\\/") + "</script>")


def preload_tags(interpreter_url: str, wasm_url: str, fetched: list[str]) -> list[str]:
    """Preloads of what the loader asks for only after the first paint: the interpreter, its
    wasm and fetched (the app's script and files, URLs). In the <head>, so the browser asks for
    them while it reads the page."""
    return [
        f'<link rel="modulepreload" href="{interpreter_url}">',
        f'<link rel="preload" href="{wasm_url}" as="fetch" type="application/wasm" crossorigin>',
        *[f'<link rel="preload" href="{url}" as="fetch" crossorigin>' for url in fetched],
    ]
