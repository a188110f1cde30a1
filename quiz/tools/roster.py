"""The Training Division's roster (CSV): who must sign off, and since when.

Columns (header row, any order, case-insensitive): id, name, unit, appointed (YYYY-MM-DD,
the date of appointment to the position; 'appointment_date' is accepted too), academy
(yes/no: joined through the Basic Police Academy). A row with a problem is reported with its
line number and left out of the status list — never silently.
"""
import csv
import io
from typing import Any

from model.tools.cli import Refused, read_bounded

from quiz.clock import parse_date
from quiz.member import clean

REQUIRED = ("id", "name", "unit", "appointed", "academy")
ALIASES = {"appointment_date": "appointed", "appointment date": "appointed",
           "member_id": "id", "serial": "id"}
MAX_BYTES = 20_000_000  # a department's roster is well under 1 MB
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")


class RosterError(Exception):
    """The roster cannot be used at all (unreadable, no header, missing columns)."""


def read_roster(path: str) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """(members, problems): members [{id, name, unit, appointed, appointed_day, academy, line}],
    problems [(line, reason)]."""
    try:
        # Bounded, regular files only: a FIFO or /dev/zero named as the roster is refused.
        raw = read_bounded(path, MAX_BYTES, "roster")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except Refused as exc:
        raise RosterError(f"cannot read the roster {path}: {exc.reason}")
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"the roster {path} is not a UTF-8 CSV file ({exc})")
    if not rows:
        raise RosterError(f"the roster {path} is empty; it needs a header row: {', '.join(REQUIRED)}")
    columns = _columns(rows[0], path)
    members: list[dict[str, Any]] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        member, reason = _member(row, columns, line, seen)
        if reason:
            problems.append((line, reason))
        else:
            members.append(member)
            seen[member["id"]] = line
    return members, problems


def _columns(header, path):
    names = [ALIASES.get(cell.strip().lower(), cell.strip().lower()) for cell in header]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise RosterError(f"the roster {path} has no column {', '.join(missing)}; the header "
                          f"must name {', '.join(REQUIRED)} (found: {', '.join(header)})")
    return {column: names.index(column) for column in REQUIRED}


def _member(row, columns, line, seen):
    if len(row) < max(columns.values()) + 1:
        return None, f"has {len(row)} fields; the header has at least {max(columns.values()) + 1}"
    cell = {column: clean(row[index]) for column, index in columns.items()}
    member_id = cell["id"].upper()
    if not member_id:
        return None, "no member id"
    if member_id in seen:
        return None, f"member id {member_id} is listed twice (first on line {seen[member_id]})"
    if not cell["name"]:
        return None, f"member {member_id} has no name"
    try:
        day = parse_date(cell["appointed"])
    except ValueError:
        return None, (f"member {member_id}: appointed {cell['appointed']!r} is not a date "
                      "(write YYYY-MM-DD, e.g. 2026-09-01)")
    academy = cell["academy"].lower()
    if academy not in YES + NO:
        return None, f"member {member_id}: academy {cell['academy']!r} must be yes or no"
    return {"id": member_id, "name": cell["name"], "unit": cell["unit"],
            "appointed": cell["appointed"], "appointed_day": day, "academy": academy in YES,
            "line": line}, None
