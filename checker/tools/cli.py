"""python -m checker: facts as JSON in, determination as JSON out (CPython only).

    python -m checker '{"topic": "carry", "staff_type": "sworn"}'
    echo '{"topic": "driving"}' | python -m checker
    python -m checker --ask                 one question at a time, in a terminal
    python -m checker --vocabulary [--json] every fact, its values and the topics that ask it

The rules are the order's data (policies/<slug>.rules.yaml); with several orders that have
rules, choose one with --order. Facts may use JSON true/false for yes/no and any letter case.

Exit status: 0 an answer; 4 more facts are needed (the output's "questions" names the next
one, so a script can tell an answer from a question); 2 the facts cannot be used (unknown
names or values, not JSON, too long or nested too deep: at most 64 kB and 8 levels are read,
and what was given is never echoed back in full); 3 a bug.
"""
import argparse
import json
import sys
from typing import Any, Sequence

from checker.book import Book
from checker.engine import decide
from checker.facts import (MAX_FACTS_BYTES, FactError, facts_from_json, normalize_facts)
from checker.tools import ask
from checker.tools.rules_source import has_rules, load_rulebook
from model.escape import terminal
from model.tools import cli
from model.tools.orders import POLICIES_DIR, Order, load_orders

PROG = "python -m checker"
NEEDS_FACTS = 4


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(PROG, _parser(), argv)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Decide what an order says about a situation, from facts given "
                               "as JSON, using the order's rules.",
        epilog="Exit status: 0 an answer, 4 more facts needed, 2 facts refused, 3 a bug.")
    parser.add_argument("facts", nargs="?", help="facts as a JSON object (default: read stdin; "
                                                 "with --ask: the answers to start from)")
    parser.add_argument("--ask", action="store_true",
                        help="ask the questions one at a time (in a terminal)")
    parser.add_argument("--vocabulary", action="store_true",
                        help="print every fact with its allowed values, meaning and topics")
    parser.add_argument("--json", action="store_true",
                        help="with --vocabulary or --ask: print JSON")
    parser.add_argument("--order", help="the order whose rules to use (its slug, e.g. the "
                                        "file name without .yaml); needed when several have rules")
    parser.add_argument("--policies", default=POLICIES_DIR,
                        help="folder of policy sources (default: the repository's policies/)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    order = _chosen_order(load_orders(args.policies), args.order)
    book = Book(load_rulebook(order))
    if args.vocabulary:
        return _print_vocabulary(book, args.json)
    if args.ask:
        start = _read_facts(args.facts, book) if args.facts else {}
        return ask.interview(book, order.data["sections"], start, args.json)
    facts = _read_facts(args.facts, book)
    try:
        determination = decide(facts, book, order.data["sections"])
    except FactError as exc:
        raise cli.Refused("the facts cannot be used:", exc.problems)
    _print_json(determination)
    _report(determination)
    return cli.OK if determination["complete"] else NEEDS_FACTS


def _chosen_order(orders: list[Order], slug: str | None) -> Order:
    ruled = [order for order in orders if has_rules(order)]
    if slug is not None:
        for order in ruled:
            if order.slug == slug:
                return order
        raise cli.Refused(f"no order {terminal(slug, 60)!r} with decision rules; orders with "
                          f"rules: {', '.join(o.slug for o in ruled) or 'none'}")
    if len(ruled) != 1:
        raise cli.Refused("choose the order with --order: " + (", ".join(o.slug for o in ruled)
                          if ruled else "no order in the policies folder has decision rules"))
    return ruled[0]


def _read_facts(argument: str | None, book: Book) -> Any:
    """The facts, from the argument or stdin, read within bounds (never more than the limit
    plus one character), normalized (true/false, letter case)."""
    text = _read_stdin() if argument is None else argument
    try:
        return normalize_facts(facts_from_json(text), book)
    except FactError as exc:
        raise cli.Refused(exc.problems[0] + "; see --vocabulary for the facts") from None


def _read_stdin() -> str:
    """stdin as UTF-8 text; never more than MAX_FACTS_BYTES + 1 bytes are read (enough to
    tell that it is too long), so a huge or endless input costs nothing."""
    raw = sys.stdin.buffer.read(MAX_FACTS_BYTES + 1)
    if len(raw) > MAX_FACTS_BYTES:
        raise cli.Refused(f"facts on stdin are longer than {MAX_FACTS_BYTES} bytes, the most "
                          "that is read (a full set of facts is under 2000)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise cli.Refused(f"facts are not UTF-8 text (byte {exc.start + 1}); give a JSON object "
                          'such as {"topic": "carry"}') from None


def _report(determination: dict[str, Any]) -> None:
    """Tell a person at the terminal what is still to answer and what was not used (stdout
    stays pure JSON)."""
    for q in determination["questions"]:
        values = ", ".join(option["value"] for option in q["options"])
        cli.error(PROG, f"still to answer: {q['fact']} ({values}): {q['question']}")
    if determination["unused"]:
        cli.error(PROG, "not needed for this answer, so not used: "
                  + ", ".join(determination["unused"]))


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def vocabulary(book: Book) -> dict[str, Any]:
    """Every fact with the topics that may ask it (the entry question first)."""
    topics: dict[str, list[str]] = {}
    for topic in book.entry["topics"]:
        for name in book.topic_facts(topic["value"]):
            topics.setdefault(name, []).append(topic["value"])
    entry = book.entry
    facts = [{"name": entry["name"], "question": entry["question"], "meaning": entry["meaning"],
              "judgement": None, "entry": True, "topics": [],
              "values": [{"value": t["value"], "label": t["label"]} for t in entry["topics"]]}]
    facts += [dict(fact, entry=False, topics=topics.get(fact["name"], [])) for fact in book.facts]
    return {"order": book.order, "facts": facts}


def _print_vocabulary(book: Book, as_json: bool) -> int:
    data = vocabulary(book)
    if as_json:
        _print_json(data)
        return cli.OK
    for entry in data["facts"]:
        print(f"{entry['name']}: {entry['meaning']}")
        print(f"    asked as: {entry['question']}")
        if entry["judgement"]:
            print(f"    a judgement the order leaves to people ({entry['judgement']}): "
                  "not_sure is also accepted")
        if entry["entry"]:
            print("    asked first: the quick entry; each topic sets some of the facts below")
        else:
            topics = ", ".join(entry["topics"]) or "(none: asked when no topic sets it)"
            print(f"    asked for topics: {topics}")
        for option in entry["values"]:
            print(f"    - {option['value']}: {option['label']}")
    return cli.OK
