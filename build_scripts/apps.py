"""Self-hosted PyScript runtime and the pages that run Python in the browser.

A page declares an app with one marker line (see DEVELOPING.md):
    <!-- policy-desk:app main=web/helper_app.py order=dgo-i-19 data=orders,checker -->
We replace it with script tags, a PyScript config listing exactly the files the app needs
(the portable modules main imports, followed through imports, and the order's data files
data/<kind>/<order>.json), and the app's settings as a JSON data block that web/runner.py
reads — so a page downloads its own code and data and nothing else, and no app names its
order or its data paths in code.

The runtime files, the PyScript config and the settings block are model.tools.runtime's (the
quiz's SCORM package writes its launch page with them too); which modules an app imports is
model.tools.layout's shipping rule.
"""
import json
import re
from typing import Any

from model.escape import html as escape_html
from model.tools.layout import all_portable_modules, imported_modules
from model.tools.runtime import (  # noqa: F401  (runtime_files, AppError: the hook's names)
    DISABLED_PLUGINS, RUNTIME, AppError, app_config, app_settings, core_chunks, runtime_files)

MARKER = re.compile(r"<!--\s*policy-desk:app\s+(?P<args>[^>]*?)\s*-->")
MAIN_RE = re.compile(r"^web/(?P<name>[a-z]+)_app\.py$")


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
