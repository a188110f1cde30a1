"""Sign-off scoped to a change: the short "changes" attempt and the scope a record states.

When an order's text changes, a member who signed an earlier version signs the new one on
what changed: an attempt drawn from the questions that cite a section added or changed since
the version they signed (each such section asked at least once, CHANGES_MIN questions at
least when the bank has them, never more than a full attempt). A member with no earlier
sign-off takes the full attempt.

The bank carries what this needs, and only for an order with earlier versions (so a bank
without history keeps its version): bank["versions"] = {"number": the current version's
number, "earlier": [{"id": order version id, "number", "changed": [section ids]}]}, built by
bank_versions() from the order model's data["versions"] (model.tools.versions).

Every record states its scope: {"kind": "full"} or {"kind": "changes", "since": the order
version id the member signed before, "sections": the sections the attempt covered}. A
record without one (made before scopes existed) is a full attempt. The page takes the
member's word for the earlier version; `python -m quiz report` checks it against the
member's records (quiz/tools/resign.py), and `python -m quiz verify` checks that the attempt
is one this bank draws for that scope (draw_problems).
"""
from quiz.bank import question_map
from quiz.draw import draw_questions, option_order

FULL = "full"
CHANGES = "changes"
CHANGES_MIN = 5


# ---------------------------------------------------------------- what the bank offers

def bank_versions(data, questions):
    """{"versions": …} to add to a bank built for the order model data (empty without history)."""
    entries = data.get("versions") or []
    earlier = [{"id": e["id"], "number": e["number"], "changed": list(e["changed_since"])}
               for e in entries[:-1] if candidates(questions, e["changed_since"])]
    if not earlier:
        return {}
    return {"versions": {"number": entries[-1]["number"], "earlier": earlier}}


def offers(bank):
    """The earlier versions a member may say they signed, oldest first."""
    return list((bank.get("versions") or {}).get("earlier") or [])


def offer(bank, since):
    for entry in offers(bank):
        if entry["id"] == since:
            return entry
    return None


def candidates(questions, sections):
    """The questions citing any of sections."""
    return [q for q in questions if [sid for sid in q["cites"] if sid in sections]]


def changes_size(bank, sections):
    """Questions in a changes attempt on sections."""
    pool = len(candidates(bank["questions"], sections))
    return min(bank["draw"]["size"], max(CHANGES_MIN, len(sections)), pool)


# ---------------------------------------------------------------- an attempt's scope

def scope_for(bank, since):
    """The scope of an attempt: full when since is empty, else changes since that version;
    None when the bank offers no changes attempt since it."""
    if not since:
        return {"kind": FULL}
    entry = offer(bank, since)
    if entry is None:
        return None
    return {"kind": CHANGES, "since": since, "sections": list(entry["changed"])}


def is_changes(scope):
    return isinstance(scope, dict) and scope.get("kind") == CHANGES


def draw(bank, rng, scope, avoid=()):
    """An attempt's questions ([{"id", "options"}]) for scope; a full draw for a full scope."""
    if not is_changes(scope):
        return draw_questions(bank, rng, avoid)
    sections = scope["sections"]
    pool = candidates(bank["questions"], sections)
    size = changes_size(bank, sections)
    chosen = []
    for sid in sections:  # each changed section asked at least once
        covered = [q for q in pool if q["id"] in chosen and sid in q["cites"]]
        citing = [q for q in pool if q["id"] not in chosen and sid in q["cites"]]
        if len(chosen) < size and citing and not covered:
            chosen.append(_pick(citing, avoid, rng))
    while len(chosen) < size:
        chosen.append(_pick([q for q in pool if q["id"] not in chosen], avoid, rng))
    questions = question_map(bank)
    return [{"id": qid, "options": option_order(questions[qid], rng)} for qid in rng.shuffled(chosen)]


def pool(bank, scope):
    """The bank as a changes attempt draws from it (its candidates, its size, no per-part
    minimum), for what asks "can this question come back?"; the bank itself for a full one."""
    if not is_changes(scope):
        return bank
    view = dict(bank)
    view["questions"] = candidates(bank["questions"], scope["sections"])
    view["draw"] = dict(bank["draw"], size=changes_size(bank, scope["sections"]), per_part=0)
    return view


def _pick(candidates_left, avoid, rng):
    fresh = [q for q in candidates_left if q["id"] not in avoid]
    return rng.choice(fresh or candidates_left)["id"]


def stamp(record, scope):
    """The record with its scope (a full attempt when scope is None)."""
    stamped = dict(record)
    stamped["scope"] = dict(scope) if scope else {"kind": FULL}
    return stamped


# ---------------------------------------------------------------- records

def record_scope(record):
    """(scope, problem): a record's scope ({"kind": "full"} when it has none), or None and
    why it cannot be read."""
    scope = record.get("scope", {"kind": FULL})
    if not isinstance(scope, dict) or scope.get("kind") not in (FULL, CHANGES):
        return None, "field scope must be an object with kind \"full\" or \"changes\""
    if scope["kind"] == CHANGES and not (
            isinstance(scope.get("since"), str) and isinstance(scope.get("sections"), list)
            and scope["sections"] and all(isinstance(s, str) for s in scope["sections"])):
        return None, "a changes scope needs since (an order version id) and sections (ids)"
    return scope, None


def draw_problems(record, bank):
    """Why a changes attempt is not one this bank draws for its scope (empty when it is)."""
    scope = record["scope"]
    entry = offer(bank, scope["since"])
    if entry is None:
        return ["changes attempt since order version %s, which bank version %s does not offer"
                % (scope["since"], bank["version"])]
    if scope["sections"] != entry["changed"]:
        return ["the sections of the changes attempt are not the ones changed since %s (%s)"
                % (scope["since"], ", ".join(entry["changed"]))]
    return _item_problems(record["questions"], bank, entry["changed"])


def _item_problems(items, bank, sections):
    questions = question_map(bank)
    ids = [item["id"] for item in items]
    problems = ["question %d: %r is not in bank version %s" % (n, qid, bank["version"])
                for n, qid in enumerate(ids, 1) if qid not in questions]
    problems += ["question %r appears more than once" % qid for n, qid in enumerate(ids) if qid in ids[:n]]
    size = changes_size(bank, sections)
    if len(ids) != size:
        problems.append("the record has %d questions; a changes attempt since this version has %d"
                        % (len(ids), size))
    if problems:
        return problems
    cited = [sid for qid in ids for sid in questions[qid]["cites"]]
    problems += ["question %r cites no section changed since the version signed" % qid
                 for qid in ids if not [sid for sid in questions[qid]["cites"] if sid in sections]]
    if len(sections) <= size:
        problems += ["no question on %s, which changed" % sid for sid in sections if sid not in cited]
    return problems


def describe(record):
    """A short phrase for people: 'full' or 'changes since <id> (A-4, D-2)'."""
    scope = record.get("scope") or {"kind": FULL}
    if scope.get("kind") != CHANGES:
        return FULL
    return "changes since %s (%s)" % (scope.get("since"), ", ".join(scope.get("sections") or []))
