"""The offline half of the build: a service worker that holds one whole build of the site.

Called by hooks.on_post_build once the site is written. It lists the files a browser may ask
for, digests each one, derives the build id from all of them and renders
templates/sw.js.j2 to `sw.js` at the site root. The worker precaches exactly that list into a
cache named after the build and checks every file against its digest, so a cache never holds
two builds (e.g. files fetched while a new version was half uploaded).

How a new build takes over (page side: docs/assets/javascripts/offline.js): the browser
fetches sw.js again on every navigation; a changed build installs in the background while the
old one keeps serving. A page without a Python app then activates it and reloads itself; an
app page (which may hold a quiz answer or a chosen file) offers a "Reload" button instead.
The first page of the new build shows a banner saying it was updated; the status line in the
footer always shows the build in use.

`mkdocs serve`: the page sees the livereload script and registers no worker (and removes one
left from a built site on the same address), so the preview never shows stale pages.
"""
import hashlib
import json
import os
from typing import Any

from build_scripts import render

WORKER = "sw.js"
DIGEST_CHARS = 16            # 64 bits per file: a collision between two builds is not a worry
BUILD_ID_CHARS = 12
# Files a browser never fetches while reading the site: source maps (devtools only) and the
# sitemap (crawlers). Leaving them out keeps the first visit's download smaller on a phone.
NEVER_FETCHED_SUFFIXES = (".map", "sitemap.xml", "sitemap.xml.gz")
LUNR_DIR = "assets/javascripts/lunr/"


def on_post_build(config: Any) -> None:
    """Write sw.js for the site in config['site_dir'] (the files say it all)."""
    site_dir = config["site_dir"]
    digests = file_digests(site_dir)
    wanted = search_language_files(config)
    manifest = {path: digest for path, digest in digests.items() if is_precached(path, wanted)}
    worker = render_worker(build_id(digests), manifest)
    with open(os.path.join(site_dir, WORKER), "w", encoding="utf-8") as handle:
        handle.write(worker)


def file_digests(site_dir: str) -> dict[str, str]:
    """{site-relative path: SHA-256 hex prefix} of every file of the built site but the worker."""
    digests = {}
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(folder, name)
            path = os.path.relpath(full, site_dir).replace(os.sep, "/")
            if path != WORKER:
                digests[path] = digest_file(full)
    return digests


def digest_file(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:DIGEST_CHARS]


def build_id(digests: dict[str, str]) -> str:
    """One digest over every file's path and content: any change makes a new build."""
    listing = "".join(f"{path}\0{digest}\n" for path, digest in sorted(digests.items()))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:BUILD_ID_CHARS]


def search_language_files(config: Any) -> set[str]:
    """The lunr files Material's search worker imports for the configured languages.

    Mirrors the worker's own rule: English needs none; any other language needs the stemmer
    support, its own file, and "multi" when several languages are set; ja/hi/th need a
    segmenter. The other ~40 files (about 1 MB) are never fetched, so they are not precached.
    """
    search = config["plugins"].get("search")
    languages = list(search.config.lang or ["en"]) if search is not None else ["en"]
    extra = [lang for lang in languages if lang != "en"]
    if not extra:
        return set()
    files = {"min/lunr.stemmer.support.min.js"} | {f"min/lunr.{lang}.min.js" for lang in extra}
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    if "ja" in languages:
        files.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        files.add("wordcut.js")
    return {LUNR_DIR + name for name in files}


def is_precached(path: str, lunr_wanted: set[str]) -> bool:
    if path.endswith(NEVER_FETCHED_SUFFIXES):
        return False
    return not path.startswith(LUNR_DIR) or path in lunr_wanted


def render_worker(build: str, manifest: dict[str, str]) -> str:
    template = render.environment().get_template("sw.js.j2")
    # sort_keys: the same build always renders the same worker, byte for byte (the browser
    # compares sw.js bytes to decide whether there is an update).
    return template.render(build_id=build, digest_chars=DIGEST_CHARS,
                           manifest=json.dumps(manifest, sort_keys=True, indent=0))
