"""Check a live Policy Desk site: every file there, as served, with the headers it needs.

    python -m build_scripts.live_check https://intranet.example/policy/    (./dev.sh check URL)

Reads the site's offline manifest (sw.js), fetches every file it lists and reports, one line
each: a file missing or not the one the manifest names (a half-copied or mixed build); a
wrong Content-Type (a module script or wasm sent as text/plain does not run); no
X-Content-Type-Options, Referrer-Policy or Content-Security-Policy; a header policy that
would block the page's own scripts; a cache lifetime that could serve a mix of two builds
(anything but no-cache/no-store, except files whose names carry a digest), or sw.js cached
at all; text not compressed; a missing page not answered with 404.
Exit status: 0 all good, 1 problems found, 2 the site could not be read at all.
"""
import argparse
import gzip
import hashlib
import re
import sys
import urllib.error
import urllib.request
import zlib
from typing import Any
from concurrent.futures import ThreadPoolExecutor

from build_scripts import csp, offline, server_config, site_check

PARALLEL = 6
TIMEOUT = 30
COMPRESS_FROM = 1024        # bytes: smaller files may be sent as they are
FRESH = re.compile(r"\b(no-cache|no-store|max-age=0)\b")


class Response:
    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


def fetch(url: str) -> Response:
    """GET url asking for gzip; the body decoded; HTTP errors are responses too."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip",
                                                   "User-Agent": "policy-desk-check"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            status, headers, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    if headers.get("Content-Encoding", "").lower() == "gzip":
        body = gzip.decompress(body)
    elif headers.get("Content-Encoding", "").lower() == "deflate":
        body = zlib.decompress(body)
    return Response(status, headers, body)


def check_file(base_url: str, path: str, digest: str) -> list[str]:
    """Problems with one file of the manifest ('index.html' is fetched as the folder)."""
    url = base_url + (path[:-len("index.html")] if path.endswith("index.html") else path)
    try:
        response = fetch(url)
    except (OSError, ValueError, EOFError) as exc:   # EOFError, zlib.error: a broken body
        return [f"{url}: could not be fetched: {exc}"]
    if response.status != 200:
        return [f"{url}: HTTP {response.status}"]
    problems = [f"{url}: {problem}" for problem in
                _content_problems(path, digest, response) + _header_problems(path, response)]
    return problems


def _content_problems(path, digest, response):
    problems = []
    if hashlib.sha256(response.body).hexdigest()[:offline.DIGEST_CHARS] != digest:
        problems.append("not the file of this build (its digest differs from sw.js): "
                        "a half-copied or mixed upload?")
    promised = server_config.content_type(path) or ""
    sent = response.header("Content-Type")
    if sent.split(";")[0].strip().lower() != promised.split(";")[0]:
        problems.append(f"Content-Type is {sent or 'missing'!r}, should be {promised!r}")
    compressible = server_config.MIME_TYPES.get("." + path.rsplit(".", 1)[-1], (0, 0, False))[2]
    if compressible and len(response.body) >= COMPRESS_FROM and not response.header("Content-Encoding"):
        problems.append("sent uncompressed (enable gzip for this type)")
    return problems


def _header_problems(path, response):
    problems = []
    for name, value in server_config.headers("").items():
        if name != "Content-Security-Policy" and not response.header(name):
            problems.append(f"no {name} header (should be {value!r})")
    cache = response.header("Cache-Control").lower()
    if path == offline.WORKER and "no-store" not in cache and not FRESH.search(cache):
        problems.append(f"sw.js may be cached ({cache or 'no Cache-Control'}): phones would "
                        "not see a new build; send Cache-Control: no-store")
    elif not server_config.is_immutable(path) and not FRESH.search(cache):
        problems.append(f"Cache-Control is {cache or 'missing'!r}: a browser could keep this "
                        "file from an older build; send no-cache")
    if path.endswith(".html"):
        header = response.header("Content-Security-Policy")
        meta = csp.page_policy(response.body.decode("utf-8", "replace"))
        if not header:
            problems.append("no Content-Security-Policy header")
        elif meta and not csp.allows(header, meta):
            problems.append("the Content-Security-Policy header does not allow this page's own "
                            "scripts (a configuration from another build?)")
    return problems


def check(base_url: str) -> tuple[str, int, list[str]]:
    """(build id, files checked, problems) of the site at base_url."""
    worker = fetch(base_url + offline.WORKER)
    if worker.status != 200:
        raise ValueError(f"{base_url}{offline.WORKER}: HTTP {worker.status}; is this a Policy Desk site?")
    build, manifest = site_check.parse_worker(worker.body.decode("utf-8", "replace"))
    problems = _header_problems(offline.WORKER, worker)
    problems = [f"{base_url}{offline.WORKER}: {problem}" for problem in problems]
    with ThreadPoolExecutor(PARALLEL) as pool:
        for found in pool.map(lambda item: check_file(base_url, *item), sorted(manifest.items())):
            problems += found
    missing = fetch(base_url + "policy-desk-check-no-such-page/")
    if missing.status != 404:
        problems.append(f"{base_url}policy-desk-check-no-such-page/: HTTP {missing.status}, should be 404")
    return build, len(manifest) + 1, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev.sh check", description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the site's address, e.g. https://intranet.example/policy/")
    args = parser.parse_args(argv)
    url = args.url if args.url.endswith("/") else args.url + "/"
    try:
        build, count, problems = check(url)
    except (OSError, ValueError) as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    print(f"{url}: build {build}, {count} files checked, "
          + (f"{len(problems)} problems" if problems else "no problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
