"""CPython only: the decision helper's side of the coverage matrix (build_scripts/coverage.py).

The matrix knows no engine's format; each package's site_data offers

    citations(orders) -> [{"id", "kind": "rule", "order": slug, "title", "quotes":
                           [(section id, excerpt or None)], "href": site-relative URL}]

Here: every rule of every order's rulebook that quotes the order, with a link to the helper
pre-filled with a situation that reaches it — found by asking the engine itself (a depth-first
walk over the helper's own questions, trying first the values the rule's conditions name), so
the link is right by construction: decide() on those facts lists that rule among its findings
or provisions.
"""
from typing import Any
from urllib.parse import urlencode

from checker.book import Book
from checker.engine import decide
from checker.tools.rules_source import has_rules, load_rulebook
from model.tools.orders import Order

HELPER_PAGE = "helper/"   # site-relative: the page that serves an order's rules
MAX_STEPS = 5000          # decide() calls per rule; the whole question tree has ~1,600 paths


def citations(orders: list[Order]) -> list[dict[str, Any]]:
    """The helper's citations of every order that has rules."""
    found = []
    for order in orders:
        if not has_rules(order):
            continue
        book = Book(load_rulebook(order))
        decided: dict[tuple[tuple[str, str], ...], Any] = {}   # the walks share their steps
        for rule in book.rules:
            if not rule["quotes"]:
                continue   # a "not covered" answer cites nothing
            facts = situation(rule, book, decided)
            found.append({"id": rule["id"], "kind": "rule", "order": order.slug,
                          "title": rule["label"] or rule["answer"],
                          "quotes": [(sid, text) for sid, text in rule["quotes"]],
                          "href": HELPER_PAGE + ("?" + urlencode(facts) if facts else "")})
    return found


def situation(rule: dict[str, Any], book: Book,
              decided: dict[tuple[tuple[str, str], ...], Any] | None = None) -> list[tuple[str, str]]:
    """(fact, value) pairs, in the order the helper asks them, on which decide() reaches rule
    (as a finding or a provision); [] if no answers reach it within MAX_STEPS. decided caches
    determinations by the answers given, across calls."""
    wanted = {name: tuple(values) for name, values in rule["when"] if values}
    walk = {"steps": 0, "decided": {} if decided is None else decided}
    return _search([], wanted, rule["id"], book, walk)


def _search(asked: list[tuple[str, str]], wanted: dict[str, tuple[str, ...]], target: str,
            book: Book, walk: dict[str, Any]) -> list[tuple[str, str]]:
    walk["steps"] += 1
    if walk["steps"] > MAX_STEPS:
        return []
    key = tuple(asked)
    if key not in walk["decided"]:
        walk["decided"][key] = decide(dict(asked), book)
    result = walk["decided"][key]
    if result["complete"]:
        reached = [f["rule"] for f in result["findings"] + result["provisions"]]
        return asked if target in reached else []
    question = result["questions"][0]
    name = question["fact"]
    values = [option["value"] for option in question["options"]]
    preferred = [value for value in _preferred(name, wanted, book) if value in values]
    for value in preferred + [v for v in values if v not in preferred]:
        found = _search(asked + [(name, value)], wanted, target, book, walk)
        if found:
            return found
    return []


def _preferred(name: str, wanted: dict[str, tuple[str, ...]], book: Book) -> list[str]:
    """The values of a question to try first: those the rule names, or for the entry (topic)
    question, the topics that set a fact the rule names to a value it wants."""
    if name in wanted:
        return list(wanted[name])
    if name != book.entry["name"]:
        return []
    return [topic["value"] for topic in book.entry["topics"]
            if any(fact in wanted and value in wanted[fact] for fact, value in topic["sets"])]
