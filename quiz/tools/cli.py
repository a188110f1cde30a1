"""python -m quiz: the Training Division's sign-off tool (CPython).

  python -m quiz verify RECORD.json ...
      Checks each record: readable JSON, every field present, digest, a known bank and order
      version (current or archived), and re-grades the answers against that bank version.
      Prints one line per record: "ACCEPTED" (with "OUTDATED" when signed on an earlier
      order version) or "REJECTED" followed by every reason.
  python -m quiz report --roster ROSTER.csv --records DIR --out DIR
                        [--db FILE.sqlite] [--as-of YYYY-MM-DD] [--order SLUG]
      Verifies every file in DIR (and, with --db, every record stored by earlier runs),
      stores the accepted ones, and writes OUT/status.csv, OUT/problems.csv and
      OUT/report.html (passed / outdated / pending / overdue / academy under DGO I-19 E-1;
      see quiz/tools/report.py for how the 90-day rule and academy graduates are counted).
  python -m quiz archive
      Copies the current bank of each order into quiz/archive/ (see quiz/tools/archive.py);
      run it whenever a changed bank or order is published, so records signed on it keep
      verifying after the next change.

Options for all commands: --policies DIR (order sources), --banks DIR, --archive DIR.

Exit codes:
  0  done; every record accepted (verify) / report written with nothing rejected (report)
  1  done, but at least one record was rejected (or, for report, a roster row was unusable)
  2  could not run: bad arguments, unreadable roster or folder, bad --as-of date, invalid
     bank or policy source, damaged archive, database error
  3  unexpected internal error (a bug: the message says what failed; please report it)
"""
import argparse
import datetime
import functools
import os
from typing import Sequence

from model.escape import terminal
from model.tools import cli
from model.tools.cli import FAILED as REJECTED
from model.tools.cli import OK
from model.tools.cli import Refused as CannotRun
from model.tools.orders import POLICIES_DIR, SourceError, load_orders
from quiz.changes import describe
from quiz.clock import parse_date
from quiz.record import short_id
from quiz.tools import archive as cli_archive
from quiz.tools import bank as cli_bank
from quiz.tools import html as cli_html
from quiz.tools import report as cli_report
from quiz.tools.records import read_record
from quiz.tools.roster import RosterError, read_roster
from quiz.tools.store import Store, StoreError
from quiz.verify import check_record

PROG = "python -m quiz"


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(PROG, _parser(), argv)


def _parser():
    parser = argparse.ArgumentParser(prog=PROG, description="Verify sign-off "
                                     "records and report who has signed off.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--policies", default=POLICIES_DIR, help=argparse.SUPPRESS)
    common.add_argument("--banks", default=cli_bank.BANK_DIR, help=argparse.SUPPRESS)
    common.add_argument("--archive", default=cli_archive.ARCHIVE_DIR, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", parents=[common], help="check sign-off records")
    verify.add_argument("records", nargs="+", metavar="RECORD", help="record JSON files")
    verify.set_defaults(run=run_verify)
    report = commands.add_parser("report", parents=[common], help="roster status report")
    report.add_argument("--roster", required=True, help="CSV: id,name,unit,appointed,academy")
    report.add_argument("--records", required=True, help="folder of record JSON files")
    report.add_argument("--out", required=True, help="folder for status.csv, problems.csv, report.html")
    report.add_argument("--db", help="SQLite file that keeps accepted records across runs")
    report.add_argument("--as-of", help="report date YYYY-MM-DD (default: today, UTC)")
    report.add_argument("--order", help="order slug, e.g. dgo-i-19 (default: the only one)")
    report.set_defaults(run=run_report)
    archive = commands.add_parser("archive", parents=[common], help="archive the current banks")
    archive.set_defaults(run=run_archive)
    return parser


@functools.lru_cache(maxsize=4)
def _orders(policies):
    # Parsing the YAML sources is most of a verify run; a process (or a test session)
    # calling main() repeatedly loads them once.
    return load_orders(policies)


@functools.lru_cache(maxsize=4)
def _current_banks(policies, banks):
    return cli_bank.load_banks(_orders(policies), banks)


def _banks(args):
    """(known {version: bank}, current {slug: bank})."""
    try:
        current = _current_banks(args.policies, args.banks)
        return cli_archive.known_banks(current, args.archive), current
    except (SourceError, OSError) as exc:
        raise CannotRun(f"the question banks cannot be loaded:\n{exc}")
    except cli_archive.ArchiveError as exc:
        raise CannotRun(str(exc))


def run_verify(args):
    known, current = _banks(args)
    rejected = 0
    for path in args.records:
        data, reason = read_record(path)
        reasons, outdated = ([reason], False) if reason else check_record(data, known, current)
        rejected += bool(reasons)
        print("\n".join(terminal(line) for line in
                        _verdict_line(path, data, reasons, outdated, current)))
    return REJECTED if rejected else OK


def _verdict_line(path, data, reasons, outdated, current):
    """The lines printed for one record (each made terminal-safe by the caller: a record's
    name or a file name may carry escape sequences)."""
    if reasons:
        return [f"REJECTED {path}"] + [f"  - {reason}" for reason in reasons]
    member, score, order = data["member"], data["score"], data["order"]
    lines = [f"ACCEPTED {path}: {member['name']} ({member['id']}, {member['unit']}) "
             f"{data['result']} {score['correct']}/{score['total']} on {order['series']} "
             f"{order['number']} version {order['version']} ({describe(data)} sign-off), "
             f"record {short_id(data)}"]
    if outdated:
        lines.append(f"  OUTDATED: signed on an earlier version of the order; the current "
                     f"version is {current[order['slug']]['order']['version']}")
    return lines


def run_report(args):
    known, current = _banks(args)
    bank = _report_bank(args.order, current)
    as_of = _as_of(args.as_of)
    try:
        roster, roster_problems = read_roster(args.roster)
    except RosterError as exc:
        raise CannotRun(str(exc))
    if not os.path.isdir(args.records):
        raise CannotRun(f"records folder {args.records} does not exist")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        store = Store(args.db or ":memory:")
        collected = cli_report.collect(args.records, store, known, current, now)
        order = next(o.data for o in _orders(args.policies) if o.slug == bank["slug"])
        report = cli_report.build_report(roster, roster_problems, collected, bank, as_of, order)
        store.log_run(now, as_of, args.roster, args.records, len(collected["accepted"]),
                      len(report["rejected"]))
        store.commit()
    except StoreError as exc:
        raise CannotRun(str(exc))
    _write_outputs(args.out, report)
    _print_summary(args.out, report)
    return REJECTED if report["rejected"] or report["roster_problems"] else OK


def _report_bank(slug, current):
    if slug is None and len(current) == 1:
        return next(iter(current.values()))
    if slug not in current:
        raise CannotRun(f"choose an order with --order ({', '.join(sorted(current))})")
    return current[slug]


def _as_of(text):
    if text is None:
        return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    try:
        parse_date(text)
    except ValueError:
        raise CannotRun(f"--as-of {text!r} is not a date; write YYYY-MM-DD")
    return text


def _write_outputs(folder, report):
    outputs = {"status.csv": cli_report.status_csv(report),
               "problems.csv": cli_report.problems_csv(report),
               "report.html": cli_html.render_html(report)}
    try:
        os.makedirs(folder, exist_ok=True)
        for name, text in outputs.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
    except OSError as exc:
        raise CannotRun(f"cannot write the report into {folder}: {exc.strerror}")


def _print_summary(folder, report):
    counts = ", ".join(f"{status} {n}" for status, n in report["counts"].items())
    print(f"Report as of {report['as_of']}: {counts}; rejected records "
          f"{len(report['rejected'])}; roster problems {len(report['roster_problems'])}")
    for source, reasons in report["rejected"]:
        print(terminal(f"  REJECTED {source}: {'; '.join(reasons)}"))
    for line, reason in report["roster_problems"]:
        print(terminal(f"  ROSTER line {line}: {reason}"))
    print(f"Written: {os.path.join(folder, 'report.html')}, status.csv, problems.csv")


def run_archive(args):
    _known, current = _banks(args)
    for bank in current.values():
        path, created = cli_archive.archive_bank(bank, args.archive)
        print(f"{'archived' if created else 'already archived'}: {path}")
    return OK


