"""python -m checker: facts as JSON in, determination as JSON out (CPython only).

    python -m checker '{"topic": "carry", "staff_type": "sworn"}'
    echo '{"topic": "driving"}' | python -m checker
    python -m checker --vocabulary

Missing facts are not guessed: the output has "complete": false and lists the question still
to answer under "questions". Bad input (not JSON, unknown facts or values) prints what is
allowed and exits with status 2.
"""
import argparse
import json
import sys
from typing import Sequence

from checker.engine import decide
from checker.facts import FACTS, FactError, allowed_values
from checker.rules import topic_facts
from checker.tools.site_data import order_sections
from model.tools import cli
from model.tools.orders import POLICIES_DIR, load_orders

PROG = "python -m checker"


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(PROG, _parser(), argv)


def run(args: argparse.Namespace) -> int:
    if args.vocabulary:
        return _print_vocabulary(args.json)
    facts = _read_facts(args.facts)
    sections = order_sections(load_orders(args.policies))
    try:
        determination = decide(facts, sections)
    except FactError as exc:
        raise cli.Refused("the facts cannot be used:", exc.problems)
    _print_json(determination)
    _report_questions(determination["questions"])
    return cli.OK


def _report_questions(questions):
    """Tell a person at the terminal what is still to answer (stdout stays pure JSON)."""
    for q in questions:
        values = ", ".join(option["value"] for option in q["options"])
        print(f"python -m checker: still to answer: {q['fact']} ({values}): {q['question']}",
              file=sys.stderr)


def _parser():
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Decide what DGO I-19 says about a situation, from facts given as JSON.")
    parser.add_argument("facts", nargs="?", help="facts as a JSON object (default: read stdin)")
    parser.add_argument("--vocabulary", action="store_true",
                        help="print every fact with its allowed values and meaning")
    parser.add_argument("--json", action="store_true", help="with --vocabulary: print it as JSON")
    parser.add_argument("--policies", default=POLICIES_DIR,
                        help="folder of policy sources (default: the repository's policies/)")
    parser.set_defaults(run=run)
    return parser


def _read_facts(argument):
    text = sys.stdin.read() if argument is None else argument
    try:
        facts = json.loads(text)
    except json.JSONDecodeError as exc:
        raise cli.Refused(f"facts are not valid JSON ({exc.msg} at line {exc.lineno} column "
                         f"{exc.colno}); give an object such as "
                         '{"topic": "carry"}; see --vocabulary for the facts') from None
    return facts


def _print_json(data):
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def _print_vocabulary(as_json):
    if as_json:
        _print_json({"facts": FACTS})
        return 0
    topics = {}
    for topic in allowed_values("topic"):
        for name in topic_facts(topic):
            topics.setdefault(name, []).append(topic)
    for entry in FACTS:
        print(f"{entry['name']}: {entry['meaning']}")
        print(f"    asked as: {entry['question']}")
        if entry["name"] in topics:
            print(f"    asked for topics: {', '.join(topics[entry['name']])}")
        for option in entry["values"]:
            print(f"    - {option['value']}: {option['label']}")
    return 0
