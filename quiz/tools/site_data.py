"""Build-time data for the quiz page (called by build_scripts/hooks.py, CPython only).

site_files(orders) -> {"data/quiz/<slug>.json": bank JSON}; a bank that does not validate
raises SourceError (file:line: field: message) and fails the build. The banks are read from
quiz/bank/, or from the folder POLICY_DESK_BANKS names (a test site built from a fixture
history of an order needs the bank written for it, as POLICY_DESK_POLICIES names its sources).
citations(orders) -> the quiz's side of the coverage matrix (build_scripts/coverage.py): each
question with the passages it quotes, its text and its explanation.
"""
import json
import os
from typing import Any

from model.tools.yaml_source import SourceError
from quiz.tools.bank import BANK_DIR, load_banks


def _banks(orders: list[Any]) -> dict[str, Any]:
    return load_banks(orders, os.environ.get("POLICY_DESK_BANKS") or BANK_DIR)


def site_files(orders: list[Any]) -> dict[str, str]:
    banks = _banks(orders)
    published = {order.slug for order in orders}
    missing = [slug for slug in banks if slug not in published]
    if missing:  # load_banks matched each bank to an order, so this is a guard, not a case
        raise SourceError([f"quiz/bank/{slug}.yaml:1: order: order {slug} is not published"
                           for slug in missing])
    return {f"data/quiz/{slug}.json": json.dumps(bank, ensure_ascii=False, sort_keys=True)
            for slug, bank in banks.items()}


def citations(orders: list[Any]) -> list[dict[str, Any]]:
    """[{id, kind: "question", order, title, quotes [(section, text)], href: None, detail}]:
    href None because the matrix page shows the question itself (detail: its text, options
    with the correct ones marked, and explanation)."""
    found = []
    for slug, bank in sorted(_banks(orders).items()):
        for question in bank["questions"]:
            found.append({"id": question["id"], "kind": "question", "order": slug,
                          "title": question["prompt"], "href": None,
                          "quotes": [(q["section"], q["text"]) for q in question["quotes"]],
                          "detail": _detail(question)})
    return found


def _detail(question: dict[str, Any]) -> list[tuple[str, Any]]:
    options = [option["text"] + (" (correct)" if option["correct"] else "")
               for option in question["options"]]
    return [("Question", question["prompt"]), ("Options", options),
            ("Explanation", " ".join(question["explanation"].split()))]
