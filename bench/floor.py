"""The floor: the helper and quiz pages with their Python replaced by a few lines of plain JS.

Each floor page is the built page itself (same theme, same HTML around the app) minus the
PyScript tags, plus a script that fetches the same data file the app reads and paints the
same answer: for the helper, the determination the real engine gives for BENCH_FACTS
(computed here in CPython, so the floor does no rule work at all) with the cited sections
quoted from the order data; for the quiz, its first screen (the member form) with the
bank's figures. It sets the same ready signal as the app. Written to a temporary folder and
served by bench/server.py beside the site; never part of the published site.
"""
import json
import os
import re

import checker
from checker.tools.rules_source import load_rulebook
from model.tools import orders as policy_source

# A shared link of the helper: a work call while driving a Department vehicle, not hands-free,
# in exigent circumstances, not distracting.
BENCH_FACTS = {"topic": "driving", "device": "work_phone", "vehicle": "department_vehicle",
               "hands_free": "no", "exigent": "yes", "purpose": "work", "distracting": "no"}
ORDER_DATA = "data/orders/dgo-i-19.json"
QUIZ_DATA = "data/quiz/dgo-i-19.json"
# What apps.script_tags puts in a page: the runtime, the preloads, the configs, the scripts.
PYSCRIPT_TAGS = re.compile(
    r'<link rel="(?:stylesheet|modulepreload|preload)" href="[^"]*(?:_runtime|/py/|/data/)[^"]*"[^>]*>'
    r'|<py-config[^>]*>.*?</py-config>'
    r'|<script type="module" src="[^"]*_runtime[^"]*"></script>'
    r'|<script type="mpy"[^>]*></script>', re.S)
BODY_END = "</body>"

HELPER_JS = """
(async () => {
  // The engine's answer for these facts, computed at bench time: the floor does no rule work.
  const result = %(result)s;
  const order = await (await fetch("../%(data)s")).json();
  const quotes = result.cites.map((id) => {
    const section = order.sections[id];
    const text = section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
    return `<figure class="helper-quote"><blockquote>${text}</blockquote>` +
      `<figcaption><a href="../${section.url}">${id} ${escapeHtml(section.title)}</a></figcaption></figure>`;
  }).join("");
  const items = (texts) => texts.map((t) => `<li>${escapeHtml(t)}</li>`).join("");
  document.getElementById("helper-result").innerHTML =
    `<article class="helper-result helper-verdict-${result.verdict}">` +
    `<h2 id="helper-result-heading"><span class="helper-badge">${escapeHtml(result.verdict_label)}</span> ` +
    `${escapeHtml(result.answer)}</h2><ul>${items(result.conditions)}</ul>${quotes}</article>`;
  document.getElementById("helper-loading").hidden = true;
  document.getElementById("helper-app").setAttribute("data-state", "ready");
})();
"""

QUIZ_JS = """
(async () => {
  const bank = await (await fetch("../%(data)s")).json();
  const field = (id, label) => `<div class="quiz-field"><label for="quiz-${id}">${label}</label>` +
    `<input id="quiz-${id}" name="${id}" type="text" required></div>`;
  document.getElementById("quiz-app").innerHTML =
    `<h2>Your details</h2><p>${bank.draw.size} questions drawn from all five parts of the order; ` +
    `the pass mark is ${bank.pass_mark} %%.</p><form>${field("name", "Full name")}` +
    `${field("id", "Serial / ID number")}${field("unit", "Unit or assignment")}` +
    `<button type="submit" class="md-button md-button--primary">Start the quiz</button></form>`;
  document.getElementById("quiz-app-status").hidden = true;
  document.getElementById("quiz-app").setAttribute("data-state", "ready");
})();
"""

ESCAPE_JS = """
function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]);
}
"""


def helper_answer(policies_dir):
    """The determination for BENCH_FACTS, as the CLI prints it (minus quotes: JS adds them)."""
    order = next(o for o in policy_source.load_orders(policies_dir) if o.slug == "dgo-i-19")
    book = checker.Book(load_rulebook(order))
    result = checker.decide(BENCH_FACTS, book, order.data["sections"])
    return {key: result[key] for key in ("verdict", "verdict_label", "answer", "conditions", "cites")}


def floor_page(app_html, script):
    """The app page with PyScript's tags removed and script added at the end of the body."""
    stripped, count = PYSCRIPT_TAGS.subn("", app_html)
    if count == 0 or BODY_END not in stripped:
        raise ValueError("the app page no longer has the PyScript tags bench/floor.py expects")
    tag = f"<script>{ESCAPE_JS}{script}</script>"
    return stripped.replace(BODY_END, tag + BODY_END, 1)


def write_floor_pages(site_dir, out_dir, policies_dir):
    """{URL path: file} of the floor pages, for bench.server.SiteServer(extra=...)."""
    os.makedirs(out_dir, exist_ok=True)
    scripts = {
        "helper": HELPER_JS % {"result": json.dumps(helper_answer(policies_dir)), "data": ORDER_DATA},
        "quiz": QUIZ_JS % {"data": QUIZ_DATA},
    }
    served = {}
    for app, script in scripts.items():
        with open(os.path.join(site_dir, app, "index.html"), encoding="utf-8") as handle:
            page = floor_page(handle.read(), script)
        path = os.path.join(out_dir, f"{app}-floor.html")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(page)
        # Same folder depth as the app page, so the page's relative links work unchanged.
        served[f"/{app}-floor/"] = path
    return served
