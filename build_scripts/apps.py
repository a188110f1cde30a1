"""The pages that run Python in the browser: the site's app pages.

A page declares an app with one marker line (see DEVELOPING.md):
    <!-- policy-desk:app main=web/helper_app.py order=dgo-i-19 data=orders,checker -->
We replace it with the app's script tag and its config listing exactly the files the app needs
(the portable modules main imports, followed through imports, and the order's data files
data/<kind>/<order>.json), and the app's settings as a JSON data block that web/runner.py
reads — so a page downloads its own code and data and nothing else, and no app names its
order or its data paths in code.

Usable before Python starts (issue 15; finish_page, once MkDocs has written the page): the
app's first screen is written into the page by the app's own view code (web/first_screen.py,
run here in CPython); the settings and the loader (model/tools/app_page.js) go into the
<head>, so what the reader does before the interpreter is ready is held and done once it
is; MicroPython starts after the first paint, loaded by that script itself (PyScript's
framework, 136 KB of JavaScript and a Python package compiled at every start, gave the apps
nothing they used: `js` and `jsffi` are MicroPython's own); Material's script loads once the
reader reaches for it.

The runtime files, the loader, its config and the settings block are model.tools.runtime's
(the quiz's SCORM package writes its launch page with them too); which modules an app imports
is model.tools.layout's shipping rule.
"""
import importlib
import json
import re
from typing import Any

from model.canonical import sha256_hex
from model.tools.runtime import (  # noqa: F401  (runtime_files, AppError: the hook's names)
    INTERPRETER, WASM, AppError, app_config, app_modules, app_settings, loader_script,
    module_imports, preload_tags, python_script, runtime_files)

MARKER = re.compile(r"<!--\s*policy-desk:app\s+(?P<args>[^>]*?)\s*-->")
MAIN_RE = re.compile(r"^web/(?P<name>[a-z]+)_app\.py$")
# Material's own script, as its base template writes it at the end of the body.
THEME_SCRIPT = re.compile(r'<script src="(?P<src>[^"]*assets/javascripts/bundle\.\w+\.min\.js)">'
                          r'</script>\n?')


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
    """{site path: interpreter path} of the modules (as bytecode, model.tools.runtime.app_modules)
    and data an app needs; data the build does not produce is an error."""
    files = app_modules(spec["main"])
    for data in spec["data_paths"].values():
        if data not in site_paths:
            raise AppError(f"policy-desk:app marker names data {data!r}, which the build "
                           "does not produce")
        files[data] = data
    return files


def script_tags(spec: dict[str, Any], page_url: str, site_paths: set[str]) -> str:
    """What the page's marker becomes: the app's script and its config. A browser does not
    run type="mpy"; the page's loader starts MicroPython and runs it (finish_page)."""
    root = relative_root(page_url)
    config = app_config(app_files(spec, site_paths), root, module_imports(spec["main"]))
    return python_script(f'{root}py/{spec["main"]}', config)


def finish_page(page_html: str, spec: dict[str, Any], page_url: str, site_paths: set[str],
                data_files: dict[str, Any]) -> str:
    """The page as MkDocs wrote it, made usable before Python starts: the first screen
    written in, Material's script taken out (the loader loads it when the reader reaches for
    search or the menu), the settings, the loader and the preloads in the <head>.

    data_files: {site path: text} of the generated data files the app reads."""
    root = relative_root(page_url)
    data = {kind: json.loads(data_files[path]) for kind, path in spec["data_paths"].items()}
    # Imported here, not at the top: `mkdocs serve` drops our packages before each rebuild
    # (hooks.py), so an edited view is what the next page is written with.
    views = importlib.import_module("web.first_screen")
    screen = views.first_screen(spec["name"], data, root)
    extra: dict[str, Any] = {"interpreter": root + INTERPRETER, "theme": None,
                             "first_screen": None}
    themes = THEME_SCRIPT.findall(page_html)
    if len(themes) == 1:
        page_html = THEME_SCRIPT.sub("", page_html)
        extra["theme"] = themes[0]
    if screen is not None:
        page_html = fill_elements(page_html, screen["html"], page_url)
        extra["first_screen"] = {"digests": {"#" + ident: sha256_hex(text)
                                             for ident, text in screen["html"].items()},
                                 "unless": screen["unless"]}
    # Inline: it must hold the reader's first taps, and a file would be one more request
    # before the first screen is usable (the page's policy names its hash, build_scripts/csp.py).
    fetched = [f"{root}py/{spec['main']}"] + [root + site for site in sorted(app_files(spec, site_paths))]
    head = [app_settings(spec, root, extra), f"<script>\n{loader_script()}</script>",
            *preload_tags(root + INTERPRETER, root + WASM, fetched)]
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
