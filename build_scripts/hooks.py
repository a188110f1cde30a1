"""MkDocs hook: the build-time half of Policy Desk (listed under `hooks:` in mkdocs.yml).

Order sources are validated and rendered to pages, data files and app configs that exist
only in the built site (File.generated), so `mkdocs serve` never writes into docs/ and
generated pages are never committed.
"""
import importlib
import json
import os
import sys

# MkDocs loads a hook as a lone file; the repo root must be importable for our packages.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from build_scripts import apps, csp, offline, policy_source, render, search_worker

ROOT = apps.ROOT
PORTABLE_PACKAGES = ("checker", "quiz", "audit", "web")
SITE_DATA_PROVIDERS = ("checker.site_build", "quiz.site_build", "audit.site_build")
ORDERS_MARKER = "<!-- policy-desk:orders -->"

_state = {}


def policies_dir():
    """The folder of order sources; benchmarks point it at synthetic orders."""
    return os.environ.get("POLICY_DESK_POLICIES") or policy_source.POLICIES_DIR


def on_config(config):
    _forget_project_modules()
    try:
        orders = policy_source.load_orders(policies_dir())
    except policy_source.SourceError as exc:
        raise PluginError("Policy source is invalid:\n" + str(exc))
    _state.clear()
    _state.update(orders=orders, env=render.environment())
    config.nav = _nav_with_orders(config.nav, orders)
    if policies_dir() not in config.watch:  # `mkdocs serve` rebuilds on source edits
        config.watch.append(policies_dir())
    return config


def _forget_project_modules():
    """Make our packages importable again and drop cached copies.

    MkDocs restores sys.path after loading a hook file, and `mkdocs serve` keeps one process
    across rebuilds: without this, providers would not be found, or edits to them ignored.
    """
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    for name in list(sys.modules):
        if name.split(".")[0] in PORTABLE_PACKAGES:
            del sys.modules[name]


def _nav_with_orders(nav, orders):
    """Put every order page under the 'General Orders' entry of the configured nav."""
    pages = [{f"{o['series']} {o['number']} {o['title']}": f"orders/{o['_slug']}.md"} for o in orders]
    result = []
    for entry in nav or []:
        if isinstance(entry, dict) and entry.get("General Orders") == "orders/index.md":
            entry = {"General Orders": ["orders/index.md"] + pages}
        result.append(entry)
    return result


def on_files(files, config):
    generated = {}
    generated.update(_order_pages())
    generated.update(_package_site_files())
    generated.update(_portable_modules())
    generated.update(search_worker.wrapper_for([f.src_uri for f in files]))
    try:
        generated.update(apps.runtime_files())
    except apps.AppError as exc:
        raise PluginError(str(exc))
    _state["site_paths"] = set(generated)
    for path, content in sorted(generated.items()):
        files.append(File.generated(config, path, content=content))
    return files


def _order_pages():
    orders, env = _state["orders"], _state["env"]
    published = {o["_slug"] for o in orders}
    pages = {}
    for order in orders:
        pages[f"orders/{order['_slug']}.md"] = render.render_order(env, order, published)
        data = policy_source.order_data(order)
        pages[f"data/orders/{order['_slug']}.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    pages["orders/index.md"] = ("---\ntitle: General Orders\n---\n# General Orders\n\n"
                                + render.render_order_list(env, orders, "../"))
    pages["glossary.md"] = render.render_glossary(env, orders)
    return pages


def _package_site_files():
    """Files that checker/quiz/audit derive from the orders (their data for the browser)."""
    produced = {}
    for name in SITE_DATA_PROVIDERS:
        if not os.path.exists(os.path.join(ROOT, *name.split(".")) + ".py"):
            continue
        module = importlib.import_module(name)
        try:
            produced.update(module.site_files(_state["orders"]))
        except policy_source.SourceError as exc:
            raise PluginError(f"{name}: invalid source:\n{exc}")
    return produced


def _portable_modules():
    modules = {}
    for package in PORTABLE_PACKAGES:
        if not os.path.isdir(os.path.join(ROOT, package)):
            continue
        for module in apps.package_modules(package):
            with open(os.path.join(ROOT, module), encoding="utf-8") as handle:
                modules[f"py/{module}"] = handle.read()
    return modules


def on_page_markdown(markdown, page, config, files):
    if ORDERS_MARKER in markdown:
        order_list = render.render_order_list(_state["env"], _state["orders"],
                                              apps.relative_root(page.url))
        markdown = markdown.replace(ORDERS_MARKER, order_list)
    return apps.MARKER.sub(lambda m: _app_tags(m, page), markdown)


def _app_tags(match, page):
    try:
        spec = apps.parse_marker(match.group("args"), page.file.src_uri)
        return apps.script_tags(spec, page.url, _state["site_paths"])
    except apps.AppError as exc:
        raise PluginError(str(exc))


on_startup = csp.on_startup   # `mkdocs serve` pages get a policy its livereload can run under


def on_post_build(config):
    """Adjust the search index and give each page its CSP, then hand the finished site to
    the offline module."""
    search_worker.reweigh_index(config.site_dir)
    csp.on_post_build(config)
    offline.on_post_build(config)
