"""Content-Security-Policy: one `<meta http-equiv>` per page, generated from the page itself.

Called from hooks.on_post_build once every page is written (404.html too, which MkDocs does
not pass through on_post_page), before the offline module digests the files.

The policy a page gets:
- `default-src 'self'`: nothing is fetched from another origin (no CDN, font, analytics).
- `script-src 'self' 'wasm-unsafe-eval'` plus the SHA-256 of exactly the inline scripts that
  page carries (Material's own, the app pages' from build_scripts/apps.py, overrides/). They
  are read from the final HTML, so a script added or changed anywhere is hashed as it is.
  MicroPython compiles its WebAssembly: `'wasm-unsafe-eval'` allows exactly that.
  No page allows `'unsafe-eval'`: PyScript's core needed it (it built hooks with
  `Function(…)` as it started); the app pages now load MicroPython without PyScript (issue
  15, model/tools/app_page.js), and MicroPython runs under
  `'wasm-unsafe-eval'` alone.
- `style-src 'self'` plus the SHA-256 of the page's `<style>` blocks (the app pages keep
  their styles beside their HTML). No `'unsafe-inline'`: Material and the apps style
  elements through the CSSOM (`element.style.x = …`), which a policy does not restrict; a
  `style="…"` attribute in a page would be, so the build refuses one.
- `img-src 'self' data:`: Material's stylesheet draws its icons from `data:` SVGs.
- `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`.
Inline event handlers (`onclick=…`) and `javascript:` URLs stop the build with the page and
line: no hash could allow them (that would take `'unsafe-hashes'`), and they have no place
here.

Under `mkdocs serve`, MkDocs injects its livereload script into every response, with a
time stamp in it, so no hash can name it: the preview's pages say `'unsafe-inline'` for
scripts instead of hashes (docs/assets/javascripts/offline.js sees the livereload function
and registers no worker). Every other directive is the same, and a built site never gets it.

The web server sends the same policy as a header (build_scripts/server_config.py): one
policy for the whole site, whose hashes are those of every page (see header_policy).
"""
import base64
import hashlib
import os
import re
from html.parser import HTMLParser
from typing import Any, Iterable

from mkdocs.exceptions import PluginError

META_NAME = "Content-Security-Policy"
EXISTING_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
CHARSET_META = re.compile(r"<meta charset=[^>]*>\n?", re.IGNORECASE)
HEAD_TAG = re.compile(r"<head(\s[^>]*)?>\n?", re.IGNORECASE)
# Script types a browser runs (and so checks against script-src); any other type
# (application/json, mpy…) is a data block the browser never executes.
EXECUTED_TYPES = ("", "module", "importmap", "speculationrules", "text/javascript",
                  "application/javascript", "application/ecmascript", "text/ecmascript")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")

BASE_DIRECTIVES = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
# Directives a browser ignores in a <meta> policy (and warns about): header only.
HEADER_ONLY_DIRECTIVES = (("frame-ancestors", ("'self'",)),)
DEV_SCRIPT_SOURCES = ("'self'", "'unsafe-inline'", "'wasm-unsafe-eval'")

_state = {"dev": False}


class InlineCode(HTMLParser):
    """The inline scripts and style blocks of a page, and what a policy cannot allow."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.problems: list[str] = []
        self._capturing: list[str] | None = None   # the list the current element's text goes to
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            if kind in EXECUTED_TYPES:
                self._capture(self.scripts)
        elif tag == "style":
            self._capture(self.styles)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)

    def _check_attributes(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self._problem(line, f"<{tag} {name}>", "inline event handlers are blocked by the "
                              "Content-Security-Policy; add a listener from a script file")
            elif name == "style":
                self._problem(line, f"<{tag} style>", "style attributes are blocked by the "
                              "Content-Security-Policy; use a class and a stylesheet")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self._problem(line, f"<{tag} {name}>", "javascript: URLs are blocked by the "
                              "Content-Security-Policy")

    def _problem(self, line, field, message):
        self.problems.append(f"{self.page}:{line}: {field}: {message}")

    def _capture(self, target):
        self._capturing, self._text = target, []

    def handle_data(self, data: str) -> None:
        if self._capturing is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._capturing is not None and tag in ("script", "style"):
            self._capturing.append("".join(self._text))
            self._capturing = None


def source_hash(text: str) -> str:
    """The CSP source expression for an inline script or style with this exact text."""
    # A browser hashes the text after its input stream turned CR LF and CR into LF.
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_code(page_html: str, page: str = "page") -> InlineCode:
    """InlineCode of a page's HTML (any CSP meta of ours left out)."""
    parser = InlineCode(page)
    parser.feed(EXISTING_META.sub("", page_html))
    parser.close()
    return parser


def render_policy(scripts: Iterable[str], styles: Iterable[str], header: bool = False,
                  dev: bool = False) -> str:
    """The policy text for these inline script and style texts."""
    extra = {
        "script-src": tuple(sorted({source_hash(text) for text in scripts})),
        "style-src": tuple(sorted({source_hash(text) for text in styles})),
    }
    directives = BASE_DIRECTIVES + (HEADER_ONLY_DIRECTIVES if header else ())
    parts = []
    for name, base in directives:
        sources: tuple[str, ...] = base + extra.get(name, ())
        if dev and name == "script-src":
            # Hashes would switch 'unsafe-inline' off (CSP level 2): the preview lists none.
            sources = DEV_SCRIPT_SOURCES
        parts.append(name + " " + " ".join(sources))
    return "; ".join(parts)


def with_meta(page_html: str, page: str = "page", dev: bool = False) -> str:
    """The page with its policy as the first thing after <meta charset> (a meta policy only
    governs what comes after it). Raises PluginError for what no policy may allow."""
    code = inline_code(page_html, page)
    if code.problems:
        raise PluginError("Content-Security-Policy:\n" + "\n".join(code.problems))
    policy = render_policy(code.scripts, code.styles, dev=dev)
    meta = f'<meta http-equiv="{META_NAME}" content="{policy}">\n'
    page_html = EXISTING_META.sub("", page_html)
    anchor = CHARSET_META.search(page_html) or HEAD_TAG.search(page_html)
    if anchor is None:
        raise PluginError(f"Content-Security-Policy: {page}: no <head> to put the policy in")
    return page_html[:anchor.end()] + meta + page_html[anchor.end():]


def html_pages(site_dir: str) -> list[str]:
    """Site-relative paths of every HTML page in site_dir."""
    pages = []
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        pages += [os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/")
                  for name in sorted(names) if name.endswith(".html")]
    return pages


def _read(site_dir: str, page: str) -> str:
    with open(os.path.join(site_dir, page), encoding="utf-8") as handle:
        return handle.read()


def on_startup(command: str, dirty: bool) -> None:
    """MkDocs event: remember whether this is `mkdocs serve` (see the module's note)."""
    _state["dev"] = command == "serve"


def on_post_build(config: Any) -> None:
    """Give every page of the built site its policy (again, for pages a dirty build kept)."""
    site_dir = config["site_dir"]
    for page in html_pages(site_dir):
        text = with_meta(_read(site_dir, page), page, dev=_state["dev"])
        with open(os.path.join(site_dir, page), "w", encoding="utf-8") as handle:
            handle.write(text)


def header_policy(site_dirs: Iterable[str]) -> str:
    """The one policy a server sends with every file of the site(s) in site_dirs.

    A header cannot vary by page without one configuration block per page, so it lists the
    hashes of every page's inline code (of every build given, so a kept build stays usable
    for a rollback). A page is governed by both policies, header and meta: what runs there is
    what both allow, i.e. exactly its own hashes, as in the meta alone. What the header adds:
    `frame-ancestors` (which a meta policy cannot carry) and a policy for the workers and
    files that are not pages.
    """
    scripts: set[str] = set()
    styles: set[str] = set()
    for site_dir in site_dirs:
        for page in html_pages(site_dir):
            code = inline_code(_read(site_dir, page), page)
            scripts.update(code.scripts)
            styles.update(code.styles)
    return render_policy(scripts, styles, header=True)


def allows(outer: str, inner: str) -> bool:
    """Whether policy `outer` allows every source `inner` lists, directive by directive (a
    server still sending `outer` can serve pages that need `inner`)."""
    def sources(policy: str) -> dict[str, set[str]]:
        return {words[0]: set(words[1:]) for words in (part.split() for part in policy.split(";")) if words}
    have = sources(outer)
    return all(wanted <= have.get(name, set()) for name, wanted in sources(inner).items())


def page_policy(page_html: str) -> str | None:
    """The policy in a built page's meta tag, or None."""
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page_html)
    return found.group(1) if found else None
