"""The pages inside the quiz's SCORM package (CPython only): the launch page, which runs the
site's own quiz code (web/quiz_app.py) with the site's loader on the same runtime
(model.tools.runtime), and the order's text, which the quiz's review links open in a new window.

Both are lean standalone pages (no theme): the package must work offline inside any learning
system, from its own files. Their stylesheet is package.css beside this module followed by the
quiz page's own rules, read from docs/quiz.md's <style> block, so the quiz looks as it does
on the site without a copy of its styles. Each page carries a Content-Security-Policy equal
to the one the site gives a page like it (build_scripts/csp.py; tests/test_scorm_package.py
compares them): nothing inline is executed (the loader is a file here, where the site inlines
it), so no hash is needed, and nothing needs 'unsafe-eval'.
"""
import os
import re
from typing import Any

from model.escape import html as esc
from model.tools.layout import ROOT
from model.tools.orders import INLINE_RE, Order, part_anchor, section_anchor
from model.tools.runtime import (LOADER_FILE, WASM, AppError, app_config, app_settings,
                                 module_imports, preload_tags, python_script)

STYLESHEET = "assets/package.css"
PACKAGE_CSS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "package.css")
QUIZ_PAGE = os.path.join(ROOT, "docs", "quiz.md")
STYLE_BLOCK = re.compile(r"<style>\n?(.*?)</style>", re.DOTALL)
# The site's policy for a page of its kind (build_scripts/csp.py), with no inline code: the
# same for the launch page, which runs Python (MicroPython compiles its WebAssembly:
# 'wasm-unsafe-eval'), and the order's page.
POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")


def stylesheet() -> str:
    """package.css, then the quiz page's own rules (docs/quiz.md's <style> block)."""
    with open(PACKAGE_CSS, encoding="utf-8") as handle:
        base = handle.read()
    with open(QUIZ_PAGE, encoding="utf-8") as handle:
        found = STYLE_BLOCK.search(handle.read())
    if not found:
        raise AppError(f"{QUIZ_PAGE}: no <style> block with the quiz's rules was found")
    return base + "\n/* The quiz page's own rules, from docs/quiz.md */\n" + found.group(1)


def _head(title: str, root: str) -> str:
    return "\n".join([
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<link rel="stylesheet" href="{root}{STYLESHEET}">'])


def launch_page(bank: dict[str, Any], main: str, modules: dict[str, str], data_path: str,
                version: str, interpreter: str) -> str:
    """index.html: the quiz, started as the site's quiz page starts it: the settings block,
    the loader, the preloads and the app's script with its config (modules: {zip path: path in
    the interpreter's file system} of its bytecode, model.tools.runtime.app_modules;
    interpreter: the zip path of the runtime's script).

    No first screen is written in: in a learning system the quiz's first screen is not the
    site's (the member is whom the system names, progress is the system's), so the page says
    "Loading the quiz…" until the app draws it, and the loader has nothing of the reader's to
    hold meanwhile; settings without a theme leave the reader's keys to the learning system's
    frame."""
    order = bank["order"]
    name = f"{order['series']} {order['number']}"
    files = dict(modules)
    files[data_path] = data_path
    settings = app_settings({"name": "quiz", "order": bank["slug"],
                             "data_paths": {"quiz": data_path}}, "",
                            {"interpreter": interpreter, "theme": None, "first_screen": None,
                             "scorm": version})
    main_url = f"py/{main}"
    order_link = f"orders/{bank['slug']}/index.html"
    return "\n".join([
        _head(f"{name} {order['title']}: sign-off quiz", ""),
        settings,
        f'<script src="{LOADER_FILE}"></script>',
        *preload_tags(interpreter, WASM, [main_url] + sorted(files)),
        python_script(main_url, app_config(files, "", module_imports(main))),
        "</head>", '<body>', '<main class="package-main md-typeset">',
        f"<h1>Sign-off quiz: {esc(name)}</h1>",
        '<div id="quiz-intro">',
        f'<p>Read <a href="{order_link}" target="_blank" rel="noopener">{esc(name)} '
        f'{esc(order["title"])}</a> (it opens in a new window), then answer the questions. '
        "Each answer is explained with the order's own words and a link to its section. When "
        "you pass, confirm the attestation: your learning system records your sign-off, and "
        "you can also download or print your record.</p>",
        "<p>The questions, explanations and this page are Policy Desk's training material, "
        "not policy; the quoted passages are the order's text. Your answers are sent only to "
        "your learning system.</p>", "</div>",
        '<p id="quiz-app-status" class="quiz-notice" role="status">Loading the quiz… (this '
        "takes a few seconds)</p>",
        '<div id="quiz-app" class="quiz" data-state="loading"></div>',
        '<noscript><p class="quiz-error">The quiz needs JavaScript; please turn it on or use '
        "another browser.</p></noscript>",
        "</main>", "</body>", "</html>", ""])


def order_page(order: Order) -> str:
    """orders/<slug>/index.html: the order's text as published (verbatim; every element of
    policy text marked data-policy, as on the site), with the anchors the quiz links to."""
    source, data = order.source, order.data
    inline = _Inline(data)
    title = f"{data['series']} {data['number']}: {data['title']}"
    body = [_head(title, "../../"), "</head>", "<body>",
            '<main class="package-main package-order">',
            f'<h1 id="order-title">{esc(title)}</h1>',
            f'<p class="order-meta">Status: {esc(data["status"])}. Version '
            f'<code>{esc(data["version"])}</code> (the version sign-off records name).</p>']
    body += [f'<p data-policy="p">{inline(text)}</p>' for text in source["purpose"]]
    for part in source["parts"]:
        body.append(f'<h2 id="{part_anchor(part["id"])}" data-policy="heading">'
                    f'{esc(part["id"])}. {esc(part["title"])}</h2>')
        for section in part["sections"]:
            body.append(f'<h3 id="{section_anchor(section["id"])}" data-policy="heading">'
                        f'{esc(data["sections"][section["id"]]["heading"])}</h3>')
            body += [_body_item(item, inline) for item in section["body"]]
    signature = source["signature"]
    body.append(f'<div class="signature" data-policy="signature"><p>{esc(signature["preface"])}'
                f'</p><p>{esc(signature["name"])}<br>{esc(signature["title"])}</p>'
                f'<p>{esc(signature["date_label"])}</p></div>')
    notes = source.get("footnotes") or []
    if notes:
        body.append('<div class="footnotes" data-policy="footnotes"><hr><ol>' + "".join(
            f'<li id="fn-{note["id"]}"><p>{inline(note["text"])}</p></li>' for note in notes)
            + "</ol></div>")
    return "\n".join(body + ["</main>", "</body>", "</html>", ""])


def _body_item(item: Any, inline: "_Inline") -> str:
    if isinstance(item, str):
        return f'<p data-policy="p">{inline(item)}</p>'
    if "list" in item:
        # The numbers are part of the text (the official text has "1. Where …"), as on the site.
        return ('<ol class="policy-list" data-policy="list">' + "".join(
            f'<li><span class="policy-list__number">{n}.</span> {inline(entry)}</li>'
            for n, entry in enumerate(item["list"], 1)) + "</ol>")
    return ('<div class="editor-note" role="note"><p class="editor-note-title">Editor’s note — '
            f'Policy Desk, not policy text</p><p>{inline(item["editor_note"])}</p></div>')


class _Inline:
    """[[A-2]] references and [^1] footnote markers as HTML on the package's order page: a
    section or part of this order links to its anchor, anything else stays its own label."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.anchors = {sid: s["anchor"] for sid, s in data["sections"].items()}
        self.anchors.update({pid: p["anchor"] for pid, p in data["parts"].items()})

    def __call__(self, text: str) -> str:
        pieces, last = [], 0
        for match in INLINE_RE.finditer(text):
            pieces.append(esc(text[last:match.start()]))
            target, note = match.group(1), match.group(2)
            if note:
                pieces.append(f'<sup class="fn-ref"><a href="#fn-{note}" '
                              f'aria-label="Footnote {note}">{note}</a></sup>')
            elif target in self.anchors:
                pieces.append(f'<a href="#{self.anchors[target]}">{esc(target)}</a>')
            else:
                pieces.append(esc(target))
            last = match.end()
        pieces.append(esc(text[last:]))
        return "".join(pieces)
