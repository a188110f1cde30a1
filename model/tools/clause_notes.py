"""Policy Desk's notes on an order's clauses, from the companion file `<slug>.clauses.yaml`.

The short rule of model.clauses reads a sentence as normative when it says "shall", "may",
"prohibited"…; a reader sometimes knows better. The companion file beside the order source
records, per clause, with a reason anyone can read on the coverage page:

    clauses:
    - clause: C-6.5                       # the id the coverage page shows
      text: This section does not limit   # an excerpt of that clause: catches renumbering
      normative: true                     # overrides the short rule (true or false)
      reason: …
    - clause: fn2.1
      text: Random selection shall be accomplished
      status: implemented_elsewhere       # not_formalised | implemented_elsewhere | pending
      where: The audit kit's quarterly selection (/audit/, python -m audit select)
      link: audit/                        # optional: a site-relative page
      side: helper                        # optional: the side it speaks for: helper (default),
                                          # quiz or both
      reason: …

Statuses (a clause the helper or the quiz does not cover, and why that is right for now):
  not_formalised         a judgement the helper leaves to people
  implemented_elsewhere  another part of Policy Desk applies it (`where` says which)
  pending                a known gap with its owner named in the reason; the build says so
                         once it is covered, so the note cannot outlive the gap
An entry needs `normative` or `status` (or both), and a reason. Problems are SourceError lines
`file:line: field: message` (model.tools.yaml_source), so a bad note stops the build.
"""
import os
from typing import Any

from model.tools.yaml_source import Problem, check_keys, raise_problems, read_source

ENTRY_KEYS = ("clause", "text", "normative", "status", "side", "where", "link", "reason")
STATUSES = ("not_formalised", "implemented_elsewhere", "pending")
SIDES = ("helper", "quiz", "both")
MIN_REASON = 20   # a reason is a sentence, not a word


def notes_path(order: Any) -> str:
    return os.path.join(os.path.dirname(order.path), f"{order.slug}.clauses.yaml")


def apply_clause_notes(order: Any) -> None:
    """Read the order's companion notes (if any), check them against its clauses, apply the
    normative overrides to order.data["clauses"] and keep the status marks in
    order.clause_marks {clause id: {status, side, where, link, reason, line}}."""
    path = notes_path(order)
    if not os.path.exists(path):
        return
    located = read_source(path)
    clauses = order.data["clauses"]
    raise_problems(located, _problems(located.data, clauses))
    for index, entry in enumerate(located.data.get("clauses") or []):
        clause = clauses[entry["clause"]]
        if "normative" in entry:
            clause["normative"] = entry["normative"]
            clause["reading"] = "Policy Desk’s reading: " + " ".join(entry["reason"].split())
        if "status" in entry:
            order.clause_marks[entry["clause"]] = {
                "status": entry["status"], "side": entry.get("side", "helper"),
                "where": entry.get("where"), "link": entry.get("link"),
                "reason": " ".join(entry["reason"].split()),
                "file": path, "line": located.line(("clauses", index))}


def _problems(doc: Any, clauses: dict[str, Any]) -> list[Problem]:
    if doc is None:
        return []
    if not isinstance(doc, dict):
        return [((), "must be a mapping with a list 'clauses'")]
    problems = check_keys(doc, (), ("clauses",), ())
    entries = doc.get("clauses")
    if entries is None:
        return problems
    if not isinstance(entries, list):
        return problems + [(("clauses",), "must be a list of notes on clauses")]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        path = ("clauses", index)
        if not isinstance(entry, dict):
            problems.append((path, "each note must be a mapping with clause, text, reason"))
            continue
        problems += _entry_problems(entry, path, clauses)
        clause_id = str(entry.get("clause"))
        if clause_id in seen:
            problems.append((path + ("clause",), f"clause {clause_id} already has a note "
                                                 f"(clauses[{seen[clause_id]}]); "
                                                 "put everything about it in one"))
        seen.setdefault(clause_id, index)
    return problems


def _entry_problems(entry: dict[str, Any], path: tuple[Any, ...],
                    clauses: dict[str, Any]) -> list[Problem]:
    problems = check_keys(entry, path, ENTRY_KEYS, ("clause", "text", "reason"))
    if problems:
        return problems
    clause = clauses.get(entry["clause"])
    if clause is None:
        return [(path + ("clause",), f"no clause {entry['clause']!r} in the order; the coverage "
                                     "page lists every clause id")]
    if not isinstance(entry["text"], str) or entry["text"] not in clause["text"]:
        return [(path + ("text",), f"not in {entry['clause']}, which reads: {clause['text']!r}"
                                   + _elsewhere(entry["text"], clauses))]
    if not isinstance(entry["reason"], str) or len(entry["reason"].strip()) < MIN_REASON:
        problems.append((path + ("reason",), f"give the reason in words (at least {MIN_REASON} "
                                             "characters)"))
    if "normative" not in entry and "status" not in entry:
        problems.append((path, "say what the note does: normative: true|false, or a status"))
    problems += _normative_problems(entry, path, clause)
    problems += _status_problems(entry, path)
    if "status" in entry and not entry.get("normative", clause["normative"]):
        problems.append((path + ("status",), f"{entry['clause']} is not normative, so no "
                                             "coverage is owed; a status needs a normative clause"))
    return problems


def _elsewhere(text: Any, clauses: dict[str, Any]) -> str:
    """Where the excerpt is now, when the clauses were renumbered under the note."""
    if not isinstance(text, str):
        return ""
    holders = [cid for cid, clause in clauses.items() if text in clause["text"]]
    return f"; the excerpt is in {', '.join(sorted(holders))}" if holders else ""


def _normative_problems(entry: dict[str, Any], path: tuple[Any, ...],
                        clause: dict[str, Any]) -> list[Problem]:
    if "normative" not in entry:
        return []
    value = entry["normative"]
    if not isinstance(value, bool):
        return [(path + ("normative",), f"must be true or false, got {value!r}")]
    if value == clause["normative"]:
        return [(path + ("normative",), f"the short rule already reads {entry['clause']} as "
                                        f"{'normative' if value else 'not normative'}; "
                                        "remove the override")]
    return []


def _status_problems(entry: dict[str, Any], path: tuple[Any, ...]) -> list[Problem]:
    if "status" not in entry:
        extra = [key for key in ("side", "where", "link") if key in entry]
        return [(path + (key,), "only a note with a status has a " + key) for key in extra]
    problems: list[Problem] = []
    if entry["status"] not in STATUSES:
        problems.append((path + ("status",), f"unknown status {entry['status']!r}; allowed: "
                                             f"{', '.join(STATUSES)}"))
    if entry.get("side", "helper") not in SIDES:
        problems.append((path + ("side",), f"unknown side {entry['side']!r}; allowed: "
                                           f"{', '.join(SIDES)}"))
    if entry["status"] == "implemented_elsewhere" and not _text(entry.get("where")):
        problems.append((path + ("where",), "say where it is implemented"))
    link = entry.get("link")
    if link is not None and (not _text(link) or ":" in link or link.startswith("/")):
        problems.append((path + ("link",), f"must be a site-relative page such as 'audit/', "
                                           f"got {link!r}"))
    return problems


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
