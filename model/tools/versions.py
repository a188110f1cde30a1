"""An order's versions: its history kept in the repository as sources, validated, compared.

Layout (in the policies folder):
    <slug>.yaml                  the current version: status draft, effective or rescinded
    <slug>/history/<n>.yaml      earlier version n (1 is the first), the full source as it was
                                 last published, status superseded (it was in force), draft
                                 (replaced before it was signed) or rescinded
A version is its text: the version id (model.tools.orders.text_version) digests what members
read and sign, so filling in the date signed or the effective date keeps the version (and
every sign-off on it); changing a word of policy makes a new one, and the old source goes to
history/. Each source may say how it differs from the version before it:
    effective_date: 2027-07-01   the day it takes effect (default: the date signed)
    revision:
      summary: ...               the issuer's own words about the change (shown as theirs)
      renumbered: {D-4: D-7}     old id -> new id of each section that moved
      removed: [B-3]             old ids of sections dropped
so links, records and questions follow a renumbering instead of silently pointing at another
section. Checked here, each problem as `file:line: field: message`: dates in order, exactly one
current version (the one not in history/; the earlier ones are not in force), no two versions
with the same text, and every section of the previous version either kept under its id,
renumbered or removed as the next version says (a section whose title now sits under another
id without a rename is refused).

Model data added to the current order (model.tools.orders documents the rest):
    versions  [{number, id, status, date_signed, effective_date, summary, current, url,
                changed_since}] oldest first; url: where the version is read (the order's
               page for the current one, orders/<slug>/versions/<id>/ once it is earlier);
               changed_since: the current version's section ids added or changed since that
               version (what re-sign-off covers)
    changes   how the current version differs from the one before it, or None:
              {from, to, url, renumbered {old: new}, removed [old ids],
               sections {current id: {status, previous, summary}}}
"""
import datetime
import os
import re
from typing import TYPE_CHECKING, Any

from model.tools.compare import changed_ids, compare
from model.tools.yaml_source import Path, Problem, check_keys, dotted

if TYPE_CHECKING:
    from model.tools.orders import Order

HISTORY = "history"
HISTORY_FILE_RE = re.compile(r"^([1-9][0-9]*)\.ya?ml$")
CURRENT_STATUSES = ("draft", "effective", "rescinded")
EARLIER_STATUSES = ("superseded", "draft", "rescinded")
SIGNED_STATUSES = ("effective", "superseded", "rescinded")
REVISION_KEYS = ("summary", "renumbered", "removed")
SECTION_ID_RE = re.compile(r"^[A-Z]-\d{1,2}$")
STATUS_LABELS = {"draft": "Draft", "effective": "In force", "superseded": "Superseded",
                 "rescinded": "Rescinded"}


# ---------------------------------------------------------------- one source's own fields

def check_fields(doc: dict[str, Any]) -> list[Problem]:
    """Problems of a source's version fields on their own: dates and status agree, revision's
    shape. (Whether the dates follow the previous version's is checked with the history.)"""
    return _date_problems(doc) + _revision_shape(doc.get("revision"))


def _date_problems(doc: dict[str, Any]) -> list[Problem]:
    signed, effective, status = doc.get("date_signed"), doc.get("effective_date"), doc.get("status")
    if effective is not None and not isinstance(effective, datetime.date):
        return [(("effective_date",), f"malformed date {effective!r}; expected YYYY-MM-DD or null")]
    if status == "draft" and (isinstance(signed, datetime.date) or effective is not None):
        field = "date_signed" if signed else "effective_date"
        return [((field,), "a draft has no date signed or effective date; once the order is "
                           "signed set status: effective with date_signed (and effective_date "
                           "if it takes effect later)")]
    if effective is not None and isinstance(signed, datetime.date) and effective < signed:
        return [(("effective_date",), f"takes effect {effective} before it is signed "
                                      f"({signed}); the effective date is on or after date_signed")]
    if status in SIGNED_STATUSES and signed is None and status != "effective":
        return [(("date_signed",), f"a {status} version was signed: give date_signed (YYYY-MM-DD)")]
    return []


def _revision_shape(revision: Any) -> list[Problem]:
    path: Path = ("revision",)
    if revision is None:
        return []
    if not isinstance(revision, dict):
        return [(path, "must be a mapping with summary, renumbered and/or removed")]
    problems = check_keys(revision, path, REVISION_KEYS, ())
    summary = revision.get("summary")
    if summary is not None and (not isinstance(summary, str) or not summary.strip()):
        problems.append((path + ("summary",), "the summary must be text (the issuer's words)"))
    renumbered = revision.get("renumbered")
    if renumbered is not None and not isinstance(renumbered, dict):
        problems.append((path + ("renumbered",), "must map old section ids to new ones, e.g. "
                                                 "{A-5: A-6}"))
    for old, new in (renumbered or {}).items() if isinstance(renumbered, dict) else ():
        problems += _id_problem(old, path + ("renumbered",)) + _id_problem(new, path + ("renumbered", old))
    removed = revision.get("removed")
    if removed is not None and not isinstance(removed, list):
        problems.append((path + ("removed",), "must be a list of old section ids, e.g. [B-3]"))
    for i, old in enumerate(removed if isinstance(removed, list) else []):
        problems += _id_problem(old, path + ("removed", i))
    return problems


def _id_problem(value: Any, path: Path) -> list[Problem]:
    if isinstance(value, str) and SECTION_ID_RE.match(value):
        return []
    return [(path, f"malformed section id {value!r}; expected an id like 'A-5'")]


# ---------------------------------------------------------------- the history of an order

def history_folder(order: "Order") -> str:
    """policies/<slug>/history/ beside the order's source."""
    return os.path.join(os.path.dirname(order.path), order.slug, HISTORY)


def attach_history(order: "Order") -> list[str]:
    """Load and check the order's earlier versions; on success set order.history and the
    version data (module docstring). Returns the problems as `file:line: field: message`."""
    from model.tools.orders import SourceError, load_order  # orders calls this module
    folder = history_folder(order)
    if not os.path.isdir(folder):
        return _version_problems(order, [])
    paths, errors = _history_paths(folder)
    earlier = []
    for path in paths:
        try:
            earlier.append(load_order(path))
        except SourceError as exc:
            errors += exc.errors
    errors = errors or _version_problems(order, earlier)
    if not errors:
        order.history = earlier
        order.previous = earlier[-1] if earlier else None
        set_version_data(order)
    return errors


def _history_paths(folder: str) -> tuple[list[str], list[str]]:
    names = sorted(os.listdir(folder))
    numbered = {}
    errors = []
    for name in names:
        match = HISTORY_FILE_RE.match(name)
        if match:
            numbered[int(match.group(1))] = os.path.join(folder, name)
        elif not name.startswith("."):
            errors.append(f"{os.path.join(folder, name)}:1: (file): a history file is named after "
                          "its version number: 1.yaml for the first version, 2.yaml …")
    missing = [n for n in range(1, len(numbered) + 1) if n not in numbered]
    if missing:
        errors.append(f"{folder}:1: (folder): versions are numbered 1, 2, 3 … without gaps; "
                      f"{missing[0]}.yaml is missing")
    return [numbered[n] for n in sorted(numbered)], errors


def _version_problems(order: "Order", earlier: list["Order"]) -> list[str]:
    chain = earlier + [order]
    problems = []
    for number, version in enumerate(chain, 1):
        problems += [_at(version, p, m) for p, m in _status_problems(version, number, chain)]
        if number > 1:
            problems += [_at(version, p, m) for p, m in _step_problems(chain[number - 2], version)]
        else:
            problems += [_at(version, p, m) for p, m in _first_revision(version)]
    problems += _same_text(chain)
    return problems


def _at(order: "Order", path: Path, message: str) -> str:
    located = getattr(order, "located", None)
    line = located.line(path) if located else 1
    return f"{order.path}:{line}: {dotted(path)}: {message}"


def _status_problems(version: "Order", number: int, chain: list["Order"]) -> list[Problem]:
    source, current = version.source, version is chain[-1]
    problems: list[Problem] = []
    if (source["series"], source["number"]) != (chain[-1].source["series"], chain[-1].source["number"]):
        problems.append((("number",), f"this history file is {version.name}, but it sits in the "
                                      f"history of {chain[-1].name}"))
    allowed = CURRENT_STATUSES if current else EARLIER_STATUSES
    if source["status"] not in allowed:
        why = ("the current version (the source outside history/) is draft, effective or "
               "rescinded; a superseded text belongs in history/" if current else
               "only the current version can be in force; an earlier version is superseded "
               "(it was in force), draft (never signed) or rescinded")
        problems.append((("status",), f"status {source['status']} for version {number}: {why}"))
    if current and source["status"] == "draft" and any(
            v.source["status"] != "draft" for v in chain[:-1]):
        problems.append((("status",), "a draft cannot replace a version that was signed: keep the "
                                      "signed version current until the revision is signed"))
    return problems


def _step_problems(before: "Order", after: "Order") -> list[Problem]:
    return _date_order(before, after) + _renumbering_problems(before, after)


def _first_revision(version: "Order") -> list[Problem]:
    revision = version.source.get("revision") or {}
    return [(("revision", key), "the first version has no earlier version to renumber or "
                                "remove sections from") for key in ("renumbered", "removed")
            if revision.get(key)]


def _date_order(before: "Order", after: "Order") -> list[Problem]:
    problems: list[Problem] = []
    for field, label in (("date_signed", "signed"), ("effective_date", "takes effect")):
        old, new = before.data[field], after.data[field]
        if old and new and new < old:
            problems.append(((field,), f"{label} {new}, before the version it replaces "
                                       f"({before.path}, {old}); versions are in date order"))
    return problems


def _same_text(chain: list["Order"]) -> list[str]:
    seen: dict[str, "Order"] = {}
    problems = []
    for version in chain:
        first = seen.setdefault(version.data["version"], version)
        if first is not version:
            problems.append(_at(version, ("parts",), f"the same text as {first.path} (version id "
                                                     f"{version.data['version']}): a new version "
                                                     "changes the policy text; a change of dates "
                                                     "or status is made in the same file"))
    return problems


# ---------------------------------------------------------------- section ids across a step

def revision_of(version: "Order") -> dict[str, Any]:
    return version.source.get("revision") or {}


def step_map(before: "Order", after: "Order") -> dict[str, str | None]:
    """{old id: new id, or None when removed} from one version to the next."""
    revision = revision_of(after)
    renumbered, removed = revision.get("renumbered") or {}, revision.get("removed") or []
    return {sid: (None if sid in removed else renumbered.get(sid, sid))
            for sid in before.data["section_ids"]}


def _renumbering_problems(before: "Order", after: "Order") -> list[Problem]:
    revision = revision_of(after)
    renumbered, removed = revision.get("renumbered") or {}, revision.get("removed") or []
    old_ids, new_ids = before.data["sections"], after.data["sections"]
    problems: list[Problem] = []
    for old, new in renumbered.items():
        where: Path = ("revision", "renumbered", old)
        if old not in old_ids:
            problems.append((where, f"{old} is not a section of the previous version ({before.path})"))
        elif new not in new_ids:
            problems.append((where, f"{new} is not a section of this version"))
        elif old in removed:
            problems.append((where, f"{old} is both renumbered and removed"))
    targets = [new for new in renumbered.values()]
    problems += [(("revision", "renumbered"), f"two sections are renumbered to {new}")
                 for i, new in enumerate(targets) if new in targets[:i]]
    for i, old in enumerate(removed):
        if old not in old_ids:
            problems.append((("revision", "removed", i), f"{old} is not a section of the previous "
                                                         f"version ({before.path})"))
    if problems:
        return problems
    return _unstated_moves(before, after, step_map(before, after))


def _unstated_moves(before: "Order", after: "Order", mapping: dict[str, str | None]) -> list[Problem]:
    """A section of the previous version must keep its id unless the revision says otherwise,
    and a section kept under its id must not be one whose title moved to another id."""
    problems: list[Problem] = []
    new_sections = after.data["sections"]
    images = {new for new in mapping.values() if new}
    by_title = {s["title"]: sid for sid, s in new_sections.items()}
    for old, new in mapping.items():
        title = before.data["sections"][old]["title"]
        moved_to = by_title.get(title)
        if new is not None and new not in new_sections:
            problems.append((("revision",), f"section {old} ({title}) of the previous version "
                                            f"({before.path}) is not in this version: say what "
                                            f"happened to it, renumbered: {{{old}: …}} or "
                                            f"removed: [{old}]"))
        elif moved_to and moved_to != new and moved_to not in images:
            problems.append((("revision",), f"section {old} ({title}) of the previous version is "
                                            f"{moved_to} in this version: add renumbered: "
                                            f"{{{old}: {moved_to}}} so links and records follow it"))
    return problems


def trace(chain: list["Order"], start: int, end: int) -> dict[str, str | None]:
    """{id in chain[start]: id in chain[end] or None}, following every step between them."""
    mapping: dict[str, str | None] = {sid: sid for sid in chain[start].data["section_ids"]}
    for k in range(start + 1, end + 1):
        step = step_map(chain[k - 1], chain[k])
        mapping = {sid: (step.get(now) if now else None) for sid, now in mapping.items()}
    return mapping


def versions_chain(order: "Order") -> list["Order"]:
    """Every version of the order, oldest first, the current one last."""
    return list(getattr(order, "history", [])) + [order]


def comparison(order: "Order", start: int, end: int) -> dict[str, Any]:
    """model.tools.compare's comparison of version start+1 with version end+1 (0-based)."""
    chain = versions_chain(order)
    return compare(chain[start].data, chain[end].data, trace(chain, start, end))


# ---------------------------------------------------------------- model data

def version_url(slug: str, version_id: str) -> str:
    """The permanent page of one version (relative to the site root)."""
    return f"orders/{slug}/versions/{version_id}/"


def changes_url(slug: str, old_id: str, new_id: str) -> str:
    """The page comparing two versions (relative to the site root)."""
    return f"orders/{slug}/changes/{old_id}-{new_id}/"


def version_entry(data: dict[str, Any], source: dict[str, Any], number: int,
                  current: bool) -> dict[str, Any]:
    """One version as the model data lists it."""
    summary = (source.get("revision") or {}).get("summary")
    return {"number": number, "id": data["version"], "status": data["status"],
            "date_signed": data["date_signed"], "effective_date": data["effective_date"],
            "summary": " ".join(summary.split()) if summary else None, "current": current,
            "url": data["url"] if current else version_url(data["slug"], data["version"]),
            "changed_since": []}


def set_version_data(order: "Order") -> None:
    """order.data["versions"] and ["changes"] from its history (module docstring)."""
    chain = versions_chain(order)
    last = len(chain) - 1
    entries = [version_entry(v.data, v.source, n, v is order) for n, v in enumerate(chain, 1)]
    for k in range(last):
        entries[k]["changed_since"] = changed_ids(comparison(order, k, last))
    order.data["versions"] = entries
    order.data["changes"] = _changes(order, chain) if last else None


def _changes(order: "Order", chain: list["Order"]) -> dict[str, Any]:
    before = chain[-2]
    step = step_map(before, order)
    found = comparison(order, len(chain) - 2, len(chain) - 1)
    return {"from": before.data["version"], "to": order.data["version"],
            "url": changes_url(order.slug, before.data["version"], order.data["version"]),
            "renumbered": {old: new for old, new in step.items() if new and new != old},
            "removed": [old for old, new in step.items() if new is None],
            "sections": {s["id"]: {"status": s["status"], "previous": s["previous"],
                                   "summary": s["summary"]}
                         for s in found["sections"] if s["id"]}}


def renumbering_hint(data: dict[str, Any], section_id: str) -> str:
    """' (… renumbered …)' when a cited id was renumbered or removed in the current version:
    what a build error adds so the author knows which id the text now has."""
    changes = data.get("changes") or {}
    moved = (changes.get("renumbered") or {}).get(section_id)
    if moved:
        return (f" (section {section_id} of the previous version is {moved} in this version; "
                "cite the new id)")
    if section_id in (changes.get("removed") or []):
        return f" (section {section_id} was removed in this version)"
    return ""
