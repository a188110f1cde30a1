"""The decision helper in the real page (Chromium, MicroPython): every case replayed through
window.policyDeskHelper.decide in one load, one question flow walked by clicking and keyboard,
a bad link, and an axe accessibility scan (WCAG A/AA) of a question and an answer."""
import json
import os
from urllib.parse import parse_qsl, urlparse

import pytest

import checker
from model.tools.orders import load_orders
from tests.cases.checker.load import expected, load_cases, observed
from tests.conftest import page_errors, serve, stop

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READY = '#helper-app[data-state="ready"]'


def open_helper(page, site_url, query=""):
    page.goto(site_url + "helper/" + query)
    page.wait_for_selector(READY)


def query_of(page):
    return dict(parse_qsl(urlparse(page.url).query))


def test_the_build_ran_the_checker_source_checks(site_dir):
    # checker.site_build both checks every citation and writes this file: no file, no check
    path = os.path.join(str(site_dir), "data", "checker", "vocabulary.json")
    with open(path, encoding="utf-8") as handle:
        assert json.load(handle)["facts"][0]["name"] == "topic"


def test_every_case_replays_in_the_page(page, site_url):
    cases = load_cases()
    sections = load_orders(os.path.join(ROOT, "policies"))[0].data["sections"]
    open_helper(page, site_url)
    texts = page.evaluate("all => all.map(f => window.policyDeskHelper.decide(JSON.stringify(f)))",
                          [c["facts"] for c in cases])
    for case, text in zip(cases, texts):
        result = json.loads(text)
        assert observed(result) == expected(case), case["name"]
        assert result == checker.decide(case["facts"], sections), case["name"]
    bad = json.loads(page.evaluate("window.policyDeskHelper.decide('{\"topic\": \"parking\"}')"))
    assert "allowed values: carry," in bad["error"][0]
    assert json.loads(page.evaluate("window.policyDeskHelper.decide('not json')"))["error"]
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
    choose(page, "Yes")                                              # a Department vehicle
    choose(page, "No")                                               # not hands-free
    page.keyboard.press("Tab")                                       # keyboard only: "Yes"
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    heading = page.locator("#helper-result-heading")
    assert heading.inner_text().startswith("Permitted with conditions")
    assert page.evaluate("document.activeElement.id") == "helper-result-heading"
    assert page.locator("#helper-status").inner_text().startswith("Answer ready: Permitted")
    assert query_of(page) == {"topic": "driving", "department_vehicle": "yes",
                              "hands_free": "no", "exigent": "yes"}
    link = page.locator(".helper-quote figcaption a")
    assert link.get_attribute("href") == "../orders/dgo-i-19/#c-2"
    assert "unless exigent circumstances exist" in page.locator(".helper-quote").inner_text()
    page.get_by_role("button", name="Change my last answer").click()
    assert page.locator("#helper-question").inner_text().endswith("Do exigent circumstances exist?")
    choose(page, "No")
    assert heading.inner_text().startswith("Prohibited")
    link.click()
    page.wait_for_url("**/orders/dgo-i-19/#c-2")
    assert page.locator("#c-2").count() == 1
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
    open_helper(page, site_url, "?topic=social_media&social_account=work&device_kind="
                                "personal_phone&on_break=yes")
    assert page.locator("#helper-result-heading").inner_text().startswith("Prohibited")
    assert "on_break=yes" in page.get_by_role("status").filter(has_text="left out").inner_text()
    assert "on_break" not in query_of(page)
    assert page_errors(page) == []


def test_question_and_answer_pass_axe(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    for scheme in ("light", "dark"):          # Material picks its slate scheme for "dark"
        page.emulate_media(color_scheme=scheme)
        for query in ("?topic=carry", "?topic=lost_device&device_kind=work_phone"):
            open_helper(page, site_url, query)
            results = Axe().run(page, context="#helper-app", options=options)
            assert results.violations_count == 0, (scheme, query, results.generate_report())


def test_the_helper_works_under_a_sub_path(page, site_dir, tmp_path):
    (tmp_path / "policy-desk").symlink_to(site_dir, target_is_directory=True)
    server, url = serve(tmp_path)
    try:
        open_helper(page, url + "policy-desk/", "?topic=evidence&device_kind=work_phone"
                                                "&investigation_related=yes")
        assert page.locator("#helper-result-heading").inner_text().startswith("You must act")
        page.locator(".helper-quote figcaption a").click()
        page.wait_for_url(url + "policy-desk/orders/dgo-i-19/#a-6")
    finally:
        stop(server)
    assert page_errors(page) == []
