"""The decision helper engine in CPython: the case files, rule coverage, the source checks that
fail the build, and the command line."""
import json
import os
import subprocess
import sys

import pytest

import checker
from model.tools.orders import SourceError, load_orders
from checker.tools import site_data as site_build
from checker.engine import deciding_rule
from tests.cases.checker.load import expected, load_cases, observed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = load_cases()


@pytest.fixture(scope="module")
def sections():
    return load_orders(f"{ROOT}/policies")[0].data["sections"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, sections):
    assert observed(checker.decide(case["facts"], sections)) == expected(case)


def _fired(facts):
    """(rule id, exception label or None) that decides complete facts."""
    rule, override = deciding_rule(facts)
    return rule["id"], override["label"] if override else None


def test_every_rule_and_exception_has_a_case():
    """Each base rule and each labelled exception decides at least one case: with the base
    rule's opposite verdict in the exceptions, that gives both sides of every rule."""
    fired = {_fired(c["facts"]) for c in CASES if "asks" not in c}
    wanted = set()
    for rule in checker.all_rules():
        wanted.add((rule["id"], None))
        wanted |= {(rule["id"], e["label"]) for e in rule["exceptions"]}
    assert sorted(wanted - fired, key=str) == []


def test_every_topic_has_an_allowing_and_a_refusing_case():
    # "allowing": no duty or ban follows (for an obligation such as reporting a lost phone, the
    # situation the order leaves alone is the other side)
    allowing = {"permitted", "conditional", "not_required", "not_covered"}
    refusing = {"prohibited", "required", "obligation"}
    by_topic = {}
    for case in CASES:
        if "verdict" in case:
            by_topic.setdefault(case["facts"]["topic"], set()).add(case["verdict"])
    for topic in checker.allowed_values("topic"):
        verdicts = by_topic.get(topic, set())
        if verdicts != {"not_covered"}:
            assert verdicts & allowing and verdicts & refusing, topic


def test_every_quote_is_verbatim_and_every_cite_exists(sections):
    assert checker.source_problems(checker.all_rules(), sections) == []


def test_determination_quotes_the_source(sections):
    result = checker.decide({"topic": "driving", "department_vehicle": "yes",
                             "hands_free": "no", "exigent": "no"}, sections)
    quote = result["quotes"][0]
    assert quote["id"] == "C-2" and quote["url"] == "orders/dgo-i-19/#c-2"
    assert all(any(text in p for p in sections["C-2"]["paragraphs"]) for text in quote["excerpts"])


def test_a_section_quoted_whole_is_the_section(sections):
    result = checker.decide({"topic": "evidence", "device_kind": "work_phone",
                             "investigation_related": "yes"}, sections)
    assert result["quotes"][0]["excerpts"] == sections["A-6"]["paragraphs"]


def test_unknown_facts_and_values_list_what_is_allowed():
    with pytest.raises(checker.FactError) as info:
        checker.decide({"topic": "carry", "mood": "good", "duty_status": "asleep"})
    text = str(info.value)
    assert "unknown fact 'mood'" in text and "duty_status" in text
    assert "cannot be 'asleep'; allowed values: on_duty, off_duty, on_leave" in text


def test_missing_facts_are_asked_not_guessed():
    result = checker.decide({"topic": "travel"})
    assert result["complete"] is False and result["verdict"] is None
    assert result["questions"][0]["fact"] == "commander_permission"
    assert [o["value"] for o in result["questions"][0]["options"]] == ["yes", "no"]


# --- the build fails on rules that cite what the order does not say --------------------------

def _break_source(monkeypatch, section_id, text):
    rule = checker.TOPIC_RULES["driving"][0]
    monkeypatch.setitem(rule, "outcome", dict(rule["outcome"], quotes=[[section_id, text]]))


def test_site_build_rejects_a_missing_section(monkeypatch):
    _break_source(monkeypatch, "C-9", None)
    message = (r"^checker/rules\.py:\d+: driving\.department_vehicle: cites section C-9, "
               r"which the order does not have")
    with pytest.raises(SourceError, match=message):
        site_build.site_files(load_orders(f"{ROOT}/policies"))


def test_site_build_rejects_a_paraphrase(monkeypatch):
    _break_source(monkeypatch, "C-2", "Members shall not drive while on the phone")
    with pytest.raises(SourceError, match="quote is not verbatim from C-2: it matches the policy up to"):
        site_build.site_files(load_orders(f"{ROOT}/policies"))


def test_site_build_writes_the_vocabulary():
    files = site_build.site_files(load_orders(f"{ROOT}/policies"))
    facts = json.loads(files["data/checker/vocabulary.json"])["facts"]
    assert [f["name"] for f in facts] == [f["name"] for f in checker.FACTS]


# --- python -m checker ----------------------------------------------------------------------

def _cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_cli_reads_facts_from_an_argument_and_from_stdin():
    facts = '{"topic": "social_media", "social_account": "personal", "device_kind": "work_phone"}'
    for done in (_cli(facts), _cli(stdin=facts)):
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert (result["verdict"], result["cites"]) == ("prohibited", ["C-4"])


def test_cli_reports_the_questions_still_to_answer():
    done = _cli('{"topic": "driving"}')
    assert done.returncode == 0
    assert json.loads(done.stdout)["questions"][0]["fact"] == "department_vehicle"
    assert "still to answer: department_vehicle (yes, no)" in done.stderr


@pytest.mark.parametrize("facts, message", [
    ('{"topic": "carry", "rank": "captain"}', "unknown fact 'rank'; allowed facts: topic,"),
    ('{"topic": "parking"}', "fact 'topic' cannot be 'parking'; allowed values: carry,"),
    ('{"topic": ', "facts are not valid JSON"),
    ('["carry"]', "facts must be a JSON object"),
])
def test_cli_bad_input_is_explained_without_traceback(facts, message):
    done = _cli(facts)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_vocabulary_lists_facts_values_and_meaning():
    done = _cli("--vocabulary")
    assert done.returncode == 0
    assert "carry_exception: Which exception to the carry requirement applies" in done.stdout
    assert "    - permitted_not_to: " in done.stdout
    as_json = json.loads(_cli("--vocabulary", "--json").stdout)
    assert {"name", "question", "meaning", "values"} <= set(as_json["facts"][0])


def test_site_build_needs_the_order_its_rules_implement():
    message = "^checker/rules.py:1: order: the checker's rules implement dgo-i-19"
    with pytest.raises(SourceError, match=message):
        site_build.site_files([])


def test_public_api():
    assert sorted(checker.__all__) == sorted([
        "decide", "question", "VERDICT_LABELS", "FACTS", "FactError", "allowed_values",
        "check_facts", "fact", "fact_problems", "source_problems", "VERDICTS", "TOPIC_RULES",
        "all_rules", "topic_facts"])
    assert all(hasattr(checker, name) for name in checker.__all__)
