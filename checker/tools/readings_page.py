"""CPython only: the page "How the helper reads the order" (helper/readings/ in the site).

Generated from the rules data at build time, so the page and the answers can never disagree:
what each verdict means (checker.verdicts), then for each order with rules every reading the
order leaves open, with its quotes (verbatim, linked to the section), Policy Desk's reading
(marked as such), and the answers that rest on it. Each reading has a stable anchor
(rules_source.reading_anchor) that the answers link to.
"""
from typing import Any

from checker.tools.rules_source import reading_anchor
from checker.verdicts import VERDICT_TABLE
from model.escape import page_markdown as md
from model.tools.orders import Order

PAGE = "helper/readings.md"
DOCS_ROOT = "../"  # from helper/readings.md back to the documentation root

INTRO = """\
The decision helper answers from the order's own words: each answer quotes the sections it
rests on. Where the order is silent, ambiguous or points to the wrong place, the helper does not
settle the question silently: the reading it takes is written here, with the passage and the
reason, and every answer that rests on a reading links to it. The readings are Policy Desk's,
not policy; the policy is only what is quoted.
"""

HOW_TO_READ = """\
Beside the verdict an answer lists **other provisions that apply** to the same situation (a
duty that survives the verdict, a limit that still applies), so nothing the order says about
the situation is left out. When a verdict **rests on a judgement** the order leaves to people
(whether circumstances are urgent enough, whether grounds are reasonable), the helper asks it
as a question, offers "I'm not sure", and says beside the answer that it rests on your answer.
"""


def page(orders: list[tuple[Order, list[dict[str, Any]], list[dict[str, Any]]]]) -> str:
    """The page's Markdown for [(order, readings from its rules file, its rules)]."""
    # like the helper page: found by name, but a policy phrase should land on the order itself
    lines = ["---", "title: How the helper reads the order", "search:", "  boost: 0.2", "---",
             "# How the helper reads the order", "", INTRO, "## What each answer means", "",
             "| Verdict | What it means |", "|---|---|"]
    lines += [f"| **{md(label)}** | {md(meaning)} |" for _, label, meaning in VERDICT_TABLE]
    lines += ["", HOW_TO_READ]
    if not orders:
        lines.append("No order has decision rules yet.")
    for order, readings, rules in orders:
        lines += _order_readings(order, readings, rules)
    return "\n".join(lines) + "\n"


def _order_readings(order: Order, readings: list[dict[str, Any]],
                    rules: list[dict[str, Any]]) -> list[str]:
    name = md(f"{order.name} {order.data['title']}")
    lines = [f"## {name}: readings the order leaves open {{#{order.slug}}}", ""]
    for reading in readings:
        lines += _reading(order, reading, [r for r in rules if reading["id"] in r["readings"]])
    return lines


def _page_link(section: dict[str, Any]) -> str:
    """A link MkDocs checks and rewrites: the order page's source (orders/<slug>.md, generated
    by the build) and the section's anchor, from the section's site URL (orders/<slug>/#a-2)."""
    path, _, anchor = section["url"].partition("#")
    return f"{DOCS_ROOT}{path.rstrip('/')}.md#{anchor}"


def _reading(order: Order, reading: dict[str, Any], rules: list[dict[str, Any]]) -> list[str]:
    anchor = reading_anchor(order.slug, reading["id"])
    lines = [f"### {md(reading['title'])} {{#{anchor}}}", ""]
    for quote in reading["quotes"]:
        section = order.data["sections"][quote["section"]]
        text = quote.get("text") or " ".join(section["paragraphs"])
        lines += [f"> {md(' '.join(text.split()))}", ">",
                  f"> — [{md(order.name)}, {md(section['heading'])}]({_page_link(section)})", ""]
    lines += ['<p class="policy-desk-reading-label">How the helper reads it (Policy Desk’s '
              "reading, not policy):</p>", "", md(" ".join(reading["reading"].split())), ""]
    if rules:
        lines += ["Answers that rest on it:", ""]
        lines += [f"- {md(rule['answer'])} (`{rule['id']}`)" for rule in rules]
        lines.append("")
    return lines
