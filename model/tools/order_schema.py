"""The shape of a General Order source file, checked field by field.

Each check returns problems as (field_path, message); model.tools.orders turns them into
"file:line: field: message" so an editor can jump straight to the mistake.
"""
import datetime
import re
from typing import Any, Iterator

from model.tools import versions
from model.tools.yaml_source import Problem, check_keys

# [[A-1]] / [[DGO N-05]] references and [^1] footnote markers inside policy text.
INLINE_RE = re.compile(r"\[\[([^\[\]]+)\]\]|\[\^(\d+)\]")
STRAY_RE = re.compile(r"\[\[|\]\]|\[\^")

SERIES_RE = re.compile(r"^[A-Z]{2,5}$")
NUMBER_RE = re.compile(r"^[A-Z]-\d{1,3}(\.\d{1,2})?$")
PART_ID_RE = re.compile(r"^[A-Z]$")
SECTION_ID_RE = re.compile(r"^([A-Z])-(\d{1,2})$")
ABBR_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
STATUSES = ("draft", "effective", "rescinded", "superseded")  # superseded: history/ only
REFERENCE_KINDS = ("order", "city", "state", "federal")

# Allowed and required keys per kind of mapping in a source.
TOP_LEVEL = ("series", "number", "title", "status", "date_signed", "effective_date",
             "revision", "signature", "purpose", "parts", "footnotes", "abbreviations",
             "references")
REQUIRED_TOP = ("series", "number", "title", "status", "signature", "purpose", "parts")
SIGNATURE_KEYS = ("preface", "name", "title", "date_label")
PART_KEYS = ("id", "title", "sections")
SECTION_KEYS = ("id", "title", "body")
FOOTNOTE_KEYS = ("id", "text")
ABBREVIATION_KEYS = ("abbr", "meaning")
REFERENCE_KEYS = ("id", "kind", "note")
BODY_ITEM_KINDS = ("list", "editor_note")


def check_document(doc: Any) -> list[Problem]:
    """All shape problems of a whole document, as (path_tuple, message)."""
    if not isinstance(doc, dict):
        return [((), "the file must be a mapping of order fields "
                      f"({', '.join(REQUIRED_TOP)} …)")]
    problems = check_keys(doc, (), TOP_LEVEL, REQUIRED_TOP)
    problems += _check_scalars(doc)
    problems += _check_signature(doc.get("signature"))
    problems += _check_text_list(doc.get("purpose"), ("purpose",))
    problems += _check_list_of(doc, "parts", _check_part, required=True)
    problems += _check_list_of(doc, "footnotes", _check_footnote)
    problems += _check_list_of(doc, "abbreviations", _check_abbreviation)
    problems += _check_list_of(doc, "references", _check_reference)
    return problems


MAX_TITLE = 200


def _text_problem(value, path, what="text"):
    """Non-empty text without control characters (a tab or an escape sequence in policy text
    is a copy-and-paste accident, never the order's wording)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return [(path, f"missing {what}: must be non-empty text")]
    if not isinstance(value, str):
        return [(path, f"{what} must be text, got {type(value).__name__}")]
    bad = [ch for ch in value if _is_control(ch) and ch != "\n"]
    if bad:
        return [(path, f"{what} contains the control character U+{ord(bad[0]):04X}; remove it")]
    return []


def _title_problem(value, path, what="title"):
    """A title is one line (it becomes a heading, an anchor, a page title and a nav entry)."""
    problems = _text_problem(value, path, what)
    # U+2028/U+2029 too: YAML, JavaScript and some renderers break the line there.
    if not problems and any(mark in value for mark in "\n\u2028\u2029"):
        problems = [(path, f"a {what} must be one line; remove the line break")]
    if not problems and len(value) > MAX_TITLE:
        problems = [(path, f"a {what} has at most {MAX_TITLE} characters, got {len(value)}")]
    return problems


def _is_control(ch):
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def _pattern_problem(value, path, regex, example):
    problems = _text_problem(value, path, "value")
    if not problems and not regex.match(value):
        problems = [(path, f"malformed value {value!r}; expected a value like {example}")]
    return problems


def _check_scalars(doc):
    problems = []
    if "series" in doc:
        problems += _pattern_problem(doc["series"], ("series",), SERIES_RE, "'DGO'")
    if "number" in doc:
        problems += _pattern_problem(doc["number"], ("number",), NUMBER_RE, "'I-19'")
    if "title" in doc:
        problems += _title_problem(doc["title"], ("title",))
    status = doc.get("status")
    if status is not None and status not in STATUSES:
        problems.append((("status",), f"unknown status {status!r}; allowed: {', '.join(STATUSES)}"))
    problems += _check_date_signed(doc)
    return problems + versions.check_fields(doc)  # effective date, revision


def _check_date_signed(doc):
    value = doc.get("date_signed")
    if value is None:
        if doc.get("status") == "effective":
            return [(("date_signed",), "an effective order needs date_signed (YYYY-MM-DD)")]
        return []
    if not isinstance(value, datetime.date):
        return [(("date_signed",), f"malformed date {value!r}; expected YYYY-MM-DD or null")]
    return []


def _check_signature(signature):
    if signature is None:
        return []
    if not isinstance(signature, dict):
        return [(("signature",), f"must be a mapping with {', '.join(SIGNATURE_KEYS)}")]
    problems = check_keys(signature, ("signature",), SIGNATURE_KEYS, SIGNATURE_KEYS)
    return problems + [p for key in SIGNATURE_KEYS if key in signature
                       for p in _title_problem(signature[key], ("signature", key), "line")]


def _check_text_list(value, path):
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        return [(path, "must be a non-empty list of paragraphs")]
    return [p for i, item in enumerate(value) for p in _text_problem(item, path + (i,), "paragraph")]


def _check_list_of(doc, field, check_item, required=False):
    value = doc.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or (required and not value):
        return [((field,), f"must be a {'non-empty ' if required else ''}list")]
    return [p for i, item in enumerate(value) for p in check_item(item, (field, i))]


def _check_mapping(item, path, keys, what):
    if not isinstance(item, dict):
        return [(path, f"each {what} must be a mapping with {', '.join(keys)}")]
    return check_keys(item, path, keys, keys)


def _check_part(part, path):
    problems = _check_mapping(part, path, PART_KEYS, "part")
    if not isinstance(part, dict):
        return problems
    if "id" in part:
        problems += _pattern_problem(part["id"], path + ("id",), PART_ID_RE, "'A'")
    if "title" in part:
        problems += _title_problem(part["title"], path + ("title",))
    sections = part.get("sections")
    if sections is not None and not isinstance(sections, list):
        return problems + [(path + ("sections",), "must be a list of sections")]
    for i, section in enumerate(sections or []):
        problems += _check_section(section, path + ("sections", i), part.get("id"))
    return problems


def _check_section(section, path, part_id):
    problems = _check_mapping(section, path, SECTION_KEYS, "section")
    if not isinstance(section, dict):
        return problems
    sid = section.get("id")
    if "id" in section:
        problems += _pattern_problem(sid, path + ("id",), SECTION_ID_RE, "'A-1'")
    if isinstance(sid, str) and SECTION_ID_RE.match(sid) and part_id and sid[0] != part_id:
        problems.append((path + ("id",), f"section {sid} is filed under part {part_id}; "
                                         f"its id must start with '{part_id}-'"))
    if "title" in section:
        problems += _title_problem(section["title"], path + ("title",))
    body = section.get("body")
    if body is not None and not isinstance(body, list):
        return problems + [(path + ("body",), "must be a list of paragraphs, lists and notes")]
    for i, item in enumerate(body or []):
        problems += _check_body_item(item, path + ("body", i))
    return problems


def _check_body_item(item, path):
    if isinstance(item, str) or item is None:
        return _text_problem(item, path, "paragraph")
    if not isinstance(item, dict) or len(item) != 1:
        return [(path, "a body item is a paragraph (text), {list: [...]} or {editor_note: text}")]
    kind, value = next(iter(item.items()))
    if kind not in BODY_ITEM_KINDS:
        return [(path + (kind,), f"unknown key {kind!r}; allowed: {', '.join(BODY_ITEM_KINDS)}")]
    if kind == "editor_note":
        return _text_problem(value, path + (kind,), "editor note")
    if not isinstance(value, list) or not value:
        return [(path + (kind,), "a list must hold at least one item")]
    return [p for j, li in enumerate(value) for p in _text_problem(li, path + (kind, j), "list item")]


def _check_entry(entry, path, keys, what, field_checks):
    """A mapping with exactly `keys`, each present field checked by its own function."""
    problems = _check_mapping(entry, path, keys, what)
    if isinstance(entry, dict):
        for key, check in field_checks:
            if entry.get(key) is not None:
                problems += check(entry[key], path + (key,))
    return problems


def _footnote_id_problem(value, path):
    if not isinstance(value, int) or value < 1:
        return [(path, f"footnote id must be a whole number ≥ 1, got {value!r}")]
    return []


def _reference_kind_problem(value, path):
    if value not in REFERENCE_KINDS:
        return [(path, f"unknown kind {value!r}; allowed: {', '.join(REFERENCE_KINDS)}")]
    return []


def _check_footnote(note, path):
    return _check_entry(note, path, FOOTNOTE_KEYS, "footnote",
                        (("id", _footnote_id_problem), ("text", _text_problem)))


def _check_abbreviation(entry, path):
    def abbr_problem(value, field_path):
        return _pattern_problem(value, field_path, ABBR_RE, "'ITU'")
    return _check_entry(entry, path, ABBREVIATION_KEYS, "abbreviation",
                        (("abbr", abbr_problem), ("meaning", _text_problem)))


def _check_reference(entry, path):
    return _check_entry(entry, path, REFERENCE_KEYS, "reference",
                        (("id", _text_problem), ("kind", _reference_kind_problem)))


# ---------------------------------------------------------------- meaning

def iter_sections(order: Any) -> Iterator[tuple[Any, Any]]:
    for part in order["parts"]:
        for section in part["sections"]:
            yield part, section


def iter_texts(order: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, text) for every piece of text that may hold inline markup."""
    for i, paragraph in enumerate(order["purpose"]):
        yield ("purpose", i), paragraph
    for p, part in enumerate(order["parts"]):
        for s, section in enumerate(part["sections"]):
            base = ("parts", p, "sections", s, "body")
            for b, item in enumerate(section["body"]):
                yield from _item_texts(base + (b,), item)
    for f, note in enumerate(order.get("footnotes") or []):
        yield ("footnotes", f, "text"), note["text"]


def _item_texts(path, item):
    if isinstance(item, str):
        yield path, item
    elif "list" in item:
        for j, text in enumerate(item["list"]):
            yield path + ("list", j), text
    else:
        yield path + ("editor_note",), item["editor_note"]


def check_meaning(doc: Any) -> list[Problem]:
    """Problems a schema cannot see: duplicates and references that do not resolve."""
    problems = _duplicates(doc)
    targets = _reference_targets(doc)
    footnote_ids = {note["id"] for note in doc.get("footnotes") or []}
    used_refs: set[str] = set()
    used_notes: list[int] = []
    for path, text in iter_texts(doc):
        problems += _check_inline(path, text, targets, footnote_ids, used_refs, used_notes)
    problems += _unused(doc, used_refs, used_notes)
    return problems


def _duplicates(doc):
    problems, seen = [], set()
    entries = [(("parts", p, "id"), part["id"]) for p, part in enumerate(doc["parts"])]
    entries += [(("parts", p, "sections", s, "id"), sec["id"])
                for p, part in enumerate(doc["parts"]) for s, sec in enumerate(part["sections"])]
    for field, key in (("footnotes", "id"), ("abbreviations", "abbr"), ("references", "id")):
        entries += [((field, i, key), e[key]) for i, e in enumerate(doc.get(field) or [])]
    for path, value in entries:
        if (path[0], path[-1], value) in seen:
            problems.append((path, f"duplicate id {value!r}; ids must be unique"))
        seen.add((path[0], path[-1], value))
    return problems


def _reference_targets(doc):
    targets = {part["id"] for part in doc["parts"]}
    targets |= {sec["id"] for _, sec in iter_sections(doc)}
    return targets | {ref["id"] for ref in doc.get("references") or []}


def _check_inline(path, text, targets, footnote_ids, used_refs, used_notes):
    problems = []
    for match in INLINE_RE.finditer(text):
        target, note = match.group(1), match.group(2)
        if target is not None and target not in targets:
            problems.append((path, f"reference [[{target}]] does not resolve; it must name a "
                                   "section (A-1), a part (A) or an entry under references"))
        elif target is not None:
            used_refs.add(target)
        elif int(note) not in footnote_ids:
            problems.append((path, f"footnote marker [^{note}] has no footnote with id {note}"))
        else:
            used_notes.append(int(note))
    if STRAY_RE.search(INLINE_RE.sub("", text)):
        problems.append((path, "unbalanced markup: write references as [[A-1]] and footnotes as [^1]"))
    return problems


def _unused(doc, used_refs, used_notes):
    problems = []
    for i, note in enumerate(doc.get("footnotes") or []):
        count = used_notes.count(note["id"])
        if count != 1:
            problems.append((("footnotes", i, "id"), f"footnote {note['id']} is marked {count} times "
                                                      "in the text; it must be marked exactly once"))
    for i, ref in enumerate(doc.get("references") or []):
        if ref["id"] not in used_refs:
            problems.append((("references", i, "id"), f"reference {ref['id']!r} is never cited "
                                                       "in the text; remove it or cite it as [[…]]"))
    return problems
