"""Render validated orders to MkDocs pages (Markdown headings + HTML policy text) via Jinja2.

Headings stay Markdown so MkDocs builds the table of contents, permalinks and search
sections from them; policy paragraphs are HTML we write ourselves so that Markdown never
rewrites a character of the official text. Every element holding policy text carries
`data-policy`, which is how the fidelity test (and a reader's stylesheet) tells policy text
from Policy Desk's own words.
"""
import html
import os
import re

import jinja2

from build_scripts import policy_source

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,  # a typo in a template stops the build
        autoescape=False,  # output is Markdown; every text value is escaped by a filter
        keep_trailing_newline=True,
    )
    env.filters["md_escape"] = md_escape
    env.filters["e"] = html.escape
    return env


def md_escape(text):
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


class InlineRenderer:
    """Turns [[X]] references and [^N] footnote markers into HTML for one order."""

    def __init__(self, order, published_slugs, abbreviations):
        self.sections = {s["id"] for _, s in policy_source.iter_sections(order)}
        self.parts = {p["id"] for p in order["parts"]}
        self.references = {r["id"]: r for r in order.get("references") or []}
        self.published = published_slugs
        self.abbr_re = _abbreviation_pattern(abbreviations)
        self.abbreviations = abbreviations

    def __call__(self, text):
        pieces, last = [], 0
        for match in policy_source.INLINE_RE.finditer(text):
            pieces.append(self._plain(text[last:match.start()]))
            target, note = match.group(1), match.group(2)
            pieces.append(self._reference(target) if target else _footnote_marker(note))
            last = match.end()
        pieces.append(self._plain(text[last:]))
        return "".join(pieces)

    def _plain(self, text):
        escaped = html.escape(text, quote=False)
        if not self.abbr_re:
            return escaped
        return self.abbr_re.sub(lambda m: self._abbr(m.group(0)), escaped)

    def _abbr(self, abbr):
        meaning = html.escape(self.abbreviations[abbr])
        return f'<abbr title="{meaning}">{abbr}</abbr>'

    def _reference(self, target):
        if target in self.sections:
            anchor = policy_source.section_anchor(target)
            return f'<a class="xref" href="#{anchor}">{target}</a>'
        if target in self.parts:
            return f'<a class="xref" href="#part-{target.lower()}">{target}</a>'
        slug = policy_source.document_slug(target)
        if slug in self.published:
            return f'<a class="xref" href="../{slug}/">{html.escape(target)}</a>'
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


def render_order(env, order, published_slugs):
    """The Markdown source of an order's page."""
    abbreviations = {a["abbr"]: a["meaning"] for a in order.get("abbreviations") or []}
    inline = InlineRenderer(order, published_slugs, abbreviations)
    template = env.get_template("order.md.j2")
    return template.render(
        order=order,
        data=policy_source.order_data(order),
        inline=inline,
        heading=policy_source.section_heading,
        anchor=policy_source.section_anchor,
        cited=_cited_documents(order, published_slugs),
        abbreviations=sorted(abbreviations.items()),
    )


def _cited_documents(order, published_slugs):
    cited = []
    for ref in order.get("references") or []:
        slug = policy_source.document_slug(ref["id"])
        cited.append({**ref, "published": slug in published_slugs, "slug": slug})
    return cited


def render_order_list(env, orders, base):
    """The list of orders as HTML; base is the relative path from the page to the site root."""
    return env.get_template("order_list.md.j2").render(
        orders=[policy_source.order_data(o) for o in orders], base=base)


def render_glossary(env, orders):
    entries = {}
    for order in orders:
        data = policy_source.order_data(order)
        for entry in order.get("abbreviations") or []:
            item = entries.setdefault(entry["abbr"], {"abbr": entry["abbr"], "meanings": {}})
            item["meanings"].setdefault(entry["meaning"], []).append(data)
    glossary = [entries[key] for key in sorted(entries)]
    return env.get_template("glossary.md.j2").render(entries=glossary)
