"""python -m checker --ask: the helper's interview in a terminal, one question at a time.

Each question is shown with numbered options; the answer is a number, a value or a label (any
letter case); "back" changes the previous answer, "quit" stops. Lines are read within bounds,
and everything printed goes through model.escape.terminal. The end is the same determination
the page and `python -m checker` give, in words (or as JSON with --json).
"""
import json
import sys
from typing import Any, TextIO

from checker.book import Book
from checker.engine import decide
from checker.facts import FactError
from model.escape import terminal
from model.tools import cli

MAX_LINE = 200
NEEDS_FACTS = 4
HINT = "(a number, or 'back' to change your last answer, 'quit' to stop)"


def interview(book: Book, sections: dict[str, Any], facts: dict[str, Any], as_json: bool,
              stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Ask until the facts decide; print the answer. Exit status as for the command."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    facts = dict(facts)
    try:
        result = decide(facts, book, sections)
    except FactError as exc:
        raise cli.Refused("the facts cannot be used:", exc.problems)
    while not result["complete"]:
        question = result["questions"][0]
        answer = _ask(question, len(result["decided_by"]) + 1, stdin, stdout)
        if answer is None:
            cli.error("python -m checker", "stopped before the answer; still to answer: "
                      + question["fact"])
            return NEEDS_FACTS
        if answer == "back":
            facts = _without_last(facts, result)
        else:
            facts[question["fact"]] = answer
        result = decide(facts, book, sections)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True), file=stdout)
    else:
        _print_answer(result, stdout)
    return cli.OK


def _ask(question: dict[str, Any], number: int, stdin: TextIO, stdout: TextIO) -> str | None:
    """The value chosen, "back", or None at the end of input or on "quit"."""
    options = question["options"]
    _say(stdout, "", f"Question {number}: {question['question']}")
    for index, option in enumerate(options, 1):
        _say(stdout, f"  {index}. {option['label']}")
    while True:
        stdout.write(f"Your answer {HINT}: ")
        stdout.flush()
        line = stdin.readline(MAX_LINE + 1)
        if not line:
            _say(stdout, "")
            return None
        if len(line) > MAX_LINE:
            _drain(stdin)
            _say(stdout, f"That answer is longer than {MAX_LINE} characters.")
            continue
        if line.strip().lower() in ("q", "quit", "exit"):
            return None
        choice = _choice(line.strip(), options)
        if choice is not None:
            return choice
        _say(stdout, f"Answer with a number from 1 to {len(options)}, 'back' or 'quit'.")


def _choice(text: str, options: list[dict[str, str]]) -> str | None:
    wanted = text.lower()
    if wanted in ("b", "back"):
        return "back"
    if wanted.isdigit() and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1]["value"]
    for option in options:
        if wanted in (option["value"].lower(), option["label"].lower()):
            return option["value"]
    return None


def _drain(stdin: TextIO) -> None:
    """Skip the rest of an over-long line, a bounded piece at a time."""
    while True:
        piece = stdin.readline(MAX_LINE + 1)
        if not piece or piece.endswith("\n"):
            return


def _without_last(facts: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    answered = [entry["fact"] for entry in result["decided_by"]]
    if not answered:
        return facts
    return {name: value for name, value in facts.items() if name != answered[-1]}


def _say(stdout: TextIO, *lines: str) -> None:
    for line in lines:
        print(terminal(line, 2000), file=stdout)


def _print_answer(result: dict[str, Any], stdout: TextIO) -> None:
    _say(stdout, "", f"{result['verdict_label']}: {result['answer']}")
    for branch in result["branches"]:
        given = " and ".join(c["answer"] for c in branch["if"])
        _say(stdout, f"  If {given}: {branch['verdict_label']}: {branch['answer']}")
    for finding in result["findings"] or [{"why": result["why"], "label": None}]:
        if finding["why"]:
            _say(stdout, f"  Why: {finding['why']}")
        if finding["label"]:
            _say(stdout, f"  Exception that applies: {finding['label']}")
    for judgement in result["judgements"]:
        _say(stdout, f"  Rests on your judgement of {judgement['judgement']} "
                     f"(you answered {judgement['answer']}).")
    for reading in result["readings"]:
        _say(stdout, f"  Rests on a reading of the order: {reading['title']} ({reading['url']})")
    _list(stdout, "Conditions", result["conditions"])
    _list(stdout, "What you must do", result["duties"])
    _list(stdout, "Also applies", [f"{p['verdict_label']}: {p['answer']}"
                                   for p in result["provisions"]])
    if result["cites"]:
        _say(stdout, "  Sections: " + ", ".join(result["cites"]))


def _list(stdout: TextIO, title: str, items: list[str]) -> None:
    if items:
        _say(stdout, f"  {title}:", *[f"    - {item}" for item in items])
