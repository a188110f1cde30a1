"""The coverage matrix page in Chromium: totals and rows as the data has them, a rule opening
the helper at that rule, a question shown with its text and explanation, the order page's link,
print, accessibility (axe), verbatim clause text, and no place in the search index."""
import json
import os
import re
from urllib.parse import parse_qsl, urlparse

import pytest

from build_scripts import coverage
from checker import VERDICT_LABELS, Book, decide
from checker.tools.rules_source import load_rulebook
from model.tools.orders import load_orders
from policy_text import normalize, official_paragraphs
from tests.conftest import page_errors

PAGE = "orders/dgo-i-19/coverage/"
READY = '#helper-app[data-state="ready"]'


@pytest.fixture(scope="module")
def matrix():
    orders = load_orders()
    return coverage.build(orders[0], coverage.collect(orders))


def cell_number(page, label):
    text = page.locator(".coverage-totals tr", has_text=label).locator("td").inner_text()
    return int(text.split()[0])


def test_totals_and_rows_are_the_data_on_a_phone(page, site_url, matrix):
    page.goto(site_url + PAGE)
    totals = matrix["totals"]
    assert cell_number(page, "Normative clauses") == totals["clauses"]
    assert cell_number(page, "Quoted by the helper and the quiz") == totals["both"]
    assert cell_number(page, "Quoted by neither") == totals["neither"]
    assert cell_number(page, "Marked") == totals["marked"]
    rows = page.locator(".coverage-table:not(.coverage-table--other) tbody tr")
    assert rows.count() == totals["clauses"]
    marked = [r["clause"]["id"] for r in matrix["rows"] if r["category"] == "marked"]
    assert page.locator(".coverage-row--marked .coverage-id").all_inner_texts() == marked
    # mobile first: each row is a card with its own labels, and nothing scrolls sideways
    assert page.locator("#clause-a-2-2 .coverage-label").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page_errors(page) == []


def test_a_rule_opens_the_helper_at_a_situation_that_reaches_it(page, site_url):
    page.goto(site_url + PAGE)
    link = page.locator("#clause-c-2-1 td").first.locator("a").first
    rule_id = link.inner_text()
    link.click()
    page.wait_for_selector(READY)
    facts = dict(parse_qsl(urlparse(page.url).query))
    result = decide(facts, Book(load_rulebook(load_orders()[0])))
    assert result["complete"]
    assert rule_id in [f["rule"] for f in result["findings"] + result["provisions"]]
    heading = page.locator("#helper-result-heading").inner_text()
    assert heading.startswith(VERDICT_LABELS[result["verdict"]])
    assert page_errors(page) == []


def test_a_question_shows_its_text_and_explanation(page, site_url, matrix):
    page.goto(site_url + PAGE)
    question = next(q for q in matrix["citations"]["question"] if q["id"] == "c7-adult-site-break")
    page.locator("#clause-c-7-3").get_by_role("link", name="c7-adult-site-break").click()
    page.wait_for_url(site_url + PAGE + "cited/#question-c7-adult-site-break")
    shown = page.locator("#question-c7-adult-site-break")
    assert shown.is_visible() and question["title"] in shown.inner_text()
    explanation = dict(question["detail"])["Explanation"]
    assert " ".join(explanation.split()) in " ".join(shown.inner_text().split())
    # and back from the question to the clauses it quotes
    shown.get_by_role("link", name="C-7.3").click()
    page.wait_for_url(site_url + PAGE + "#clause-c-7-3")
    assert page.locator("#clause-c-7-3").is_visible()


def test_the_order_page_links_to_its_matrix(page, site_url):
    page.goto(site_url + "orders/dgo-i-19/")
    page.get_by_role("link", name=re.compile("which decision helper rules and quiz questions")).click()
    page.wait_for_url(site_url + PAGE)
    assert page.locator("h1").inner_text().startswith("Coverage of DGO I-19")


def test_print_gives_the_matrix_as_tables(page, site_url):
    page.goto(site_url + PAGE)
    page.emulate_media(media="print")
    for furniture in (".md-header", ".md-sidebar--primary", ".md-footer", ".order-actions"):
        assert not page.locator(furniture).first.is_visible(), furniture
    header = page.locator("#table-part-c thead")
    assert header.evaluate("el => getComputedStyle(el).display") == "table-header-group"
    assert not page.locator(".coverage-label").first.is_visible()
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50000


def test_the_page_passes_axe(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    # the totals, part E (rows quoted by both) and the footnotes (a row marked, with its note
    # and a link): every kind of content the page has, in a context small enough to be quick
    context = {"include": [[".coverage-totals"], ["#table-part-e"], ["#table-footnotes"]]}
    page.set_viewport_size({"width": 1280, "height": 900})    # the table layout
    for scheme in ("light", "dark"):           # Material picks its slate scheme for "dark"
        page.emulate_media(color_scheme=scheme)
        page.goto(site_url + PAGE)
        results = Axe().run(page, context=context, options=options)
        assert results.violations_count == 0, (scheme, results.generate_report())


def test_clause_text_is_the_orders_verbatim(page, site_url):
    page.goto(site_url + PAGE)
    official = normalize(" ".join(official_paragraphs()))
    shown = page.eval_on_selector_all('[data-policy="clause"]', "els => els.map(e => e.innerText)")
    assert len(shown) > 80
    numbered = re.compile(r"^\d+\. ")
    assert [t for t in shown if normalize(numbered.sub("", t)) not in official] == []


def test_the_matrix_is_not_in_the_search_index(site_dir):
    # both pages repeat the order's words: a phrase searched for must land on the order
    with open(os.path.join(str(site_dir), "search", "search_index.json"), encoding="utf-8") as handle:
        locations = [doc["location"] for doc in json.load(handle)["docs"]]
    assert any(loc.startswith("orders/dgo-i-19/") for loc in locations)
    assert not any("coverage" in loc for loc in locations)
