"""Checks of a built site before it is published (build_scripts/publish.py).

- the offline manifest in sw.js lists files that exist, each with the digest it has (what
  the service worker will verify on every phone);
- every file has a MIME type the server configurations know (server_config.MIME_TYPES);
- every page's links, scripts, styles, images and app loader config name a file of the site,
  and none points outside it, except to the prefixes declared (`--allow-link`), mailto:,
  tel: and in-page anchors;
- the stylesheets' url() name files of the site or data: URIs.
Each problem is one line: `path:line: what is wrong`.
"""
import json
import os
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from build_scripts import offline, server_config

URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
HARMLESS_SCHEMES = ("mailto:", "tel:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
WORKER_MANIFEST = re.compile(r"new Map\(Object\.entries\((\{.*?\})\)\)", re.S)
WORKER_BUILD = re.compile(r'^const BUILD = "(\w+)";', re.M)


class PageLinks(HTMLParser):
    """(line, url) of every URL a page refers to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        attributes = dict(attrs)
        for name in URL_ATTRIBUTES:
            url = attributes.get(name)
            if url:
                self.urls.append((line, url))
        if tag == "script" and attributes.get("type") == "mpy" and attributes.get("config"):
            self.urls += [(line, url) for url in _loader_urls(attributes["config"])]

    handle_startendtag = handle_starttag


def _loader_urls(config_text):
    try:
        config = json.loads(config_text)
    except ValueError:
        return ["(unreadable loader config)"]
    # The loader's config (model/tools/runtime.py): the runtime's wasm and the app's files.
    return ([config["wasm"]] if "wasm" in config else []) + list(config.get("files", {}))


def worker_manifest(site_dir: str) -> tuple[str, dict[str, str]]:
    """(build id, {site path: digest}) read from the site's sw.js."""
    with open(os.path.join(site_dir, offline.WORKER), encoding="utf-8") as handle:
        return parse_worker(handle.read())


def parse_worker(text: str) -> tuple[str, dict[str, str]]:
    """(build id, {site path: digest}) of a sw.js written by build_scripts/offline.py."""
    build, files = WORKER_BUILD.search(text), WORKER_MANIFEST.search(text)
    if not build or not files:
        raise ValueError(f"{offline.WORKER}: no build id or file list found")
    return build.group(1), json.loads(files.group(1))


def site_files(site_dir: str) -> list[str]:
    files = []
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        files += [os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/")
                  for name in sorted(names)]
    return files


def check_site(site_dir: str, base_url: str, allowed_links: tuple[str, ...] = ()) -> list[str]:
    """Every problem found in the built site at site_dir, published at base_url."""
    problems = []
    try:
        _, manifest = worker_manifest(site_dir)
    except (OSError, ValueError) as exc:
        return [f"{offline.WORKER}: {exc}"]
    files = set(site_files(site_dir))
    for path, digest in sorted(manifest.items()):
        if path not in files:
            problems.append(f"{offline.WORKER}: lists {path}, which is missing")
        elif offline.digest_file(os.path.join(site_dir, path)) != digest:
            problems.append(f"{path}: content does not match its digest in {offline.WORKER}")
    for path in sorted(files):
        if path not in server_config.PRIVATE_FILES and server_config.content_type(path) is None:
            problems.append(f"{path}: no MIME type known for this kind of file "
                            "(add it to build_scripts/server_config.MIME_TYPES)")
        if path.endswith(".html"):
            problems += _check_page(site_dir, path, files, base_url, allowed_links)
        elif path.endswith(".css"):
            problems += _check_stylesheet(site_dir, path, files, base_url, allowed_links)
    return problems


def _check_page(site_dir, path, files, base_url, allowed_links):
    parser = PageLinks()
    with open(os.path.join(site_dir, path), encoding="utf-8") as handle:
        parser.feed(handle.read())
    return [f"{path}:{line}: {problem}" for line, url in parser.urls
            for problem in [_check_url(url, path, files, base_url, allowed_links)] if problem]


def _check_stylesheet(site_dir, path, files, base_url, allowed_links):
    with open(os.path.join(site_dir, path), encoding="utf-8") as handle:
        text = handle.read()
    return [f"{path}: {problem}" for url in CSS_URL.findall(text)
            for problem in [_check_url(url, path, files, base_url, allowed_links)] if problem]


def _check_url(url, from_path, files, base_url, allowed_links):
    """A problem with url (as written in the file at from_path), or None."""
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith(HARMLESS_SCHEMES):
        return None
    parts = urlsplit(url)
    sub_path = urlsplit(base_url).path
    if parts.scheme or parts.netloc:
        if url.startswith(base_url):
            target = url[len(base_url):]
        elif url.startswith(tuple(allowed_links)):
            return None
        else:
            return f"links outside the site: {url} (declare it with --allow-link if it is meant)"
    elif parts.path.startswith("/"):
        if not parts.path.startswith(sub_path):
            return f"points outside the site's path {sub_path}: {url}"
        target = parts.path[len(sub_path):]
    else:
        target = posixpath.join(posixpath.dirname(from_path), parts.path)
    target = unquote(urlsplit(target).path)
    folder = target == "" or target.endswith(("/", "/.")) or target == "."
    target = posixpath.normpath(target) if target else "."
    if target == ".." or target.startswith("../"):
        return f"points above the site's folder: {url}"
    target = "" if target == "." else target + ("/" if folder else "")
    candidates = [target + "index.html"] if folder or not target else \
        [target, target + "/index.html"]
    if not any(candidate in files for candidate in candidates):
        return f"names a file the site does not have: {url}"
    return None
