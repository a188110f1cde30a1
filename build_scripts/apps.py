"""Self-hosted MicroPython runtime and the pages that run Python in the browser.

A page declares an app with one marker line (see DEVELOPING.md):
    <!-- policy-desk:app main=web/helper_app.py order=dgo-i-19 data=orders,checker -->
We replace it with the app's script tag and its config listing exactly the files the app needs
(the portable modules main imports, followed through imports, and the order's data files
data/<kind>/<order>.json), and the app's settings as a JSON data block that web/runner.py
reads — so a page downloads its own code and data and nothing else, and no app names its
order or its data paths in code.

Usable before Python starts (issue 15; finish_page, once MkDocs has written the page): the
app's first screen is written into the page by the app's own view code (web/first_screen.py,
run here in CPython); the settings and a small script (templates/app_page.js) go into the
<head>, so what the reader does before the interpreter is ready is held and done once it
is; MicroPython starts after the first paint, loaded by that script itself (PyScript's
framework, 136 KB of JavaScript and a Python package compiled at every start, gave the apps
nothing they used: `js` and `jsffi` are MicroPython's own); Material's script loads once the
app is ready.
"""
import ast
import importlib
import json
import os
import re
from typing import Any

from model.canonical import sha256_hex
from model.escape import html as escape_html
from model.tools.layout import PACKAGES, ROOT, portable_modules

MICROPYTHON_DIR = os.path.join(ROOT, "node_modules", "@micropython",
                               "micropython-webassembly-pyscript")
RUNTIME = "_runtime"
MICROPYTHON_FILES = ("micropython.mjs", "micropython.wasm")
SOURCE_MAP_LINE = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")
MARKER = re.compile(r"<!--\s*policy-desk:app\s+(?P<args>[^>]*?)\s*-->")
MAIN_RE = re.compile(r"^web/(?P<name>[a-z]+)_app\.py$")
SETTINGS_ID = "policy-desk-app"  # the JSON data block web/runner.py reads
APP_PAGE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates",
                               "app_page.js")
# Material's own script, as its base template writes it at the end of the body.
THEME_SCRIPT = re.compile(r'<script src="(?P<src>[^"]*assets/javascripts/bundle\.\w+\.min\.js)">'
                          r'</script>\n?')


class AppError(ValueError):
    pass


def runtime_files() -> dict[str, bytes]:
    """{site path: bytes} of the pinned runtime, read from node_modules (installed by npm ci)."""
    if not os.path.isdir(MICROPYTHON_DIR):
        raise AppError("the browser runtime is missing: run `npm ci` (see README) to install "
                       "MicroPython into node_modules/")
    files = {}
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


def app_files(spec: dict[str, Any], site_paths: set[str]) -> dict[str, str]:
    """{site path: interpreter path} of the modules and data an app needs.

    Only the portable modules the main script imports, directly or through another module:
    the helper page does not download the quiz's or the audit kit's code (one request each on
    a phone). The main script itself is not among them: the loader fetches it as the
    script's src, and listing it again made the page fetch it twice.
    """
    files = {}
    for module in imported_modules(spec["main"], all_portable_modules()):
        if module != spec["main"]:   # as bytecode (build_scripts/bytecode.py)
            compiled = module[:-len(".py")] + ".mpy"
            files[f"mpy/{compiled}"] = compiled
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


def import_order(main: str, shipped: set[str]) -> list[str]:
    """The dotted names of the shipped modules main imports, each after the modules it
    imports itself (depth first), main last. The loader imports them one per task, so no
    single task loads an app's whole import tree (a reader's tap waits for one module; a
    package whose __init__ imports all its modules still loads in one task)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(path: str) -> None:
        seen.add(path)
        for target in _import_targets(path):
            if target in shipped and target not in seen:
                visit(target)
        order.append(path)

    visit(main)
    return [path[:-len(".py")].replace("/__init__", "").replace("/", ".") for path in order]


def app_config(files: dict[str, str], root: str, imports: list[str] | None = None) -> str:
    """The loader's config for an app with files (app_files) on a page whose way back to
    the site root is root ('../'), as JSON text: the runtime's wasm, {URL: path in the
    interpreter's file system} of every file and the modules to import first, in that order
    (import_order; templates/app_page.js).

    It is inlined in the page: a separate config file would cost one more round trip
    before the runtime can start. Every URL is relative to the page.
    """
    config = {
        "wasm": f"{root}{RUNTIME}/micropython/micropython.wasm",
        "files": {root + site: target for site, target in files.items()},
        "imports": imports or [],
    }
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


def app_settings(spec: dict[str, Any], root: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON data block web/runner.py (and the page's early script) reads: which app,
    which order, where its data is (site-relative), the way back to the site root, and
    extra (the first screen, the runtime's and the theme's scripts). Never executed."""
    settings = {"app": spec["name"], "order": spec["order"], "site_root": root,
                "data": spec["data_paths"], **(extra or {})}
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return (f'<script type="application/json" id="{SETTINGS_ID}">'
            + text.replace("</", "<\\/") + "</script>")


def script_tags(spec: dict[str, Any], page_url: str, site_paths: set[str]) -> str:
    """What the page's marker becomes: the app's script and its config. A browser does not
    run type="mpy"; the page's early script loads MicroPython and runs it (finish_page)."""
    root = relative_root(page_url)
    imports = import_order(spec["main"], all_portable_modules())[:-1]   # not main itself
    config = escape_html(app_config(app_files(spec, site_paths), root, imports))
    return f'<script type="mpy" src="{root}py/{spec["main"]}" config="{config}"></script>'


def preload_tags(spec: dict[str, Any], root: str, site_paths: set[str]) -> list[str]:
    """Preload what the loader asks for only after the first paint: the runtime, the app's
    script and its files. In the <head>, so the browser asks for them while it reads the page."""
    runtime = f"{root}{RUNTIME}"
    fetched = [f"{root}py/{spec['main']}"] + [root + site for site in sorted(app_files(spec, site_paths))]
    return [
        f'<link rel="modulepreload" href="{runtime}/micropython/micropython.mjs">',
        f'<link rel="preload" href="{runtime}/micropython/micropython.wasm" as="fetch" '
        f'type="application/wasm" crossorigin>',
        *[f'<link rel="preload" href="{url}" as="fetch" crossorigin>' for url in fetched],
    ]


def finish_page(page_html: str, spec: dict[str, Any], page_url: str, site_paths: set[str],
                data_files: dict[str, Any]) -> str:
    """The page as MkDocs wrote it, made usable before Python starts: the first screen
    written in, Material's script taken out (the early script loads it once the app is
    ready), the settings, the early script and the preloads in the <head>.

    data_files: {site path: text} of the generated data files the app reads."""
    root = relative_root(page_url)
    data = {kind: json.loads(data_files[path]) for kind, path in spec["data_paths"].items()}
    # Imported here, not at the top: `mkdocs serve` drops our packages before each rebuild
    # (hooks.py), so an edited view is what the next page is written with.
    views = importlib.import_module("web.first_screen")
    screen = views.first_screen(spec["name"], data, root)
    extra: dict[str, Any] = {"interpreter": f"{root}{RUNTIME}/micropython/micropython.mjs",
                             "theme": None, "first_screen": None}
    themes = THEME_SCRIPT.findall(page_html)
    if len(themes) == 1:
        page_html = THEME_SCRIPT.sub("", page_html)
        extra["theme"] = themes[0]
    if screen is not None:
        page_html = fill_elements(page_html, screen["html"], page_url)
        extra["first_screen"] = {"digests": {"#" + ident: sha256_hex(text)
                                             for ident, text in screen["html"].items()},
                                 "unless": screen["unless"]}
    with open(APP_PAGE_SCRIPT, encoding="utf-8") as handle:
        early = handle.read()
    head = [app_settings(spec, root, extra), f"<script>\n{early}</script>",
            *preload_tags(spec, root, site_paths)]
    if page_html.count("</head>") != 1:
        raise AppError(f"{page_url}: an app page needs one </head>")
    return page_html.replace("</head>", "\n".join(head) + "\n</head>", 1)


def fill_elements(page_html: str, contents: dict[str, str], page_url: str) -> str:
    """Write contents ({element id: inner HTML}) into the page's elements of those ids, which
    must be there and empty; each is marked data-prerendered (the early script hides it when
    the first screen is not this visit's)."""
    for ident, inner in sorted(contents.items()):
        pattern = re.compile(r'<(?P<tag>[a-z]+)(?P<attrs>[^<>]*\sid="' + re.escape(ident)
                             + r'"[^<>]*)>\s*</(?P=tag)>')
        found = pattern.findall(page_html)
        if len(found) != 1:
            raise AppError(f"{page_url}: the first screen goes into an empty element "
                           f'id="{ident}", and the page has {len(found)} of them')
        page_html = pattern.sub(lambda m: (f"<{m.group('tag')}{m.group('attrs')} data-prerendered>"
                                           f"{inner}</{m.group('tag')}>"), page_html)
    return page_html


def relative_root(page_url: str) -> str:
    """'helper/' -> '../', '' -> '' : the way back to the site root from a page."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return "../" * depth
