"""The question bank's linter (quiz/tools/lint.py): each rule fires on a crafted bad item or
bank and stays quiet on the same item without the flaw, a waiver silences exactly one rule
on one question and must give a reason, the build reports file:line, and the real bank
passes. Also the guessing benchmark's exact pass probability against brute force."""
import copy
import itertools
import os
import re

import pytest
import yaml

from bench import guessing
from model.tools.orders import SourceError, load_orders
from quiz.tools.bank import BANK_DIR, load_bank
from quiz.grade import passes
from quiz.tools import lint
from test_quiz_helpers import ROOT, current_bank

ORDERS = load_orders(os.path.join(ROOT, "policies"))
SOURCE_PATH = os.path.join(BANK_DIR, "dgo-i-19.yaml")
with open(SOURCE_PATH, encoding="utf-8") as _handle:
    SOURCE = _handle.read()
DOC = yaml.safe_load(SOURCE)

# A well-formed single-choice item: four parallel options of about the same length.
PROMPT = "Your assignment needs a second work cell phone. Who may authorize it?"
KEY = "The Chief of Police or designee"
WRONG = ["The Information Technology Unit", "Your first-level commander in writing",
         "A Deputy Chief/Director, in writing"]


def single(key=KEY, wrong=WRONG, prompt=PROMPT):
    options = [{"id": "a", "text": key, "correct": True}]
    options += [{"id": "bcdefg"[i], "text": text} for i, text in enumerate(wrong)]
    return {"id": "q", "kind": "single", "style": "scenario", "prompt": prompt, "options": options}


def multiple(correct, wrong, prompt="Which of these apply? Select all that apply."):
    options = [{"id": f"r{i}", "text": t, "correct": True} for i, t in enumerate(correct)]
    options += [{"id": f"w{i}", "text": t} for i, t in enumerate(wrong)]
    return {"id": "m", "kind": "multiple", "style": "scenario", "prompt": prompt, "options": options}


def fired(question):
    return sorted({rule for rule, _ in lint.question_findings(lint.normalise(question))})


# ---------------------------------------------------------------- per question

def test_a_well_formed_item_has_no_findings():
    assert fired(single()) == []


# rule: (the flawed item, the same item with the flaw removed)
FLAWED = {
    "option-count": (single(wrong=WRONG[:2]), single()),
    "all-none-above": (single(wrong=WRONG[:2] + ["All of the above options apply"]), single()),
    "correct-longer": (single(key=KEY + ", after consulting ITU in writing"), single()),
    "correct-shorter": (single(key="The Chief of Police"), single()),
    "short-option": (single(wrong=WRONG[:2] + ["Nobody"]), single()),
    "qualified-correct": (single(key="Only the Chief (if not on leave)"), single(key="The Chief when on duty")),
    "stem-overlap": (single(key="Authorized by assignment needs"), single(key="Authorized by the Chief alone")),
}


@pytest.mark.parametrize("rule", sorted(FLAWED))
def test_each_item_rule_fires_on_its_flaw_only(rule):
    flawed, clean = FLAWED[rule]
    assert rule in fired(flawed)
    assert rule not in fired(clean)


def test_item_rules_apply_to_select_all_that_apply():
    even = multiple(["Court rules forbid phones", "Your sergeant permits it"],
                    ["A colleague permits it here", "You carry a personal phone"])
    assert fired(even) == []
    long_keys = multiple(["Court rules forbid phones in the courtroom that day",
                          "Your sergeant has told you to leave it at the station"],
                         ["A colleague permits it here", "You carry a personal phone"])
    assert fired(long_keys) == ["correct-longer"]


def test_true_false_items_have_no_option_findings():
    question = {"id": "t", "kind": "true_false", "style": "scenario", "prompt": "True or false? x",
                "answer": True}
    assert fired(question) == []


# ---------------------------------------------------------------- strategies

def test_top_k_breaks_ties_at_random_and_hit_rate_is_exact():
    assert lint.top_k([5, 5, 1, 1], 1) == [(0,), (1,)]
    assert lint.top_k([5, 5, 1, 1], 2) == [(0, 1)]
    assert lint.top_k([5, 3, 3, 1], 2) == [(0, 1), (0, 2)]
    assert lint.above_mean([2, 2, 2]) == [(0,), (1,), (2,)]  # nobody above: one of the top
    tied = single(key="Aaaa bbbb", wrong=["Cccc dddd", "Eeee ffff", "Gggg hhhh"])
    assert lint.hit_rate(lint.normalise(tied), "longest") == 0.25
    assert lint.hit_rate(lint.normalise(single(key=KEY + " or ITU")), "longest") == 1.0


def test_multiple_select_strategies_need_the_exact_set():
    question = lint.normalise(multiple(["a long first option", "a long second one"],
                                       ["short", "tiny"]))
    assert lint.hit_rate(question, "longest-two") == 1.0
    assert lint.hit_rate(question, "all-but-shortest") == 0.0
    assert lint.hit_rate(question, "random") == 1 / 15


# ---------------------------------------------------------------- the bank

def bank_problems(mutate):
    doc = copy.deepcopy(DOC)
    mutate(doc)
    return [message for field, message in lint.lint(doc) if field == ("questions",)]


def of_kind(doc, kind):
    return [q for q in doc["questions"] if q["kind"] == kind]


def all_true(doc):
    for q in of_kind(doc, "true_false"):
        q["answer"] = True


def all_knowledge(doc):
    for q in doc["questions"]:
        q["style"] = "knowledge"


def all_but_one(doc):
    for q in of_kind(doc, "multiple"):
        for option in q["options"]:
            option["correct"] = option is not q["options"][-1]


def longest_two(doc):
    for q in of_kind(doc, "multiple"):
        ranked = sorted(q["options"], key=lambda o: -len(o["text"]))
        for option in q["options"]:
            option["correct"] = option in ranked[:2]


def key_longest(doc):
    for q in of_kind(doc, "single"):
        for option in q["options"]:
            if option.get("correct"):
                option["text"] += ", as the order sets out in its own words"


def absolutes_false(doc):
    for q in of_kind(doc, "true_false"):
        q["prompt"] = lint.ABSOLUTE_RE.sub("", q["prompt"].lower())
        if q["answer"] is False:
            q["prompt"] += " You never need to ask."


def more_true_false(doc):
    extra = copy.deepcopy(of_kind(doc, "true_false"))
    for q in extra:
        q["id"] += "-again"
    doc["questions"] += extra


BANK_FLAWS = {
    "true/false answers all true": (all_true, "true/false: answer is true is 100.0%"),
    "no scenarios": (all_knowledge, "scenario questions is 0.0%"),
    "always all but one": (all_but_one, "multiple: all but one correct is 100.0%"),
    "always the same count": (all_but_one, "multiple: most common number of correct options"),
    "never exactly one": (longest_two, "multiple: a question with exactly one correct is 0"),
    "the longest two": (longest_two, "multiple: 'longest-two' hit rate"),
    "key always longest": (key_longest, "single: 'longest' hit rate"),
    "absolutes mark false": (absolutes_false, "true/false: 'false when absolute' hit rate is 100.0%"),
    "too many true/false": (more_true_false, "true/false share of the bank"),
}


@pytest.mark.parametrize("name", sorted(BANK_FLAWS))
def test_each_bank_rule_fires_on_a_crafted_bank(name):
    mutate, message = BANK_FLAWS[name]
    problems = bank_problems(mutate)
    assert any(message in p for p in problems), problems


def test_the_real_bank_passes_every_rule():
    assert lint.lint(DOC) == []
    assert "| NO |" not in lint.report(DOC)


# ---------------------------------------------------------------- waivers

def with_long_key(doc, waive=None):
    question = doc["questions"][0]
    question["options"][0]["text"] += " in every case the order describes"
    if waive is not None:
        question["waive"] = waive
    return doc


def test_a_waiver_with_a_reason_silences_its_rule_only():
    doc = with_long_key(copy.deepcopy(DOC))
    assert any("correct-longer" in m for _, m in lint.lint(doc))
    waived = with_long_key(copy.deepcopy(DOC), {"correct-longer": "the key must name the condition"})
    assert lint.lint(waived) == []


def test_a_stale_waiver_is_reported():
    doc = copy.deepcopy(DOC)
    doc["questions"][0]["waive"] = {"short-option": "no short option here any more"}
    assert lint.lint(doc) == [(("questions", 0, "waive", "short-option"),
                               "waiver for short-option, which no longer fires; remove it")]


def write(folder, text):
    path = os.path.join(str(folder), "dgo-i-19.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


WAIVE_AT = "- id: a1-new-officer\n  kind: single\n"


@pytest.mark.parametrize("waive,message", [
    ("{option-count: four would be too many here}", "rule 'option-count' cannot be waived"),
    ("{no-such-rule: a reason long enough to pass}", "rule 'no-such-rule' cannot be waived"),
    ("{short-option: short}", "give the reason in words"),
    ("[short-option]", "must be a mapping of linter rule to reason"),
])
def test_the_loader_validates_waivers(tmp_path, waive, message):
    text = SOURCE.replace(WAIVE_AT, WAIVE_AT + f"  waive: {waive}\n", 1)
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_bank(path, ORDERS)
    line = text[:text.index("  waive:")].count("\n") + 1
    assert any(e.startswith(f"{path}:{line}: questions[0].waive") and message in e
               for e in caught.value.errors), caught.value.errors


# ---------------------------------------------------------------- in the build

def test_the_build_reports_a_cue_with_file_line_and_field(tmp_path):
    key = '  - {id: a, text: "Upon your appointment to that position", correct: true}'
    text = SOURCE.replace(key, key.replace("position", "position, as A-1 sets out for sworn members"), 1)
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_bank(path, ORDERS)
    line = text[:text.index("  - {id: a, text: \"Upon your")].count("\n") + 1
    assert any(re.match(re.escape(f"{path}:{line}: questions[0].options: correct-longer: "), e)
               for e in caught.value.errors), caught.value.errors


def test_the_build_reports_a_bank_wide_cue_at_the_questions_key(tmp_path):
    text = re.sub(r"answer: false\n", "answer: true\n", SOURCE)
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_bank(path, ORDERS)
    line = text[:text.index("- id: a1-new-officer")].count("\n") + 1  # where the list starts
    assert f"{path}:{line}: questions: bank: true/false: answer is true is 100.0% (limit 40%-60%)" \
        in caught.value.errors


def test_lint_false_loads_a_bank_that_fails_the_linter(tmp_path):
    path = write(tmp_path, re.sub(r"answer: false\n", "answer: true\n", SOURCE))
    bank = load_bank(path, ORDERS, lint=False)
    assert all(q["options"][0]["correct"] for q in bank["questions"] if q["kind"] == "true_false")


# ---------------------------------------------------------------- the benchmark's arithmetic

def test_benchmark_strategies_name_real_linter_strategies():
    for plan in guessing.STRATEGIES.values():
        assert all(plan[kind] in lint.STRATEGIES[kind] for kind in lint.STRATEGIES)


def test_exact_pass_probability_matches_brute_force():
    bank = current_bank()
    bank["pass_mark"] = 60
    drawn = [{"id": q["id"]} for q in bank["questions"][:6]]
    player = guessing.Player(bank, guessing.STRATEGIES["random"], seed=0)
    hits = [player.hits[item["id"]] for item in drawn]
    expected = 0.0
    for outcome in itertools.product((0, 1), repeat=len(hits)):
        chance = 1.0
        for hit, p in zip(outcome, hits):
            chance *= p if hit else 1 - p
        expected += chance if passes(sum(outcome), len(hits), 60) else 0.0
    assert player.pass_probability(drawn, 60) == pytest.approx(expected)
    assert 0 < expected < 1
