"""The decision helper in the real page (Chromium, MicroPython): every case replayed through
window.policyDeskHelper.decide in one load, one question flow walked by clicking and keyboard,
an answer that rests on a reading linked to the readings page, "not sure", a bad link, a shared
link, and an axe accessibility scan (WCAG A/AA) of a question and an answer."""
import json
import os
from urllib.parse import parse_qsl, urlparse

import pytest

import checker
from tests.cases.checker.load import expected, load_cases, observed, real_rulebook
from tests.conftest import page_errors, serve, stop

READY = '#helper-app[data-state="ready"]'
ORDER, DATA = real_rulebook()
BOOK = checker.Book(DATA)


def open_helper(page, site_url, query=""):
    page.goto(site_url + "helper/" + query)
    page.wait_for_selector(READY)


def query_of(page):
    return dict(parse_qsl(urlparse(page.url).query))


def test_the_build_ships_the_rulebook_it_checked(site_dir):
    # checker.tools.site_data both validates the rules and writes this file: no file, no check
    path = os.path.join(str(site_dir), "data", "checker", "dgo-i-19.json")
    with open(path, encoding="utf-8") as handle:
        assert json.load(handle) == json.loads(json.dumps(DATA))


def test_every_case_replays_in_the_page(page, site_url):
    cases = load_cases()
    open_helper(page, site_url)
    texts = page.evaluate("all => all.map(f => window.policyDeskHelper.decide(JSON.stringify(f)))",
                          [c["facts"] for c in cases])
    for case, text in zip(cases, texts):
        result = json.loads(text)
        assert observed(result, case) == expected(case), case["name"]
        assert result == checker.decide(case["facts"], BOOK, ORDER.data["sections"]), case["name"]
    bad = json.loads(page.evaluate("window.policyDeskHelper.decide('{\"topic\": \"parking\"}')"))
    assert "allowed values: carry," in bad["error"][0]
    assert json.loads(page.evaluate("window.policyDeskHelper.decide('not json')"))["error"]
    # read as the command line reads facts: booleans and any letter case
    loose = json.loads(page.evaluate(
        "window.policyDeskHelper.decide('{\"topic\": \"Travel\", \"commander_permission\": false,"
        " \"travel_purpose\": \"personal\"}')"))
    assert loose["verdict"] == "prohibited"
    assert page_errors(page) == []


def choose(page, label):
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_question_flow_by_clicking_and_keyboard(page, site_url):
    open_helper(page, site_url)
    page.get_by_role("button", name="Continue").click()          # nothing chosen yet
    assert page.locator("#helper-error").inner_text() == ("Choose one of the answers, then "
                                                          "press Continue.")
    choose(page, "Using a phone while driving")
    assert page.evaluate("document.activeElement.id") == "helper-question"
    choose(page, "My work cell phone")
    choose(page, "Yes, a Department vehicle")
    choose(page, "No")                                               # not hands-free
    page.keyboard.press("Tab")                                       # keyboard only: "Yes"
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    choose(page, "Department business or other work-related functions")
    choose(page, "No")                                               # not distracting
    heading = page.locator("#helper-result-heading")
    assert heading.inner_text().startswith("Permitted")
    assert page.evaluate("document.activeElement.id") == "helper-result-heading"
    assert page.locator("#helper-status").inner_text().startswith("Answer ready: Permitted")
    assert query_of(page) == {"topic": "driving", "device": "work_phone",
                              "vehicle": "department_vehicle", "hands_free": "no",
                              "exigent": "yes", "purpose": "work", "distracting": "no"}
    result = page.locator(".helper-result").inner_text()
    assert "Your judgement of whether exigent circumstances exist (you answered “Yes”)" in result
    assert "C-2 allows phone use while driving a Department vehicle while exigent" in result
    assert "unless exigent circumstances exist" in page.locator(".helper-quote").nth(1).inner_text()
    page.get_by_role("button", name="Change my last answer").click()
    assert page.locator("#helper-question").inner_text().endswith(
        "Would the use distract you from your duty or interfere with your safety?")
    choose(page, "Yes")
    assert heading.inner_text().startswith("Prohibited")
    link = page.locator(".helper-quote figcaption a").first
    assert link.get_attribute("href") == "../orders/dgo-i-19/#c-1"
    link.click()
    page.wait_for_url("**/orders/dgo-i-19/#c-1")
    assert page.locator("#c-1").count() == 1
    assert page_errors(page) == []


def test_an_answer_links_the_reading_it_rests_on(page, site_url):
    open_helper(page, site_url, "?topic=personal_use&device=other_work_device"
                                "&purpose=personal_business")
    assert page.locator("#helper-result-heading").inner_text().startswith("Prohibited")
    captions = page.locator(".helper-quote figcaption").all_inner_texts()
    assert captions == ["DGO I-19, C - 4. Use of Work Cell Phones and Work Electronic Devices "
                        "for Personal Business"]                          # defect 5: not A-4
    page.get_by_role("link", name="Personal business on a work tablet or other device (B-2, C-4)").click()
    page.wait_for_url("**/helper/readings/#dgo-i-19-tablets-not-laptops")
    target = page.locator("#dgo-i-19-tablets-not-laptops")
    assert target.count() == 1 and "work tablet" in target.inner_text()
    assert "How the helper reads it (Policy Desk’s reading, not policy)" in page.content()
    assert page.locator("nav").get_by_text("How the helper reads the order").count() >= 1
    assert page_errors(page) == []


def test_not_sure_gives_the_answer_each_way(page, site_url):
    open_helper(page, site_url, "?topic=inspection&device=work_phone&examination=search")
    choose(page, "I’m not sure")
    assert page.locator("#helper-result-heading").inner_text().startswith("It depends")
    branches = page.locator(".helper-branches").inner_text()
    assert "If your answer is “Yes”: Permitted" in branches
    assert "If your answer is “No”: Prohibited" in branches
    assert page_errors(page) == []


@pytest.mark.parametrize("query, says", [
    ("?topic=carry&rank=captain", "“rank” is not a question this helper asks"),
    ("?topic=carry&duty_status=asleep", "“duty_status=asleep” is not an allowed answer to "
                                        "“Are you on duty, off duty, or on leave?”. Allowed: "
                                        "on_duty (On duty)"),
])
def test_a_bad_link_explains_and_starts_afresh(page, site_url, query, says):
    open_helper(page, site_url, query)
    notice = page.get_by_role("alert")
    assert "could not be used, so the helper started afresh" in notice.inner_text()
    assert says in notice.inner_text()
    assert page.locator("#helper-question").inner_text().endswith("What do you want to check?")
    assert query_of(page) == {}
    assert "Traceback" not in page.content()
    assert page_errors(page) == []


def test_a_shared_link_opens_on_its_answer_and_drops_unneeded_answers(page, site_url):
    open_helper(page, site_url, "?topic=social_media&device=personal_phone"
                                "&purpose=work_social_media&on_break=yes")
    assert page.locator("#helper-result-heading").inner_text().startswith("Prohibited")
    assert "on_break=yes" in page.get_by_role("status").filter(has_text="left out").inner_text()
    assert "on_break" not in query_of(page)
    assert page_errors(page) == []


def test_question_and_answer_pass_axe(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    answers = ("?topic=travel&commander_permission=no&travel_purpose=official_business"
               "&mobile_data=yes")
    for scheme in ("light", "dark"):          # Material picks its slate scheme for "dark"
        page.emulate_media(color_scheme=scheme)
        for query in ("?topic=carry", answers,
                      "?topic=inspection&device=work_phone&examination=search"
                      "&reasonable_grounds=not_sure"):
            open_helper(page, site_url, query)
            results = Axe().run(page, context="#helper-app", options=options)
            assert results.violations_count == 0, (scheme, query, results.generate_report())


def test_the_helper_works_under_a_sub_path(page, site_dir, tmp_path):
    (tmp_path / "policy-desk").symlink_to(site_dir, target_is_directory=True)
    server, url = serve(tmp_path)
    try:
        open_helper(page, url + "policy-desk/", "?topic=lost_device&device=work_phone")
        assert page.locator("#helper-result-heading").inner_text().startswith("You must act")
        page.locator(".helper-quote figcaption a").click()
        page.wait_for_url(url + "policy-desk/orders/dgo-i-19/#a-7")
    finally:
        stop(server)
    assert page_errors(page) == []
