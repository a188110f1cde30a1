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

import audit
from audit.site_build import load_policy
from build_scripts.policy_source import SourceError

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


class Refused(Exception):
    """Bad input: the message is printed as is and the exit status is 2."""


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (Refused, audit.SeedError, audit.SelectionError, audit.DateError) as exc:
        return _refuse(str(exc))
    except audit.RecordError as exc:
        return _refuse(f"{args.record}: cannot be used:", exc.errors)
    except audit.InspectionError as exc:
        return _refuse("the memo cannot be written:",
                       [f"--{key.replace('_', '-')}: {message}" for key, message in exc.errors])
    except SourceError as exc:
        return _refuse("the policy source is invalid:", exc.errors)
    except Exception as exc:  # a bug: still no traceback for the person at the keyboard
        print(f"audit: internal error ({type(exc).__name__}: {exc}); please report this",
              file=sys.stderr)
        return 3


def _refuse(message, details=()):
    print(f"audit: {message}", file=sys.stderr)
    for line in details:
        print("  " + line, file=sys.stderr)
    return 2


def _parser():
    parser = argparse.ArgumentParser(prog="python -m audit", description="Audit kit for DGO "
                                     "I-19 section D: work phone record, quarterly random "
                                     "selection, inspection memos.")
    commands = parser.add_subparsers(required=True, metavar="command")
    check = commands.add_parser("validate", help="check a work phone record (D-4) CSV")
    check.add_argument("record", help="the work phone record, a CSV file")
    check.set_defaults(run=run_validate)
    draw = commands.add_parser("select", help="draw the quarterly random selection (D-2, footnote 2)")
    draw.add_argument("record", help="the work phone record, a CSV file")
    draw.add_argument("--count", default=str(audit.MINIMUM_COUNT),
                      help="phones to select (at least 4, the default)")
    draw.add_argument("--seed", help="reproduce a draw: the seed printed on its memo "
                                     "(default: a new seed from a cryptographic source)")
    draw.add_argument("--date", help="the memo date, YYYY-MM-DD (default: today)")
    draw.add_argument("--out", help="write the memo here (.md or .html) instead of printing it")
    draw.add_argument("--json", action="store_true", help="print the selection as JSON")
    draw.set_defaults(run=run_select)
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
    memo.set_defaults(run=run_memo)
    return parser


def run_validate(args):
    record = read_record(args.record)
    print(f"{args.record}: a valid work phone record: {len(record)} phones, "
          f"SHA-256 {record.digest}")
    for line in record.skipped_lines:
        print(f"  line {line}: blank, skipped")
    return 0


def run_select(args):
    record = read_record(args.record)
    seed = audit.new_seed(secrets.token_bytes) if args.seed is None else args.seed
    date = audit.check_date(args.date or today(), "--date")
    selection = audit.select(record, seed, date, args.count)
    blocks = audit.selection_memo(selection, load_policy())
    if args.json:
        print(json.dumps(selection, indent=2, sort_keys=True, ensure_ascii=False))
    if args.out:
        write_memo(blocks, args.out, "Quarterly random selection " + date)
        print(f"Memo written to {args.out}; seed {selection['seed']}; rows selected: "
              + ", ".join(str(p["row"]) for p in selection["selected"]), file=sys.stderr)
    elif not args.json:
        print(audit.to_markdown(blocks), end="")
    return 0


def run_memo(args):
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


def today():
    return datetime.date.today().isoformat()


def read_record(path):
    """The record at path; Refused when the file cannot be read, RecordError when invalid."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise Refused(f"{path}: no such file")
    except IsADirectoryError:
        raise Refused(f"{path}: is a folder, not a CSV file")
    except OSError as exc:
        raise Refused(f"{path}: cannot be read: {exc.strerror}")
    return audit.read_record(data, os.path.basename(path))


def write_memo(blocks, path, title):
    kind = FORMATS.get(os.path.splitext(path)[1].lower())
    if kind is None:
        raise Refused(f"--out {path}: name the memo file .md (Markdown) or .html (printable HTML)")
    text = audit.to_markdown(blocks) if kind == "markdown" else audit.html_document(blocks, title)
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise Refused(f"--out {path}: cannot be written: {exc.strerror}")
