"""What changed between two versions of an order: section by section, word by word.

compare(old, new, mapping) takes two versions' model data and the map from the old version's
section ids to the new one's (a renumbering followed, None for a removed section; built by
model.tools.versions) and returns:
    {"title": pieces | None, "purpose": [paragraph] | None,
     "sections": [{"id", "previous", "status", "renumbered", "heading", "summary",
                   "paragraphs": [paragraph]}]}
status is "added", "removed", "changed" or "unchanged"; "id" is the section's id in the new
version (None when removed), "previous" its id in the old one (None when added). Sections come
in the new version's order, removed ones last. A paragraph is {"kind": "equal" | "changed" |
"added" | "removed", "footnote": bool, "pieces": [[op, text]]}, op "=" kept, "-" deleted,
"+" inserted; a section's footnotes come after its paragraphs ("Footnote 2: …").

What is compared is what members read (the same text the version id digests): the title, the
purpose, each section's title and paragraphs, and the footnotes, each with the section that
marks it. The one-line summary of a section is computed here, so it is Policy Desk's
description of the change, never the issuer's words; pages say so.
"""
import difflib
import re
from typing import Any

# Words (a hyphenated word or a section id like D-4 is one), runs of white space and single
# punctuation marks: joined again they give the text.
TOKEN_RE = re.compile(r"\w+(?:-\w+)*|\s+|[^\w\s]")
WORD_RE = re.compile(r"\w+(?:-\w+)*")  # as TOKEN_RE counts words
QUOTE_LIMIT = 60      # characters of a changed phrase a summary quotes
SHORT_CHANGE = 10     # words on each side, at most, for a summary to quote the change

Pieces = list[list[str]]
Paragraph = dict[str, Any]


def compare(old: dict[str, Any], new: dict[str, Any],
            mapping: dict[str, str | None]) -> dict[str, Any]:
    """The comparison of two versions' model data (see the module docstring)."""
    previous = {new_id: old_id for old_id, new_id in mapping.items() if new_id}
    sections = [_section(old, new, previous.get(sid), sid) for sid in new["section_ids"]]
    sections += [_section(old, new, sid, None) for sid in old["section_ids"] if not mapping.get(sid)]
    title = None if old["title"] == new["title"] else word_pieces(old["title"], new["title"])
    purpose = paragraph_diff(old.get("purpose") or [], new.get("purpose") or [])
    return {"title": title,
            "purpose": None if _all_equal(purpose) else purpose,
            "sections": sections}


def changed_ids(comparison: dict[str, Any]) -> list[str]:
    """Ids (in the new version) of the sections added or whose text changed."""
    return [s["id"] for s in comparison["sections"] if s["status"] in ("added", "changed")]


def section_texts(data: dict[str, Any], section_id: str | None) -> tuple[list[str], list[str]]:
    """(paragraphs, footnotes) of a section as members read them; footnotes "Footnote 2: …"."""
    if section_id is None:
        return [], []
    section = data["sections"][section_id]
    notes = [f"Footnote {n}: {data['footnotes'][str(n)]['text']}" for n in section["footnotes"]]
    return list(section["paragraphs"]), notes


def _section(old: dict[str, Any], new: dict[str, Any], old_id: str | None,
             new_id: str | None) -> dict[str, Any]:
    (before, old_notes), (after, new_notes) = section_texts(old, old_id), section_texts(new, new_id)
    paragraphs = paragraph_diff(before, after) + [
        dict(note, footnote=True) for note in paragraph_diff(old_notes, new_notes)]
    old_title = old["sections"][old_id]["title"] if old_id else None
    new_title = new["sections"][new_id]["title"] if new_id else None
    if old_id is None:
        status = "added"
    elif new_id is None:
        status = "removed"
    elif old_title != new_title or not _all_equal(paragraphs):
        status = "changed"
    else:
        status = "unchanged"
    entry = {"id": new_id, "previous": old_id, "status": status,
             "renumbered": bool(old_id and new_id and old_id != new_id),
             "heading": (new["sections"][new_id] if new_id else old["sections"][old_id])["heading"],
             "title": None if status != "changed" or old_title == new_title
             else word_pieces(old_title or "", new_title or ""),
             "paragraphs": paragraphs}
    entry["summary"] = summary(entry)
    return entry


# ---------------------------------------------------------------- paragraphs and words

def paragraph_diff(before: list[str], after: list[str]) -> list[Paragraph]:
    """Paragraphs aligned (equal ones kept whole), each changed pair compared word by word."""
    result: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [_paragraph("equal", [["=", text]]) for text in before[i1:i2]]
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                result.append(_paragraph("changed", word_pieces(olds[k], news[k])))
            elif k < len(olds):
                result.append(_paragraph("removed", [["-", olds[k]]]))
            else:
                result.append(_paragraph("added", [["+", news[k]]]))
    return result


def _paragraph(kind: str, pieces: Pieces) -> Paragraph:
    return {"kind": kind, "footnote": False, "pieces": pieces}


def word_pieces(before: str, after: str) -> Pieces:
    """[[op, text]]: the old text's words deleted ("-") and the new one's inserted ("+").

    Changes that only spaces and punctuation separate read as one ("one (1) week" to "two (2)
    weeks" is one replacement, not three)."""
    old, new = TOKEN_RE.findall(before), TOKEN_RE.findall(after)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    runs: list[list[str]] = []  # [kept, deleted, inserted] per run
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        kept = "".join(old[i1:i2]) if tag == "equal" else ""
        joins = 0 < k < len(ops) - 1 and not WORD_RE.search(kept)
        if kept and not joins:
            runs.append([kept, "", ""])
            continue
        if not runs or runs[-1][0]:
            runs.append(["", "", ""])
        runs[-1][1] += kept or "".join(old[i1:i2])
        runs[-1][2] += kept or "".join(new[j1:j2])
    pieces: Pieces = []
    for kept, deleted, inserted in runs:
        pieces += [[op, text] for op, text in (("=", kept), ("-", deleted), ("+", inserted)) if text]
    return pieces


def _all_equal(paragraphs: list[Paragraph]) -> bool:
    return all(p["kind"] == "equal" for p in paragraphs)


# ---------------------------------------------------------------- one-line summaries

def summary(section: dict[str, Any]) -> str:
    """One line saying what happened to a section (Policy Desk's words, computed)."""
    status, previous = section["status"], section["previous"]
    if status == "added":
        return "New section."
    if status == "removed":
        return f"Removed (was {previous})."
    moved = f"Renumbered from {previous}" if section["renumbered"] else ""
    if status == "unchanged":
        return f"{moved}; the text is unchanged." if moved else "No change."
    return "; ".join(part for part in [moved] + _change_parts(section) if part) + "."


def _change_parts(section: dict[str, Any]) -> list[str]:
    kinds = [p["kind"] for p in section["paragraphs"] if not p["footnote"]]
    counted = [(kinds.count("changed"), "reworded"), (kinds.count("added"), "added"),
               (kinds.count("removed"), "removed")]
    notes = len([p for p in section["paragraphs"] if p["footnote"] and p["kind"] != "equal"])
    parts = ["title changed"] if section["title"] else []
    parts += [f"{n} paragraph{'s' if n != 1 else ''} {what}" for n, what in counted if n]
    parts += [f"{'its footnote' if notes == 1 else f'{notes} footnotes'} changed"] if notes else []
    quoted = _quoted_change(section["paragraphs"])
    if quoted:
        parts[-1] += f" ({quoted})"
    pieces = [piece for p in section["paragraphs"] for piece in p["pieces"]]
    added, removed = _word_count(pieces, "+"), _word_count(pieces, "-")
    parts.append(f"{added} word{'s' if added != 1 else ''} added, {removed} removed")
    return parts


def _quoted_change(paragraphs: list[Paragraph]) -> str:
    """'“a” → “b”' when the whole change is one short replacement inside one paragraph."""
    changed = [p for p in paragraphs if p["kind"] != "equal"]
    if len(changed) != 1 or changed[0]["kind"] != "changed":
        return ""
    edits = [piece for piece in changed[0]["pieces"] if piece[0] != "="]
    ops = "".join(op for op, _ in edits)
    if ops not in ("-+", "+", "-"):
        return ""
    texts = {op: text.strip() for op, text in edits}
    if any(len(WORD_RE.findall(text)) > SHORT_CHANGE for text in texts.values()):
        return ""
    if ops == "-+":
        return f"“{_clip(texts['-'])}” → “{_clip(texts['+'])}”"
    return f"“{_clip(texts[ops])}” {'inserted' if ops == '+' else 'deleted'}"


def _clip(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT - 1].rstrip() + "…"


def _word_count(pieces: list[list[str]], op: str) -> int:
    return sum(len(WORD_RE.findall(text)) for kind, text in pieces if kind == op)
