"""The helper page's plain modules (web/helper_url.py, web/helper_view.py) in CPython, and the
same functions under MicroPython, which runs them in the page."""
import json
import os

import pytest

import checker
from model.quotes import display
from model.tools.orders import load_orders
from tests.mpy import run_micropython
from web import helper_url, helper_view

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = load_orders(os.path.join(ROOT, "policies"))[0].data
SECTIONS = ORDER["sections"]


def test_a_query_gives_its_facts():
    assert helper_url.parse_query("topic=carry&staff_type=sworn&") == (
        {"topic": "carry", "staff_type": "sworn"}, [])
    assert helper_url.parse_query("") == ({}, [])
    assert helper_url.parse_query("topic=social%5Fmedia") == ({"topic": "social_media"}, [])


@pytest.mark.parametrize("query, says", [
    ("topic=carry&rank=captain", "“rank” is not a question this helper asks (the link may be "
                                 "from an older version). Questions for this topic: topic, "
                                 "staff_type, sworn_rank, staff_position, has_work_phone, "
                                 "duty_status, carry_exception, substitute_available."),
    ("rank=captain", "Questions it asks: topic, staff_type, sworn_rank,"),
    ("topic=carry&topic=travel", "“topic” is given twice"),
    ("topic=parking", "“topic=parking” is not an allowed answer to “What do you want to check?”. "
                      "Allowed: carry (Carrying my work phone, or keeping it accessible), "),
    ("topic=%3Cscript%3E", "“topic=<script>” is not an allowed answer"),
    ("topic=%ZZ&x=%C3%28", "“topic=%ZZ” is not an allowed answer"),
])
def test_a_bad_query_says_what_is_wrong_and_starts_afresh(query, says):
    facts, problems = helper_url.parse_query(query)
    assert facts == {}
    assert any(says in p for p in problems), problems


def test_query_round_trip_keeps_the_asking_order():
    facts = {"topic": "driving", "department_vehicle": "yes", "hands_free": "no"}
    query = helper_url.build_query(facts, ["topic", "department_vehicle", "hands_free"])
    assert query == "topic=driving&department_vehicle=yes&hands_free=no"
    assert helper_url.parse_query(query) == (facts, [])
    assert helper_url.quote("a b/ü") == "a%20b%2F%C3%BC"


def test_a_question_is_a_labelled_radio_group():
    html = helper_view.question_html(checker.decide({"topic": "driving"})["questions"][0], 2, True)
    assert '<legend id="helper-question" tabindex="-1"><span class="helper-step">Question 2' in html
    assert ('<input type="radio" id="helper-opt-department_vehicle-yes" '
            'name="department_vehicle" value="yes"><label '
            'for="helper-opt-department_vehicle-yes">Yes</label>') in html
    assert 'data-action="back"' in html


def test_an_answer_quotes_and_links_the_order():
    result = checker.decide({"topic": "carry", "staff_type": "sworn", "sworn_rank":
                             "below_lieutenant", "duty_status": "on_duty",
                             "carry_exception": "precluded_by_rule_or_law"}, SECTIONS)
    html = helper_view.result_html(result, SECTIONS, ORDER, "../")
    assert '<a href="../orders/dgo-i-19/#a-2">A - 2. Carry Requirements for Sworn Members</a>' in html
    # a mid-sentence excerpt is marked as such on both sides
    assert ("<p>… where they are precluded from carrying the phone by rule or law (e.g., court "
            "appearances) …</p>") in html
    assert "Not required" in html and "Conditions" in html
    assert "Exception that applies: A-2 exception: precluded by rule or law" in html


def test_a_list_item_excerpt_has_no_leading_ellipsis():
    paragraphs = SECTIONS["C-6"]["paragraphs"]
    item = ("Adding or removing hardware such as RAM, disc drives, or motherboards to "
            "department computers.")
    assert display(item, paragraphs) == item


def test_not_covered_quotes_nothing_and_says_so():
    html = helper_view.result_html(checker.decide({"topic": "other"}, SECTIONS), SECTIONS, ORDER, "../")
    assert "DGO I-19 has no section on this" in html and "<blockquote" not in html


def test_text_is_escaped():
    assert helper_view.esc('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    html = helper_view.bad_link_html(["“topic=<img src=x>” is not allowed"])
    assert "<img" not in html and 'role="alert"' in html


MPY_SCRIPT = """
import json
import checker
from web import helper_url, helper_view
with open("job.json") as handle:
    job = json.load(handle)
sections = job["sections"]
out = {"queries": [helper_url.parse_query(q) for q in job["queries"]], "html": []}
for facts in job["facts"]:
    result = checker.decide(facts, sections)
    if result["complete"]:
        out["html"].append(helper_view.result_html(result, sections, job["order"], "../"))
    else:
        out["html"].append(helper_view.question_html(result["questions"][0], 1, False))
print(json.dumps(out))
"""


def test_the_page_modules_agree_in_micropython():
    queries = ["topic=carry&staff_type=sworn", "topic=%ZZ&x=%C3%28", "topic=a+b&topic=c",
               "topic=social%5Fmedia&device_kind=personal_phone"]
    facts = [{"topic": "carry"}, {"topic": "other"},
             {"topic": "travel", "commander_permission": "yes", "travel_purpose": "official_business",
              "mobile_data": "yes"}]
    job = {"queries": queries, "facts": facts, "sections": SECTIONS, "order": ORDER}
    out = json.loads(run_micropython(MPY_SCRIPT, packages=("checker", "web"),
                                     files={"job.json": json.dumps(job)}))
    assert out["queries"] == [list(helper_url.parse_query(q)) for q in queries]
    assert out["html"][2] == helper_view.result_html(checker.decide(facts[2], SECTIONS), SECTIONS, ORDER, "../")
    assert out["html"][0].startswith('<form id="helper-form"')
