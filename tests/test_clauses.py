"""Normative clauses: the splitter on the order's tricky sentences, the short rule, ids and
lines, the companion notes (file:line errors), quote-to-clause resolution, and the same
results under MicroPython."""
import json
import os
import shutil

import pytest

from model import clauses
from model.canonical import canonical_json
from model.tools.orders import load_order, load_orders
from model.tools.yaml_source import SourceError
from mpy import run_micropython
from test_policy_source import MINIMAL

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "policies", "dgo-i-19.yaml")


@pytest.fixture(scope="module")
def order():
    return load_orders()[0]


def sentences(text):
    return [text[a:b] for a, b in clauses.split_sentences(text)]


# ---------------------------------------------------------------- the splitter
# Each case: a paragraph and the sentences it must give. The first ones are the order's own
# paragraphs (plain text, as the page shows them); the rest are made up to pin a rule down.
SPLITS = [
    # "e.g.," twice inside one sentence
    ("All sworn members shall carry their work cell phone when they are on duty, except where "
     "this requirement would interfere with their safety or duties (e.g., undercover or "
     "plainclothes assignment), where they are precluded from carrying the phone by rule or law "
     "(e.g., court appearances), or when permitted or ordered not to by a supervisor or commander.",
     1),
    # a sentence introducing a list ends with a colon, and stays one sentence (C-3)
    ("Members are prohibited from using their personal cell phones or electronic communication "
     "devices for Department business except for the following:", 1),
    # "(e.g. …)" without a comma, after a parenthesis that closes a sentence (C-4)
    ("Without exception, no personal social media accounts or applications (“apps”) shall be "
     "accessed or installed on work cell phones or electronic devices (Reference DGO D-18 "
     "regarding personal social media). This does not include social media applications used "
     "for work purposes (e.g. investigative purposes or for administering and posting on the "
     "Department’s public accounts).", 2),
    # "etc." inside a sentence, then inside brackets (A-4 item, C-3 item)
    ("Calls to notify family members, physicians, etc. regarding an injury on the job;", 1),
    ("Members who are not issued a work cell phone may conduct administrative work-related "
     "business (e.g., call in to the office, submit or approve timecards, etc.) using their "
     "personal cell phone.", 1),
    # "(4)" and "(2)" numbers, and two sentences (D-2)
    ("The IAD Integrity Unit shall conduct a quarterly inspection of no less than four (4) "
     "randomly selected work cell phones, with the inspections conducted in accordance with "
     "Integrity Unit operating procedures. The results of these inspections shall be documented "
     "in a quarterly memorandum to the IAD Commander.", 2),
    # "DGO N-05" and a section id ending a sentence (A-7, D-5)
    ("Lost or stolen devices shall be reported pursuant to DGO N-05, with an information copy "
     "to ITU.", 1),
    ("Supervisors and chain of command shall be responsible for conducting inspections of work "
     "devices pursuant to D-1. Additionally, the Internal Affairs Division (IAD) Integrity Unit "
     "may conduct inspections beyond those specified in D-2 pursuant to their procedures.", 2),
    # four sentences with "Deputy Chief/Director" and a possessive (B-1)
    ("Workstation computers purchased through ITU shall be assigned to specific work spaces by "
     "the ITU. Laptop computers purchased by ITU may be issued to specific members based on "
     "assignment. Any ITU issuance of laptop computers shall be with the written approval of a "
     "Deputy Chief/Director or higher. Costs for laptop computers shall be paid from the "
     "requesting unit’s funding code.", 4),
    # made up: the rules the order's text does not exercise
    ("Use the device (i.e. The Work Phone) only.", 1),                 # i.e. never ends one
    ("Use the device (e.g. Phones) only.", 1),
    ("Bring pens, paper, etc. The rest is supplied.", 2),             # etc. can end one
    ("Report to Lt. Smith first. Then report to Sgt. N. Jones.", 2),  # ranks and initials
    ("Travel within the U.S. Department rules apply.", 1),             # a dotted acronym
    ("He said “Stop.” Then he left.", 2),                              # closing quote
    ("Wait a day. 90 days later, sign off.", 2),                       # a digit starts one
    ("Inspect four (4). Then stop.", 2),
    ("Version 2.5 applies. Is it signed? Yes!", 3),
    ("No final stop here", 1),
]


@pytest.mark.parametrize("text, count", SPLITS, ids=[t[:30] for t, _ in SPLITS])
def test_splitter_cuts_only_at_sentence_ends(text, count):
    found = sentences(text)
    assert len(found) == count, found
    # the sentences are the paragraph, cut: nothing added, nothing lost but the spaces between
    assert " ".join(found) == " ".join(text.split())
    assert all(s == s.strip() and s in text for s in found)


def test_deontic_words_are_whole_words_and_shall_not_is_told_apart():
    assert clauses.deontic_word("Members shall not operate a vehicle.") == "shall not"
    assert clauses.deontic_word("Members SHALL carry it.") == "shall"
    assert clauses.deontic_word("Members are prohibited from it.") == "prohibited"
    assert clauses.deontic_word("The Department may inspect.") == "may"
    assert clauses.deontic_word("The mayor's office and dismay.") is None
    assert clauses.deontic_word("Work cell phones are primarily meant for business.") is None


def test_every_clause_of_the_order_is_its_text_verbatim(order):
    data = order.data
    for clause_id in data["clause_ids"]:
        clause = data["clauses"][clause_id]
        if clause["section"]:
            paragraph = data["sections"][clause["section"]]["paragraphs"][clause["paragraph"]]
        else:
            paragraph = data["footnotes"][str(clause["footnote"])]["text"]
        assert paragraph[clause["start"]:clause["end"]] == clause["text"]
        assert clause["digest"] == clauses.text_digest(clause["text"])
    # every word of every paragraph is in exactly one clause
    for section_id in data["section_ids"]:
        section = data["sections"][section_id]
        mine = [data["clauses"][c] for c in data["clause_ids"] if data["clauses"][c]["section"] == section_id]
        for index, paragraph in enumerate(section["paragraphs"]):
            pieces = [c["text"] for c in mine if c["paragraph"] == index]
            assert " ".join(pieces).split() == paragraph.split()


def test_ids_count_every_sentence_and_item_in_the_section(order):
    clauses_ = order.data["clauses"]
    assert clauses_["A-4.3"]["text"] == ("Members are encouraged to not conduct any personal "
                                         "business on their work phone.")
    assert not clauses_["A-4.3"]["normative"]           # encouraged is not a duty...
    assert clauses_["A-4.4"]["normative"]               # ...and keeps its number in the count
    assert clauses_["A-2.3"]["kind"] == "item" and clauses_["A-2.3"]["text"].startswith("1. Where")
    assert [c for c in order.data["clause_ids"] if c.startswith("fn")] == ["fn1.1", "fn2.1"]


def test_list_items_take_the_reading_of_the_sentence_that_introduces_them(order):
    clauses_ = order.data["clauses"]
    # A-2's exceptions have no deontic word: they belong to the duty that introduces them
    assert clauses_["A-2.5"]["word"] is None and clauses_["A-2.5"]["normative"]
    assert "list introduced by a normative sentence" in clauses_["A-2.5"]["reading"]
    # C-7's list: introduced by "This includes…", in a paragraph whose first sentence prohibits
    assert clauses_["C-7.3"]["text"] == "1. Pornography." and clauses_["C-7.3"]["normative"]


def test_footnote_markers_go_with_the_clause_they_are_in(order, tmp_path):
    assert order.data["clauses"]["D-2.1"]["footnotes"] == [2]
    assert order.data["clauses"]["D-2.2"]["footnotes"] == []
    # a marker right after a full stop belongs to the sentence it ends
    text = MINIMAL.replace("- First paragraph of A-1.",
                           "- Members shall file it.[^1] Members may keep a copy.")
    text = text.replace("selected[^1] phones", "selected phones")
    path = tmp_path / "dgo-x-1.yaml"
    path.write_text(text, encoding="utf-8")
    minimal = load_order(str(path)).data["clauses"]
    assert minimal["A-1.1"]["text"] == "Members shall file it." and minimal["A-1.1"]["footnotes"] == [1]
    assert minimal["A-1.2"]["footnotes"] == [] and minimal["A-1.2"]["word"] == "may"


def test_clause_lines_are_the_source_lines_of_their_paragraphs(order):
    with open(SOURCE, encoding="utf-8") as handle:
        lines = handle.read().split("\n")

    def line_of(start):
        return next(n for n, line in enumerate(lines, 1) if line.lstrip(" -").startswith(start))

    assert order.clause_line("D-2.2") == line_of("The IAD Integrity Unit shall conduct")
    assert order.clause_line("A-2.4") == line_of("Where they are precluded")
    assert order.clause_line("fn2.1") == line_of("text: Random selection")


# ---------------------------------------------------------------- quotes to clauses

def covered(order, section_id, text):
    data = order.data
    mine = [data["clauses"][c] for c in data["clause_ids"] if data["clauses"][c]["section"] == section_id]
    return clauses.clauses_covered(data["sections"][section_id]["paragraphs"], mine, text)


def test_a_quote_covers_each_clause_it_touches(order):
    assert covered(order, "A-2", "shall have their work cell phone accessible at all times") == ["A-2.2"]
    # a whole list item quoted without its "1. " number
    assert covered(order, "A-2", "When permitted or ordered not to by a higher-ranking member") == ["A-2.5"]
    # one excerpt spanning two sentences covers both
    assert covered(order, "D-5", "pursuant to D-1. Additionally") == ["D-5.1", "D-5.2"]
    # None quotes the whole section
    assert covered(order, "B-1", None) == [f"B-1.{n}" for n in range(1, 8)]
    # the same words in two places: each place is quoted (the author did not say which)
    assert covered(order, "A-2", "(e.g., undercover or plainclothes assignment)") == ["A-2.1", "A-2.3"]
    assert covered(order, "A-2", "words that are not in A-2") == []


# ---------------------------------------------------------------- the companion notes

NOTES_ORDER = MINIMAL.replace("- First paragraph of A-1.",
                              "- Members shall file it. The form is blue. However, see part B for prohibited acts.")


def notes_problems(tmp_path, notes):
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / "dgo-x-1.yaml").write_text(NOTES_ORDER, encoding="utf-8")
    path = folder / "dgo-x-1.clauses.yaml"
    path.write_text(notes, encoding="utf-8")
    with pytest.raises(SourceError) as failure:
        load_orders(str(folder))
    return str(path), failure.value.errors


REASON = "a reason written out in a full sentence"
NOTE_CASES = [
    ("clause: A-1.9\n  text: x", "clauses[0].clause: no clause 'A-1.9' in the order"),
    ("clause: A-1.1\n  text: However, see part B", "clauses[0].text: not in A-1.1, which reads: "
     "'Members shall file it.'; the excerpt is in A-1.3"),
    ("clause: A-1.1\n  text: Members shall\n  normative: true", "clauses[0].normative: the short "
     "rule already reads A-1.1 as normative; remove the override"),
    ("clause: A-1.1\n  text: Members shall\n  status: later", "clauses[0].status: unknown status 'later'"),
    ("clause: A-1.1\n  text: Members shall\n  status: implemented_elsewhere",
     "clauses[0].where: say where it is implemented"),
    ("clause: A-1.2\n  text: The form is blue.\n  status: pending",
     "clauses[0].status: A-1.2 is not normative, so no coverage is owed"),
    ("clause: A-1.1\n  text: Members shall\n  side: quiz", "clauses[0].side: only a note with a status has a side"),
    ("clause: A-1.1\n  text: Members shall", "clauses[0]: say what the note does"),
]


@pytest.mark.parametrize("entry, message", NOTE_CASES, ids=[m[:40] for _, m in NOTE_CASES])
def test_a_bad_note_fails_with_file_line_and_field(tmp_path, entry, message):
    notes = f"clauses:\n- {entry}\n  reason: {REASON}\n"
    path, errors = notes_problems(tmp_path, notes)
    field = message.split(":")[0].split(".")[-1]         # the key the message names
    line = next((n for n, text in enumerate(notes.split("\n"), 1)
                 if text.lstrip("- ").startswith(field + ":")), 2)
    assert f"{path}:{line}: {message}" in "\n".join(errors), errors


def test_notes_need_a_reason_and_name_each_clause_once(tmp_path):
    notes = ("clauses:\n- clause: A-1.3\n  text: However\n  normative: false\n  reason: short\n"
             f"- clause: A-1.3\n  text: However\n  normative: false\n  reason: {REASON}\n")
    path, errors = notes_problems(tmp_path, notes)
    assert f"{path}:5: clauses[0].reason: give the reason in words (at least 20 characters)" in errors
    assert any(e.startswith(f"{path}:6: clauses[1].clause: clause A-1.3 already has a note") for e in errors)


def test_a_good_note_overrides_the_rule_and_says_why(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "dgo-x-1.yaml").write_text(NOTES_ORDER, encoding="utf-8")
    (folder / "dgo-x-1.clauses.yaml").write_text(
        "clauses:\n- clause: A-1.3\n  text: However, see part B\n  normative: false\n"
        f"  reason: {REASON}\n- clause: A-1.1\n  text: Members shall\n  status: not_formalised\n"
        f"  reason: {REASON}\n", encoding="utf-8")
    order = load_orders(str(folder))[0]
    assert order.data["clauses"]["A-1.3"]["word"] == "prohibited"
    assert not order.data["clauses"]["A-1.3"]["normative"]
    assert order.data["clauses"]["A-1.3"]["reading"] == "Policy Desk’s reading: " + REASON
    assert order.clause_marks["A-1.1"]["status"] == "not_formalised"
    assert order.clause_marks["A-1.1"]["side"] == "helper" and order.clause_marks["A-1.1"]["line"] == 6


def test_the_real_notes_load(order):
    assert not order.data["clauses"]["B-2.3"]["normative"]   # a cross-reference
    assert order.data["clauses"]["C-6.5"]["normative"]       # a carve-out is a permission
    assert order.clause_marks["fn2.1"]["status"] == "implemented_elsewhere"


# ---------------------------------------------------------------- MicroPython

def test_the_splitter_gives_the_same_clauses_under_micropython(order, tmp_path):
    data = order.data
    sections = [{"id": sid, "paragraphs": data["sections"][sid]["paragraphs"]} for sid in data["section_ids"]]
    probes = [text for text, _ in SPLITS]
    script = (
        "import json\n"
        "from model import clauses\n"
        "from model.canonical import canonical_json\n"
        "job = json.load(open('job.json'))\n"
        "out = [clauses.section_clauses(s) for s in job['sections']]\n"
        "out.append([clauses.split_sentences(t) for t in job['probes']])\n"
        "out.append([clauses.clauses_covered(job['sections'][1]['paragraphs'], out[1], t)"
        " for t in job['quotes']])\n"
        "print(canonical_json(out))\n")
    quotes = ["When permitted or ordered not to", "(e.g., court appearances", None, "absent"]
    job = json.dumps({"sections": sections, "probes": probes, "quotes": quotes})
    micro = run_micropython(script, packages=("model",), files={"job.json": job}).strip()
    expected = [clauses.section_clauses(s) for s in sections]
    expected.append([[list(span) for span in clauses.split_sentences(t)] for t in probes])
    expected.append([clauses.clauses_covered(sections[1]["paragraphs"], expected[1], t) for t in quotes])
    assert micro == canonical_json(expected)


def test_copying_the_policies_keeps_notes_beside_the_order(tmp_path):
    # the notes file is companion data: the order loader does not take it for an order
    copy = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), copy)
    assert [o.slug for o in load_orders(str(copy))] == ["dgo-i-19"]
