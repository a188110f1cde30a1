"""Entry point of the decision helper page (docs/helper.md): the checker, wired to the page.

One question at a time; the answers live in the URL (shareable, history.replaceState). The
engine decides (checker) on the order's rulebook (data/checker/<slug>.json, the page's
"checker" data), web/helper_view.py writes the HTML, web/helper_url.py reads and writes the
query, web/runner.py starts the app and web/browser.py is the only way to the page.
"""
import json

import checker
from web import browser
from web import helper_url as links
from web import helper_view as view
from web import runner

# asked: facts in the order they were read; order: the order model data the answers quote
state = {"facts": {}, "asked": [], "sections": {}, "order": None, "book": None, "root": "../"}


# --- showing a step ---------------------------------------------------------------------------

def show(facts, move_focus=True):
    """Decide on facts, then show the next question or the answer, and update the URL."""
    result = checker.decide(facts, state["book"], state["sections"])
    asked = [entry["fact"] for entry in result["decided_by"]]
    kept = remember(facts, asked, result)
    browser.replace_query(links.build_query(kept, asked + sorted(n for n in kept if n not in asked)))
    number = len(asked) + 1
    if result["complete"]:
        browser.set_html("#helper-step", "")
        browser.set_html("#helper-result", view.result_html(result, state["sections"],
                                                            state["order"], state["root"]))
    else:
        browser.set_html("#helper-result", "")
        browser.set_html("#helper-step", view.question_html(result["questions"][0], number,
                                                            bool(asked)))
    browser.set_html("#helper-answers", view.answers_html(result["decided_by"]))
    browser.set_text("#helper-status", view.status_text(result, number))
    if move_focus:
        browser.focus("#helper-result-heading" if result["complete"] else "#helper-question")


def remember(facts, asked, result):
    """The facts to keep: once answered, facts the decision did not use are dropped (and
    named, since they came from a link); before that they may still be asked."""
    if not result["complete"]:
        kept = dict(facts)
    else:
        kept = {name: facts[name] for name in asked}
        unused = [name + "=" + facts[name] for name in result["unused"]]
        if unused:
            browser.set_html("#helper-notice", view.ignored_html(unused))
    state["facts"], state["asked"] = kept, asked
    return kept


def forget_from(name):
    """Facts without name and every answer read after it (later questions may change)."""
    asked = state["asked"]
    dropped = asked[asked.index(name):] if name in asked else [name]
    return {n: v for n, v in state["facts"].items() if n not in dropped}


# --- events -----------------------------------------------------------------------------------

def on_submit(event):
    browser.cancel(event)
    browser.set_html("#helper-notice", "")
    fact = browser.event_data(event, "data-fact")
    value = browser.checked_value(view.radio_name(fact)) if fact else None
    if value is None:
        browser.set_text("#helper-error", view.NO_CHOICE)
        browser.show("#helper-error")
        browser.focus("#helper-form input")
        return
    facts = dict(state["facts"])
    facts[fact] = value
    show(facts)


def on_click(event):
    action = browser.event_data(event, "data-action")
    if action is None:
        return
    browser.set_html("#helper-notice", "")
    if action == "restart":
        show({})
    elif action == "back" and state["asked"]:
        show(forget_from(state["asked"][-1]))
    elif action == "change":
        show(forget_from(browser.event_data(event, "data-fact")))


def decide_json(text):
    """For browser tests and integrations: facts as JSON text -> determination as JSON text,
    read as the command line reads them (bounded; JSON true/false and any letter case).
    Bad input gives {"error": [messages]}; nothing is ever thrown back into JS."""
    try:
        facts = checker.facts_from_json(str(text))
        facts = checker.normalize_facts(facts, state["book"])
        return json.dumps(checker.decide(facts, state["book"], state["sections"]))
    except checker.FactError as exc:
        return json.dumps({"error": exc.problems})
    except Exception as exc:
        browser.log_exception(exc)
        return json.dumps({"error": ["the facts could not be decided: " + str(exc)[:200]]})


# --- start-up ---------------------------------------------------------------------------------

def start(app):
    state["order"] = app.data("orders")
    state["book"] = checker.Book(app.data("checker"))
    state["sections"], state["root"] = state["order"]["sections"], app.site_root
    browser.expose_methods("policyDeskHelper", {"decide": decide_json})
    app.on(app.root, "submit", on_submit)
    app.on(app.root, "click", on_click)
    facts, problems = links.parse_query(browser.query_string(), state["book"])
    if problems:
        browser.set_html("#helper-notice", view.bad_link_html(problems))
    show(facts, move_focus=False)


runner.run(start)
