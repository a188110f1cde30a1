"""The Training Division's report: who has signed off on an order, who is pending, who is late.

E-1 (the 90-day rule) as applied here, every date in the Department's time zone
(quiz/tools/dates.py; default America/Los_Angeles):
- The order is in force from its effective date (the order model's effective_date, else its
  date signed). While it is a draft (no date signed), or before it takes effect, nobody's 90
  days run: members without a sign-off are `not_in_force`, never pending or overdue.
- A member who joined outside the Basic Police Academy (roster academy = no) must sign off
  within 90 days of appointment: the due date is the later of appointment and the effective
  date, plus 90 days (E-1 is silent on members appointed before the order took effect; they
  get the same 90 days, counted from the effective date). A sign-off on the due date, at any
  hour of that local day, is on time. With no passed record on the current order version
  they are `pending` up to the due date and `overdue` after it (as of the report date).
- Academy graduates (academy = yes) are trained by the Training Division after graduating
  (E-1, first paragraph); the 90-day sign-off does not apply, so they are counted apart as
  `academy` — never pending or overdue. If one signs off anyway, they show as `passed`.
- A member whose only passed records are on an earlier order version is `outdated`: they
  signed a text that has since changed and need to sign the current one.
- `passed`: a trustworthy passed record on the current order version, completed on or before
  the report date and on or before the due date. `late`: the same, completed after the due
  date — counted apart, never shown as complying with E-1.
- With an order's versions (quiz/tools/resign.py, given the order's model data): a sign-off
  on the changes since an earlier version counts only with the member's sign-off on that
  version; the row says which version the member signed and what is due now (the changes or
  the full quiz); a first sign-off counts from the day the order first took effect and a
  re-sign-off from the day the current version does.
Every record file is either counted, noted as already stored, or rejected with its reasons;
roster rows with problems are listed with their line numbers.
"""
import os
from typing import Any
from zoneinfo import ZoneInfo

from model.escape import csv_line
from model.tools.cli import Refused
from quiz.clock import civil_from_days, parse_date
from quiz.record import completed_at
from quiz.tools.dates import local_date, local_day
from quiz.tools import resign
from quiz.tools.records import check_each, parse_record, read_record
from quiz.tools.store import Store

E1_DAYS = 90
STATUSES = ("passed", "late", "outdated", "pending", "overdue", "not_in_force", "academy")
Collected = dict[str, list[Any]]


def collect(records_dir: str, store: Store, checks: dict[str, Any], now: str) -> Collected:
    """Verify stored and new records; returns {"accepted", "rejected", "already_stored",
    "failed"} (failed: file names of this run's valid failed attempts). checks: the keyword
    arguments of records.check_each (known, current, now, existed)."""
    result: Collected = {"accepted": [], "rejected": [], "already_stored": [], "failed": []}
    sources: dict[str, str] = {}
    for source, raw in store.stored():
        data, reason = parse_record(raw)
        _admit(result, sources, "database: " + source, data, [reason] if reason else None, checks)
    stored = set(sources)
    for name in _record_files(records_dir):
        path = os.path.join(records_dir, name)
        data, reason = read_record(path)
        if not name.lower().endswith(".json"):
            data, reason = None, "not a .json file; sign-off records are JSON"
        digest = data.get("digest") if isinstance(data, dict) else None
        if isinstance(digest, str) and digest in stored:
            result["already_stored"].append(name)
            continue
        if _admit(result, sources, name, data, [reason] if reason else None, checks):
            store.add(data, name, now)
            if data["result"] == "failed":
                result["failed"].append(name)
    return result


def _record_files(folder: str) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if not name.startswith("."))
    except OSError as exc:
        raise Refused(f"cannot list the records folder {folder}: {exc.strerror}")


def _admit(result: Collected, sources: dict[str, str], source: str, data: Any,
           reasons: list[str] | None, checks: dict[str, Any]) -> bool:
    """Accept data (returns True) or reject it with reasons."""
    outdated = False
    if reasons is None:
        reasons, outdated = check_each(data, **checks)
    if not reasons and data["digest"] in sources:
        reasons = [f"duplicate: the same record as {sources[data['digest']]}"]
    if reasons:
        result["rejected"].append((source, reasons))
        return False
    sources[data["digest"]] = source
    result["accepted"].append({"source": source, "record": data, "outdated": outdated})
    return True


# ---------------------------------------------------------------- the report as data

def build_report(roster: list[dict[str, Any]], roster_problems: list[tuple[int, str]],
                 collected: Collected, bank: dict[str, Any], as_of: str, zone: ZoneInfo,
                 order_dates: tuple[str | None, str | None],
                 order: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the CSV and HTML outputs show, as plain data. order_dates: (date signed,
    effective date) of the order, from quiz.tools.dates.order_dates; order: its model data,
    whose versions decide what counts and what is due (quiz/tools/resign.py)."""
    as_of_day = parse_date(as_of)
    rules = _rules(order_dates, as_of_day, zone)
    by_member, rejected, notes = _match_records(roster, collected, bank, rules)
    rows = [_member_row(m, by_member.get(m["id"], []), rules, bank, order) for m in roster]
    counts = {status: len([r for r in rows if r["status"] == status]) for status in STATUSES}
    outdated = [a for a in collected["accepted"] if a["outdated"]]
    return {"as_of": as_of, "time_zone": zone.key, "order": bank["order"], "rows": rows,
            "counts": counts, "in_force": rules["in_force"], "force_note": rules["note"],
            "rejected": collected["rejected"] + rejected, "roster_problems": roster_problems,
            "outdated": outdated, "already_stored": collected["already_stored"], "notes": notes}


def _rules(order_dates: tuple[str | None, str | None], as_of_day: int, zone: ZoneInfo) -> dict[str, Any]:
    signed, effective = order_dates
    effective_day = parse_date(effective) if signed and effective else None
    in_force = effective_day is not None and effective_day <= as_of_day
    if signed is None:
        note = ("The order is a draft (no date signed): it is not yet in force, so E-1's 90 days "
                "have not started for anyone.")
    elif not in_force:
        note = (f"The order takes effect on {effective}: it is not yet in force, so E-1's 90 "
                "days have not started for anyone.")
    else:
        note = f"The order has been in force since {effective}."
    return {"as_of_day": as_of_day, "zone": zone, "effective_day": effective_day,
            "effective": effective, "in_force": in_force, "note": note}


def _match_records(roster: list[dict[str, Any]], collected: Collected, bank: dict[str, Any],
                   rules: dict[str, Any]) -> tuple[dict[str, list[Any]], list[Any], list[str]]:
    ids = {member["id"] for member in roster}
    by_member: dict[str, list[Any]] = {}
    rejected, notes = [], []
    for accepted in collected["accepted"]:
        record = accepted["record"]
        member_id = record["member"]["id"].upper()
        if record["order"]["slug"] != bank["slug"]:
            rejected.append((accepted["source"], [f"for another order ({record['order']['slug']}); "
                                                  f"this report covers {bank['slug']}"]))
        elif member_id not in ids:
            rejected.append((accepted["source"], [f"member ID {member_id} is not on the roster"]))
        elif local_day(completed_at(record), rules["zone"]) > rules["as_of_day"]:
            notes.append(f"{accepted['source']}: completed after {civil_from_days(rules['as_of_day'])}, "
                         "not counted in this report")
        else:
            by_member.setdefault(member_id, []).append(accepted)
    return by_member, rejected, notes


def _member_row(member: dict[str, Any], accepted: list[Any], rules: dict[str, Any],
                bank: dict[str, Any] | None = None, order: dict[str, Any] | None = None) -> dict[str, Any]:
    due_day, since = _due_day(member, rules), rules["effective"]
    passed = sorted((a for a in accepted if a["record"]["result"] == "passed"),
                    key=lambda a: (completed_at(a["record"]), a["record"]["digest"]))
    current = [a for a in passed if not a["outdated"]]
    standing = resign.standing(member, passed, order, bank or {}, rules["as_of_day"]) if order else None
    if standing:  # versions: what counts on the current version, and due from which date
        current, passed = standing["counted"], standing["counting"]
        due_day, since = standing["due_day"], standing["from"]
    row = {"id": member["id"], "name": member["name"], "unit": member["unit"],
           "appointed": member["appointed"], "academy": member["academy"],
           "due": "" if due_day is None else civil_from_days(due_day),
           "signed_at": "", "signed_local": "", "record": "", "order_version": "",
           "version_signed": standing["version_signed"] if standing else "",
           "due_now": standing["due_now"] if standing else "",
           "notes": list(standing["notes"]) if standing else []}
    if due_day is not None and member["appointed_day"] < parse_date(since):
        row["notes"].append(f"appointed before the order took effect ({since}): "
                            "90 days counted from then")
    signed = current[0] if current else (passed[-1] if passed else None)
    if signed:
        record = signed["record"]
        row.update(signed_at=completed_at(record), record=signed["source"],
                   signed_local=local_date(completed_at(record), rules["zone"]),
                   order_version=record["order"]["version"])
        if " ".join(record["member"]["name"].lower().split()) != member["name"].lower():
            row["notes"].append(f"name on the record: {record['member']['name']}")
    row["status"], note = _status(member, current, passed, due_day, rules)
    if note:
        row["notes"].append(note)
    return row


def _due_day(member: dict[str, Any], rules: dict[str, Any]) -> int | None:
    if member["academy"] or rules["effective_day"] is None:
        return None
    return max(member["appointed_day"], rules["effective_day"]) + E1_DAYS


def _status(member: dict[str, Any], current: list[Any], passed: list[Any], due_day: int | None,
            rules: dict[str, Any]) -> tuple[str, str]:
    if current:
        signed_day = local_day(completed_at(current[0]["record"]), rules["zone"])
        if due_day is not None and signed_day > due_day:
            return "late", (f"signed {signed_day - due_day} days after the due date: late, not "
                            "within E-1's 90 days")
        return "passed", ""
    if passed:
        return "outdated", "signed an earlier version of the order; must sign the current one"
    if member["academy"]:
        return "academy", "trained by the Training Division after the Academy (E-1)"
    if not rules["in_force"] or due_day is None:
        return "not_in_force", "the order is not yet in force; the 90 days have not started"
    if rules["as_of_day"] > due_day:
        return "overdue", f"{rules['as_of_day'] - due_day} days past the 90-day deadline"
    return "pending", f"{due_day - rules['as_of_day']} days left"


# ---------------------------------------------------------------- CSV outputs

STATUS_COLUMNS = ("member_id", "name", "unit", "appointed", "academy", "due", "status",
                  "signed_at", "signed_local_date", "order_version", "record", "version_signed",
                  "due_now", "notes")


def status_csv(report: dict[str, Any]) -> str:
    rows = [[r["id"], r["name"], r["unit"], r["appointed"], "yes" if r["academy"] else "no",
             r["due"], r["status"], r["signed_at"], r["signed_local"], r["order_version"],
             r["record"], r["version_signed"], r["due_now"], "; ".join(r["notes"])]
            for r in report["rows"]]
    return _csv([STATUS_COLUMNS] + rows)


def problems_csv(report: dict[str, Any]) -> str:
    rows = [["record", source, "; ".join(reasons)] for source, reasons in report["rejected"]]
    rows += [["roster", f"line {line}", reason] for line, reason in report["roster_problems"]]
    rows += [["outdated", a["source"], f"signed on order version {a['record']['order']['version']}, "
              f"current is {report['order']['version']}"] for a in report["outdated"]]
    rows += [["database", "history", problem] for problem in report.get("database", [])]
    return _csv([("kind", "source", "reason")] + rows)


def _csv(rows: list[Any]) -> str:
    # Every cell through model.escape.csv_cell (by csv_line): a record's name, a file name or
    # a reason starting with = + - @ tab or CR is never run as a formula.
    return "".join(csv_line(row) for row in rows)
