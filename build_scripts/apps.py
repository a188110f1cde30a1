"""Self-hosted PyScript runtime and the pages that run Python in the browser.

A page declares an app with one marker line (see DEVELOPING.md):
    <!-- policy-desk:app main=web/helper_app.py order=dgo-i-19 data=orders,checker -->
We replace it with script tags, a PyScript config listing exactly the files the app needs
(the portable modules main imports, followed through imports, and the order's data files
data/<kind>/<order>.json), and the app's settings as a JSON data block that web/runner.py
reads — so a page downloads its own code and data and nothing else, and no app names its
order or its data paths in code.
"""
import ast
import json
import os
import re
from typing import Any

from model.escape import html as escape_html
from model.tools.layout import PACKAGES, ROOT, portable_modules

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
MARKER = re.compile(r"<!--\s*policy-desk:app\s+(?P<args>[^>]*?)\s*-->")
MAIN_RE = re.compile(r"^web/(?P<name>[a-z]+)_app\.py$")
SETTINGS_ID = "policy-desk-app"  # the JSON data block web/runner.py reads


class AppError(ValueError):
    pass


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


def parse_marker(args: str, page_path: str) -> dict[str, Any]:
    """'main=web/helper_app.py order=dgo-i-19 data=orders,checker' -> dict; unknown keys,
    a main that is not web/<name>_app.py and data without an order are errors."""
    spec: dict[str, Any] = {"main": None, "order": None, "data": []}
    for token in args.split():
        key, _, value = token.partition("=")
        if key not in spec or not value:
            raise AppError(f"{page_path}: policy-desk:app marker: bad argument {token!r}; "
                           "allowed: main=web/NAME_app.py order=SLUG data=KIND,KIND")
        spec[key] = value.split(",") if key == "data" else value
    match = MAIN_RE.match(spec["main"] or "")
    if not match:
        raise AppError(f"{page_path}: policy-desk:app marker needs main=web/NAME_app.py")
    if spec["data"] and not spec["order"]:
        raise AppError(f"{page_path}: policy-desk:app marker: data needs order=SLUG")
    spec["name"] = match.group("name")
    spec["data_paths"] = {kind: f"data/{kind}/{spec['order']}.json" for kind in spec["data"]}
    return spec


def find_app_pages(files: Any) -> dict[str, dict[str, str]]:
    """{order slug: {app name: page URL}} from the markers in the documentation pages, so an
    order's page links the helper or quiz only where a page serves that order."""
    pages: dict[str, dict[str, str]] = {}
    for file in files.documentation_pages():
        for match in MARKER.finditer(file.content_string):
            spec = parse_marker(match.group("args"), file.src_uri)
            if spec["order"]:
                pages.setdefault(spec["order"], {})[spec["name"]] = file.url
    return pages


def all_portable_modules() -> set[str]:
    """Every portable module of the project's packages (model.tools.layout's rule)."""
    return {path for package in PACKAGES for path in portable_modules(package)}


# PyScript imports these plugins at start-up unless the config refuses them; a page that only
# runs a script needs none of them (editor, terminal, pygame, deprecation notices), and the
# "error" plugin would paint raw Python tracebacks on the page: apps show their own messages.
DISABLED_PLUGINS = ["!codemirror", "!deprecations-manager", "!donkey", "!error", "!py-editor",
                    "!py-game", "!py-terminal"]


def app_files(spec: dict[str, Any], site_paths: set[str]) -> dict[str, str]:
    """{site path: interpreter path} of the modules and data an app needs.

    Only the portable modules the main script imports, directly or through another module:
    the helper page does not download the quiz's or the audit kit's code (one request each on
    a phone). The main script itself is not among them: PyScript fetches it as the script's
    src, and listing it again made the page fetch it twice.
    """
    files = {}
    for module in imported_modules(spec["main"], all_portable_modules()):
        if module != spec["main"]:
            files[f"py/{module}"] = module
    for data in spec["data_paths"].values():
        if data not in site_paths:
            raise AppError(f"policy-desk:app marker names data {data!r}, which the build "
                           "does not produce")
        files[data] = data
    return files


def imported_modules(main: str, shipped: set[str]) -> list[str]:
    """Repo paths of the shipped modules that main imports, followed through each module."""
    found: set[str] = set()
    todo = [main]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        todo += [module for module in _import_targets(path) if module in shipped]
    return sorted(found & (shipped | {main}))


def _import_targets(path: str) -> list[str]:
    """Candidate repo paths of what the module at path imports, at any depth of its code.

    `import a.b` and `from a.b import c` run a/__init__.py and a/b(.py or /__init__.py); c may
    be a module too. Names that are not our modules (json, pyscript…) simply match nothing.
    """
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_module(path, node)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    targets = []
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            targets += [prefix + "/__init__.py", prefix + ".py"]
    return targets


def _absolute_module(path: str, node: ast.ImportFrom) -> str:
    """The dotted module a `from … import` names, relative imports resolved against path."""
    if not node.level:
        return node.module or ""
    package = path.split("/")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def app_config(files: dict[str, str], root: str) -> str:
    """The PyScript config for an app with files (app_files) on a page whose way back to the
    site root is root ('../'), as JSON text.

    It is inlined in the page: a separate config file would cost one more round trip
    before the runtime can start. With no config URL, every path resolves against the page.
    """
    config = {
        "interpreter": f"{root}{RUNTIME}/micropython/micropython.mjs",
        "files": {root + site: target for site, target in files.items()},
        "plugins": DISABLED_PLUGINS,
    }
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


# On an app page Material's search index (one entry per section of every order: 600 KB
# compressed at 100 orders) would download and parse while the app starts, competing for the
# network and the CPU, so the app's speed would depend on the number of orders. The page
# holds that one request until its Python has run (or 10 s have passed); search works as
# soon as the index arrives. Material 9 requests it with XMLHttpRequest; nothing else waits.
DEFER_SEARCH_INDEX = """<script>
(() => {
  const INDEX = /\\/search\\/search_index\\.json$/;
  const appStarted = new Promise((resolve) => {
    addEventListener("py:all-done", resolve, {once: true});
    setTimeout(resolve, 10000);
  });
  const {open, send} = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.policyDeskDefer = INDEX.test(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (!this.policyDeskDefer) return send.apply(this, body);
    appStarted.then(() => send.apply(this, body));
  };
})();
</script>"""
CORE_IMPORT = re.compile(r'(?:from|import)\s*"\./([\w-]+\.js)"')


def core_chunks() -> list[str]:
    """The chunks core.js imports statically: preloading them saves a round trip."""
    with open(os.path.join(PYSCRIPT_DIST, "core.js"), encoding="utf-8") as handle:
        return sorted(set(CORE_IMPORT.findall(handle.read())))


def app_settings(spec: dict[str, Any], root: str) -> str:
    """The JSON data block web/runner.py reads: which app, which order, where its data is
    (site-relative) and the way back to the site root. A data block is never executed."""
    settings = {"app": spec["name"], "order": spec["order"], "site_root": root,
                "data": spec["data_paths"]}
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return (f'<script type="application/json" id="{SETTINGS_ID}">'
            + text.replace("</", "<\\/") + "</script>")


def script_tags(spec: dict[str, Any], page_url: str, site_paths: set[str]) -> str:
    root = relative_root(page_url)
    runtime = f"{root}{RUNTIME}"
    files = app_files(spec, site_paths)
    config = escape_html(app_config(files, root))
    main = f"{root}py/{spec['main']}"
    fetched = [main] + [root + site for site in sorted(files)]
    # Preload what PyScript would otherwise discover one round trip after another:
    # its code chunk after core.js, the runtime after that, the script and its files only
    # after the runtime starts.
    modules = [f"{runtime}/pyscript/{name}" for name in ["core.js"] + core_chunks()]
    modules.append(f"{runtime}/micropython/micropython.mjs")
    return "\n".join([
        f'<link rel="stylesheet" href="{runtime}/pyscript/core.css">',
        *[f'<link rel="modulepreload" href="{url}">' for url in modules],
        f'<link rel="preload" href="{runtime}/micropython/micropython.wasm" as="fetch" '
        f'type="application/wasm" crossorigin>',
        *[f'<link rel="preload" href="{url}" as="fetch" crossorigin>' for url in fetched],
        app_settings(spec, root),
        DEFER_SEARCH_INDEX,
        # core.js reads a config per interpreter type; without one for "py" it would load
        # every plugin for it even though the page runs no Pyodide script.
        f'<py-config type="json">{escape_html(json.dumps({"plugins": DISABLED_PLUGINS}))}</py-config>',
        f'<script type="module" src="{runtime}/pyscript/core.js"></script>',
        f'<script type="mpy" src="{main}" config="{config}"></script>',
    ])


def relative_root(page_url: str) -> str:
    """'helper/' -> '../', '' -> '' : the way back to the site root from a page."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return "../" * depth
