"""python -m quiz: the Training Division's sign-off tool (CPython).

  python -m quiz verify RECORD.json ... [--allow-failed]
      Checks each record: readable JSON, every field present, digest, a known bank and order
      version (current or archived), re-grades the answers against that bank version, and
      refuses what the quiz page never makes: member details its rules refuse (the message
      names the rule), an attempt beyond the bank's limit, a record completed in the future
      or started before its bank existed (10 minutes' clock-skew allowance; the date a bank
      came into existence is the "archived_at" of its archive file, quiz/tools/archive.py).
      Prints one line per record: "ACCEPTED" (with "OUTDATED" when signed on an earlier
      order version) or "REJECTED" followed by every reason. A file that cannot be read or
      checked is one rejected record; the others are still checked.
  python -m quiz report --roster ROSTER.csv --records DIR --out DIR
                        [--db FILE.sqlite] [--as-of YYYY-MM-DD] [--order SLUG]
                        [--time-zone ZONE] [--allow-failed]
      Verifies every file in DIR (and, with --db, every record stored by earlier runs),
      stores the accepted ones, and writes OUT/status.csv, OUT/problems.csv and
      OUT/report.html, each whole or not at all (passed / late / outdated / pending /
      overdue / not in force / academy under DGO I-19 E-1, in the Department's time zone,
      default America/Los_Angeles; see quiz/tools/report.py). Reports sharing a database
      wait for each other (--db-timeout seconds, default 30); a history that can be read but
      not written (read-only, locked too long) is reported, and the report still written.
  python -m quiz package --format scorm12|scorm2004 [--order SLUG] [--out FILE.zip]
                         [--pass-mark N] [--no-mastery-score] [--identifier ID]
      Builds the quiz as a SCORM package for a learning system (see quiz/tools/package.py);
      prints the zip's path, size and SHA-256.
  python -m quiz archive
      Copies the current bank of each order into quiz/archive/ with the time (see
      quiz/tools/archive.py); run it before publishing a changed bank or order, so records
      signed on it keep verifying after the next change.

Options for all commands: --policies DIR (order sources), --banks DIR, --archive DIR.

Exit codes:
  0  done; every record accepted and a pass (verify) / report written with nothing rejected
  1  done, but at least one record was rejected (or, for report, a roster row was unusable
     or the history database could not be updated)
  2  could not run: bad arguments, unreadable roster or folder, bad --as-of date or time
     zone, invalid bank or policy source, damaged archive, unreadable database
  3  unexpected internal error (a bug: the message says what failed; please report it)
  4  done, every record valid, but at least one is a failed attempt (not a sign-off); with
     --allow-failed a valid failed attempt counts as done (0)
"""
import argparse
import datetime
import functools
import os
from typing import Any, Sequence

from model.escape import terminal
from model.tools import cli
from model.tools.cli import FAILED as REJECTED
from model.tools.cli import OK, write_atomic
from model.tools.cli import Refused as CannotRun
from model.tools.orders import POLICIES_DIR, SourceError, load_orders
from quiz.changes import describe
from quiz.clock import epoch_seconds, is_time, parse_date
from quiz.record import short_id
from quiz.tools import archive as cli_archive
from quiz.tools import bank as cli_bank
from quiz.tools import html as cli_html
from quiz.tools import package as cli_package
from quiz.tools import report as cli_report
from quiz.tools.dates import DEFAULT_TIME_ZONE, department_zone, order_dates, today
from quiz.tools.records import check_each, read_record
from quiz.tools.roster import RosterError, read_roster
from quiz.tools.store import DEFAULT_TIMEOUT, Store, StoreError

PROG = "python -m quiz"
FAILED_ATTEMPT = 4


def main(argv: Sequence[str] | None = None) -> int:
    return cli.run(PROG, _parser(), argv)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Verify sign-off "
                                     "records and report who has signed off.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--policies", default=POLICIES_DIR, help=argparse.SUPPRESS)
    common.add_argument("--banks", default=cli_bank.BANK_DIR, help=argparse.SUPPRESS)
    common.add_argument("--archive", default=cli_archive.ARCHIVE_DIR, help=argparse.SUPPRESS)
    # The checking computer's clock, for tests and for re-checking as of a past moment.
    common.add_argument("--now", help=argparse.SUPPRESS)
    allow = argparse.ArgumentParser(add_help=False)
    allow.add_argument("--allow-failed", action="store_true",
                       help="exit 0 (not 4) when valid failed attempts are among the records")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", parents=[common, allow], help="check sign-off records")
    verify.add_argument("records", nargs="+", metavar="RECORD", help="record JSON files")
    verify.set_defaults(run=run_verify)
    report = commands.add_parser("report", parents=[common, allow], help="roster status report")
    report.add_argument("--roster", required=True, help="CSV: id,name,unit,appointed,academy")
    report.add_argument("--records", required=True, help="folder of record JSON files")
    report.add_argument("--out", required=True, help="folder for status.csv, problems.csv, report.html")
    report.add_argument("--db", help="SQLite file that keeps accepted records across runs")
    report.add_argument("--as-of", help="report date YYYY-MM-DD (default: today in the time zone)")
    report.add_argument("--order", help="order slug, e.g. dgo-i-19 (default: the only one)")
    report.add_argument("--time-zone", default=DEFAULT_TIME_ZONE,
                        help=f"the Department's time zone for due dates (default {DEFAULT_TIME_ZONE})")
    report.add_argument("--db-timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds to wait for a database another report is using (default 30)")
    report.set_defaults(run=run_report)
    archive = commands.add_parser("archive", parents=[common], help="archive the current banks")
    archive.set_defaults(run=run_archive)
    cli_package.add_command(commands, common)
    return parser


@functools.lru_cache(maxsize=4)
def _current(policies: str, banks: str) -> tuple[Any, dict[str, Any]]:
    # Parsing the YAML sources is most of a verify run; a process (or a test session)
    # calling main() repeatedly loads them once.
    orders = load_orders(policies)
    return orders, cli_bank.load_banks(orders, banks)


def _banks(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of records.check_each: known {version: bank}, current
    {slug: bank}, now (epoch seconds), existed {version: archived_at}."""
    try:
        current = _current(args.policies, args.banks)[1]
        known = cli_archive.known_banks(current, args.archive)
    except (SourceError, OSError) as exc:
        raise CannotRun(f"the question banks cannot be loaded:\n{exc}")
    except cli_archive.ArchiveError as exc:
        raise CannotRun(str(exc))
    return {"known": known, "current": current, "now": epoch_seconds(_now(args)),
            "existed": cli_archive.existence_dates(known)}


def _now(args: argparse.Namespace) -> str:
    if args.now is None:
        return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not is_time(args.now):
        raise CannotRun(f"--now {args.now!r} is not a UTC time like 2026-11-29T16:30:17Z")
    return str(args.now)


def run_verify(args: argparse.Namespace) -> int:
    checks = _banks(args)
    rejected = failed = 0
    for path in args.records:
        data, reason = read_record(path)
        reasons, outdated = ([reason], False) if reason else check_each(data, **checks)
        rejected += bool(reasons)
        failed += not reasons and data["result"] == "failed"
        print("\n".join(terminal(line) for line in
                        _verdict_line(path, data, reasons, outdated, checks["current"])))
    _note_unarchived(checks)
    return _status(rejected, failed, args.allow_failed)


def _status(rejected: int, failed: int, allow_failed: bool) -> int:
    if rejected:
        return REJECTED
    return FAILED_ATTEMPT if failed and not allow_failed else OK


def _note_unarchived(checks: dict[str, Any]) -> None:
    for slug, bank in sorted(checks["current"].items()):
        if bank["version"] not in checks["existed"]:
            cli.error(PROG, f"note: the current {slug} bank ({bank['version']}) is not archived, "
                            "so when it came into use is unknown and records on it are not "
                            "checked against that date; run `python -m quiz archive` when you "
                            "publish it")


def _verdict_line(path: str, data: Any, reasons: list[str], outdated: bool,
                  current: dict[str, Any]) -> list[str]:
    """The lines printed for one record (each made terminal-safe by the caller: a record's
    name or a file name may carry escape sequences)."""
    if reasons:
        return [f"REJECTED {path}"] + [f"  - {reason}" for reason in reasons]
    member, score, order = data["member"], data["score"], data["order"]
    lines = [f"ACCEPTED {path}: {member['name']} ({member['id']}, {member['unit']}) "
             f"{data['result']} {score['correct']}/{score['total']} on {order['series']} "
             f"{order['number']} version {order['version']} ({describe(data)} sign-off), "
             f"record {short_id(data)}"]
    if data["result"] == "failed":
        lines.append("  FAILED ATTEMPT: a valid record of an attempt that did not pass; it is "
                     "not a sign-off")
    if outdated:
        lines.append(f"  OUTDATED: signed on an earlier version of the order; the current "
                     f"version is {current[order['slug']]['order']['version']}")
    return lines


def run_report(args: argparse.Namespace) -> int:
    checks = _banks(args)
    bank = _report_bank(args.order, checks["current"])
    zone = department_zone(args.time_zone)
    as_of = _as_of(args.as_of, zone)
    try:
        roster, roster_problems = read_roster(args.roster)
    except RosterError as exc:
        raise CannotRun(str(exc))
    if not os.path.isdir(args.records):
        raise CannotRun(f"records folder {args.records} does not exist")
    now = _now(args)
    store = _open_store(args)
    try:
        store.begin()
        collected = cli_report.collect(args.records, store, checks, now)
        report = cli_report.build_report(roster, roster_problems, collected, bank, as_of, zone,
                                         _order_dates(args, bank), _order_data(args, bank))
        store.log_run(now, as_of, args.roster, args.records, len(collected["accepted"]),
                      len(report["rejected"]))
        store.commit()
    except StoreError as exc:
        raise CannotRun(str(exc))
    finally:
        store.close()
    report["database"] = [f"this run's records were not saved: {store.problem}"] if store.problem else []
    _write_outputs(args.out, report)
    _print_summary(args.out, report)
    _note_unarchived(checks)
    if report["rejected"] or report["roster_problems"] or report["database"]:
        return REJECTED
    return _status(0, len(collected["failed"]), args.allow_failed)


def _open_store(args: argparse.Namespace) -> Store:
    try:
        return Store(args.db or ":memory:", timeout=max(0.0, args.db_timeout))
    except StoreError as exc:
        raise CannotRun(str(exc))


def _order_dates(args: argparse.Namespace, bank: dict[str, Any]) -> tuple[str | None, str | None]:
    data = _order_data(args, bank)
    return order_dates(data) if data else (None, None)


def _order_data(args: argparse.Namespace, bank: dict[str, Any]) -> dict[str, Any] | None:
    """The model data of the bank's order (its versions and dates), None if it is gone."""
    for order in _current(args.policies, args.banks)[0]:
        if order.slug == bank["slug"]:
            return order.data
    return None


def _report_bank(slug: str | None, current: dict[str, Any]) -> dict[str, Any]:
    if slug is None and len(current) == 1:
        return next(iter(current.values()))
    if slug not in current:
        raise CannotRun(f"choose an order with --order ({', '.join(sorted(current))})")
    return current[slug]


def _as_of(text: str | None, zone: Any) -> str:
    if text is None:
        return today(zone)
    try:
        parse_date(text)
    except ValueError:
        raise CannotRun(f"--as-of {text!r} is not a date; write YYYY-MM-DD")
    return text


def _write_outputs(folder: str, report: dict[str, Any]) -> None:
    outputs = {"status.csv": cli_report.status_csv(report),
               "problems.csv": cli_report.problems_csv(report),
               "report.html": cli_html.render_html(report)}
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise CannotRun(f"cannot create the report folder {folder}: {exc.strerror}")
    for name, text in outputs.items():
        write_atomic(os.path.join(folder, name), text, "report file")


def _print_summary(folder: str, report: dict[str, Any]) -> None:
    counts = ", ".join(f"{status.replace('_', ' ')} {n}" for status, n in report["counts"].items())
    print(terminal(f"Report as of {report['as_of']} ({report['time_zone']}): {counts}; rejected "
                   f"records {len(report['rejected'])}; roster problems "
                   f"{len(report['roster_problems'])}"))
    if not report["in_force"]:
        print(terminal("  " + report["force_note"]))
    for source, reasons in report["rejected"]:
        print(terminal(f"  REJECTED {source}: {'; '.join(reasons)}"))
    for line, reason in report["roster_problems"]:
        print(terminal(f"  ROSTER line {line}: {reason}"))
    for problem in report["database"]:
        print(terminal(f"  DATABASE: {problem}"))
    print(terminal(f"Written: {os.path.join(folder, 'report.html')}, status.csv, problems.csv"))


def run_archive(args: argparse.Namespace) -> int:
    current = _banks(args)["current"]
    for bank in current.values():
        path, created = cli_archive.archive_bank(bank, args.archive, args.now and _now(args))
        print(terminal(f"{'archived' if created else 'already archived'}: {path}"))
    return OK


