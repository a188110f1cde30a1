"""CPython only: the command line of the audit kit.

    python -m audit validate RECORD.csv
    python -m audit select RECORD.csv [--count N] [--seed S] [--date YYYY-MM-DD]
                                      [--out memo.md|memo.html] [--json]
    python -m audit memo --inspector ... --member ... --device ... --date ... --reason ...
                         --outcome ... [--memo-date ...] [--planned] [--out memo.md|memo.html]

Exit status: 0 done, 2 the input was refused (the message says why; no traceback),
3 an internal error (a bug: the message asks to report it).
"""
import argparse
import datetime
import json
import os
import secrets
import sys
from typing import Any, Callable, Sequence

import audit
from audit.record import MAX_BYTES
from audit.tools.site_data import load_policy
from model.tools import cli
from model.tools.cli import Refused

PROG = "python -m audit"
FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(PROG, _parser(), argv)


def refusing(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The audit kit's input errors are refusals: the reason is printed, exit status 2."""
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (audit.SeedError, audit.SelectionError, audit.DateError) as exc:
            raise Refused(str(exc))
        except audit.RecordError as exc:
            raise Refused(f"{args.record}: cannot be used:", exc.errors)
        except audit.InspectionError as exc:
            raise Refused("the memo cannot be written:", [f"--{key.replace('_', '-')}: {message}"
                                                          for key, message in exc.errors])
    return wrapped


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Audit kit: the work phone "
                                     "record, the quarterly random selection, inspection memos.")
    commands = parser.add_subparsers(required=True, metavar="command")
    check = commands.add_parser("validate", help="check a work phone record (D-4) CSV")
    check.add_argument("record", help="the work phone record, a CSV file")
    check.set_defaults(run=refusing(run_validate))
    draw = commands.add_parser("select", help="draw the quarterly random selection (D-2, footnote 2)")
    draw.add_argument("record", help="the work phone record, a CSV file")
    draw.add_argument("--count", help="phones to select (default and least: the minimum the "
                                      "order sets, 4 for DGO I-19)")
    draw.add_argument("--seed", help="reproduce a draw: the seed printed on its memo "
                                     "(default: a new seed from a cryptographic source)")
    draw.add_argument("--date", help="the memo date, YYYY-MM-DD (default: today)")
    draw.add_argument("--out", help="write the memo here (.md or .html) instead of printing it")
    draw.add_argument("--json", action="store_true", help="print the selection as JSON")
    draw.set_defaults(run=refusing(run_select))
    memo = commands.add_parser("memo", help="memorandum for an inspection outside planned audits (D-1)")
    for name, text in (("inspector", "inspecting supervisor or commander (name, rank, serial)"),
                       ("member", "member assigned the device"),
                       ("device", "the device: phone number, serial or identifying number"),
                       ("date", "date of the inspection, YYYY-MM-DD"),
                       ("reason", "reason or grounds for the inspection"),
                       ("outcome", "outcome of the inspection")):
        memo.add_argument("--" + name, default="", help=text)
    memo.add_argument("--memo-date", help="date of the memo, YYYY-MM-DD (default: today)")
    memo.add_argument("--planned", action="store_true",
                      help="the inspection was part of a planned/ordered audit or investigation")
    memo.add_argument("--out", help="write the memo here (.md or .html) instead of printing it")
    memo.set_defaults(run=refusing(run_memo))
    return parser


def run_validate(args: argparse.Namespace) -> int:
    record = read_record(args.record)
    print(f"{args.record}: a valid work phone record: {len(record)} phones, "
          f"SHA-256 {record.digest}")
    for line in record.skipped_lines:
        print(f"  line {line}: blank, skipped")
    return 0


def run_select(args: argparse.Namespace) -> int:
    record = read_record(args.record)
    seed = audit.new_seed(secrets.token_bytes) if args.seed is None else args.seed
    date = audit.check_date(args.date or today(), "--date")
    policy = load_policy()
    selection = audit.select(record, seed, date, args.count, policy["roles"]["selection"])
    blocks = audit.selection_memo(selection, policy)
    if args.json:
        print(json.dumps(selection, indent=2, sort_keys=True, ensure_ascii=False))
    if args.out:
        write_memo(blocks, args.out, "Quarterly random selection " + date)
        print(f"Memo written to {args.out}; seed {selection['seed']}; rows selected: "
              + ", ".join(str(p["row"]) for p in selection["selected"]), file=sys.stderr)
    elif not args.json:
        print(audit.to_markdown(blocks), end="")
    return 0


def run_memo(args: argparse.Namespace) -> int:
    facts = {key: getattr(args, key) for key in
             ("inspector", "member", "device", "date", "reason", "outcome", "memo_date", "planned")}
    inspection = audit.check_inspection(facts, today())
    policy = load_policy()
    if inspection["planned"]:
        blocks = audit.planned_notice(policy)
    else:
        blocks = audit.inspection_memo(inspection, policy)
    if args.out:
        write_memo(blocks, args.out, "Inspection memorandum")
        print(f"Memo written to {args.out}", file=sys.stderr)
    else:
        print(audit.to_markdown(blocks), end="")
    return 0


def today() -> str:
    return datetime.date.today().isoformat()


def read_record(path: str) -> Any:
    """The record at path; Refused when the file cannot be read, RecordError when invalid."""
    data = cli.read_bounded(path, MAX_BYTES, "work phone record (CSV)")
    return audit.read_record(data, os.path.basename(path))


def write_memo(blocks: list[Any], path: str, title: str) -> None:
    kind = FORMATS.get(os.path.splitext(path)[1].lower())
    if kind is None:
        raise Refused(f"--out {path}: name the memo file .md (Markdown) or .html (printable HTML)")
    text = audit.to_markdown(blocks) if kind == "markdown" else audit.html_document(blocks, title)
    cli.write_atomic(path, text, "--out")
