"""The whole case suite under MicroPython (the build the site ships), on the rulebook JSON the
site ships, must give the very same determinations as CPython: verdicts, cites, quotes,
questions and wording, identical once parsed. Also the bounded messages for bad facts and bad
JSON text, which the page shows to people."""
import json

import checker
from checker.tools.site_data import rulebook_json
from tests.cases.checker.load import expected, load_cases, observed, real_rulebook
from tests.mpy import run_micropython

ORDER, DATA = real_rulebook()
BOOK = checker.Book(DATA)
BAD_FACTS = [{"topic": "carry", "rank": "captain"}, {"topic": "parking"},
             {"topic": "driving", "hands_free": True, "exigent": None}, ["carry"],
             {"topic": "x" * 5000}, {"topic": "personal_phone_business", "device": "work_phone"}]
BAD_TEXTS = ["[" * 5000 + "]" * 5000, '{"topic": ', "x" * 70000]

SCRIPT = """
import json
import checker
with open("job.json") as handle:
    job = json.load(handle)
with open("rulebook.json") as handle:
    book = checker.Book(json.load(handle))
sections = job["sections"]
out = {"results": [checker.decide(facts, book, sections) for facts in job["facts"]],
       "errors": [], "texts": []}
for facts in job["bad"]:
    try:
        checker.decide(facts, book, sections)
        out["errors"].append(None)
    except checker.FactError as exc:
        out["errors"].append(exc.problems)
for text in job["texts"]:
    try:
        checker.facts_from_json(text)
        out["texts"].append(None)
    except checker.FactError as exc:
        out["texts"].append(exc.problems)
print(json.dumps(out))
"""


def test_case_suite_agrees_in_micropython():
    cases = load_cases()
    job = {"facts": [c["facts"] for c in cases], "bad": BAD_FACTS, "texts": BAD_TEXTS,
           "sections": ORDER.data["sections"]}
    files = {"job.json": json.dumps(job), "rulebook.json": rulebook_json(DATA)}
    out = json.loads(run_micropython(SCRIPT, packages=("checker",), files=files))
    for case, result in zip(cases, out["results"]):
        assert observed(result, case) == expected(case), case["name"]
        assert result == checker.decide(case["facts"], BOOK, ORDER.data["sections"]), case["name"]
    assert out["errors"] == [checker.fact_problems(f, BOOK) for f in BAD_FACTS]
    assert all(len(" ".join(problems)) < 2000 for problems in out["errors"])
    expected_texts = []
    for text in BAD_TEXTS:
        try:
            checker.facts_from_json(text)
        except checker.FactError as exc:
            expected_texts.append(exc.problems)
    # the parser's own detail differs between runtimes; the message around it does not
    assert [t[0].split(" (")[0] for t in out["texts"]] == [t[0].split(" (")[0] for t in expected_texts]
    assert out["texts"][0] == expected_texts[0] and out["texts"][2] == expected_texts[2]
    assert "nested 5000 levels deep; at most 8" in out["texts"][0][0]
