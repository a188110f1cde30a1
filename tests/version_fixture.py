"""A made-up history of DGO I-19 for tests only: the published site shows the real order alone.

Built from the real source each time (so it follows corrections of the text):
- version 1: the real text, signed 2027-01-04, in force from 2027-02-01, now superseded
  (policies/dgo-i-19/history/1.yaml);
- version 2 (current): signed 2027-06-01, in force from 2027-07-01. It rewords a sentence of
  A-4 and one of D-2, inserts a new D-4 (retention of inspection memoranda), and moves the
  record-keeping section D-4 to the end of part D as D-7 with its first sentence reworded;
  footnote 2 and the audit settings follow the renumbering.
What a policy owner publishes with it is made the same way: the quiz bank and the order's
companion data (audit settings, clause notes …) with D-4 renamed D-7 and the reworded words
replaced wherever they quote them, one question for the new D-4, and a clause note saying
the helper does not cover the new retention duty. (The decision helper's rules on main are
code, not data: the reworded words are ones they do not quote.)

write_fixture(folder) -> {"policies", "banks", "v1_policies"}: folders to build a site from
(POLICY_DESK_POLICIES, POLICY_DESK_BANKS) or to run `python -m quiz` on (--policies, --banks).
versions_site(root) builds that site once per test process (each build costs seconds).
"""
import copy
import datetime
import functools
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICIES = os.path.join(ROOT, "policies")
BANK = os.path.join(ROOT, "quiz", "bank", "dgo-i-19.yaml")
SLUG = "dgo-i-19"
V1 = {"status": "superseded", "date_signed": datetime.date(2027, 1, 4),
      "effective_date": datetime.date(2027, 2, 1)}
V2 = {"status": "effective", "date_signed": datetime.date(2027, 6, 1),
      "effective_date": datetime.date(2027, 7, 1)}
SUMMARY = ("Adds the retention of inspection memoranda (new D-4); the record of issued phones "
           "is now D-7 and must be kept current.")
RENAME = re.compile(r"\bD-4\b")
# (section, old words, new words): the sentences version 2 rewords.
REWORDED = [
    ("A-4", "Examples include, but are not limited to:",
     "Examples of such calls include, but are not limited to:"),
    ("D-2", "in accordance with Integrity Unit operating procedures",
     "in accordance with written Integrity Unit operating procedures"),
    ("D-4", "shall keep a record of issued work cell phones",
     "shall keep a current record of issued work cell phones and update it within five (5) "
     "days of any issuance or return"),
]
NEW_SECTION = {
    "id": "D-4", "title": "Retention of Inspection Memoranda",
    "body": ["Memoranda documenting inspections under [[D-1]] and [[D-2]] shall be retained by "
             "the Internal Affairs Division for no less than three (3) years."],
}
NEW_QUESTION = {
    "id": "d4-memo-retention", "kind": "single", "style": "scenario", "cites": ["D-4"],
    "prompt": "A sergeant documented an inspection of a work phone in a memorandum two years "
              "ago. May the Internal Affairs Division discard that memorandum now?",
    "options": [
        {"id": "a", "text": "No; it is kept for at least three years", "correct": True},
        {"id": "b", "text": "Yes; it is kept for one year after filing"},
        {"id": "c", "text": "Yes; the OIG audit every two years ends it"},
        {"id": "d", "text": "No; it is kept for as long as ITU's record"},
    ],
    "explanation": "Inspection memoranda are retained by the Internal Affairs Division for no "
                   "less than three years.",
    "quotes": [{"section": "D-4", "text": "shall be retained by the Internal Affairs Division "
                                          "for no less than three (3) years"}],
}
NEW_NOTE = {
    "clause": "D-4.1", "text": "shall be retained by the Internal Affairs Division",
    "status": "not_formalised", "side": "helper",
    "reason": "The retention of memoranda is a duty of the Internal Affairs Division, not a "
              "situation a member brings to the helper (fixture note).",
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # our loader refuses aliases
        return True


def _dump(data, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _with_dates(source, dates):
    """source with status and dates set, the key order of a real source kept."""
    result = {}
    for key, value in source.items():
        if key == "date_signed":
            result["date_signed"] = dates["date_signed"]
            result["effective_date"] = dates["effective_date"]
        else:
            result[key] = dates["status"] if key == "status" else value
    return result


def version_one():
    return _with_dates(_load(os.path.join(POLICIES, SLUG + ".yaml")), V1)


def version_two():
    source = copy.deepcopy(_with_dates(_load(os.path.join(POLICIES, SLUG + ".yaml")), V2))
    source["revision"] = {"summary": SUMMARY, "renumbered": {"D-4": "D-7"}}
    sections = {s["id"]: s for part in source["parts"] for s in part["sections"]}
    for section_id, old, new in REWORDED:
        body = sections[section_id]["body"]
        hits = [i for i, item in enumerate(body) if isinstance(item, str) and old in item]
        assert len(hits) == 1, f"fixture edit of {section_id} no longer matches the order: {old!r}"
        body[hits[0]] = body[hits[0]].replace(old, new)
    part_d = next(part for part in source["parts"] if part["id"] == "D")
    record = sections["D-4"]
    part_d["sections"] = [s for s in part_d["sections"] if s is not record]
    part_d["sections"].insert(3, copy.deepcopy(NEW_SECTION))
    part_d["sections"].append(dict(record, id="D-7"))
    for note in source["footnotes"]:
        note["text"] = RENAME.sub("D-7", note["text"])
    return source


def revised(path):
    """A YAML file (bank, companion) as revised with the order: D-4 renamed D-7 and the
    reworded words replaced in every text (quotes and clause excerpts follow the order)."""
    with open(path, encoding="utf-8") as handle:
        return _reword(yaml.safe_load(RENAME.sub("D-7", handle.read())))


def _reword(value):
    if isinstance(value, dict):
        return {key: _reword(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_reword(item) for item in value]
    if isinstance(value, str):
        for _section, old, new in REWORDED:
            value = value.replace(old, new)
    return value


def _companions(folder):
    """The order's companion data (audit settings, clause notes …), revised with it."""
    for name in sorted(os.listdir(POLICIES)):
        if name.startswith(SLUG + ".") and name != SLUG + ".yaml":
            data = revised(os.path.join(POLICIES, name))
            if name == SLUG + ".clauses.yaml":
                data["clauses"].append(dict(NEW_NOTE))
            _dump(data, os.path.join(folder, name))


def fixture_bank():
    bank = revised(BANK)
    questions = bank["questions"]
    at = max(i for i, q in enumerate(questions) if "D-3" in q["cites"]) + 1
    questions.insert(at, copy.deepcopy(NEW_QUESTION))
    return bank


def write_fixture(folder):
    """The fixture's folders under folder (see the module docstring)."""
    folder = str(folder)
    paths = {"policies": os.path.join(folder, "policies"), "banks": os.path.join(folder, "banks"),
             "v1_policies": os.path.join(folder, "v1-policies")}
    _dump(version_two(), os.path.join(paths["policies"], SLUG + ".yaml"))
    _dump(version_one(), os.path.join(paths["policies"], SLUG, "history", "1.yaml"))
    _companions(paths["policies"])
    _dump(fixture_bank(), os.path.join(paths["banks"], SLUG + ".yaml"))
    # Version 1 as it was published while in force: the real order and its companions.
    _dump(version_one() | {"status": "effective"}, os.path.join(paths["v1_policies"], SLUG + ".yaml"))
    for name in sorted(os.listdir(POLICIES)):
        if name.startswith(SLUG + ".") and name != SLUG + ".yaml":
            with open(os.path.join(POLICIES, name), encoding="utf-8") as src, \
                    open(os.path.join(paths["v1_policies"], name), "w", encoding="utf-8") as dst:
                dst.write(src.read())
    return paths


@functools.lru_cache(maxsize=1)
def versions_site(root):
    """(site folder, fixture paths): the fixture built into a site once per test process."""
    from conftest import build_site
    paths = write_fixture(os.path.join(root, "fixture"))
    site = build_site(os.path.join(root, "site"),
                      {"POLICY_DESK_POLICIES": paths["policies"], "POLICY_DESK_BANKS": paths["banks"]})
    return site, paths
