"""Content-Security-Policy (issue 12, item 6; build_scripts/csp.py).

Every built page carries a policy in a meta tag that names exactly its own inline scripts
and styles; every page loads and every app runs under it with no violation; it still holds
for pages the service worker serves offline; `mkdocs serve` keeps its livereload; and the
watcher that fails every browser test on a violation (tests/conftest.py) does catch one.
"""
import base64
import hashlib
import os
import re
import subprocess
import sys
import textwrap

import pytest

from app_flows import audit_answer, helper_answer, quiz_answer, site_pages, wait_for_app
from build_scripts import csp
from conftest import ROOT, csp_violations, page_errors
from test_offline import mkdocs_serve, wait_until_saved  # noqa: F401 (a fixture)

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Independent of csp.py's parser: an inline script is a <script> without src whose type a
# browser runs; the pages' only other <script> blocks are JSON data and Python.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"(?!module\")[^\"]*\")[^>]*>(.*?)</script>", re.S)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


def read(site_dir, path):
    with open(os.path.join(site_dir, path), encoding="utf-8") as handle:
        return handle.read()


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directive(policy, name):
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return None


def test_every_page_names_exactly_its_own_inline_code(site_dir):
    pages = csp.html_pages(site_dir)
    assert len(pages) >= 8 and "404.html" in pages
    for path in pages:
        text = read(site_dir, path)
        policy = META.search(text)
        assert policy, f"{path}: no Content-Security-Policy meta tag"
        # A meta policy governs only what follows it: it must come before any script or style.
        assert policy.start() < min(text.find("<script"), text.find("<link")), path
        policy = policy.group(1)
        scripts = INLINE_SCRIPT.findall(text)
        assert scripts, f"{path}: Material's inline scripts not found; is the pattern stale?"
        hashes = {source for source in directive(policy, "script-src") if source.startswith("'sha256-")}
        assert hashes == {sha256(script) for script in scripts}, path
        style_hashes = {s for s in directive(policy, "style-src") if s.startswith("'sha256-")}
        assert style_hashes == {sha256(style) for style in STYLE.findall(text)}, path
        assert directive(policy, "default-src") == ["'self'"]
        assert "'unsafe-inline'" not in policy, path
        runs_python = 'type="mpy"' in text
        assert ("'unsafe-eval'" in directive(policy, "script-src")) == runs_python, path
        assert "'wasm-unsafe-eval'" in directive(policy, "script-src")
        assert not re.search(r"<[^>]+\son[a-z]+=", text), f"{path}: inline event handler"


def test_the_build_refuses_what_no_policy_may_allow():
    page = '<html><head><meta charset="utf-8"></head><body>\n<form onsubmit="return false">' \
           '<a href="javascript:void(0)">x</a><p style="color:red">y</p></form></body></html>'
    with pytest.raises(Exception) as refused:
        csp.with_meta(page, "docs/x.html")
    message = str(refused.value)
    for field in ("docs/x.html:2: <form onsubmit>", "docs/x.html:2: <a href>", "docs/x.html:2: <p style>"):
        assert field in message


def test_every_page_loads_and_every_app_answers_under_the_policy(page, site_url, site_dir):
    pages = site_pages(csp.html_pages(site_dir))
    for path in pages:
        page.goto(site_url + path)
        wait_for_app(page, path)
        assert META.search(page.content()), path
    assert helper_answer(page, site_url).startswith("Permitted")
    assert quiz_answer(page, site_url).endswith(("Correct", "Not quite"))
    checked, selected = audit_answer(page, site_url)
    assert "is a valid work phone record" in checked and selected.startswith("Rows selected")
    assert not page_errors(page)
    assert not csp_violations()


INJECT = """() => new Promise((resolve) => {
  window.__injected = false;
  document.addEventListener("securitypolicyviolation", () => resolve("refused"), {once: true});
  const script = document.createElement("script");
  script.textContent = "window.__injected = true;";
  document.body.append(script);
  setTimeout(() => resolve(window.__injected ? "ran" : "neither"), 2000);
})"""


def test_the_policy_holds_offline_on_pages_the_worker_serves(page, context, site_url):
    page.goto(site_url)
    wait_until_saved(page)
    context.set_offline(True)
    page.goto(site_url + "glossary/")          # from the service worker's cache
    assert META.search(page.content())
    assert page.evaluate(INJECT) == "refused"
    assert any("script-src" in seen for seen in csp_violations(clear=True))


def test_the_watcher_catches_an_unhashed_inline_script(page, site_url, site_dir):
    """A page whose HTML gained an inline script after the build (tampered, or a template
    that bypassed the hook): the script does not run and the watcher reports it."""
    tampered = read(site_dir, "glossary/index.html").replace(
        "</body>", "<script>document.title = 'tampered';</script></body>")
    page.route(site_url + "glossary/", lambda route: route.fulfill(
        status=200, content_type="text/html", body=tampered))
    page.goto(site_url + "glossary/")
    page.wait_for_load_state("load")
    assert page.title() != "tampered"
    page.wait_for_function("true")              # lets pending reports arrive
    seen = csp_violations(clear=True)
    assert any("script-src" in text and "inline" in text for text in seen), seen


INNER_TEST = """
def test_page_with_a_violation(page):
    page.set_content('<meta http-equiv="Content-Security-Policy" content="script-src \\'self\\'">'
                     '<script>document.title = "ran"</script>')
    assert page.title() != "ran"
"""


def test_a_violation_fails_the_test_it_happens_in(tmp_path):
    """The autouse fixture turns a violation into a failed test, with the violation named."""
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TEST), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(ROOT, "tests"), ROOT]))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), str(tmp_path / "test_inner.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Content-Security-Policy violations" in done.stdout
    assert "1 passed, 1 error" in done.stdout


def test_mkdocs_serve_preview_runs_livereload_under_its_policy(page, mkdocs_serve):  # noqa: F811
    page.goto(mkdocs_serve + "helper/")
    wait_for_app(page, "helper/")
    policy = META.search(page.content()).group(1)
    assert "'unsafe-inline'" in directive(policy, "script-src")
    assert not [s for s in directive(policy, "script-src") if s.startswith("'sha256-")]
    assert page.evaluate("typeof window.livereload") == "function"
    assert not csp_violations()
