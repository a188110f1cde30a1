"""The published order is the official text, verbatim, and nothing else is shown as policy.

Text is read from the built page in Chromium (what a member sees), from every element marked
data-policy; permalink marks, footnote markers and back-links are page furniture and hidden
before reading.
"""
import pytest

from policy_text import normalize, official_paragraphs

FURNITURE = ".headerlink, .fn-ref, .footnote-backref"
# Hidden through the CSSOM: the pages' Content-Security-Policy refuses an injected <style>.
HIDE = "selector => document.querySelectorAll(selector).forEach(e => e.style.setProperty('display', 'none', 'important'))"


@pytest.fixture(scope="module")
def policy_blocks(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "orders/dgo-i-19/")
    page.evaluate(HIDE, FURNITURE)
    blocks = page.eval_on_selector_all("[data-policy]", "els => els.map(e => e.innerText)")
    notes = page.eval_on_selector_all(".editor-note", "els => els.map(e => e.innerText)")
    context.close()
    return blocks, notes


def test_every_official_paragraph_appears_verbatim(policy_blocks):
    blocks, _ = policy_blocks
    page_text = normalize(" ".join(blocks))
    missing = [p for p in official_paragraphs() if p not in page_text]
    assert not missing, f"{len(missing)} official paragraphs missing or altered: {missing[:3]}"


def test_nothing_else_is_presented_as_policy_text(policy_blocks):
    blocks, _ = policy_blocks
    official = normalize(" ".join(official_paragraphs()))
    lines = [normalize(line) for block in blocks for line in block.split("\n") if line.strip()]
    extra = [line for line in lines if line not in official]
    assert lines and not extra, f"text shown as policy that is not in the official text: {extra[:3]}"


def test_editor_notes_are_marked_and_not_policy(policy_blocks):
    blocks, notes = policy_blocks
    assert notes, "the C-4 editor's note should be on the page"
    assert all("not policy text" in note for note in notes)
    official = normalize(" ".join(official_paragraphs()))
    assert all(normalize(note.split("\n")[-1]) not in official for note in notes)


def test_reference_reader_sees_the_whole_order():
    paragraphs = official_paragraphs()
    assert any(p.startswith("A - 1. Issuance and Control") for p in paragraphs)
    assert any(p.startswith("Random selection shall be accomplished") for p in paragraphs)
    assert not any("[bookmark" in p or "footnoteRef" in p for p in paragraphs)
