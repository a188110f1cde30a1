"""The whole case suite under MicroPython (the build the site ships) must give the very same
determinations as CPython: verdicts, cites, quotes, questions and wording, byte for byte once
parsed. Also the error messages for bad facts, which the page shows to people."""
import json
import os

import checker
from model.tools.orders import load_orders
from tests.cases.checker.load import expected, load_cases, observed
from tests.mpy import run_micropython

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD_FACTS = [{"topic": "carry", "rank": "captain"}, {"topic": "parking"},
             {"topic": "driving", "hands_free": True, "exigent": None}, ["carry"]]

SCRIPT = """
import json
import checker
with open("cases.json") as handle:
    job = json.load(handle)
with open("order.json") as handle:
    sections = json.load(handle)["sections"]
out = {"results": [checker.decide(facts, sections) for facts in job["facts"]], "errors": []}
for facts in job["bad"]:
    try:
        checker.decide(facts, sections)
        out["errors"].append(None)
    except checker.FactError as exc:
        out["errors"].append(exc.problems)
print(json.dumps(out))
"""


def test_case_suite_agrees_in_micropython():
    cases = load_cases()
    order = load_orders(os.path.join(ROOT, "policies"))[0].data
    job = {"facts": [c["facts"] for c in cases], "bad": BAD_FACTS}
    files = {"cases.json": json.dumps(job), "order.json": json.dumps(order)}
    out = json.loads(run_micropython(SCRIPT, packages=("checker",), files=files))
    for case, result in zip(cases, out["results"]):
        assert observed(result) == expected(case), case["name"]
        assert result == checker.decide(case["facts"], order["sections"]), case["name"]
    assert out["errors"] == [checker.fact_problems(f) for f in BAD_FACTS]
