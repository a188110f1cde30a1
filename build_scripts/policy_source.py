"""Load and validate General Order sources (one YAML file per order) and derive their data.

Public API used by the build hook, the checker/quiz CLIs and the tests:
    load_order(path) -> order dict          (raises SourceError naming file:line:field)
    load_orders(folder) -> [order, ...]     (also checks that ids are unique across orders)
    order_slug(order), order_version(order)
    plain_text(markup)                      the policy text without inline markup
    order_data(order) -> JSON-able dict     what the browser and the tools read
"""
import hashlib
import json
import os
import re

import yaml

from build_scripts import policy_schema
from build_scripts.yaml_lines import dotted, load_located

POLICIES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "policies")
INLINE_RE = re.compile(r"\[\[([^\[\]]+)\]\]|\[\^(\d+)\]")
STRAY_RE = re.compile(r"\[\[|\]\]|\[\^")


class SourceError(Exception):
    """One or more problems in policy sources; str() lists them one per line."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def load_order(path):
    """The validated order in path, with "_path" and "_slug" added."""
    located = read_source(path)
    shape = policy_schema.check_document(located.data)
    raise_problems(located, shape or _check_meaning(located.data))
    order = located.data
    order["_path"] = path
    order["_slug"] = order_slug(order)
    return order


def read_source(path):
    """The located YAML document in path; syntax and file errors raised as SourceError."""
    try:
        return load_located(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SourceError([f"{path}:{line}: (syntax): not valid YAML: {getattr(exc, 'problem', exc)}"])
    except OSError as exc:
        raise SourceError([f"{path}:1: (file): cannot read: {exc.strerror}"])


def raise_problems(located, found):
    """Raise SourceError if the file has problems: its YAML ones and found, [(field_path,
    message)], each as "file:line: field: message", sorted by line."""
    problems = [(line, field, msg) for line, field, msg in located.problems]
    problems += [(located.line(p), dotted(p), msg) for p, msg in found]
    if problems:
        raise SourceError(f"{located.path}:{line}: {field}: {msg}"
                          for line, field, msg in sorted(problems))


def load_orders(folder):
    """Every *.yaml order in folder, sorted by series and number; all problems reported at once."""
    orders, errors = [], []
    for name in sorted(os.listdir(folder)):
        if name.endswith((".yaml", ".yml")):
            try:
                orders.append(load_order(os.path.join(folder, name)))
            except SourceError as exc:
                errors += exc.errors
    errors += _duplicate_orders(orders)
    if errors:
        raise SourceError(errors)
    return sorted(orders, key=lambda o: (o["series"], _number_key(o["number"])))


def _number_key(number):
    letter, _, rest = number.partition("-")
    return (letter, [int(x) for x in rest.split(".")])


def _duplicate_orders(orders):
    seen, errors = {}, []
    for order in orders:
        slug = order["_slug"]
        if slug in seen:
            errors.append(f"{order['_path']}:1: number: order {order['series']} {order['number']} "
                          f"is also defined in {seen[slug]}; each order needs its own number")
        seen.setdefault(slug, order["_path"])
    return errors


def order_slug(order):
    """'DGO', 'I-19' -> 'dgo-i-19' (the order's URL folder and data file name)."""
    return document_slug(f"{order['series']} {order['number']}")


def document_slug(name):
    """'DGO I-19' -> 'dgo-i-19': the slug of the order a name (a reference id) stands for."""
    return name.lower().replace(" ", "-").replace(".", "-")


def order_version(order):
    """A digest of the order's content: sign-off records bind to it, so any edit changes it."""
    content = {k: v for k, v in order.items() if not k.startswith("_")}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def iter_sections(order):
    for part in order["parts"]:
        for section in part["sections"]:
            yield part, section


def iter_texts(order):
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


def _check_meaning(doc):
    """Problems a schema cannot see: duplicates and references that do not resolve."""
    problems = _duplicates(doc)
    targets = _reference_targets(doc)
    footnote_ids = {note["id"] for note in doc.get("footnotes") or []}
    used_refs, used_notes = set(), []
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


def plain_text(markup):
    """Policy text as published: references keep their label, footnote markers go."""
    return INLINE_RE.sub(lambda m: m.group(1) or "", markup)


def section_anchor(section_id):
    return section_id.lower()


def order_data(order):
    """What the browser and tools read: metadata plus each section's plain text."""
    slug = order["_slug"]
    sections = {}
    for part, section in iter_sections(order):
        sections[section["id"]] = {
            "id": section["id"],
            "part": part["id"],
            "title": section["title"],
            "heading": section_heading(section),
            "paragraphs": _plain_paragraphs(section["body"]),
            "url": f"orders/{slug}/#{section_anchor(section['id'])}",
        }
    return {
        "slug": slug, "series": order["series"], "number": order["number"],
        "title": order["title"], "status": order["status"], "version": order_version(order),
        "url": f"orders/{slug}/",
        "parts": {part["id"]: part["title"] for part in order["parts"]},
        "sections": sections,
        "footnotes": {str(n["id"]): plain_text(n["text"]) for n in order.get("footnotes") or []},
    }


def section_heading(section):
    """'A-1' + 'Issuance and Control' -> 'A - 1. Issuance and Control', as the order prints it."""
    part, number = section["id"].split("-")
    return f"{part} - {number}. {section['title']}"


def _plain_paragraphs(body):
    paragraphs = []
    for item in body:
        if isinstance(item, str):
            paragraphs.append(plain_text(item))
        elif "list" in item:
            paragraphs += [f"{n}. {plain_text(t)}" for n, t in enumerate(item["list"], 1)]
    return paragraphs
