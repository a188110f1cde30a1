"""CPython only: the audit data the site ships and the CLI reads (called by the build hook).

For each order with a companion `<slug>.audit.yaml` (what the audit kit implements of it:
the sections its memos cite and quote, the selection's minimum with the words that set it),
writes `data/audit/<slug>.json`; the memos take the order's text from the order model data.
"""
import json
import os
from typing import Any

from audit.policy import make_policy
from model import quotes
from model.tools.orders import POLICIES_DIR, Order, load_orders
from model.tools.yaml_source import Problem, SourceError, check_keys, raise_problems, read_source

ROLES = ("inspection", "selection", "record")
ROLE_KEYS = {"inspection": ("section",), "selection": ("section", "minimum", "quote"),
             "record": ("section",)}


def audit_path(order: Order) -> str:
    return os.path.join(os.path.dirname(order.path), f"{order.slug}.audit.yaml")


def site_files(orders: list[Order]) -> dict[str, str]:
    return {f"data/audit/{order.slug}.json": json.dumps(audit_data(order), ensure_ascii=False,
                                                        sort_keys=True, indent=1)
            for order in orders if os.path.exists(audit_path(order))}


def audit_data(order: Order) -> dict[str, Any]:
    """The validated audit settings of order (SourceError naming file:line: field)."""
    located = read_source(audit_path(order))
    raise_problems(located, _problems(located.data, order.data))
    return dict(located.data, slug=order.slug)


def _problems(doc: Any, data: dict[str, Any]) -> list[Problem]:
    if not isinstance(doc, dict):
        return [((), "must be a mapping of " + ", ".join(ROLES))]
    problems = check_keys(doc, (), ROLES, ROLES)
    for role in ROLES:
        if isinstance(doc.get(role), dict):
            problems += _role_problems(role, doc[role], data)
        elif role in doc:
            problems.append(((role,), "must be a mapping with " + ", ".join(ROLE_KEYS[role])))
    return problems


def _role_problems(role: str, entry: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    problems = check_keys(entry, (role,), ROLE_KEYS[role], ROLE_KEYS[role])
    section = entry.get("section")
    if section is not None and section not in data["sections"]:
        return problems + [((role, "section"), quotes.problem(data["sections"], section, None))]
    if role == "selection" and section is not None:
        problems += _selection_problems(entry, data)
    return problems


def _selection_problems(entry: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    minimum, quote = entry.get("minimum"), entry.get("quote")
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        problems.append((("selection", "minimum"), f"must be a whole number ≥ 1, got {minimum!r}"))
    if isinstance(quote, str):
        problem = quotes.problem(data["sections"], entry["section"], quote)
        if problem:
            problems.append((("selection", "quote"), problem))
    if not data["sections"][entry["section"]]["footnotes"]:
        problems.append((("selection", "section"), f"{entry['section']} marks no footnote; the "
                         "selection memo quotes the footnote on how phones are selected"))
    return problems


def load_policy(folder: str = POLICIES_DIR, slug: str | None = None) -> dict[str, Any]:
    """The audit policy (audit.policy.make_policy) of the order the audit kit serves, read from
    the sources as the site build does; with slug None, the only order that has audit data."""
    candidates = [o for o in load_orders(folder) if os.path.exists(audit_path(o))
                  and slug in (None, o.slug)]
    if len(candidates) != 1:
        names = ", ".join(o.slug for o in candidates) or "none"
        raise SourceError([f"{folder}:1: (folder): need exactly one order with audit settings "
                           f"(<slug>.audit.yaml){' named ' + slug if slug else ''}; found {names}"])
    return make_policy(candidates[0].data, audit_data(candidates[0]))
