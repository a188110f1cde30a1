"""Self-hosted PyScript runtime and the pages that run Python in the browser.

A page declares an app with one marker line (see DEVELOPING.md):
    <!-- policy-desk:app main=web/helper_app.py packages=checker,web data=data/orders/dgo-i-19.json -->
We replace it with script tags and write a PyScript config listing exactly the files the app
needs, so a page downloads its own code and data and nothing else.
"""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
CPYTHON_ONLY = ("__main__.py", "site_build.py")


class AppError(ValueError):
    pass


def runtime_files():
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


def _read_stripped(path):
    with open(path, "rb") as handle:
        content = handle.read()
    return SOURCE_MAP_LINE.sub(b"\n", content) if path.endswith(".js") else content


def parse_marker(args, page_path):
    """'main=web/x.py packages=a,b data=d.json' -> dict; unknown keys are an error."""
    spec = {"main": None, "packages": [], "data": []}
    for token in args.split():
        key, _, value = token.partition("=")
        if key not in spec or not value:
            raise AppError(f"{page_path}: policy-desk:app marker: bad argument {token!r}; "
                           "allowed: main=FILE.py packages=A,B data=PATH.json,…")
        spec[key] = value if key == "main" else value.split(",")
    if not spec["main"]:
        raise AppError(f"{page_path}: policy-desk:app marker needs main=FILE.py")
    return spec


def package_modules(package):
    """Repo-relative paths of a package's portable modules (what the browser gets)."""
    base = os.path.join(ROOT, package)
    if not os.path.isdir(base):
        raise AppError(f"policy-desk:app marker names package {package!r}, which does not exist")
    modules = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py") and name not in CPYTHON_ONLY and not name.startswith("cli"):
                modules.append(os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/"))
    return modules


def app_config(spec, page_url, site_paths):
    """(config site path, config JSON) for an app on the page at page_url ('helper/')."""
    name = os.path.splitext(os.path.basename(spec["main"]))[0]
    config_path = f"py/apps/{name}.json"
    to_root_from_config = "../../"
    files = {}
    for package in spec["packages"]:
        for module in package_modules(package):
            files[f"{to_root_from_config}py/{module}"] = module
    for data in spec["data"]:
        if data not in site_paths:
            raise AppError(f"policy-desk:app marker names data {data!r}, which the build "
                           "does not produce")
        files[f"{to_root_from_config}{data}"] = data
    config = {
        # resolves against the page URL, unlike `files`, which resolve against this file
        "interpreter": relative_root(page_url) + f"{RUNTIME}/micropython/micropython.mjs",
        "files": files,
    }
    return config_path, json.dumps(config, indent=1, sort_keys=True)


def script_tags(spec, page_url, config_path):
    root = relative_root(page_url)
    runtime = f"{root}{RUNTIME}"
    return "\n".join((
        f'<link rel="stylesheet" href="{runtime}/pyscript/core.css">',
        # Preload what PyScript would otherwise discover one round trip at a time.
        f'<link rel="modulepreload" href="{runtime}/pyscript/core.js">',
        f'<link rel="modulepreload" href="{runtime}/micropython/micropython.mjs">',
        f'<link rel="preload" href="{runtime}/micropython/micropython.wasm" as="fetch" '
        f'type="application/wasm" crossorigin>',
        f'<script type="module" src="{runtime}/pyscript/core.js"></script>',
        f'<script type="mpy" src="{root}py/{spec["main"]}" config="{root}{config_path}"></script>',
    ))


def relative_root(page_url):
    """'helper/' -> '../', '' -> '' : the way back to the site root from a page."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return "../" * depth


def find_markers(markdown):
    return list(MARKER.finditer(markdown))
