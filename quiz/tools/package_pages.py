"""The pages inside the quiz's SCORM package (CPython only): the launch page, which runs the
site's own quiz code (web/quiz_app.py) on the same runtime, and the order's text, which the
quiz's review links open in a new window.

Both are lean standalone pages (no theme): the package must work offline inside any learning
system, from its own files. Their stylesheet is package.css beside this module followed by the
quiz page's own rules, read from docs/quiz.md's <style> block, so the quiz looks as it does
on the site without a copy of its styles. Each page carries a Content-Security-Policy equal
to the one the site gives a page like it (build_scripts/csp.py; tests/test_scorm_package.py
compares them): nothing inline is executed, so no hash is needed.
"""
import json
import os
import re
from typing import Any

from model.escape import html as esc
from model.tools.layout import ROOT
from model.tools.orders import INLINE_RE, Order, part_anchor, section_anchor
from model.tools.runtime import (DISABLED_PLUGINS, RUNTIME, AppError, app_config, app_settings,
                                 core_chunks)

STYLESHEET = "assets/package.css"
PACKAGE_CSS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "package.css")
QUIZ_PAGE = os.path.join(ROOT, "docs", "quiz.md")
STYLE_BLOCK = re.compile(r"<style>\n?(.*?)</style>", re.DOTALL)
INTERPRETER = f"{RUNTIME}/micropython/micropython.js"
# The site's policy for a page of its kind (build_scripts/csp.py), with no inline code.
POLICY_BASE = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{python}; "
               "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
               "form-action 'self'")


def policy(runs_python: bool) -> str:
    """The Content-Security-Policy of a package page (PyScript's start-up needs 'unsafe-eval',
    MicroPython's WebAssembly 'wasm-unsafe-eval'; see build_scripts/csp.py)."""
    return POLICY_BASE.format(python=" 'unsafe-eval'" if runs_python else "")


def stylesheet() -> str:
    """package.css, then the quiz page's own rules (docs/quiz.md's <style> block)."""
    with open(PACKAGE_CSS, encoding="utf-8") as handle:
        base = handle.read()
    with open(QUIZ_PAGE, encoding="utf-8") as handle:
        found = STYLE_BLOCK.search(handle.read())
    if not found:
        raise AppError(f"{QUIZ_PAGE}: no <style> block with the quiz's rules was found")
    return base + "\n/* The quiz page's own rules, from docs/quiz.md */\n" + found.group(1)


def _head(title: str, root: str, runs_python: bool) -> str:
    return "\n".join([
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy(runs_python)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<link rel="stylesheet" href="{root}{STYLESHEET}">'])


def launch_page(bank: dict[str, Any], modules: list[str], data_path: str, version: str) -> str:
    """index.html: the quiz, with the PyScript tags the site's quiz page has (the runtime, the
    config naming exactly the modules and data the app loads, the settings block)."""
    order = bank["order"]
    name = f"{order['series']} {order['number']}"
    files = {f"py/{module}": module for module in modules if module != "web/quiz_app.py"}
    files[data_path] = data_path
    config = json.loads(app_config(files, ""))
    config["interpreter"] = INTERPRETER
    settings = app_settings({"name": "quiz", "order": bank["slug"],
                             "data_paths": {"quiz": data_path}}, "", {"scorm": version})
    preloads = [f"{RUNTIME}/pyscript/{chunk}" for chunk in ["core.js"] + core_chunks()]
    order_link = f"orders/{bank['slug']}/index.html"
    return "\n".join([
        _head(f"{name} {order['title']}: sign-off quiz", "", True),
        f'<link rel="stylesheet" href="{RUNTIME}/pyscript/core.css">',
        *[f'<link rel="modulepreload" href="{url}">' for url in preloads + [INTERPRETER]],
        settings,
        f'<py-config type="json">{esc(json.dumps({"plugins": DISABLED_PLUGINS}))}</py-config>',
        f'<script type="module" src="{RUNTIME}/pyscript/core.js"></script>',
        f'<script type="mpy" src="py/web/quiz_app.py" '
        f'config="{esc(json.dumps(config, sort_keys=True, separators=(",", ":")))}"></script>',
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
    body = [_head(title, "../../", False), "</head>", "<body>",
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
