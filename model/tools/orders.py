"""The order model: each General Order source loaded, validated and derived ONCE per build.

    load_orders(folder) -> [Order]   every *.yaml order (problems of all files at once, as
                                     SourceError lines `file:line: field: message`)
    Order.source                     the validated source document (for the page template)
    Order.data                       the model data every consumer reads (JSON-able; shipped
                                     to pages as data/orders/<slug>.json; engines take it or
                                     its "sections")

Model data:
    slug, series, number, title, status, date_signed ("YYYY-MM-DD" or None), effective_date
    (the day it takes effect: the source's effective_date, else the date signed; None for a
    draft), version, url, purpose [plain paragraphs], section_ids [in document order],
    parts {id: {id, title, anchor, url}},
    sections {id: {id, part, title, heading, anchor, url, paragraphs: [plain text; list items
              as "1. …"], footnotes: [ids marked in it]}},
    footnotes {"1": {id, section, text}},
    clause_ids [in document order], clauses {id: {id, section, footnote, paragraph, start, end,
              text, kind, word, normative, reading, digest, footnotes}} (model.clauses: every
              sentence and list item, the normative ones marked; `<slug>.clauses.yaml` beside
              the source overrides the short rule for a sentence, with a reason)
    versions [{number, id, status, …}] and changes (what the current version changed): the
    order's history, see model.tools.versions (one entry and None for an order without one)
URLs are relative to the site root (orders/dgo-i-19/#a-2). The version id is a digest of the
text members read and sign (title, purpose, sections, footnotes), not of metadata, so filling
in the date signed does not invalidate sign-offs.
"""
import os
import re
from typing import Any, Iterator

from model.canonical import version_id
from model.clauses import footnote_clauses, section_clauses
from model.tools import versions
from model.tools.order_schema import INLINE_RE, check_document, check_meaning, iter_sections
from model.tools.yaml_source import Located, Path, SourceError, raise_problems, read_source

__all__ = ["Order", "SourceError", "load_order", "load_orders", "plain_text", "document_slug",
           "section_anchor", "part_anchor", "section_heading", "iter_sections", "POLICIES_DIR"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLICIES_DIR = os.path.join(ROOT, "policies")
# An order is <name>.yaml; companion files beside it (<slug>.rules.yaml, <slug>.audit.yaml…)
# carry a second suffix and are read by the package they belong to.
ORDER_FILE_RE = re.compile(r"^[^.]+\.ya?ml$")


class Order:
    """One validated order: where it came from, its source, and its model data."""

    def __init__(self, path: str, source: dict[str, Any], located: Located | None = None) -> None:
        self.path = path
        self.source = source
        self.located = located   # the source with the line of each value (read_source)
        self.slug = order_slug(source)
        self.data = model_data(source, self.slug)
        self.history: list[Order] = []       # earlier versions, oldest first (versions.py)
        self.previous: Order | None = None   # the last of them: the version this one replaced
        self.clause_marks: dict[str, dict[str, Any]] = {}  # set by model.tools.clause_notes

    def source_line(self, field_path: Path) -> int:
        """The line in the source of the value at field_path (or its nearest parent)."""
        return self.located.line(field_path) if self.located else 1

    def clause_line(self, clause_id: str) -> int:
        """The source line of the paragraph (or list item, or footnote) holding a clause."""
        return self.source_line(clause_source_path(self.source, self.data["clauses"][clause_id]))

    @property
    def name(self) -> str:
        """'DGO I-19': how people (and question banks) name the order."""
        return f"{self.source['series']} {self.source['number']}"

    def __repr__(self) -> str:
        return f"Order({self.name!r}, {self.path!r})"


def load_order(path: str) -> Order:
    """The validated order in path (raises SourceError naming file:line:field)."""
    from model.tools.clause_notes import apply_clause_notes  # it reads Order's data only

    located = read_source(path)
    shape = check_document(located.data)
    raise_problems(located, shape or check_meaning(located.data))
    order = Order(path, located.data, located)
    apply_clause_notes(order)
    return order


def order_paths(folder: str) -> list[str]:
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))
            if ORDER_FILE_RE.match(name)]


def load_orders(folder: str = POLICIES_DIR) -> list[Order]:
    """Every order in folder, sorted by series and number; all problems reported at once."""
    orders, errors = [], []
    try:
        paths = order_paths(folder)
    except OSError as exc:
        raise SourceError([f"{folder}:1: (folder): cannot list the policy sources: {exc.strerror}"])
    for path in paths:
        try:
            order = load_order(path)
            errors += versions.attach_history(order)  # its earlier versions, checked
            orders.append(order)
        except SourceError as exc:
            errors += exc.errors
    errors += _duplicate_orders(orders)
    if errors:
        raise SourceError(errors)
    return sorted(orders, key=lambda o: (o.source["series"], _number_key(o.source["number"])))


def _number_key(number: str) -> tuple[str, list[int]]:
    letter, _, rest = number.partition("-")
    return (letter, [int(x) for x in rest.split(".")])


def _duplicate_orders(orders: list[Order]) -> list[str]:
    seen: dict[str, str] = {}
    errors = []
    for order in orders:
        if order.slug in seen:
            errors.append(f"{order.path}:1: number: order {order.name} is also defined in "
                          f"{seen[order.slug]}; each order needs its own number")
        seen.setdefault(order.slug, order.path)
    return errors


def order_slug(source: dict[str, Any]) -> str:
    """'DGO', 'I-19' -> 'dgo-i-19' (the order's URL folder and data file name)."""
    return document_slug(f"{source['series']} {source['number']}")


def document_slug(name: str) -> str:
    """'DGO I-19' -> 'dgo-i-19': the slug of the order a name (a reference id) stands for."""
    return name.lower().replace(" ", "-").replace(".", "-")


def plain_text(markup: str) -> str:
    """Policy text as published: references keep their label, footnote markers go."""
    return INLINE_RE.sub(lambda m: m.group(1) or "", markup)


def footnote_marks(markup: str) -> list[int]:
    return [int(m.group(2)) for m in INLINE_RE.finditer(markup) if m.group(2)]


def section_anchor(section_id: str) -> str:
    return section_id.lower()


def part_anchor(part_id: str) -> str:
    return "part-" + part_id.lower()


def section_heading(section: dict[str, Any]) -> str:
    """'A-1' + 'Issuance and Control' -> 'A - 1. Issuance and Control', as the order prints it."""
    part, number = section["id"].split("-")
    return f"{part} - {number}. {section['title']}"


# ---------------------------------------------------------------- model data

def model_data(source: dict[str, Any], slug: str) -> dict[str, Any]:
    url = f"orders/{slug}/"
    sections, marked = {}, {}
    for part, section in iter_sections(source):
        sections[section["id"]] = _section_data(part, section, url)
        for note in sections[section["id"]]["footnotes"]:
            marked[note] = section["id"]
    date_signed = source.get("date_signed")
    effective = source.get("effective_date") or date_signed
    data = {
        "slug": slug, "series": source["series"], "number": source["number"],
        "title": source["title"], "status": source["status"],
        "date_signed": date_signed.isoformat() if date_signed else None,
        "effective_date": effective.isoformat() if effective else None,
        "version": text_version(source), "url": url,
        "purpose": [plain_text(p) for p in source["purpose"]],
        "section_ids": [section["id"] for _, section in iter_sections(source)],
        "parts": {part["id"]: {"id": part["id"], "title": part["title"],
                               "anchor": part_anchor(part["id"]),
                               "url": url + "#" + part_anchor(part["id"])}
                  for part in source["parts"]},
        "sections": sections,
        "footnotes": {str(n["id"]): {"id": n["id"], "section": marked.get(n["id"]),
                                     "text": plain_text(n["text"])}
                      for n in source.get("footnotes") or []},
        **clause_data(source),
    }
    data["versions"] = [versions.version_entry(data, source, 1, current=True)]
    data["changes"] = None
    return data


# ---------------------------------------------------------------- clauses

def clause_data(source: dict[str, Any]) -> dict[str, Any]:
    """{"clause_ids": [...], "clauses": {id: clause}}: every sentence and list item of the
    sections and footnotes (model.clauses), each with the footnotes marked inside it."""
    ordered = []
    for _, section in iter_sections(source):
        plain = {"id": section["id"], "paragraphs": _plain_paragraphs(section["body"])}
        ordered += _with_footnotes(section_clauses(plain), _paragraph_markup(section["body"]))
    for note in source.get("footnotes") or []:
        clauses = footnote_clauses({"id": note["id"], "text": plain_text(note["text"])})
        ordered += _with_footnotes(clauses, [("", note["text"])], note["id"])
    return {"clause_ids": [c["id"] for c in ordered], "clauses": {c["id"]: c for c in ordered}}


def _paragraph_markup(body: list[Any]) -> list[tuple[str, str]]:
    """(plain prefix, markup) of each paragraph, in the order of _plain_paragraphs."""
    pieces: list[tuple[str, str]] = []
    for item in body:
        if isinstance(item, str):
            pieces.append(("", item))
        elif "list" in item:
            pieces += [(f"{n}. ", text) for n, text in enumerate(item["list"], 1)]
    return pieces


def _with_footnotes(clauses: list[dict[str, Any]], markup: list[tuple[str, str]],
                    footnote: int | None = None) -> list[dict[str, Any]]:
    """Each clause with the footnote ids whose markers fall inside it (or at its end), and
    the footnote it belongs to (None for a section's clause)."""
    for clause in clauses:
        prefix, text = markup[clause["paragraph"]]
        clause["footnote"] = footnote
        clause["footnotes"] = [note for at, note in _marker_offsets(text, len(prefix))
                               if clause["start"] <= at <= clause["end"]]
    return clauses


def _marker_offsets(markup: str, offset: int) -> list[tuple[int, int]]:
    """(position in the plain text, footnote id) of each footnote marker in markup."""
    found, plain, last = [], offset, 0
    for match in INLINE_RE.finditer(markup):
        plain += match.start() - last + len(match.group(1) or "")
        last = match.end()
        if match.group(2):
            found.append((plain, int(match.group(2))))
    return found


def clause_source_path(source: dict[str, Any], clause: dict[str, Any]) -> Path:
    """The source path (parts[p].sections[s].body[b] or ….list[i], footnotes[f].text) of the
    paragraph that holds a clause, for `file:line` messages."""
    if clause["footnote"] is not None:
        for f, note in enumerate(source.get("footnotes") or []):
            if note["id"] == clause["footnote"]:
                return ("footnotes", f, "text")
        return ("footnotes",)
    for p, part in enumerate(source["parts"]):
        for s, section in enumerate(part["sections"]):
            if section["id"] == clause["section"]:
                base = ("parts", p, "sections", s, "body")
                return base + _body_path(section["body"], clause["paragraph"])
    return ("parts",)


def _body_path(body: list[Any], paragraph: int) -> Path:
    index = 0
    for b, item in enumerate(body):
        texts = [()] if isinstance(item, str) else [("list", i) for i in range(len(item.get("list") or []))]
        for tail in texts:
            if index == paragraph:
                return (b,) + tail
            index += 1
    return ()


def _section_data(part: dict[str, Any], section: dict[str, Any], url: str) -> dict[str, Any]:
    anchor = section_anchor(section["id"])
    return {"id": section["id"], "part": part["id"], "title": section["title"],
            "heading": section_heading(section), "anchor": anchor, "url": url + "#" + anchor,
            "paragraphs": _plain_paragraphs(section["body"]),
            "footnotes": [n for text in _policy_texts(section["body"]) for n in footnote_marks(text)]}


def _policy_texts(body: list[Any]) -> Iterator[str]:
    """The policy text of a section body in order (editor's notes are not policy)."""
    for item in body:
        if isinstance(item, str):
            yield item
        elif "list" in item:
            yield from item["list"]


def _plain_paragraphs(body: list[Any]) -> list[str]:
    paragraphs = []
    for item in body:
        if isinstance(item, str):
            paragraphs.append(plain_text(item))
        elif "list" in item:
            paragraphs += [f"{n}. {plain_text(t)}" for n, t in enumerate(item["list"], 1)]
    return paragraphs


def text_version(source: dict[str, Any]) -> str:
    """The version id: a digest of what members read and sign, as published (plain text).

    Metadata (status, date signed, signature block, abbreviation tooltips, the documents-cited
    notes) and Policy Desk's editor's notes are left out: changing them does not change what a
    member signed."""
    text = {
        "title": source["title"],
        "purpose": [plain_text(p) for p in source["purpose"]],
        "parts": [{"id": part["id"], "title": part["title"],
                   "sections": [{"id": s["id"], "title": s["title"],
                                 "paragraphs": _plain_paragraphs(s["body"])}
                                for s in part["sections"]]}
                  for part in source["parts"]],
        "footnotes": [{"id": n["id"], "text": plain_text(n["text"])}
                      for n in source.get("footnotes") or []],
    }
    return version_id(text)
