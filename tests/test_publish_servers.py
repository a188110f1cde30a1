"""The published site on real nginx and Apache httpd (issue 16): the configurations
`./dev.sh publish` writes, included as a web administrator would, serving the published
folder under /policy/ (tests/web_servers.py starts and stops the servers).

Checked on each server: the headers every file is promised (MIME, compression, cache,
CSP, nosniff, referrer), redirects and the 404 page; every page loads in Chromium with no
console error and no CSP violation (conftest's watcher), the helper, quiz and audit kit
answer, and the site works offline after one visit. Then, on both at once: a second publish
is picked up by the open pages, and a half-copied build made live by hand is refused.
"""
import gzip
import http.client
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit

import pytest

from app_flows import audit_answer, helper_answer, quiz_answer, site_pages, wait_for_app
from build_scripts import live_check, site_check
from conftest import ROOT, guard_context, page_errors
from test_offline import (CHECK_FOR_UPDATE, NEW_TITLE, UPDATED_BANNER, WATCH_INSTALLS,
                          retitle_order, wait_until_saved)
from web_servers import APACHE, NGINX, WebServer

# The address the site is published for; each server serves it on a port of its own (the
# pages link relatively, and the 404 page by path, so the port does not matter).
BASE_URL = "http://127.0.0.1/policy/"
SERVERS = ("nginx", "apache")
ORDER_PAGE = "orders/dgo-i-19/"


def publish(root, policies, *extra):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(policies))
    return subprocess.run([sys.executable, "-m", "build_scripts.publish", str(root), "--base-url",
                           BASE_URL, "--nginx-brotli", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def shared_dir():
    """A folder the servers' workers can read: they drop root for www-data, and pytest's
    own temporary folders are private to root."""
    folder = tempfile.mkdtemp(prefix="policy-desk-servers-")
    os.chmod(folder, 0o755)
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def publication(shared_dir):
    policies = shared_dir / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    root = shared_dir / "publish"
    done = publish(root, policies)
    assert done.returncode == 0, done.stdout + done.stderr
    return {"root": root, "policies": policies, "output": done.stdout}


@pytest.fixture(scope="module")
def servers(publication, shared_dir):
    missing = [program for program in (NGINX, APACHE) if not os.access(program, os.X_OK)]
    if missing:
        pytest.fail(f"not installed: {missing} (./dev.sh test installs nginx and apache2)")
    started = {}
    try:
        for name in SERVERS:
            server = WebServer(name, shared_dir / name, publication["root"], urlsplit(BASE_URL).path)
            started[name] = server.start()
        yield started
    finally:
        for server in started.values():
            server.stop()


def request(url, **headers):
    """(status, headers, body) of a GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def live_file(publication, path):
    return (publication["root"] / "current" / path).read_bytes()


def expected_files(publication):
    """Site path -> (Content-Type, Cache-Control): what a browser needs, by kind of file."""
    current = publication["root"] / "current"
    bundle = next(current.glob("assets/javascripts/bundle.*.min.js")).relative_to(current).as_posix()
    return {
        "": ("text/html; charset=utf-8", "no-cache"),
        "sw.js": ("text/javascript; charset=utf-8", "no-store"),
        "_runtime/micropython/micropython.wasm": ("application/wasm", "no-cache"),
        "_runtime/micropython/micropython.mjs": ("text/javascript; charset=utf-8", "no-cache"),
        "_runtime/pyscript/core.js": ("text/javascript; charset=utf-8", "no-cache"),
        "data/orders/dgo-i-19.json": ("application/json", "no-cache"),
        "py/web/helper_app.py": ("text/x-python; charset=utf-8", "no-cache"),
        "assets/stylesheets/policy-desk.css": ("text/css; charset=utf-8", "no-cache"),
        bundle: ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
    }


@pytest.mark.parametrize("name", SERVERS)
def test_responses_carry_what_the_configuration_promises(servers, publication, name):
    url = servers[name].url
    with open(publication["root"] / "server" / "headers.json", encoding="utf-8") as handle:
        policy = json.load(handle)["headers"]["Content-Security-Policy"]
    assert csp_hashes(policy), policy
    for path, (kind, cache) in expected_files(publication).items():
        status, headers, body = request(url + path, **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Type"], headers["Cache-Control"]) == (200, kind, cache), path
        original = live_file(publication, path or "index.html")
        gzipped = headers["Content-Encoding"] == "gzip"
        assert (gzip.decompress(body) if gzipped else body) == original, path
        # A tiny file may go either way (nginx leaves files under 256 bytes as they are).
        big = len(original) >= live_check.COMPRESS_FROM
        assert gzipped or not big, path
        assert not gzipped or "Accept-Encoding" in headers["Vary"], path
        assert headers["Content-Security-Policy"] == policy, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        _, headers, _ = request(url + path, **{"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] == "br" or not big, path
        # Revalidation is cheap: an unchanged file answers 304 with no body.
        status, _, body = request(url + path, **{"If-Modified-Since": headers["Last-Modified"]})
        assert (status, body) == (304, b""), path


def csp_hashes(policy):
    return [source for source in policy.split() if source.startswith("'sha256-")]


@pytest.mark.parametrize("name", SERVERS)
def test_sub_path_redirects_404_page_and_private_files(servers, name):
    url = servers[name].url
    for without_slash in (url[:-1], url + "helper"):
        status, headers, _ = request(without_slash)
        assert status == 301 and headers["Location"].endswith(urlsplit(without_slash).path + "/")
    status, headers, body = request(url + "no-such-page/")
    assert status == 404 and b"404 - Not found" in body
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    for private in ("web.config", "_headers"):
        assert request(url + private)[0] in (403, 404), private


@pytest.mark.parametrize("name", SERVERS)
def test_check_command_passes_on_the_live_site(servers, name):
    build, count, problems = live_check.check(servers[name].url)
    assert not problems and count > 50 and build


@pytest.mark.parametrize("name", SERVERS)
def test_every_page_and_app_works_then_offline(page, context, servers, publication, name):
    url = servers[name].url
    _, manifest = site_check.worker_manifest(publication["root"] / "current")
    for path in site_pages(manifest):
        page.goto(url + path)
        wait_for_app(page, path)
        assert page.title(), path
    assert helper_answer(page, url).startswith("Permitted")
    assert quiz_answer(page, url).endswith(("Correct", "Not quite"))
    assert audit_answer(page, url)[1].startswith("Rows selected")
    page.goto(url)
    wait_until_saved(page)
    context.set_offline(True)
    offline = page.goto(url + ORDER_PAGE)
    assert "Electronic Communication Devices" in page.inner_text("h1")
    # Served by the worker, with the server's security headers kept.
    assert offline.from_service_worker and offline.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors" in offline.headers["content-security-policy"]
    assert helper_answer(page, url).startswith("Permitted")
    assert not page_errors(page)


def open_saved_page(browser, url):
    context = browser.new_context()
    context._policy_desk_outside = guard_context(context)
    page = context.new_page()
    page.goto(url + ORDER_PAGE)
    return context, page, wait_until_saved(page)


def test_second_publish_is_picked_up_and_a_half_copied_one_refused(browser, servers, publication, shared_dir):
    pages = {name: open_saved_page(browser, server.url) for name, server in servers.items()}
    try:
        retitle_order(publication["policies"], NEW_TITLE)
        done = publish(publication["root"], publication["policies"])
        assert done.returncode == 0 and "Live:" in done.stdout, done.stdout + done.stderr
        second = os.readlink(publication["root"] / "current")
        for name, (_, page, first_build) in pages.items():
            page.goto(servers[name].url + ORDER_PAGE)      # the browser looks for a new sw.js
            page.wait_for_selector(UPDATED_BANNER, timeout=30000)
            assert wait_until_saved(page) != first_build, name
            assert NEW_TITLE in page.inner_text("h1"), name

        half = half_copied_build(publication, shared_dir)
        refused = publish(publication["root"], publication["policies"], "--switch", half.name)
        assert refused.returncode == 1 and "is missing" in refused.stderr, refused.stderr
        for _, page, _ in pages.values():
            page.evaluate(WATCH_INSTALLS)
        # Made live by hand, as an interrupted copy followed by `ln -sfn` would.
        link = publication["root"] / ".by-hand"
        link.symlink_to(pathlib.Path("builds") / half.name)
        os.replace(link, publication["root"] / "current")
        for name, (_, page, _) in pages.items():
            assert page.evaluate(CHECK_FOR_UPDATE) == "redundant", name
            page.goto(servers[name].url + ORDER_PAGE)
            assert NEW_TITLE in page.inner_text("h1"), name      # still the second build
        os.replace(publication["root"] / "current", link)
        link.unlink()
        (publication["root"] / "current").symlink_to(second)
        for name, (context, page, _) in pages.items():
            assert not page_errors(page), name
            assert not context._policy_desk_outside, name
    finally:
        for context, _, _ in pages.values():
            context.close()


def half_copied_build(publication, shared_dir):
    """A third build, copied into the publish folder with one page missing."""
    retitle_order(publication["policies"], NEW_TITLE + " (third)")
    elsewhere = shared_dir / "elsewhere"
    done = publish(elsewhere, publication["policies"])
    assert done.returncode == 0, done.stderr
    source = pathlib.Path(elsewhere, os.readlink(elsewhere / "current"))
    target = publication["root"] / "builds" / source.name
    late = source / ORDER_PAGE / "index.html"
    shutil.copytree(source, target, copy_function=shutil.copy,
                    ignore=lambda folder, names: [n for n in names if pathlib.Path(folder, n) == late])
    return target
