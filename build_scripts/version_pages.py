"""The pages of an order's versions: what the order page says about its version, the
permanent page of every version, the history page and the "What changed" comparisons.

    orders/<slug>/                          the current version (searchable), with a Versions
                                            section: every version, its status and dates
    orders/<slug>/versions/<id>/            each earlier version's permanent page
    orders/<slug>/changes/<old>-<new>/      every pair of versions compared, older to newer

An order with one version gets no page more than its own (a site of many orders builds no
slower until they are revised). Only the order's page is in the search index: the others
carry Material's `search: exclude` front matter, so a search finds the text in force, never
a superseded one; the Versions section is left out of the index too. Every page links
by paths relative to itself (page["root"] is the way back to the site root), so the site
works under any sub-path. The model (model.tools.versions) computes the history and the
comparisons; this module only decides what each page shows.
"""
from typing import Any

import jinja2

from model.tools import versions
from model.tools.orders import Order

ORDER_ROOT = "../../"        # from orders/<slug>/ to the site root
NESTED_ROOT = "../../../../"  # from orders/<slug>/versions/<id>/ and changes/<a>-<b>/


def order_page(order: Order) -> dict[str, Any]:
    """What the order's own page (the current version) shows about versions."""
    return _page(order, len(order.data["versions"]) - 1, ORDER_ROOT, permanent=False)


def version_page(order: Order, index: int) -> dict[str, Any]:
    """The permanent page of earlier version index (0-based) of order."""
    return _page(order, index, NESTED_ROOT, permanent=True)


def _page(order: Order, index: int, root: str, permanent: bool) -> dict[str, Any]:
    entries = order.data["versions"]
    entry, latest = entries[index], entries[-1]
    changes = order.data["changes"] if entry["current"] else None
    previous = entries[index - 1] if index else None
    return {
        "root": root, "permanent": permanent, "entry": entry, "latest": latest,
        "previous": previous, "count": len(entries), "exclude_search": permanent,
        "order_href": root + order.data["url"],
        "history_href": ("" if entry["current"] and not permanent else root + order.data["url"])
        + "#versions",
        "since_href": None if entry["current"] else
        root + versions.changes_url(order.slug, entry["id"], latest["id"]),
        "changes": changes,
        "changes_href": root + changes["url"] if changes else None,
        "marks": _marks(changes, entry) if changes and not permanent else {},
        "aliases": _aliases(changes, order.data["sections"]) if changes and not permanent else {},
        "versions": {"entries": entries, "pairs": _pairs(order, root)} if not permanent else None,
    }


def _marks(changes: dict[str, Any], entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{section id: {label, anchor}} for the sections the current version added or changed,
    and those it only renumbered."""
    marks = {}
    for sid, change in changes["sections"].items():
        moved = change["previous"] and change["previous"] != sid
        if change["status"] == "added":
            label = f"New in version {entry['number']}"
        elif change["status"] == "changed":
            label = f"Changed in version {entry['number']}"
        elif moved:
            label = f"Renumbered in version {entry['number']}"
        else:
            continue
        marks[sid] = {"label": label, "anchor": sid.lower(), "summary": change["summary"]}
    return marks


def _aliases(changes: dict[str, Any], sections: dict[str, Any]) -> dict[str, list[str]]:
    """{section id: [anchors]}: a renumbered section also answers to its old anchor when no
    section of this version took that id, so a link made before the renumbering follows it."""
    aliases: dict[str, list[str]] = {}
    for old, new in changes["renumbered"].items():
        if old not in sections:
            aliases.setdefault(new, []).append(old.lower())
    return aliases


# ---------------------------------------------------------------- history and comparisons

def pages(env: jinja2.Environment, order: Order, render_version: Any) -> dict[str, str]:
    """{docs path: Markdown} of the order's earlier versions and comparisons (none for an
    order with one version); render_version(version order, page) renders one version's text
    with the order page template."""
    chain = versions.versions_chain(order)
    entries = order.data["versions"]
    result = {}
    for index, version in enumerate(chain[:-1]):
        path = f"orders/{order.slug}/versions/{entries[index]['id']}.md"
        result[path] = render_version(version, version_page(order, index))
    for start, end in _index_pairs(len(chain)):
        old, new = entries[start], entries[end]
        path = f"orders/{order.slug}/changes/{old['id']}-{new['id']}.md"
        comparison = versions.comparison(order, start, end)
        listed = [dict(s, badge=_badge(s)) for s in comparison["sections"]
                  if s["status"] != "unchanged" or s["renumbered"]]
        result[path] = env.get_template("changes.md.j2").render(
            data=order.data, old=old, new=new, root=NESTED_ROOT, comparison=comparison,
            summaries=[e for e in entries[start + 1:end + 1] if e["summary"]], listed=listed,
            same=[s for s in comparison["sections"] if s["status"] == "unchanged" and not s["renumbered"]])
    return result


BADGES = {"added": "Added", "removed": "Removed", "changed": "Changed", "unchanged": "Renumbered"}


def _badge(section: dict[str, Any]) -> str:
    return BADGES[section["status"]]


def _index_pairs(count: int) -> list[tuple[int, int]]:
    return [(start, end) for end in range(count) for start in range(end)]


def _pairs(order: Order, root: str) -> list[dict[str, Any]]:
    """Every comparison the site has, newest first, linked from a page at root."""
    entries = order.data["versions"]
    return [{"old": entries[start], "new": entries[end],
             "href": root + versions.changes_url(order.slug, entries[start]["id"],
                                                 entries[end]["id"])}
            for start, end in reversed(_index_pairs(len(entries)))]
