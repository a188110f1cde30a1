"""Hostile order sources (issue 12): markup in every text of an order builds and is shown as
text, never run, on every page, in the navigation, the table of contents, the page title, the
search results and the apps; malformed titles stop the build with `file:line: field: message`.

An order is copied into a temporary POLICY_DESK_POLICIES folder, its titles and texts laced
with HTML, quotes and Markdown, and the site built from it with `mkdocs build --strict`.
Each case's id is listed, with what it tried and how it fared before this suite, in
tests/cases/hostile_inputs.yaml.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT, build_site, page_errors, serve, stop
from model.tools.orders import SourceError, load_orders

# Markup that would run, break an attribute, a YAML string or Markdown if it went through
# anywhere unescaped. The order title carries all of it; section and part titles (at most
# 200 characters) a shorter form.
PAYLOAD = ("<img src=x onerror=alert(1)> \"q\" 'a' <script>alert(2)</script> & &amp; "
           "{: #x } *em* [l](javascript:alert(3))")
SHORT = "<img src=x onerror=alert(4)> \"q\" 'a' <b>&</b> *e* {#y}"
ORDER_TITLE = "Electronic Communication Devices " + PAYLOAD
# What a page must never show when it escaped a text twice, or escaped it for the wrong place.
DOUBLE_ESCAPED = ("&lt;", "&gt;", "&amp;amp;", "&#39;", "&quot;", "\\<", "\\*", "\\#", "\\[")
PAGES = ("", "orders/", "orders/dgo-i-19/", "glossary/", "helper/", "quiz/", "audit/")
APPS = {"helper/": "#helper-app", "quiz/": "#quiz-app", "audit/": "#audit-app"}

# Counts the markup that would be live if any text had gone through unescaped.
LIVE_MARKUP = """() => {
  const handlers = [...document.querySelectorAll("*")].filter((node) =>
    [...node.attributes].some((a) => a.name.startsWith("on") && a.value.includes("alert")));
  return {
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => s.text.includes("alert(")).length,
    handlers: handlers.length,
    bold: document.querySelectorAll("h1 b, h2 b, h3 b, .md-nav b, title b").length,
    javascript_links: document.querySelectorAll('a[href^="javascript:"]').length,
  };
}"""
NO_LIVE_MARKUP = {"images": 0, "scripts": 0, "handlers": 0, "bold": 0, "javascript_links": 0}


def lace(text, payload):
    return json.dumps(text + " " + payload, ensure_ascii=False)


def hostile_source(text):
    """The order source with markup appended to every title, abbreviation meaning, reference
    note, the first footnote, a list item, a paragraph and the editor's note."""
    text = re.sub(r"(?m)^title: (.*)$", lambda m: "title: " + lace(m.group(1), PAYLOAD), text,
                  count=1)
    # Part titles, section titles (and the signer's title).
    text = re.sub(r"(?m)^(  |    )title: (.*)$",
                  lambda m: m.group(1) + "title: " + lace(m.group(2), SHORT), text)
    text = re.sub(r"(?m)^(  )meaning: (.*)$", lambda m: "  meaning: " + lace(m.group(2), PAYLOAD), text)
    text = re.sub(r"(?m)^(  )note: (.*)$", lambda m: "  note: " + lace(m.group(2), PAYLOAD), text)
    text = text.replace("(e.g., undercover or plainclothes assignment);\n",
                        "(e.g., undercover or plainclothes assignment); <i>x</i> [l](y)\n", 1)
    text = text.replace("(B-2) addresses personal business on a unit computer while on break.",
                        "(B-2) addresses personal business on a unit computer while on break. "
                        "<img src=x onerror=alert(5)>", 1)
    return text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(policies folder, built site, its URL) for the laced order."""
    base = tmp_path_factory.mktemp("hostile")
    policies = base / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    source = policies / "dgo-i-19.yaml"
    laced = hostile_source(source.read_text(encoding="utf-8"))
    assert laced.count(json.dumps(SHORT)[1:-1]) >= 20, "the source's shape changed: the markup did not go in"
    source.write_text(laced, encoding="utf-8")
    site = build_site(base / "site", {"POLICY_DESK_POLICIES": str(policies)})
    server, url = serve(site)
    yield policies, site, url
    stop(server)


@pytest.fixture(scope="module")
def order_data(hostile):
    with open(os.path.join(hostile[1], "data", "orders", "dgo-i-19.json"), encoding="utf-8") as handle:
        return json.load(handle)


def open_page(page, url, path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + path)
    if path in APPS:
        page.wait_for_selector(APPS[path] + '[data-state="ready"]', state="attached")
    return dialogs


def assert_inert(page, dialogs):
    page.wait_for_timeout(100)   # an onerror of a broken image fires after load
    assert page.evaluate(LIVE_MARKUP) == NO_LIVE_MARKUP
    assert dialogs == []
    assert page_errors(page) == []
    shown = page.inner_text("body") + page.title()
    assert [mark for mark in DOUBLE_ESCAPED if mark in shown] == []


@pytest.mark.parametrize("path", PAGES)
def test_markup_in_an_order_is_text_on_every_page(page, hostile, path):
    dialogs = open_page(page, hostile[2], path)
    assert_inert(page, dialogs)
    # The navigation names the order by its title, as text: escaped once, not dropped.
    nav = page.locator(".md-nav__link", has_text="DGO I-19").first.text_content()
    assert ORDER_TITLE in " ".join(nav.split())


def test_order_page_title_headings_and_anchors(page, hostile, order_data):
    dialogs = open_page(page, hostile[2], "orders/dgo-i-19/")
    assert page.title() == f"DGO I-19: {ORDER_TITLE} - Policy Desk"   # a " did not end it
    assert page.inner_text("h1") == f"DGO I-19: {ORDER_TITLE}"
    for section in order_data["sections"].values():
        heading = page.locator(f'h3[id="{section["anchor"]}"]')
        assert " ".join(heading.text_content().split()) == section["heading"] + "¶"
    # Every in-page link (cross-references, footnotes, the table of contents) lands somewhere.
    targets = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map((a) => a.getAttribute("href").slice(1)).filter((id) => id)
        .filter((id) => !document.getElementById(decodeURIComponent(id)))""")
    assert targets == []
    toc = page.locator('.md-sidebar--secondary a[href="#a-1"]').text_content()
    assert " ".join(toc.split()) == order_data["sections"]["A-1"]["heading"]
    tooltip = page.get_attribute("abbr >> nth=0", "title")
    assert tooltip.endswith(PAYLOAD)
    xref = page.locator("article a.xref").first
    target = xref.get_attribute("href")
    xref.click()
    assert page.evaluate("location.hash") == target
    assert_inert(page, dialogs)


def test_markup_in_search_results_is_text(page, hostile):
    dialogs = open_page(page, hostile[2], "orders/dgo-i-19/")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Issuance", delay=30)
    result = page.wait_for_selector(".md-search-result__item")
    assert "<img src=x onerror=alert(4)>" in result.inner_text()
    assert_inert(page, dialogs)


def test_markup_in_the_helpers_answer_is_text(page, hostile):
    dialogs = open_page(page, hostile[2], "helper/")
    page.get_by_label("Using a phone while driving", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    for _ in range(12):   # then the first answer to each question, until the answer shows
        if page.locator("#helper-result-heading").count():
            break
        page.locator("#helper-form input[type=radio]").first.check()
        page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("#helper-result-heading")
    assert SHORT in page.inner_text("#helper-app")       # a quoted section's heading
    assert_inert(page, dialogs)


def test_markup_in_the_quiz_is_text(page, hostile):
    dialogs = open_page(page, hostile[2], "quiz/?seed=11")
    for field, value in (("name", "Dana O'Brien"), ("id", "9123"), ("unit", "Patrol")):
        page.fill(f"#quiz-{field}", value)
    page.get_by_role("button", name="Start the quiz").click()
    page.locator('input[name="quiz-answer"]').first.check()
    page.get_by_role("button", name="Check answer").click()
    page.wait_for_selector(".quiz-verdict")
    assert SHORT in page.inner_text("#quiz-app")         # the cited section's heading
    assert_inert(page, dialogs)


def test_markup_in_the_audit_memos_is_text(page, hostile):
    dialogs = open_page(page, hostile[2], "audit/")
    page.set_input_files("#audit-record", os.path.join(ROOT, "tests", "data", "audit",
                                                       "work-phone-record.csv"))
    page.wait_for_selector("#audit-record-status .audit-ok")
    page.fill("#audit-seed", "s")
    page.click("#audit-draw")
    page.wait_for_selector("#audit-selection-memo article")
    assert ORDER_TITLE in page.inner_text("#audit-selection-memo")
    assert_inert(page, dialogs)


def test_front_matter_and_model_keep_the_text_as_written(hostile, order_data):
    # The model holds the text itself; each page escapes it where it goes.
    assert order_data["title"] == ORDER_TITLE
    assert order_data["sections"]["A-1"]["title"] == "Issuance and Control " + SHORT
    with open(os.path.join(hostile[1], "glossary", "index.html"), encoding="utf-8") as handle:
        glossary = handle.read()
    assert "<img src=x" not in glossary and "&lt;img src=x onerror=alert(1)&gt;" in glossary


# --- sources the validator refuses: one line naming file, line and field ---

def write_order(folder, change):
    shutil.copytree(os.path.join(ROOT, "policies"), folder)
    source = folder / "dgo-i-19.yaml"
    source.write_text(change(source.read_text(encoding="utf-8")), encoding="utf-8")
    return source


REFUSED_TITLES = [
    ("build-title-newline", '"Issuance\\nand Control"', "must be one line"),
    ("build-title-cr", '"Issuance\\rand Control"', "control character U+000D"),
    ("build-title-escape", '"Issuance \\e[31mred"', "control character U+001B"),
    ("build-title-nel", '"Issuance\\x85and Control"', "control character U+0085"),
    ("build-title-line-separator", '"Issuance\\u2028## and Control"', "must be one line"),
    ("build-title-too-long", '"' + "x" * 201 + '"', "at most 200 characters"),
]


@pytest.mark.parametrize("case, title, message", REFUSED_TITLES, ids=[c[0] for c in REFUSED_TITLES])
def test_malformed_titles_stop_the_build_with_file_line_field(tmp_path, case, title, message):
    source = write_order(tmp_path / "policies",
                         lambda text: text.replace("title: Issuance and Control", "title: " + title, 1))
    line = source.read_text(encoding="utf-8").splitlines().index("    title: " + title) + 1
    with pytest.raises(SourceError) as refused:
        load_orders(str(tmp_path / "policies"))
    assert refused.value.errors == [f"{source}:{line}: parts[0].sections[0].title: "
                                    + refused.value.errors[0].split(".title: ", 1)[1]]
    assert message in refused.value.errors[0]


def test_a_refused_source_stops_mkdocs_quickly_with_the_message(tmp_path):
    write_order(tmp_path / "policies",
                lambda text: text.replace("title: Issuance and Control", 'title: "a\\nb"', 1))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(tmp_path / "policies"))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                           str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "parts[0].sections[0].title: a title must be one line" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "site" / "index.html").exists()
    assert time.monotonic() - started < 60
