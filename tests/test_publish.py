"""`./dev.sh publish` without a web server (issue 16): the publish folder's layout, atomic
switch, reuse, pruning, rollback; a failed build or a damaged build changes nothing; the
site checks find what they promise; a changed CSP header waits for the server; `check`
reports a server that lacks the headers; the IIS and static-host files are well formed.
(tests/test_publish_servers.py runs the result on real nginx and Apache.)"""
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from build_scripts import live_check, site_check
from conftest import ROOT
from test_offline import policies_copy, retitle_order  # noqa: F401 (a fixture)

BASE_URL = "https://intranet.example/policy/"


def run(*args, policies=None):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if policies:
        env["POLICY_DESK_POLICIES"] = str(policies)
    return subprocess.run([os.path.join(ROOT, "dev.sh"), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def live(root):
    return os.readlink(root / "current")


def test_publish_switch_reuse_prune_and_rollback(tmp_path, policies_copy):
    root, policies = tmp_path / "www", policies_copy
    first = run("publish", root, "--base-url", BASE_URL, "--keep", "2", policies=policies)
    assert first.returncode == 0, first.stderr
    build = re.search(r"Build (\w+): (\d+) files, ([\d.]+) MB", first.stdout)
    assert build and int(build.group(2)) > 50 and float(build.group(3)) > 1
    name = live(root)
    assert name.startswith("builds/") and name.endswith(build.group(1))
    for config in ("nginx.conf", "apache.conf", "web.config", "_headers", "headers.json"):
        assert (root / "server" / config).is_file(), config
    for host_file in ("web.config", "_headers"):
        assert (root / name / host_file).is_file()
    assert 'href="https://intranet.example/policy/orders/dgo-i-19/"' in \
        (root / name / "orders/dgo-i-19/index.html").read_text(encoding="utf-8")   # canonical

    again = run("publish", root, "--base-url", BASE_URL, "--keep", "2", policies=policies)
    assert again.returncode == 0 and live(root) == name and len(os.listdir(root / "builds")) == 1

    names = [name]
    for title in ("Revised once", "Revised twice"):
        retitle_order(policies, title)
        done = run("publish", root, "--base-url", BASE_URL, "--keep", "2", policies=policies)
        assert done.returncode == 0, done.stderr
        assert f"previous: {os.path.basename(names[-1])}" in done.stdout
        names.append(live(root))
    kept = sorted(os.listdir(root / "builds"))
    assert kept == sorted(os.path.basename(n) for n in names[1:])          # the oldest pruned

    back = run("rollback", root)
    assert back.returncode == 0 and live(root) == names[1], back.stderr
    assert "Revised once" in (root / "current/orders/index.html").read_text(encoding="utf-8")
    forward = run("switch", root, os.path.basename(names[2]))
    assert forward.returncode == 0 and live(root) == names[2]
    assert run("rollback", root).returncode == 0
    refused = run("rollback", root)                                       # nothing older kept
    assert refused.returncode == 1 and "no build older" in refused.stderr and live(root) == names[1]


def test_a_failed_build_changes_nothing(tmp_path, policies_copy):
    root, policies = tmp_path / "www", policies_copy
    assert run("publish", root, "--base-url", BASE_URL, policies=policies).returncode == 0
    before = live(root)
    source = policies / "dgo-i-19.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    failed = run("publish", root, "--base-url", BASE_URL, policies=policies)
    assert failed.returncode == 1 and "dgo-i-19.yaml:" in failed.stderr, failed.stderr
    assert live(root) == before and os.listdir(root / "builds") == [os.path.basename(before)]
    assert run("publish", root, "--base-url", "ftp://x/policy").returncode == 1


def test_a_changed_csp_header_waits_for_the_server(tmp_path, policies_copy):
    root, policies = tmp_path / "www", policies_copy
    assert run("publish", root, "--base-url", BASE_URL, policies=policies).returncode == 0
    before = live(root)
    promises = root / "server" / "headers.json"

    def narrow_installed_policy():
        # As if the server's configuration predates a change to the pages' inline scripts.
        text = promises.read_text(encoding="utf-8")
        promises.write_text(re.sub(r" 'sha256-[^']+'", "", text, count=1), encoding="utf-8")

    narrow_installed_policy()
    retitle_order(policies, "Revised")
    staged = run("publish", root, "--base-url", BASE_URL, policies=policies)
    assert staged.returncode == 3 and "NOT LIVE YET" in staged.stdout and live(root) == before
    new_build = re.search(r"dev.sh switch \S+ (\S+)", staged.stdout).group(1)

    narrow_installed_policy()
    marker = tmp_path / "reloaded"
    done = run("publish", root, "--base-url", BASE_URL, "--reload", f"touch {marker}", policies=policies)
    assert done.returncode == 0 and marker.exists() and live(root) == f"builds/{new_build}"


@pytest.fixture
def site_copy(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


def test_site_check_finds_missing_changed_and_outside(site_copy):
    assert site_check.check_site(str(site_copy), "http://x/") == []
    (site_copy / "glossary/index.html").unlink()
    page = site_copy / "orders/dgo-i-19/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="https://elsewhere.example/x">x</a><img src="../../missing.png"></article>'),
        encoding="utf-8")
    problems = "\n".join(site_check.check_site(str(site_copy), "http://x/"))
    assert "sw.js: lists glossary/index.html, which is missing" in problems
    assert "orders/dgo-i-19/index.html: content does not match its digest" in problems
    assert "links outside the site: https://elsewhere.example/x" in problems
    assert "names a file the site does not have: ../../missing.png" in problems
    assert "names a file the site does not have: ../../glossary/" in problems
    allowed = site_check.check_site(str(site_copy), "http://x/", ("https://elsewhere.example/",))
    assert not [p for p in allowed if "elsewhere" in p]


def test_check_reports_a_server_without_the_headers(site_url):
    """Python's test server sends no CSP, nosniff, referrer or cache headers, and no gzip."""
    build, count, problems = live_check.check(site_url)
    text = "\n".join(problems)
    for missing in ("no X-Content-Type-Options header", "no Referrer-Policy header",
                    "no Content-Security-Policy header", "sw.js may be cached", "sent uncompressed"):
        assert missing in text, missing
    assert live_check.main([site_url]) == 1


def test_host_files_are_well_formed(tmp_path, policies_copy):
    root, policies = tmp_path / "www", policies_copy
    assert run("publish", root, "--base-url", BASE_URL, policies=policies).returncode == 0
    config = ElementTree.parse(root / "server" / "web.config").getroot()
    headers = {h.get("name"): h.get("value") for h in config.iter("add") if h.get("name")}
    assert headers["X-Content-Type-Options"] == "nosniff" and "'sha256-" in headers["Content-Security-Policy"]
    mime = {m.get("fileExtension"): m.get("mimeType") for m in config.iter("mimeMap")}
    assert mime[".wasm"] == "application/wasm" and mime[".mjs"] == "text/javascript"
    rules = (root / "server" / "_headers").read_text(encoding="utf-8")
    assert "/policy/*\n  Content-Security-Policy: default-src 'self';" in rules
    assert "/policy/sw.js\n  Cache-Control: no-store" in rules
