"""Every page of the built site: nothing leaves the origin, and axe finds no serious or
critical accessibility violation (WCAG 2.1 A/AA rules)."""
import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import page_errors

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# Every page of the site (the first test proves the list complete) and the 404 page.
PAGES = ["", "orders/", "orders/dgo-i-19/", "glossary/", "helper/", "quiz/", "audit/"]


def site_pages(site_dir):
    pages = []
    for folder, _dirs, names in os.walk(site_dir):
        if "index.html" in names:
            rel = os.path.relpath(folder, site_dir).replace(os.sep, "/")
            pages.append("" if rel == "." else rel + "/")
    return sorted(pages)


@pytest.mark.parametrize("page_path", PAGES + ["404.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_is_self_contained_and_accessible(page, site_url, page_path, scheme):
    # The `context` fixture fails the test if any request left 127.0.0.1.
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + page_path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    blocking = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking
    assert not [e for e in page_errors(page) if "404" not in page_path and "Failed to load" in e]
