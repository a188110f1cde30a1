"""Material's search over the built site lands on the subsection a phrase comes from."""
import os
import re

import pytest
import yaml

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "search_phrases.yaml")
with open(CASES, encoding="utf-8") as handle:
    PHRASES = yaml.safe_load(handle)


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


def search(page, query):
    """Type like a person (Material reads the query on key-up) and return result hrefs."""
    page.keyboard.press("Escape")
    page.locator("input.md-search__input").click()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=10)
    # Results render as the worker answers each keystroke; wait for the final query's.
    terms = [t for t in re.split(r"\W+", query.lower()) if len(t) > 3]
    page.wait_for_function(
        """terms => [...document.querySelectorAll('.md-search-result__link')]
             .some(a => terms.every(t => decodeURIComponent(a.href).toLowerCase().includes(t)))""",
        arg=terms[-1:], timeout=10000)
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")


@pytest.mark.parametrize("case", PHRASES, ids=lambda c: c["query"])
def test_phrase_lands_on_its_subsection(search_page, case):
    hrefs = search(search_page, case["query"])
    sections = [h for h in hrefs if "#" in h]
    assert sections, f"no section results for {case['query']!r}: {hrefs}"
    assert sections[0].endswith("#" + case["section"]), f"first section result: {sections[:3]}"


def test_clicking_a_result_opens_the_order_at_that_section(search_page, site_url):
    search(search_page, "gambling websites")
    search_page.locator(".md-search-result__link[href*='#c-7']").first.click()
    search_page.wait_for_url(re.compile(r"orders/dgo-i-19/.*#c-7$"))
    assert search_page.locator("#c-7").is_visible()
