"""Render validated orders to MkDocs pages (Markdown headings + HTML policy text) via Jinja2.

Headings stay Markdown so MkDocs builds the table of contents, permalinks and search
sections from them; policy paragraphs are HTML we write ourselves so that Markdown never
rewrites a character of the official text. Every element holding policy text carries
`data-policy`, which is how the fidelity test (and a reader's stylesheet) tells policy text
from Policy Desk's own words.
"""
import json
import os
import re
from typing import Any

import jinja2

from build_scripts import version_pages
from model import escape
from model.tools import orders as order_model
from model.tools.orders import Order
from model.tools.versions import STATUS_LABELS

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,  # a typo in a template stops the build
        autoescape=False,  # output is Markdown; every text value is escaped by a filter
        keep_trailing_newline=True,
    )
    env.filters["md_text"] = md_text
    env.filters["e"] = escape.html
    env.filters["yaml_str"] = yaml_str
    env.filters["status_label"] = STATUS_LABELS.get
    env.filters["diff_html"] = diff_html
    return env


def md_text(text: str) -> str:
    """Text from a source as literal Markdown inline content (a heading, a list entry)."""
    return escape.page_markdown(text)


def yaml_str(text: str) -> str:
    """A front-matter value: HTML-escaped (MkDocs puts page titles into the page and the
    navigation as they are), written as a YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(escape.html(text), ensure_ascii=False)


def diff_html(pieces: list[list[str]]) -> str:
    """Compared text ([[op, text]], model.tools.compare) as HTML: <del> deleted, <ins> inserted."""
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return "".join(tags[op].format(escape.html(text)) for op, text in pieces)


def nav_title(text: str) -> str:
    """A navigation entry: MkDocs and Material insert nav titles into HTML unescaped."""
    return escape.html(text)


class InlineRenderer:
    """Turns [[X]] references and [^N] footnote markers into HTML for one order."""

    def __init__(self, order: Order, published_slugs: set[str],
                 abbreviations: dict[str, str], root: str = version_pages.ORDER_ROOT) -> None:
        self.root = root  # the page's way back to the site root
        self.sections = order.data["sections"]
        self.parts = order.data["parts"]
        self.published = published_slugs
        self.abbr_re = _abbreviation_pattern(abbreviations)
        self.abbreviations = abbreviations

    def __call__(self, text: str) -> str:
        pieces, last = [], 0
        for match in order_model.INLINE_RE.finditer(text):
            pieces.append(self._plain(text[last:match.start()]))
            target, note = match.group(1), match.group(2)
            pieces.append(self._reference(target) if target else _footnote_marker(note))
            last = match.end()
        pieces.append(self._plain(text[last:]))
        return "".join(pieces)

    def _plain(self, text):
        escaped = escape.html(text)
        if not self.abbr_re:
            return escaped
        return self.abbr_re.sub(lambda m: self._abbr(m.group(0)), escaped)

    def _abbr(self, abbr):
        meaning = escape.html(self.abbreviations[abbr])
        return f'<abbr title="{meaning}">{abbr}</abbr>'

    def _reference(self, target):
        if target in self.sections:
            return f'<a class="xref" href="#{self.sections[target]["anchor"]}">{target}</a>'
        if target in self.parts:
            return f'<a class="xref" href="#{self.parts[target]["anchor"]}">{target}</a>'
        slug = order_model.document_slug(target)
        if slug in self.published:
            return f'<a class="xref" href="{self.root}orders/{slug}/">{escape.html(target)}</a>'
        note = "Not published on Policy Desk; see the Documents cited list below"
        return (f'<a class="ref-missing" href="#documents-cited" title="{note}">'
                f"{self._plain(target)}</a>")


def _footnote_marker(note):
    return (f'<sup class="fn-ref" id="fnref:{note}"><a class="footnote-ref" href="#fn:{note}" '
            f'aria-label="Footnote {note}">{note}</a></sup>')


def _abbreviation_pattern(abbreviations):
    if not abbreviations:
        return None
    names = sorted(abbreviations, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def render_order(env: jinja2.Environment, order: Order, published_slugs: set[str],
                 tools: list[dict[str, str]], coverage: str | None = None,
                 page: dict[str, Any] | None = None) -> str:
    """The Markdown source of an order's page; tools: [{label, url}] of the apps that serve
    this order (the decision helper, the quiz), linked from the page; coverage: the relative
    URL of its coverage matrix, if it has one. page: what the page says about the version it
    shows (build_scripts/version_pages.py; default: the order's own page, the current one)."""
    page = page or version_pages.order_page(order)
    abbreviations = {a["abbr"]: a["meaning"] for a in order.source.get("abbreviations") or []}
    return env.get_template("order.md.j2").render(
        order=order.source,
        data=order.data,
        inline=InlineRenderer(order, published_slugs, abbreviations, page["root"]),
        cited=_cited_documents(order, published_slugs),
        abbreviations=sorted(abbreviations.items()),
        tools=tools,
        coverage=coverage,
        page=page,
    )


def render_versions(env: jinja2.Environment, order: Order, published_slugs: set[str]) -> dict[str, str]:
    """{docs path: Markdown}: each earlier version's permanent page and the comparisons of an
    order (build_scripts/version_pages.py); none for an order with one version."""
    return version_pages.pages(
        env, order, lambda version, page: render_order(env, version, published_slugs, [], None, page))


def _cited_documents(order: Order, published_slugs: set[str]) -> list[dict[str, Any]]:
    cited = []
    for ref in order.source.get("references") or []:
        slug = order_model.document_slug(ref["id"])
        cited.append({**ref, "published": slug in published_slugs, "slug": slug})
    return cited


def render_order_list(env: jinja2.Environment, orders: list[Order], base: str) -> str:
    """The list of orders as HTML; base is the relative path from the page to the site root."""
    return env.get_template("order_list.md.j2").render(orders=[o.data for o in orders], base=base)


def render_glossary(env: jinja2.Environment, orders: list[Order]) -> str:
    entries: dict[str, dict[str, Any]] = {}
    for order in orders:
        for entry in order.source.get("abbreviations") or []:
            item = entries.setdefault(entry["abbr"], {"abbr": entry["abbr"], "meanings": {}})
            item["meanings"].setdefault(entry["meaning"], []).append(order.data)
    glossary = [entries[key] for key in sorted(entries)]
    return env.get_template("glossary.md.j2").render(entries=glossary)
