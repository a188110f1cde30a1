"""The question bank source: the real bank is valid and complete, and each kind of mistake in
a bank is reported as file:line: field: message (so the site build fails with a pointer)."""
import json
import os
import re

import pytest
import yaml

from model.tools.orders import SourceError, load_orders
from quiz.tools import site_data as site_build
from quiz.bank import bank_version
from quiz.tools.bank import BANK_DIR, load_bank, load_banks
from test_quiz_helpers import ROOT

ORDERS = load_orders(os.path.join(ROOT, "policies"))
SOURCE_PATH = os.path.join(BANK_DIR, "dgo-i-19.yaml")
with open(SOURCE_PATH, encoding="utf-8") as _handle:
    SOURCE = _handle.read()
SECTIONS = ORDERS[0].data["sections"]
QUESTION_COUNT = len(yaml.safe_load(SOURCE)["questions"])


def test_real_bank_covers_every_subsection_with_verbatim_quotes():
    bank = load_banks(ORDERS)["dgo-i-19"]
    cited = {cite for q in bank["questions"] for cite in q["cites"]}
    assert cited == set(SECTIONS) and len(SECTIONS) == 25
    for question in bank["questions"]:
        for quote in question["quotes"]:
            assert any(quote["text"] in p for p in SECTIONS[quote["section"]]["paragraphs"])
    kinds = {q["kind"] for q in bank["questions"]}
    styles = [q["style"] for q in bank["questions"]]
    assert kinds == {"single", "multiple", "true_false"}
    assert styles.count("scenario") >= 0.7 * len(styles)  # issue 11: at least 70 % scenarios


def test_site_files_publish_the_bank_with_its_version():
    files = site_build.site_files(ORDERS)
    bank = json.loads(files["data/quiz/dgo-i-19.json"])
    assert re.fullmatch(r"[0-9a-f]{12}", bank["version"]) and bank_version(bank) == bank["version"]
    assert bank["order"]["version"] == ORDERS[0].data["version"]
    assert bank["sections"]["C-4"]["url"] == "orders/dgo-i-19/#c-4"


def test_site_files_fail_the_build_on_a_bad_bank(tmp_path, monkeypatch):
    write(tmp_path, SOURCE.replace("pass_mark: 80", "pass_mark: 0"))
    monkeypatch.setenv("POLICY_DESK_BANKS", str(tmp_path))  # a fixture history's own bank
    with pytest.raises(SourceError, match=r"dgo-i-19\.yaml:\d+: pass_mark: must be a whole number"):
        site_build.site_files(ORDERS)


def write(folder, text, name="dgo-i-19.yaml"):
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def first_replaced(old, new):
    assert old in SOURCE, old
    return SOURCE.replace(old, new, 1)


# (mutated source, line marker (text on the reported line), field, message pattern)
MISTAKES = {
    "unknown top-level key": (SOURCE + "colour: blue\n", "colour: blue", "colour", "unknown key 'colour'"),
    "unknown question key": (first_replaced("  style: scenario\n", "  style: scenario\n  level: hard\n"),
                             "level: hard", r"questions\[0\]\.level", "unknown key 'level'"),
    "unknown section id": (first_replaced("cites: [A-1]", "cites: [A-9]"), "cites: [A-9]",
                           r"questions\[0\]\.cites\[0\]", "unknown section id 'A-9'"),
    "section cited twice": (first_replaced("cites: [A-1]", "cites: [A-1, A-1]"), "cites: [A-1, A-1]",
                            r"questions\[0\]\.cites\[1\]", "cited twice"),
    "no correct answer": (first_replaced('position", correct: true}', 'position"}'),
                          "  - {id: a, text: \"Upon", r"questions\[0\]\.options", "no correct answer"),
    "two correct in single": (first_replaced('appointment"}', 'appointment", correct: true}'),
                              "  - {id: a, text: \"Upon", r"questions\[0\]\.options", "2 correct options"),
    "duplicate option text": (first_replaced("Within 90 days of your appointment\"", "upon your appointment to  THAT position\""),
                              "upon your appointment to  THAT", r"questions\[0\]\.options\[1\]\.text",
                              "duplicate option text"),
    "duplicate option id": (first_replaced('{id: b, text: "Within 90', '{id: a, text: "Within 90'),
                            '{id: a, text: "Within 90', r"questions\[0\]\.options\[1\]\.id", "duplicate option id 'a'"),
    "malformed option id": (first_replaced('{id: b, text: "Within 90', '{id: B 2, text: "Within 90'),
                            '{id: B 2', r"questions\[0\]\.options\[1\]\.id", "malformed option id"),
    "correct not a flag": (first_replaced('position", correct: true}', 'position", correct: "yes"}'),
                           'position", correct: "yes"', r"questions\[0\]\.options\[0\]\.correct", "must be true or false"),
    "true/false with options": (first_replaced("  answer: true\n", "  answer: true\n  options: [{id: a, text: x}]\n"),
                                "options: [{id: a, text: x}]", r"questions\[\d+\]\.options", "has no options"),
    "true/false answer not boolean": (first_replaced("  answer: true\n", "  answer: maybe\n"), "answer: maybe",
                                      r"questions\[\d+\]\.answer", "needs 'answer: true' or 'answer: false'"),
    "answer on a single question": (first_replaced("  explanation: >-\n    A-1 ties", "  answer: true\n  explanation: >-\n    A-1 ties"),
                                    "answer: true\n  explanation: >-\n    A-1 ties", r"questions\[0\]\.answer", "only for true_false"),
    "every option correct in multiple": (
        first_replaced('  - {id: d, text: "An officer of your own rank says you can leave it behind"}',
                       '  - {id: d, text: "An officer of your own rank says you can leave it behind", correct: true}'),
        "  - {id: a, text: \"Your sergeant has told you", r"questions\[\d+\]\.options", "every option is correct"),
    "quote not verbatim": (first_replaced("phone (“work cell phone”) upon", 'phone ("work cell phone") upon'),
                           'phone ("work cell phone") upon', r"questions\[0\]\.quotes\[0\]\.text",
                           r"not verbatim from A-1: it matches the policy up to .*cellular phone \(' and then differs"),
    "quote from a section not cited": (first_replaced("  - section: A-1\n", "  - section: A-2\n"), "section: A-2",
                                       r"questions\[0\]\.quotes\[0\]\.section", "does not cite"),
    "empty quotes": (first_replaced("  quotes:\n  - section: A-1\n    text: All sworn members shall be issued",
                                    "  quotes: []\n  zz_dropped:\n  - section: A-1\n    text: All sworn members shall be issued"),
                     "quotes: []", r"questions\[0\]\.quotes", "missing required field 'quotes'"),
    "duplicate question id": (first_replaced("- id: a1-reserve-officer", "- id: a1-new-officer"),
                              "- id: a1-new-officer\n  kind: single\n  style: scenario\n  cites: [A-1]\n  prompt: You are a reserve",
                              r"questions\[1\]\.id", "duplicate question id 'a1-new-officer'"),
    "malformed question id": (first_replaced("- id: a1-new-officer", "- id: A1 New"), "- id: A1 New",
                              r"questions\[0\]\.id", "malformed id"),
    "unknown kind": (first_replaced("  kind: single\n", "  kind: essay\n"), "kind: essay",
                     r"questions\[0\]\.kind", "unknown kind 'essay'"),
    "unknown style": (first_replaced("  style: scenario\n", "  style: riddle\n"), "style: riddle",
                      r"questions\[0\]\.style", "unknown style 'riddle'"),
    "pass mark out of range": (SOURCE.replace("pass_mark: 80", "pass_mark: 150"), "pass_mark: 150",
                               "pass_mark", "whole number from 1 to 100"),
    "unknown order": (SOURCE.replace("order: DGO I-19", "order: DGO X-1"), "order: DGO X-1",
                      "order", "no order 'DGO X-1'"),
    "duplicate key": (first_replaced("  kind: single\n", "  kind: single\n  kind: multiple\n"),
                      "kind: multiple", r"questions\[0\]\.kind", "duplicate key"),
    "draw larger than the bank": (SOURCE.replace("size: 15 ", f"size: {QUESTION_COUNT + 1} "),
                                  f"size: {QUESTION_COUNT + 1}", r"draw\.size",
                                  "at most the number of questions"),
    "empty prompt": (first_replaced("  prompt: You are appointed to a full-time sworn position. By when must the Department issue you a work cell phone?\n",
                                    "  prompt: ' '\n"), "prompt: ' '", r"questions\[0\]\.prompt", "non-empty text"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_is_reported_with_file_line_and_field(tmp_path, name):
    text, marker, field, message = MISTAKES[name]
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_bank(path, ORDERS)
    expected = re.compile(re.escape(f"{path}:{line_of(text, marker)}: ") + field + ": .*" + message)
    assert any(expected.match(line) for line in caught.value.errors), caught.value.errors


def test_yaml_syntax_error_names_its_line(tmp_path):
    text = first_replaced("  kind: single\n", "  kind: [single\n")
    path = write(tmp_path, text)
    with pytest.raises(SourceError, match=re.escape(path) + r":\d+: \(syntax\): not valid YAML"):
        load_bank(path, ORDERS)


def test_bank_file_must_be_named_after_its_order(tmp_path):
    path = write(tmp_path, SOURCE, name="i19.yaml")
    with pytest.raises(SourceError, match="must be named dgo-i-19.yaml"):
        load_bank(path, ORDERS)


def structural(mutate):
    data = yaml.safe_load(SOURCE)
    mutate(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_uncovered_subsection_is_reported(tmp_path):
    text = structural(lambda d: d.update(questions=[q for q in d["questions"] if "D-6" not in q["cites"]]))
    with pytest.raises(SourceError, match=r"questions: no question cites D-6; the bank must cover"):
        load_bank(write(tmp_path, text), ORDERS)


def keep_two_of_part_e(doc):
    """The bank with only its first two questions citing part E (both cite E-1)."""
    testing_e = [q["id"] for q in doc["questions"] if any(c.startswith("E-") for c in q["cites"])]
    doc["questions"] = [q for q in doc["questions"] if q["id"] not in testing_e[2:]]


def test_part_with_too_few_questions_for_the_draw(tmp_path):
    text = structural(lambda d: d["draw"].update(per_part=3, size=15) or keep_two_of_part_e(d))
    with pytest.raises(SourceError, match=r"draw\.per_part: part E has 2 questions; a draw needs 3"):
        load_bank(write(tmp_path, text), ORDERS)


def test_all_problems_are_reported_at_once(tmp_path):
    text = first_replaced("cites: [A-1]", "cites: [A-9]").replace("  style: knowledge\n",
                                                                  "  style: riddle\n", 1)
    with pytest.raises(SourceError) as caught:
        load_bank(write(tmp_path, text), ORDERS)
    assert len(caught.value.errors) >= 2
