"""The built order page: permalinks, links, footnotes, tooltips, version, print, build errors."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from model.tools import orders as policy_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION_IDS = [f"{p}-{n}" for p, count in zip("abcde", (7, 4, 7, 6, 1)) for n in range(1, count + 1)]


@pytest.fixture(scope="module")
def order_html(site_dir):
    with open(os.path.join(site_dir, "orders", "dgo-i-19", "index.html"), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("anchor", SECTION_IDS)
def test_every_subsection_is_a_heading_with_a_permalink(order_html, anchor):
    heading = re.search(rf'<h3 [^>]*\bid="{anchor}"[^>]*>(.*?)</h3>', order_html, re.S)
    assert heading, f"no <h3 id={anchor}>"
    assert f'href="#{anchor}"' in heading.group(1), "heading has no permalink"


def test_internal_references_are_links(order_html):
    for target in ("a-5", "b-2", "d-1", "d-2", "d-4", "part-c"):
        assert re.search(rf'<a class="xref" href="#{target}">', order_html), target


def test_orders_not_on_the_site_are_marked_not_linked_elsewhere(order_html):
    for ref in ("N-05", "D-18", "D-20"):
        links = re.findall(rf'<a class="([^"]+)" href="([^"]+)"[^>]*>(?:<abbr[^>]*>DGO</abbr>|DGO) {ref}</a>', order_html)
        assert links and all(cls == "ref-missing" and href == "#documents-cited" for cls, href in links), links
    assert "Administrative Instruction 71" in order_html
    assert 'id="documents-cited"' in order_html and "not published on Policy Desk" in order_html


def test_footnotes_are_marked_where_they_occur_and_listed(order_html):
    for note in ("1", "2"):
        assert f'<sup class="fn-ref" id="fnref:{note}"><a class="footnote-ref" href="#fn:{note}"' in order_html
        assert f'<li id="fn:{note}">' in order_html
    assert order_html.index('id="fnref:1"') < order_html.index('id="c-5"')  # in C-4, not at the end
    assert order_html.index('id="fnref:2"') < order_html.index('id="d-3"')  # in D-2


def test_abbreviations_have_tooltips(order_html):
    for abbr in ("ITU", "DIT", "IAD", "OIG", "SIM", "RAM", "GPS", "DGO"):
        assert re.search(rf'<abbr title="[^"]+">{abbr}</abbr>', order_html), abbr


def test_page_shows_number_title_status_and_version(order_html):
    version = policy_source.load_orders(os.path.join(ROOT, "policies"))[0].data["version"]
    assert "DGO I-19: Electronic Communication Devices" in order_html
    assert "status--draft" in order_html and "Not signed" in order_html
    assert f"<code title=\"Digest of this order's text as members read it; sign-off records bind to it\">{version}</code>" in order_html


def test_editor_note_in_c4_is_set_apart(order_html):
    c4 = order_html[order_html.index('id="c-4"'):order_html.index('id="c-5"')]
    assert 'class="admonition note editor-note"' in c4 and "not policy text" in c4
    assert re.search(r'<div class="admonition note editor-note"[^>]*>(?:(?!data-policy).)*</div>', c4, re.S)


def test_print_stylesheet_hides_navigation_and_shows_links(site_dir):
    with open(os.path.join(site_dir, "assets", "stylesheets", "policy-desk.css"), encoding="utf-8") as handle:
        css = handle.read()
    print_rules = css[css.index("@media print"):]
    assert ".md-sidebar" in print_rules and ".md-header" in print_rules and "display: none" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def test_home_page_lists_the_orders(site_dir):
    with open(os.path.join(site_dir, "index.html"), encoding="utf-8") as handle:
        home = handle.read()
    assert 'href="orders/dgo-i-19/"' in home and "Electronic Communication Devices" in home


def test_generated_pages_are_not_written_into_docs():
    assert not os.path.exists(os.path.join(ROOT, "docs", "orders"))
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "orders/" not in tracked and "glossary" not in tracked


def test_build_fails_naming_file_line_and_field_for_a_malformed_source(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    source = policies / "dgo-i-19.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("see sections [[A-5]]", "see sections [[A-55]]"), encoding="utf-8")
    line = text[:text.index("see sections [[A-5]]")].count("\n") + 1
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(policies))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                           str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert f"{source}:{line}: parts[2].sections[3].body[0]: reference [[A-55]] does not resolve" in output
    assert "Traceback" not in output


def test_an_order_without_optional_fields_renders(tmp_path):
    from build_scripts import render
    from test_policy_source import MINIMAL
    minimal = MINIMAL.split("footnotes:")[0].replace("selected[^1] phones", "selected phones")
    minimal = minimal.replace("see [[A-1]] above and [[DGO Z-1]].", "see [[A-1]] above.")
    minimal = minimal.replace("date_signed: null\n", "")
    path = tmp_path / "dgo-x-1.yaml"
    path.write_text(minimal, encoding="utf-8")
    order = policy_source.load_order(str(path))
    page = render.render_order(render.environment(), order, {"dgo-x-1"}, [])
    assert 'id="fn:' not in page and "Documents cited" not in page and "Not signed" in page
    # an order no app serves offers no helper or quiz
    assert "decision helper" not in page and "sign-off quiz" not in page
    assert '<a class="xref" href="#a-1">A-1</a>' in page
