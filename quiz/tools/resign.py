"""What each member owes on an order with versions: the version they signed, what is due now
and by when (CPython; quiz/tools/report.py calls standing() for every roster row).

How E-1 and a revision are applied (Policy Desk's readings, printed in the report):
- A draft has no due dates, nor has a rescinded order: nothing is due from anyone.
- A first sign-off is due 90 days after the later of the member's appointment and the day the
  order first took effect. E-1 gives "90 days of their appointment" and is silent on members
  appointed before the order took effect; they get their 90 days from the effective date.
- After a revision, a member who signed an earlier version signs the current one. The order
  says nothing of when; Policy Desk applies E-1's 90 days from the day the current version
  takes effect (or from appointment, if later). Such a member may sign on the changes only
  (quiz/changes.py): the questions on the sections added or changed since the version signed.
- A sign-off counts on a version when it is a full attempt on that version, or a changes
  attempt on it since a version the member holds a counted sign-off on (a changes sign-off
  with no sign-off on the earlier version behind it is noted and not counted).
- Academy graduates (E-1's first paragraph) owe no sign-off; if they sign, it is shown.

Inputs: passed [{"source", "record", "outdated"}] (the member's trustworthy passed records),
order data (model.tools.orders: versions, status), the current bank (what changes attempts
it offers) and the report date as a day number (quiz.clock.parse_date).
"""
from typing import Any

from quiz import changes
from quiz.clock import civil_from_days, parse_date
from quiz.record import completed_at

E1_DAYS = 90
Accepted = dict[str, Any]
# What the report prints under "How due dates are counted": the readings above, in brief.
READINGS = (
    "A draft or a rescinded order has no due dates.",
    "A first sign-off is due 90 days after the later of appointment and the day the order "
    "first took effect (E-1 is silent on members appointed before the order took effect).",
    "After a revision, a member who signed an earlier version signs the current one within 90 "
    "days of the day it takes effect (or of appointment, if later); the order does not say "
    "when, so this applies E-1's 90 days. They may sign on the changes only.",
    "A sign-off on the changes counts only with the member's sign-off on the earlier version.",
)


def standing(member: dict[str, Any], passed: list[Accepted], order: dict[str, Any],
             bank: dict[str, Any], as_of_day: int) -> dict[str, Any]:
    """{"counted": passed records that sign the current version, "counting": those that sign
    any version (a changes sign-off without its earlier sign-off is left out), "due_day": int |
    None, "from": the effective date the 90 days count from (None with no due day),
    "version_signed": text, "due_now": text, "notes": [text]}."""
    entries = order["versions"]
    current = entries[-1]
    signed, notes = counted_sign_offs(passed)
    counted = [a for a in signed.get(current["id"], [])]
    earlier = _latest_earlier(signed, entries)
    due_day, start = _due_day(member, order, earlier is not None)
    counting = sorted((a for records in signed.values() for a in records),
                      key=lambda a: (completed_at(a["record"]), a["record"]["digest"]))
    result = {"counted": counted, "counting": counting, "due_day": due_day, "from": start,
              "notes": notes,
              "version_signed": _version_signed(signed, passed, entries),
              "due_now": _due_now(member, order, counted, earlier, bank)}
    if not counted and due_day is not None and earlier is not None:
        days = due_day - as_of_day
        result["notes"] = notes + [f"sign-off on version {current['number']} due "
                                   f"{civil_from_days(due_day)} ("
                                   + (f"{days} days left)" if days >= 0 else f"{-days} days overdue)")]
    return result


def counted_sign_offs(passed: list[Accepted]) -> tuple[dict[str, list[Accepted]], list[str]]:
    """({order version id: the member's records that count on it, earliest first}, notes on
    changes sign-offs that do not count)."""
    ordered = sorted(passed, key=lambda a: (completed_at(a["record"]), a["record"]["digest"]))
    signed: dict[str, list[Accepted]] = {}
    progress = True
    while progress:  # a changes sign-off counts once the version it builds on does
        progress = False
        for accepted in ordered:
            version = accepted["record"]["order"]["version"]
            scope = accepted["record"].get("scope") or {"kind": changes.FULL}
            if accepted in signed.get(version, []):
                continue
            if not changes.is_changes(scope) or scope["since"] in signed:
                signed.setdefault(version, []).append(accepted)
                progress = True
    for version in signed:
        signed[version].sort(key=lambda a: (completed_at(a["record"]), a["record"]["digest"]))
    notes = [f"{a['source']}: a sign-off on the changes since version "
             f"{a['record']['scope']['since']}, with no sign-off on that version on record: not "
             "counted (a full sign-off is needed)"
             for a in ordered if a not in signed.get(a["record"]["order"]["version"], [])]
    return signed, notes


def _latest_earlier(signed: dict[str, list[Accepted]], entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The newest earlier version the member holds a sign-off on, None if none (a record on a
    text that is not in the order's history counts as signed, but offers no changes quiz)."""
    known = [e for e in entries[:-1] if e["id"] in signed]
    if known:
        return known[-1]
    if [v for v in signed if v != entries[-1]["id"]]:
        return {"id": None, "number": None}
    return None


def _due_day(member: dict[str, Any], order: dict[str, Any], re_sign: bool) -> tuple[int | None, str | None]:
    """(due day, the effective date counted from) of what the member owes now."""
    entries = order["versions"]
    current = entries[-1]
    if member["academy"] or current["status"] != "effective" or not current["effective_date"]:
        return None, None
    if re_sign:
        start = current["effective_date"]
    else:
        start = min(e["effective_date"] for e in entries
                    if e["effective_date"] and e["status"] != "draft")
    return max(member["appointed_day"], parse_date(start)) + E1_DAYS, start


def _version_signed(signed: dict[str, list[Accepted]], passed: list[Accepted],
                    entries: list[dict[str, Any]]) -> str:
    for entry in reversed(entries):
        if entry["id"] in signed:
            return f"version {entry['number']} ({entry['id']})"
    others = sorted(signed)
    if others:
        return f"an earlier text ({others[-1]}, not in the order's history)"
    return ""


def _due_now(member: dict[str, Any], order: dict[str, Any], counted: list[Accepted],
             earlier: dict[str, Any] | None, bank: dict[str, Any]) -> str:
    current = order["versions"][-1]
    if counted:
        return "nothing: signed the current version"
    if current["status"] == "draft":
        return "nothing yet: the order is a draft, not in force"
    if current["status"] == "rescinded":
        return "nothing: the order is rescinded"
    if member["academy"]:
        return "nothing required of an Academy graduate (E-1)"
    offered = changes.offer(bank, earlier["id"]) if earlier and earlier["id"] else None
    if offered:
        return (f"sign version {current['number']}: the changes since version {offered['number']} "
                f"({', '.join(offered['changed'])}) or the full quiz")
    return f"sign version {current['number']}: the full quiz"
