"""CPython only: what the site build needs from the checker, and the checks that fail it.

The build hook calls site_files(orders) with the order model. For each order with rules
(`<slug>.rules.yaml` beside its source) it writes data/checker/<slug>.json, the rulebook the
helper page runs on (the same data `python -m checker` uses); and it writes the page "How the
helper reads the order". A rule citing a section the order lacks, a quote that is not verbatim,
an unlabelled overlap... raises SourceError (file:line: field: message) and stops the build.
"""
import json
from typing import Any

from checker.tools import readings_page
from checker.tools.citations import citations  # noqa: F401  the coverage matrix's provider
from checker.tools.rules_source import has_rules, load_rulebook, rules_paths
from model.tools.orders import Order
from model.tools.yaml_source import SourceError, read_source


def site_files(orders: list[Order]) -> dict[str, str]:
    files, pages, errors = {}, [], []
    for order in orders:
        if not has_rules(order):
            continue
        try:
            data = load_rulebook(order)
        except SourceError as exc:
            errors += exc.errors
            continue
        files[f"data/checker/{order.slug}.json"] = rulebook_json(data)
        pages.append((order, full_readings(order), data["rules"]))
    if errors:
        raise SourceError(errors)
    files[readings_page.PAGE] = readings_page.page(pages)
    return files


def rulebook_json(data: dict[str, Any]) -> str:
    """The shipped rulebook: compact (the helper page downloads and parses it)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def full_readings(order: Order) -> list[dict[str, Any]]:
    """The readings of an order's rules file with their text (validated by load_rulebook)."""
    return list(read_source(rules_paths(order)[1]).data.get("readings") or [])


def orders_with_rules(orders: list[Order]) -> list[Order]:
    return [order for order in orders if has_rules(order)]
