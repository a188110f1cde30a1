"""The coverage matrix: every normative clause of an order, the helper rules and the quiz
questions that quote it, and its status (issue 17). Build time, CPython only.

Sources: the order model's clauses (model.clauses, with Policy Desk's notes from
`<slug>.clauses.yaml`: model.tools.clause_notes) and each package's citations, through one
small interface that knows no engine's format — `<package>.tools.site_data.citations(orders)`
returns [{"id", "kind": "rule" | "question", "order": slug, "title", "quotes":
[(section id, excerpt or None)], "href": site-relative URL or None, "detail": optional
[(label, text or [texts])]}]. A quote covers every clause it shares a character with
(model.clauses.clauses_covered); a quote of a whole section covers all of its clauses
(including a sentence added to it later: quote excerpts, not sections, where you can).
A side (the helper, the quiz) is expected to cover an order only if it offers a citation of
it: an order published as text only has no matrix.

Status of a normative clause: quoted by both sides, by one, by neither, or "marked" (a note
explains every side that does not quote it: not formalised, implemented elsewhere, pending).
The build keeps it honest:
- a clause quoted by neither side and not marked fails the build (`file:line` of the
  paragraph in the order source);
- a clause quoted by one side only, with the other side not marked, is a warning (so
  `mkdocs build --strict`, which this repository always uses, fails on it too);
- a "pending" note on a side that now quotes the clause is a warning: the gap it excused is
  gone, and so must the note be.
When the order model offers the previous version of an order (issue 14), clauses whose text
digest is new are marked as changed, with the rules and questions that point at them.
Pages: orders/<slug>/coverage/ (the matrix) and orders/<slug>/coverage/cited/ (the rules and
questions with their text), both out of the navigation and of the search index.
"""
import importlib
from typing import Any

from model import escape
from model.clauses import clauses_covered, footnote_clauses, section_clauses
from model.tools.orders import Order

PROVIDERS = ("checker", "quiz", "audit")  # packages whose site_data may offer citations()
KINDS = ("rule", "question")
SIDE_OF_KIND = {"rule": "helper", "question": "quiz"}
SIDES = ("helper", "quiz")
NOUNS = {"helper": "helper rule", "quiz": "quiz question"}
STATUS_LABELS = {"not_formalised": "Not formalised", "implemented_elsewhere":
                 "Implemented elsewhere", "pending": "Pending"}
CATEGORIES = ("both", "one", "neither", "marked")


def collect(orders: list[Order], providers: tuple[str, ...] = PROVIDERS) -> list[dict[str, Any]]:
    """Every citation the packages offer (those whose site_data has citations())."""
    found: list[dict[str, Any]] = []
    for package in providers:
        module = importlib.import_module(f"{package}.tools.site_data")
        if hasattr(module, "citations"):
            found += module.citations(orders)
    return found


# ---------------------------------------------------------------- the matrix of one order

def build(order: Order, citations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The matrix of order: {order, name, serving, rows, other, citations, totals, errors,
    warnings, changes}; errors and warnings are `file:line: clause: message` lines, the caller
    decides. Only the sides that serve the order (offer a citation of it) are expected to
    cover it; None when neither does (an order published as text only has no matrix)."""
    data = order.data
    mine = [dict(c, clauses=_covered(data, c)) for c in citations if c["order"] == order.slug]
    serving = [side for side in SIDES if any(SIDE_OF_KIND[c["kind"]] == side for c in mine)]
    if not serving:
        return None
    by_clause: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for citation in mine:
        for clause_id in citation["clauses"]:
            by_clause.setdefault(clause_id, {"rule": [], "question": []})[citation["kind"]].append(citation)
    changed = changed_clauses(order)
    rows, other, errors, warnings = [], [], [], []
    for clause_id in data["clause_ids"]:
        clause = data["clauses"][clause_id]
        if not clause["normative"]:
            other.append(clause)
            continue
        row = _row(order, clause, by_clause.get(clause_id, {"rule": [], "question": []}), serving)
        row["changed"] = clause_id in changed
        errors += row.pop("errors")
        warnings += row.pop("warnings")
        rows.append(row)
    return {"order": data, "name": order.name, "serving": serving, "rows": rows, "other": other,
            "citations": {kind: [c for c in mine if c["kind"] == kind] for kind in KINDS},
            "totals": totals(rows), "errors": errors, "warnings": warnings,
            "changes": _changes(changed, mine, order)}


def _covered(data: dict[str, Any], citation: dict[str, Any]) -> list[str]:
    """The clause ids a citation's quotes cover, in document order."""
    ids: list[str] = []
    for section_id, text in citation["quotes"]:
        section = data["sections"].get(section_id)
        if section is None:
            continue   # the provider's own build check reports it (file:line)
        clauses = [data["clauses"][cid] for cid in data["clause_ids"]
                   if data["clauses"][cid]["section"] == section_id]
        ids += [cid for cid in clauses_covered(section["paragraphs"], clauses, text) if cid not in ids]
    return [cid for cid in data["clause_ids"] if cid in ids]


def _row(order: Order, clause: dict[str, Any], cover: dict[str, list[dict[str, Any]]],
         serving: list[str]) -> dict[str, Any]:
    mark = order.clause_marks.get(clause["id"])
    covered = [SIDE_OF_KIND[kind] for kind in KINDS if cover[kind]]
    missing = [side for side in serving if side not in covered]
    excused = [side for side in missing if mark and mark["side"] in (side, "both")]
    where = f"{order.path}:{order.clause_line(clause['id'])}: {clause['id']}"
    errors, warnings = [], []
    if not covered and not mark:
        errors.append(f"{where}: no {' and no '.join(NOUNS[side] for side in serving)} quotes this "
                      f"{clause['kind']} ({_short(clause['text'])}); quote it, or note in "
                      f"{order.slug}.clauses.yaml why not (not_formalised, "
                      "implemented_elsewhere, pending), with a reason")
    else:
        quoted = f"quoted by the {covered[0]} only" if covered else "quoted by neither side"
        for side in missing:
            if side not in excused:
                warnings.append(f"{where}: {quoted}, not by the {side} "
                                f"({_short(clause['text'])}); cover it, or note why not in "
                                f"{order.slug}.clauses.yaml")
    if mark and mark["status"] == "pending" and any(
            side in covered for side in SIDES if mark["side"] in (side, "both")):
        warnings.append(f"{mark['file']}:{mark['line']}: {clause['id']}: marked pending for the "
                        f"{mark['side']}, which now quotes it; remove the note")
    category = ("both" if not missing else "marked" if len(excused) == len(missing)
                else "one" if covered else "neither")
    return {"clause": clause, "rules": cover["rule"], "questions": cover["question"],
            "category": category, "mark": mark, "covered": covered,
            "errors": errors, "warnings": warnings}


def link_problems(order: Order, page_urls: set[str]) -> list[str]:
    """`file:line` lines for notes whose link is not a page of the site (page_urls: the
    site-relative URLs of the hand-written pages, e.g. 'audit/')."""
    known = ", ".join(sorted(page_urls)[:6])
    return [f"{mark['file']}:{mark['line']}: {clause_id}: link {mark['link']!r} is not a page "
            f"of the site; use the address of one of its pages ({known}…)"
            for clause_id, mark in sorted(order.clause_marks.items())
            if mark["link"] and mark["link"] not in page_urls]


def _short(text: str, limit: int = 60) -> str:
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for the top of the page: clauses, by category, one side split by side, marks."""
    counts: dict[str, Any] = {"clauses": len(rows)}
    for category in CATEGORIES:
        counts[category] = len([r for r in rows if r["category"] == category])
    counts["helper_only"] = len([r for r in rows if r["category"] == "one" and r["rules"]])
    counts["quiz_only"] = len([r for r in rows if r["category"] == "one" and r["questions"]])
    marked = [r for r in rows if r["category"] == "marked"]
    counts["by_status"] = {status: len([r for r in marked if r["mark"]["status"] == status])
                           for status in STATUS_LABELS}
    counts["changed"] = len([r for r in rows if r.get("changed")])
    return counts


# ---------------------------------------------------------------- versions

def previous_data(order: Order) -> dict[str, Any] | None:
    """The model data of the version before this one, when the order model offers it.

    Read defensively, because version history (issue 14) is not in the model yet: an
    `order.previous` (an Order-like object with .data, or model data) or
    `order.data["previous"]`; anything without a mapping of sections is ignored."""
    for candidate in (getattr(order, "previous", None), order.data.get("previous")):
        data = getattr(candidate, "data", candidate)
        if isinstance(data, dict) and isinstance(data.get("sections"), dict):
            return data
    return None


def changed_clauses(order: Order) -> set[str]:
    """Ids of this version's clauses whose text is not in the same section (or footnote) of
    the previous version: changed or new. Empty when there is no previous version."""
    previous = previous_data(order)
    if previous is None:
        return set()
    before: dict[Any, set[str]] = {}
    for clause in _clauses_of(previous):
        before.setdefault(_home(clause), set()).add(clause["digest"])
    return {cid for cid, clause in order.data["clauses"].items()
            if clause["digest"] not in before.get(_home(clause), set())}


def _clauses_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(data.get("clauses"), dict):
        return list(data["clauses"].values())
    found = [c for sid in data["sections"] for c in section_clauses(data["sections"][sid])]
    for note in (data.get("footnotes") or {}).values():
        found += [dict(c, footnote=note["id"]) for c in footnote_clauses(note)]
    return found


def _home(clause: dict[str, Any]) -> Any:
    return clause["section"] if clause.get("section") else ("fn", clause.get("footnote"))


def _changes(changed: set[str], mine: list[dict[str, Any]], order: Order) -> dict[str, Any] | None:
    previous = previous_data(order)
    if previous is None:
        return None
    return {"since": previous.get("version"), "clauses": [c for c in order.data["clause_ids"] if c in changed],
            "citations": [c for c in mine if changed.intersection(c["clauses"])]}


# ---------------------------------------------------------------- the pages

ROOT_FROM_PAGE = "../../../"      # orders/<slug>/coverage/ -> the site root
CITED_FROM_PAGE = "cited/"        # the page of the rules and questions it cites
KIND_LABELS = {"rule": "Helper rules", "question": "Quiz questions"}
FOR_SIDE = {"helper": "for the helper", "quiz": "for the quiz", "both": "for the helper and the quiz"}


def pages(env: Any, order: Order, matrix: dict[str, Any]) -> dict[str, str]:
    """{site path: Markdown} of the matrix page (orders/<slug>/coverage/) and of the page
    listing the rules and questions it cites with their text (…/coverage/cited/), apart so
    the matrix stays short to read, print and scan."""
    _link_citations(matrix)
    for row in matrix["rows"]:
        row["status_label"] = _status_label(row, matrix["serving"])
        row["url"] = ROOT_FROM_PAGE + _clause_url(matrix["order"], row["clause"])
    common = {"name": matrix["name"], "data": matrix["order"], "citations": matrix["citations"],
              "kinds": KINDS, "kind_labels": KIND_LABELS, "clause_anchor": clause_anchor}
    matrix_page = env.get_template("coverage.md.j2").render(
        totals=matrix["totals"], serving=matrix["serving"], side_nouns=NOUNS,
        groups=_groups(matrix), other=matrix["other"], changes=matrix["changes"],
        status_labels=STATUS_LABELS, for_side=FOR_SIDE, root=ROOT_FROM_PAGE, refs=_refs, **common)
    cited_page = env.get_template("coverage_cited.md.j2").render(root="../" + ROOT_FROM_PAGE,
                                                                 **common)
    return {page_path(order): matrix_page,
            f"orders/{order.slug}/coverage/cited.md": cited_page}


def page_path(order: Order) -> str:
    return f"orders/{order.slug}/coverage.md"


def clause_anchor(clause_id: str) -> str:
    """'C-3.2' -> 'clause-c-3-2' (no dot: an id a CSS selector can name as it is)."""
    return "clause-" + clause_id.lower().replace(".", "-")


def _link_citations(matrix: dict[str, Any]) -> None:
    """Each citation's anchor on this page and the link a table cell gives it: its own page
    (the helper, pre-filled) when it has one, else its entry on the page of cited items."""
    used: set[str] = set()
    for kind in KINDS:
        for citation in matrix["citations"][kind]:
            base = kind + "-" + "".join(ch if ch.isalnum() else "-" for ch in citation["id"].lower())
            anchor, n = base, 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            used.add(anchor)
            citation["anchor"] = anchor
            citation["link"] = (ROOT_FROM_PAGE + citation["href"] if citation["href"]
                                else CITED_FROM_PAGE + "#" + anchor)


def _refs(citations: list[dict[str, Any]]) -> str:
    if not citations:
        return '<span aria-hidden="true">—</span><span class="coverage-sr">none</span>'
    items = "".join(f'<li><a href="{escape.html(c["link"])}">{_breakable(c["id"])}</a></li>'
                    for c in citations)
    return f'<ul class="coverage-refs">{items}</ul>'


def _breakable(identifier: str) -> str:
    """An id as HTML that may wrap after its dots and underscores (a narrow column breaks
    "issuance.professional_other" there, not inside a word)."""
    return escape.html(identifier).replace(".", ".<wbr>").replace("_", "_<wbr>")


def _status_label(row: dict[str, Any], serving: list[str]) -> str:
    if row["category"] == "both" and len(serving) < len(SIDES):
        return "Covered"
    if row["category"] == "one":
        return "Helper only" if row["rules"] else "Quiz only"
    if row["category"] == "marked":
        side = ("helper only" if row["rules"] else "quiz only" if row["questions"]
                else "quoted by neither")
        return f"Marked ({side})"
    return {"both": "Both", "neither": "Neither"}[row["category"]]


def _clause_url(data: dict[str, Any], clause: dict[str, Any]) -> str:
    if clause["section"]:
        return data["sections"][clause["section"]]["url"]
    return data["url"] + f"#fn:{clause['footnote']}"


def _groups(matrix: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows by part of the order, then the footnotes."""
    data, groups = matrix["order"], []
    part_ids = [data["sections"][sid]["part"] for sid in data["section_ids"]]
    for part_id in [p for i, p in enumerate(part_ids) if p not in part_ids[:i]]:
        rows = [r for r in matrix["rows"] if r["clause"]["section"]
                and data["sections"][r["clause"]["section"]]["part"] == part_id]
        if rows:
            groups.append({"title": f"{part_id}. {data['parts'][part_id]['title']}",
                           "anchor": data["parts"][part_id]["anchor"], "rows": rows})
    notes = [r for r in matrix["rows"] if not r["clause"]["section"]]
    if notes:
        groups.append({"title": "Footnotes", "anchor": "footnotes", "rows": notes})
    return groups
