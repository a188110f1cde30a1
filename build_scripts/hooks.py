"""MkDocs hook: the build-time half of Policy Desk (listed under `hooks:` in mkdocs.yml).

The order model is loaded and validated once per build (on_config) and handed to every
consumer: the page templates, and each package's site-data builder
(`<package>.tools.site_data.site_files(orders)`), which returns the data its pages read.
The arrow goes one way: packages never import build_scripts.

Pages, data files and app configs exist only in the built site (File.generated), so
`mkdocs serve` never writes into docs/ and generated pages are never committed.
"""
import importlib
import json
import logging
import os
import sys
from typing import Any

# MkDocs loads a hook as a lone file; the repo root must be importable for our packages.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from build_scripts import apps, coverage, csp, offline, render, search_worker  # noqa: E402
from model.tools import bytecode  # noqa: E402
from model.tools import orders as order_model  # noqa: E402
from model.tools.layout import PACKAGES, ROOT, read_modules  # noqa: E402
from model.tools.orders import Order, SourceError  # noqa: E402

SITE_DATA_PROVIDERS = ("checker", "quiz", "audit")
ORDERS_MARKER = "<!-- policy-desk:orders -->"
# What an order page offers, by app: the label of its button.
TOOL_LABELS = {"helper": "Ask the decision helper", "quiz": "Take the sign-off quiz"}

_state: dict[str, Any] = {}
log = logging.getLogger("mkdocs.plugins.policy_desk")   # warnings fail `mkdocs build --strict`


def policies_dir() -> str:
    """The folder of order sources; benchmarks and tests point it elsewhere."""
    return os.environ.get("POLICY_DESK_POLICIES") or order_model.POLICIES_DIR


def on_config(config: Any) -> Any:
    _forget_project_modules()
    try:
        orders = order_model.load_orders(policies_dir())
    except SourceError as exc:
        raise PluginError("Policy source is invalid:\n" + str(exc))
    _state.clear()
    _state.update(orders=orders, env=render.environment())
    config.nav = _nav_with_orders(config.nav, orders)
    if policies_dir() not in config.watch:  # `mkdocs serve` rebuilds on source edits
        config.watch.append(policies_dir())
    return config


def _forget_project_modules() -> None:
    """Make our packages importable again and drop cached copies.

    MkDocs restores sys.path after loading a hook file, and `mkdocs serve` keeps one process
    across rebuilds: without this, providers would not be found, or edits to them ignored.
    """
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    for name in list(sys.modules):
        if name.split(".")[0] in PACKAGES:
            del sys.modules[name]


def _nav_with_orders(nav: Any, orders: list[Order]) -> list[Any]:
    """Put every order page under the 'General Orders' entry of the configured nav."""
    pages = [{render.nav_title(f"{o.name} {o.data['title']}"): f"orders/{o.slug}.md"}
             for o in orders]
    result = []
    for entry in nav or []:
        if isinstance(entry, dict) and entry.get("General Orders") == "orders/index.md":
            entry = {"General Orders": ["orders/index.md"] + pages}
        result.append(entry)
    return result


def on_files(files: Files, config: Any) -> Files:
    generated: dict[str, Any] = {}
    generated.update(_package_site_files())
    generated.update(_order_data_files())
    generated.update(_portable_modules())
    generated.update(search_worker.wrapper_for([f.src_uri for f in files]))
    try:
        generated.update(apps.runtime_files())
        app_pages = apps.find_app_pages(files)
    except apps.AppError as exc:
        raise PluginError(str(exc))
    coverage_pages = _coverage_pages({f.url for f in files.documentation_pages()}, app_pages)
    generated.update(coverage_pages)
    generated.update(_order_pages(app_pages, coverage_pages))
    _state["site_paths"] = set(generated)
    _state["site_files"] = generated
    _state["app_pages"] = {}
    for path, content in sorted(generated.items()):
        # Version pages and comparisons are reached from the order's page, not the nav.
        hidden = InclusionLevel.NOT_IN_NAV if path in _state["version_pages"] else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=hidden))
    return files


def _order_data_files() -> dict[str, str]:
    return {f"data/orders/{order.slug}.json": json.dumps(order.data, ensure_ascii=False,
                                                         sort_keys=True)
            for order in _state["orders"]}


def _order_pages(app_pages: dict[str, dict[str, str]], coverage_pages: dict[str, str]) -> dict[str, str]:
    """Each order's page (offering the apps that serve it, linking its coverage matrix), the
    order list and the glossary."""
    orders, env = _state["orders"], _state["env"]
    published = {o.slug for o in orders}
    _state["version_pages"] = set()
    pages = {}
    for order in orders:
        served = app_pages.get(order.slug, {})
        tools = [{"label": TOOL_LABELS[app], "url": served[app]}
                 for app in TOOL_LABELS if app in served]
        has_matrix = coverage.page_path(order) in coverage_pages
        pages[f"orders/{order.slug}.md"] = render.render_order(env, order, published, tools,
                                                               "coverage/" if has_matrix else None)
        versions = render.render_versions(env, order, published)  # earlier versions, changes
        _state["version_pages"].update(versions)
        pages.update(versions)
    pages["orders/index.md"] = ("---\ntitle: General Orders\n---\n# General Orders\n\n"
                                + render.render_order_list(env, orders, "../"))
    pages["glossary.md"] = render.render_glossary(env, orders)
    return pages


def _coverage_pages(page_urls: set[str], app_pages: dict[str, dict[str, str]]) -> dict[str, str]:
    """Each order's coverage matrix pages (build_scripts/coverage.py): a clause no rule or
    question quotes stops the build, as does a note linking to no page of the site; a clause
    quoted by one side only is a warning. Only the sides a page of this site serves count
    (an order with rules but no helper page here is not expected to be covered by them)."""
    orders = _state["orders"]
    citations = [c for c in coverage.collect(orders, SITE_DATA_PROVIDERS)
                 if coverage.SIDE_OF_KIND[c["kind"]] in app_pages.get(c["order"], {})]
    pages, errors = {}, []
    for order in orders:
        matrix = coverage.build(order, citations)
        if matrix is None:
            continue   # no rules and no questions serve this order
        errors += matrix["errors"] + coverage.link_problems(order, page_urls)
        for warning in matrix["warnings"]:
            log.warning("Coverage: %s", warning)
        pages.update(coverage.pages(_state["env"], order, matrix))
    if errors:
        raise PluginError("Coverage: normative clauses quoted by neither side, or notes on "
                          "them that need fixing:\n" + "\n".join(errors))
    return pages


def _package_site_files() -> dict[str, Any]:
    """The data each package derives from the orders for its pages (its rules, its bank…)."""
    produced: dict[str, Any] = {}
    for package in SITE_DATA_PROVIDERS:
        module = importlib.import_module(f"{package}.tools.site_data")
        try:
            produced.update(module.site_files(_state["orders"]))
        except SourceError as exc:
            raise PluginError(f"{package}: invalid source:\n{exc}")
    return produced


def _portable_modules() -> dict[str, Any]:
    """py/<path>: each portable module's source; mpy/<path>.mpy: its bytecode, what the app
    pages' interpreter imports (model/tools/bytecode.py)."""
    sources = read_modules(PACKAGES)
    try:
        compiled = bytecode.compile_modules(sources)
    except bytecode.BytecodeError as exc:
        raise PluginError(str(exc))
    return {**{f"py/{path}": text for path, text in sources.items()},
            **{f"mpy/{path}": data for path, data in compiled.items()}}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if ORDERS_MARKER in markdown:
        order_list = render.render_order_list(_state["env"], _state["orders"],
                                              apps.relative_root(page.url))
        markdown = markdown.replace(ORDERS_MARKER, order_list)
    return apps.MARKER.sub(lambda m: _app_tags(m, page), markdown)


def _app_tags(match: Any, page: Any) -> str:
    try:
        spec = apps.parse_marker(match.group("args"), page.file.src_uri)
        _state["app_pages"][page.file.src_uri] = spec
        return apps.script_tags(spec, page.url, _state["site_paths"])
    except apps.AppError as exc:
        raise PluginError(str(exc))


def on_post_page(output: str, page: Any, config: Any) -> str:
    """An app page gets its first screen and what runs before Python (apps.finish_page)."""
    spec = _state["app_pages"].get(page.file.src_uri)
    if spec is None:
        return output
    try:
        return apps.finish_page(output, spec, page.url, _state["site_paths"], _state["site_files"])
    except apps.AppError as exc:
        raise PluginError(str(exc))


on_startup = csp.on_startup   # `mkdocs serve` pages get a policy its livereload can run under


def on_post_build(config: Any) -> None:
    """Adjust the search index and give each page its CSP, then hand the finished site to
    the offline module."""
    search_worker.reweigh_index(config.site_dir)
    csp.on_post_build(config)
    offline.on_post_build(config)
