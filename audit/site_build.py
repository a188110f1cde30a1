"""CPython only: the audit data the site ships and the CLI reads (called by the build hook).

`data/orders/<slug>.json` has each footnote's plain text but not the section marking it; the
D-2 memo must quote the footnote D-2 marks (2) verbatim, so this adds `data/audit/<slug>.json`:
    {"slug": ..., "footnotes": [{"id": 2, "section": "D-2", "text": plain text}, ...]}
"""
import json
import re

from audit.policy import make_policy
from build_scripts.policy_source import (POLICIES_DIR, SourceError, iter_sections, load_orders,
                                         order_data, plain_text)

AUDIT_ORDER = "dgo-i-19"
NEEDED_SECTIONS = ("D-1", "D-2", "D-4")     # quoted by the memos / named by the record format
FOOTNOTE_RE = re.compile(r"\[\^(\d+)\]")


def site_files(orders):
    return {f"data/audit/{order['_slug']}.json": json.dumps(audit_data(order), ensure_ascii=False,
                                                            sort_keys=True, indent=1)
            for order in orders if order["_slug"] == AUDIT_ORDER}


def audit_data(order):
    """The footnotes with the section marking each; SourceError if the memos' text is missing."""
    notes = {note["id"]: note["text"] for note in order.get("footnotes") or []}
    footnotes, sections = [], set()
    for _, section in iter_sections(order):
        sections.add(section["id"])
        for text in _section_texts(section):
            footnotes += [{"id": int(n), "section": section["id"], "text": plain_text(notes[int(n)])}
                          for n in FOOTNOTE_RE.findall(text)]
    _check_needed(order, sections, footnotes)
    return {"slug": order["_slug"], "footnotes": sorted(footnotes, key=lambda f: f["id"])}


def _section_texts(section):
    for item in section["body"]:
        if isinstance(item, str):
            yield item
        elif "list" in item:
            yield from item["list"]


def _check_needed(order, sections, footnotes):
    errors = [f"{order['_path']}:1: parts: section {s} is missing; the audit memos quote it"
              for s in NEEDED_SECTIONS if s not in sections]
    if "D-2" in sections and not any(f["section"] == "D-2" for f in footnotes):
        errors.append(f"{order['_path']}:1: footnotes: D-2 marks no footnote; the selection memo "
                      "quotes the footnote on how phones are selected")
    if errors:
        raise SourceError(errors)


def load_policy(folder=POLICIES_DIR):
    """The policy dict of audit.policy for the CLI, read from the YAML source as the site is."""
    for order in load_orders(folder):
        if order["_slug"] == AUDIT_ORDER:
            return make_policy(order_data(order), audit_data(order))
    raise SourceError([f"{folder}: no order {AUDIT_ORDER} found"])
