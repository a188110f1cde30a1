"""The Training Division's report: who has signed off on an order, who is pending, who is late.

E-1 (the 90-day rule) as applied here (with an order's versions: quiz/tools/resign.py, which
counts the 90 days from the effective date, gives a draft no due dates and says per member
which version they signed and what is due now, a full sign-off or one on the changes):
- A member who joined outside the Basic Police Academy (roster academy = no) must sign off
  within 90 days of appointment: the due date is appointed + 90 days, so a sign-off on the
  90th day is on time. With no passed record on the current order version they are
  `pending` up to the due date and `overdue` after it (as of the report date).
- Academy graduates (academy = yes) are trained by the Training Division after graduating
  (E-1, first paragraph); the 90-day sign-off does not apply, so they are counted apart as
  `academy` — never pending or overdue. If one signs off anyway, they show as `passed`.
- A member whose only passed records are on an earlier order version is `outdated`: they
  signed a text that has since changed and need to sign the current one.
- `passed`: a trustworthy passed record on the current order version, finished on or before
  the report date; a sign-off after the due date is noted as late.
Every record file is either counted, noted as already stored, or rejected with its reasons;
roster rows with problems are listed with their line numbers.
"""
import os

from quiz.tools.records import parse_record, read_record
from quiz.verify import check_record
from quiz.clock import civil_from_days, parse_date
from model.escape import csv_line
from quiz.record import completed_at
from quiz.tools import resign

E1_DAYS = 90
STATUSES = ("passed", "outdated", "pending", "overdue", "not_in_force", "academy")


def collect(records_dir, store, known, current, now):
    """Verify stored and new records; returns {"accepted", "rejected", "already_stored"}."""
    result = {"accepted": [], "rejected": [], "already_stored": []}
    sources = {}
    for source, text in store.stored():
        data, reason = parse_record(text.encode("utf-8"))
        _admit(result, sources, "database: " + source, data, [reason] if reason else None,
               known, current)
    stored = set(sources)
    for name in _record_files(records_dir):
        path = os.path.join(records_dir, name)
        data, reason = read_record(path)
        if not name.lower().endswith(".json"):
            data, reason = None, "not a .json file; sign-off records are JSON"
        digest = data.get("digest") if isinstance(data, dict) else None
        if digest in stored:
            result["already_stored"].append(name)
            continue
        if _admit(result, sources, name, data, [reason] if reason else None, known, current):
            store.add(data, name, now)
    return result


def _record_files(folder):
    return sorted(name for name in os.listdir(folder) if not name.startswith("."))


def _admit(result, sources, source, data, reasons, known, current):
    """Accept data (returns True) or reject it with reasons."""
    outdated = False
    if reasons is None:
        reasons, outdated = check_record(data, known, current)
    if not reasons and data["digest"] in sources:
        reasons = [f"duplicate: the same record as {sources[data['digest']]}"]
    if reasons:
        result["rejected"].append((source, reasons))
        return False
    sources[data["digest"]] = source
    result["accepted"].append({"source": source, "record": data, "outdated": outdated})
    return True


def build_report(roster, roster_problems, collected, bank, as_of, order):
    """Everything the CSV and HTML outputs show, as plain data; order: the order's model data."""
    as_of_day = parse_date(as_of)
    by_member, rejected, notes = _match_records(roster, collected, bank, as_of_day)
    rows = [_member_row(m, by_member.get(m["id"], []), bank, as_of_day, order) for m in roster]
    counts = {status: len([r for r in rows if r["status"] == status]) for status in STATUSES}
    outdated = [a for a in collected["accepted"] if a["outdated"]]
    return {"as_of": as_of, "order": bank["order"], "rows": rows, "counts": counts,
            "rejected": collected["rejected"] + rejected, "roster_problems": roster_problems,
            "outdated": outdated, "already_stored": collected["already_stored"], "notes": notes}


def _match_records(roster, collected, bank, as_of_day):
    ids = {member["id"] for member in roster}
    by_member, rejected, notes = {}, [], []
    for accepted in collected["accepted"]:
        record = accepted["record"]
        member_id = record["member"]["id"].upper()
        if record["order"]["slug"] != bank["slug"]:
            rejected.append((accepted["source"], [f"for another order ({record['order']['slug']}); "
                                                  f"this report covers {bank['slug']}"]))
        elif member_id not in ids:
            rejected.append((accepted["source"], [f"member ID {member_id} is not on the roster"]))
        elif parse_date(completed_at(record)[:10]) > as_of_day:
            notes.append(f"{accepted['source']}: completed after {civil_from_days(as_of_day)}, "
                         "not counted in this report")
        else:
            by_member.setdefault(member_id, []).append(accepted)
    return by_member, rejected, notes


def _member_row(member, accepted, bank, as_of_day, order):
    passed = sorted((a for a in accepted if a["record"]["result"] == "passed"),
                    key=lambda a: completed_at(a["record"]))
    # Versions: what counts on the current version, the due date from the effective date.
    standing = resign.standing(member, passed, order, bank, as_of_day)
    due_day, current, passed = standing["due_day"], standing["counted"], standing["counting"]
    row = {"id": member["id"], "name": member["name"], "unit": member["unit"],
           "appointed": member["appointed"], "academy": member["academy"],
           "due": "" if due_day is None else civil_from_days(due_day),
           "signed_at": "", "record": "", "order_version": "",
           "version_signed": standing["version_signed"], "due_now": standing["due_now"],
           "notes": list(standing["notes"])}
    signed = current[0] if current else (passed[-1] if passed else None)
    if signed:
        record = signed["record"]
        row.update(signed_at=completed_at(record), record=signed["source"],
                   order_version=record["order"]["version"])
        if " ".join(record["member"]["name"].lower().split()) != member["name"].lower():
            row["notes"].append(f"name on the record: {record['member']['name']}")
    row["status"], note = _status(member, current, passed, due_day, as_of_day)
    if note:
        row["notes"].append(note)
    return row


def _status(member, current, passed, due_day, as_of_day):
    if current:
        signed_day = parse_date(completed_at(current[0]["record"])[:10])
        late = due_day is not None and signed_day > due_day
        return "passed", f"signed {signed_day - due_day} days after the due date" if late else ""
    if passed:
        return "outdated", "signed an earlier version of the order; must sign the current one"
    if member["academy"]:
        return "academy", "trained by the Training Division after the Academy (E-1)"
    if due_day is None:
        return "not_in_force", "the order is not in force: no sign-off is due yet"
    if as_of_day > due_day:
        return "overdue", f"{as_of_day - due_day} days past the 90-day deadline"
    return "pending", f"{due_day - as_of_day} days left"


# ---------------------------------------------------------------- CSV outputs

STATUS_COLUMNS = ("member_id", "name", "unit", "appointed", "academy", "due", "status",
                  "signed_at", "order_version", "record", "version_signed", "due_now", "notes")


def status_csv(report):
    rows = [[r["id"], r["name"], r["unit"], r["appointed"], "yes" if r["academy"] else "no",
             r["due"], r["status"], r["signed_at"], r["order_version"], r["record"],
             r["version_signed"], r["due_now"], "; ".join(r["notes"])] for r in report["rows"]]
    return _csv([STATUS_COLUMNS] + rows)


def problems_csv(report):
    rows = [["record", source, "; ".join(reasons)] for source, reasons in report["rejected"]]
    rows += [["roster", f"line {line}", reason] for line, reason in report["roster_problems"]]
    rows += [["outdated", a["source"], f"signed on order version {a['record']['order']['version']}, "
              f"current is {report['order']['version']}"] for a in report["outdated"]]
    return _csv([("kind", "source", "reason")] + rows)


def _csv(rows):
    return "".join(csv_line(row) for row in rows)
