"""The decision helper engine in CPython: the case files (written from the order's text), each
rule from both sides, the determination's shape, and the API."""
import pytest

import checker
from tests.cases.checker.load import expected, load_cases, observed, real_rulebook

CASES = load_cases()
ORDER, DATA = real_rulebook()
BOOK = checker.Book(DATA)
SECTIONS = ORDER.data["sections"]


def decide(facts):
    return checker.decide(facts, BOOK, SECTIONS)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    assert observed(decide(case["facts"]), case) == expected(case)


def _applied(result):
    return [f["rule"] for f in result["findings"]] + [p["rule"] for p in result["provisions"]]


def _reaches(rule, facts):
    """The case's situation is the rule's kind of question (its first condition holds)."""
    situation = checker.facts.situation_of(facts, BOOK)
    name, values = rule["when"][0]
    return situation.get(name) in values


def test_every_rule_and_exception_has_a_case_on_each_side():
    """Each rule applies in some case, and in some other case of the same kind of question it
    does not: both sides of every rule and every exception are written down (a rule that
    answers a whole kind of question, such as "something else", has only one side)."""
    results = [(c, decide(c["facts"])) for c in CASES if "asks" not in c]
    missing = []
    for rule in DATA["rules"]:
        applies = [c["name"] for c, r in results if rule["id"] in _applied(r)]
        not_applies = [c["name"] for c, r in results
                       if _reaches(rule, c["facts"]) and rule["id"] not in _applied(r)]
        if not applies or (not not_applies and len(rule["when"]) > 1):
            missing.append((rule["id"], bool(applies), bool(not_applies)))
    assert missing == []


def test_cases_name_the_rules_that_decide():
    """Every case with a verdict names the rules that decide it (so a case cannot pass on the
    right verdict for the wrong reason)."""
    assert [c["name"] for c in CASES if "verdict" in c and "rules" not in c] == []


def test_a_determination_quotes_the_source_verbatim():
    result = decide({"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
                     "hands_free": "no", "exigent": "no", "purpose": "work"})
    quote = result["quotes"][0]
    assert quote["id"] == "C-2" and quote["url"] == "orders/dgo-i-19/#c-2"
    assert all(any(text in p for p in SECTIONS["C-2"]["paragraphs"]) for text in quote["excerpts"])


def test_a_section_quoted_whole_is_the_section():
    result = decide({"topic": "lost_device", "device": "work_phone"})
    assert result["quotes"][0]["id"] == "A-7"
    result = decide({"topic": "inspection", "device": "work_phone", "examination": "search",
                     "reasonable_grounds": "no"})
    assert result["quotes"][0]["excerpts"] == SECTIONS["D-3"]["paragraphs"]


def test_settled_judgements_say_what_they_rest_on():
    """Defect 7: once the deciding judgement is answered the verdict follows (not
    "conditional"), with a note that it rests on that judgement."""
    result = decide({"topic": "inspection", "device": "work_phone", "examination": "search",
                     "reasonable_grounds": "yes"})
    assert result["verdict"] == "permitted"
    assert [j["fact"] for j in result["judgements"]] == ["reasonable_grounds"]
    assert result["judgements"][0]["judgement"] == "whether the grounds are reasonable"
    assert [r["id"] for r in result["readings"]] == ["d1-inspection-d3-search"]
    assert result["readings"][0]["url"] == "helper/readings/#dgo-i-19-d1-inspection-d3-search"


def test_conditional_only_while_a_judgement_is_unsure_and_it_names_it():
    facts = {"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
             "hands_free": "no", "exigent": "not_sure", "purpose": "work", "distracting": "no"}
    result = decide(facts)
    assert result["verdict"] == "conditional" and result["complete"]
    assert [d["fact"] for d in result["depends_on"]] == ["exigent"]
    assert [(b["if"][0]["value"], b["verdict"]) for b in result["branches"]] == [
        ("yes", "permitted"), ("no", "prohibited")]
    assert result["answer"] == "Your answer to “Do exigent circumstances exist?” decides it."


def test_an_unsure_answer_that_does_not_matter_gives_the_answer():
    result = decide({"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
                     "hands_free": "no", "exigent": "no", "purpose": "work",
                     "distracting": "not_sure"})
    assert result["verdict"] == "prohibited" and result["branches"] == []


def test_unknown_facts_and_values_list_what_is_allowed():
    with pytest.raises(checker.FactError) as info:
        decide({"topic": "carry", "mood": "good", "duty_status": "asleep"})
    text = str(info.value)
    assert "unknown fact 'mood'" in text
    assert "fact 'duty_status' cannot be 'asleep'; allowed values: on_duty, off_duty, on_leave" in text


def test_a_topic_and_a_fact_that_contradict_it_are_refused():
    with pytest.raises(checker.FactError, match="topic 'personal_phone_business' means "
                                                "device=personal_phone, but device=work_phone"):
        decide({"topic": "personal_phone_business", "device": "work_phone"})
    with pytest.raises(checker.FactError, match="topic 'driving' asks vehicle only as one of: "
                                                "department_vehicle, other_vehicle"):
        decide({"topic": "driving", "vehicle": "not_driving"})


def test_missing_facts_are_asked_not_guessed():
    result = decide({"topic": "travel"})
    assert result["complete"] is False and result["verdict"] is None
    assert result["questions"][0]["fact"] == "commander_permission"
    assert [o["value"] for o in result["questions"][0]["options"]] == ["yes", "no"]


def test_a_judgement_question_offers_not_sure():
    result = decide({"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
                     "hands_free": "no"})
    question = result["questions"][0]
    assert question["fact"] == "exigent" and question["judgement"]
    assert question["options"][-1] == {"value": "not_sure", "label": "I’m not sure"}


def test_a_topic_narrows_the_options_it_offers():
    question = decide({"topic": "social_media", "device": "work_phone",
                       "vehicle": "not_driving"})["questions"][0]
    assert [o["value"] for o in question["options"]] == ["personal_social_media",
                                                          "work_social_media"]


def test_facts_the_answer_did_not_use_are_listed():
    result = decide({"topic": "travel", "commander_permission": "no", "travel_purpose": "personal",
                     "staff_type": "sworn", "mobile_data": "yes"})
    assert result["complete"] and result["unused"] == ["staff_type", "mobile_data"]
    assert [d["fact"] for d in result["decided_by"]] == ["topic", "commander_permission",
                                                         "travel_purpose"]


def test_normalized_facts_take_json_booleans_and_any_case():
    facts = checker.normalize_facts({"topic": "Travel", "commander_permission": False,
                                     "travel_purpose": " PERSONAL "}, BOOK)
    assert facts == {"topic": "travel", "commander_permission": "no", "travel_purpose": "personal"}
    assert checker.normalize_facts({"staff_type": True}, BOOK) == {"staff_type": True}


def test_public_api():
    assert sorted(checker.__all__) == sorted([
        "Book", "decide", "question", "FactError", "check_facts", "fact_problems",
        "normalize_facts", "facts_from_json", "allowed_values", "VERDICTS", "VERDICT_LABELS",
        "VERDICT_MEANINGS", "NOT_SURE", "RuleConflict"])
    assert all(hasattr(checker, name) for name in checker.__all__)


def test_the_engine_names_no_order():
    """Rules are data: nothing in the engine, the CLI or the page code names an order or its
    sections."""
    import glob
    import os
    import re
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = glob.glob(f"{root}/checker/**/*.py", recursive=True) + [
        f"{root}/web/helper_app.py", f"{root}/web/helper_view.py", f"{root}/web/helper_url.py"]
    named = re.compile(r"I-19|i-19|\b[A-E]-[1-7]\b")
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert not named.findall(text), (path, named.findall(text))
