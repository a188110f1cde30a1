"""The helper page's plain modules (web/helper_url.py, web/helper_view.py) in CPython, and the
same functions under MicroPython, which runs them in the page."""
import json

import pytest

import checker
from checker.tools.site_data import rulebook_json
from model.quotes import display
from tests.cases.checker.load import real_rulebook
from tests.mpy import run_micropython
from web import helper_url, helper_view

ORDER_MODEL, DATA = real_rulebook()
ORDER = ORDER_MODEL.data
SECTIONS = ORDER["sections"]
BOOK = checker.Book(DATA)


def decide(facts):
    return checker.decide(facts, BOOK, SECTIONS)


def test_a_query_gives_its_facts():
    assert helper_url.parse_query("topic=carry&staff_type=sworn&", BOOK) == (
        {"topic": "carry", "staff_type": "sworn"}, [])
    assert helper_url.parse_query("", BOOK) == ({}, [])
    assert helper_url.parse_query("topic=social%5Fmedia", BOOK) == ({"topic": "social_media"}, [])
    assert helper_url.parse_query("exigent=not_sure", BOOK) == ({"exigent": "not_sure"}, [])


@pytest.mark.parametrize("query, says", [
    ("topic=carry&rank=captain", "“rank” is not a question this helper asks (the link may be "
                                 "from an older version). Questions for this topic: topic, "
                                 "staff_type, sworn_appointment, has_work_phone, sworn_rank, "
                                 "staff_position, own_position, duty_status, "
                                 "substitute_available, "
                                 "carry_exception."),
    ("rank=captain", "Questions it asks: topic, activity, staff_type,"),
    ("topic=carry&topic=travel", "“topic” is given twice"),
    ("topic=parking", "“topic=parking” is not an allowed answer to “What do you want to check?”. "
                      "Allowed: carry (Carrying my work phone, or keeping it accessible), "),
    ("topic=%3Cscript%3E", "“topic=<script>” is not an allowed answer"),
    ("topic=%ZZ&x=%C3%28", "“topic=%ZZ” is not an allowed answer"),
    ("topic=" + "x" * 500, "“topic=" + "x" * 40 + "…” is not an allowed answer"),
])
def test_a_bad_query_says_what_is_wrong_and_starts_afresh(query, says):
    facts, problems = helper_url.parse_query(query, BOOK)
    assert facts == {}
    assert any(says in p for p in problems), problems


def test_query_round_trip_keeps_the_asking_order():
    facts = {"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle"}
    query = helper_url.build_query(facts, ["topic", "device", "vehicle"])
    assert query == "topic=driving&device=work_phone&vehicle=department_vehicle"
    assert helper_url.parse_query(query, BOOK) == (facts, [])
    assert helper_url.quote("a b/ü") == "a%20b%2F%C3%BC"


def test_a_question_is_a_labelled_radio_group():
    question = decide({"topic": "driving"})["questions"][0]
    html = helper_view.question_html(question, 2, True)
    assert '<legend id="helper-question" tabindex="-1"><span class="helper-step">Question 2' in html
    assert ('<input type="radio" id="helper-opt-device-work_phone" name="helper-device" '
            'value="work_phone"><label for="helper-opt-device-work_phone">My work cell phone'
            '</label>') in html
    assert 'data-action="back"' in html
    # the driving topic offers phones only
    assert "unit_computer" not in html


def test_an_answer_quotes_and_links_the_order():
    result = decide({"topic": "carry", "staff_type": "sworn", "has_work_phone": "yes",
                     "sworn_rank": "below_lieutenant", "duty_status": "on_duty",
                     "carry_exception": "precluded_by_rule_or_law"})
    html = helper_view.result_html(result, SECTIONS, ORDER, "../")
    assert '<a href="../orders/dgo-i-19/#a-2">A - 2. Carry Requirements for Sworn Members</a>' in html
    assert ("<p>… where they are precluded from carrying the phone by rule or law (e.g., court "
            "appearances) …</p>") in html
    assert "Not required" in html and "Conditions" in html
    assert "Exception that applies: A-2 exception: precluded by rule or law" in html
    assert "<h3>Also applies to your situation</h3>" in html and "Keep the phone secured" in html


def test_an_answer_says_what_it_rests_on_and_links_the_reading():
    result = decide({"topic": "personal_use", "device": "other_work_device",
                     "purpose": "personal_business"})
    html = helper_view.result_html(result, SECTIONS, ORDER, "../")
    assert ('A reading of the order: <a href="../helper/readings/#dgo-i-19-tablets-not-laptops">'
            'Personal business on a work tablet or other device (B-2, C-4)</a>') in html
    result = decide({"topic": "inspection", "device": "work_phone", "examination": "search",
                     "reasonable_grounds": "yes"})
    html = helper_view.result_html(result, SECTIONS, ORDER, "../")
    assert "Your judgement of whether the grounds are reasonable (you answered “Yes”)" in html


def test_a_conditional_answer_shows_each_way():
    result = decide({"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
                     "hands_free": "no", "exigent": "not_sure", "purpose": "work",
                     "distracting": "no"})
    html = helper_view.result_html(result, SECTIONS, ORDER, "../")
    assert "It depends" in html
    assert "If your answer is “Yes”: <strong>Permitted</strong>" in html
    assert "If your answer is “No”: <strong>Prohibited</strong>" in html


def test_a_list_item_excerpt_has_no_leading_ellipsis():
    paragraphs = SECTIONS["C-6"]["paragraphs"]
    item = ("2. Adding or removing hardware such as RAM, disc drives, or motherboards to "
            "department computers.")
    assert display(item, paragraphs) == item


def test_not_covered_without_a_section_says_so():
    html = helper_view.result_html(decide({"topic": "other"}), SECTIONS, ORDER, "../")
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
with open("rulebook.json") as handle:
    book = checker.Book(json.load(handle))
sections = job["sections"]
out = {"queries": [helper_url.parse_query(q, book) for q in job["queries"]], "html": []}
for facts in job["facts"]:
    result = checker.decide(facts, book, sections)
    if result["complete"]:
        out["html"].append(helper_view.result_html(result, sections, job["order"], "../"))
    else:
        out["html"].append(helper_view.question_html(result["questions"][0], 1, False))
print(json.dumps(out))
"""


def test_the_page_modules_agree_in_micropython():
    queries = ["topic=carry&staff_type=sworn", "topic=%ZZ&x=%C3%28", "topic=a+b&topic=c",
               "topic=social%5Fmedia&device=personal_phone", "a=1&" * 20000]
    facts = [{"topic": "carry"}, {"topic": "other"},
             {"topic": "travel", "commander_permission": "yes", "travel_purpose": "official_business",
              "mobile_data": "yes"},
             {"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
              "hands_free": "no", "exigent": "not_sure", "purpose": "work", "distracting": "no"}]
    job = {"queries": queries, "facts": facts, "sections": SECTIONS, "order": ORDER}
    out = json.loads(run_micropython(MPY_SCRIPT, packages=("checker", "web"),
                                     files={"job.json": json.dumps(job),
                                            "rulebook.json": rulebook_json(DATA)}))
    assert out["queries"] == [list(helper_url.parse_query(q, BOOK)) for q in queries]
    for index in (1, 2, 3):
        assert out["html"][index] == helper_view.result_html(decide(facts[index]), SECTIONS,
                                                             ORDER, "../")
    assert out["html"][0].startswith('<form id="helper-form"')
