"""HTML for the decision helper page, built from determinations as plain strings.

Portable and testable in CPython: no DOM here (web/browser.py does that). Every piece of
text is escaped; quoted policy text is shown exactly as the determination carries it (checked
verbatim against the source at build time), with "…" where an excerpt leaves text out.
"""
from model.escape import html as esc
from model.quotes import display

NO_CHOICE = "Choose one of the answers, then press Continue."


def _tag(name, content, attrs=""):
    return "<" + name + attrs + ">" + content + "</" + name + ">"


def _items(texts):
    return _tag("ul", "".join(_tag("li", esc(t)) for t in texts))


def option_id(fact, value):
    return "helper-opt-" + fact + "-" + value


def radio_name(fact):
    return "helper-" + fact


# --- a question ------------------------------------------------------------------------------

def question_html(question, number, can_go_back):
    """One question as a form of radio buttons with labels; Continue submits it."""
    fact = question["fact"]
    options = "".join(_option_html(fact, option) for option in question["options"])
    back = ('<button type="button" class="md-button" data-action="back">Back</button>'
            if can_go_back else "")
    return (
        '<form id="helper-form" class="helper-form" novalidate data-fact="' + esc(fact) + '">'
        '<fieldset aria-describedby="helper-error">'
        '<legend id="helper-question" tabindex="-1"><span class="helper-step">Question '
        + str(number) + '</span> ' + esc(question["question"]) + '</legend>'
        '<div class="helper-options">' + options + '</div>'
        '<p id="helper-error" class="helper-error" hidden></p>'
        '</fieldset>'
        '<div class="helper-actions">'
        '<button type="submit" class="md-button md-button--primary">Continue</button>'
        + back + '</div></form>')


def _option_html(fact, option):
    ident = esc(option_id(fact, option["value"]))
    return ('<div class="helper-option"><input type="radio" id="' + ident + '" name="'
            + esc(radio_name(fact)) + '" value="' + esc(option["value"]) + '">'
            '<label for="' + ident + '">' + esc(option["label"]) + '</label></div>')


# --- the answers given so far ----------------------------------------------------------------

def answers_html(decided_by):
    """The answers so far, each with a Change button (later answers may then be asked again)."""
    if not decided_by:
        return ""
    rows = "".join(_answer_row(entry) for entry in decided_by)
    return ('<section class="helper-answers" aria-labelledby="helper-answers-heading">'
            '<h2 id="helper-answers-heading">Your answers</h2><dl>' + rows + '</dl></section>')


def _answer_row(entry):
    return ('<div class="helper-answer-row"><dt>' + esc(entry["question"]) + '</dt><dd>'
            + esc(entry["answer"]) + ' <button type="button" class="helper-change" '
            'data-action="change" data-fact="' + esc(entry["fact"]) + '" aria-label="Change '
            'your answer to: ' + esc(entry["question"]) + '">Change</button></dd></div>')


# --- the determination -----------------------------------------------------------------------

def result_html(result, sections, order, root):
    """Verdict in plain words; for "conditional" the answer for each way the unsure fact can
    go; why; what it rests on (judgements, readings); conditions; duties; every other provision
    that applies; and the order's own text with links. order: the order model data (its name
    for the captions); root: the way to the site root."""
    parts = [
        '<h2 id="helper-result-heading" tabindex="-1"><span class="helper-badge">'
        + esc(result["verdict_label"]) + '</span> ' + esc(result["answer"]) + '</h2>',
        _branches_html(result["branches"]),
        _why_html(result),
        _exception_line(result["findings"]),
        _rests_on_html(result["judgements"], result["readings"], root),
        _list_section("Conditions", result["conditions"]),
        _list_section("What you must do", result["duties"]),
        _provisions_html(result["provisions"]),
        _quotes_section(result["quotes"], sections, order, root),
        '<p class="helper-share">This page’s address holds your answers: share it to show '
        'this answer.</p>',
        '<div class="helper-actions">'
        '<button type="button" class="md-button md-button--primary" data-action="restart">'
        'Ask another question</button>'
        '<button type="button" class="md-button" data-action="back">Change my last answer'
        '</button></div>',
    ]
    return ('<article class="helper-result helper-verdict-' + esc(result["verdict"]) + '" '
            'aria-labelledby="helper-result-heading">' + "".join(parts) + '</article>')


def _why_html(result):
    whys = [finding["why"] for finding in result["findings"]] or [result["why"]]
    return "".join(_tag("p", esc(why), ' class="helper-why"') for why in whys if why)


def _branches_html(branches):
    """For "conditional": one line per way the unsure answer can go."""
    if not branches:
        return ""
    items = []
    for branch in branches:
        given = " and ".join("“" + esc(c["answer"]) + "”" for c in branch["if"])
        items.append(_tag("li", "If your answer is " + given + ": <strong>"
                          + esc(branch["verdict_label"]) + "</strong> — " + esc(branch["answer"])
                          + "".join(" " + esc(duty) for duty in branch["duties"])))
    return _tag("ul", "".join(items), ' class="helper-branches"')


def _exception_line(findings):
    """Name the exceptions that overrode a general rule (its label, e.g. "exception 1: …")."""
    labels = [f["label"] for f in findings if f["label"]]
    if not labels:
        return ""
    return _tag("p", "Exception that applies: " + esc("; ".join(labels)),
                ' class="helper-exception"')


def _rests_on_html(judgements, readings, root):
    """What the answer rests on besides the text: the member's judgement calls, and the
    readings of passages the order leaves open (each linked to the readings page)."""
    items = [_tag("li", "Your judgement of " + esc(j["judgement"]) + " (you answered “"
                  + esc(j["answer"]) + "”). The order leaves that call to people; the helper "
                  "takes your answer as given.") for j in judgements]
    items += [_tag("li", 'A reading of the order: <a href="' + esc(root + r["url"]) + '">'
                   + esc(r["title"]) + '</a>') for r in readings]
    if not items:
        return ""
    return (_tag("h3", "This answer rests on") + _tag("ul", "".join(items)))


def _provisions_html(provisions):
    """Everything else the order says about the same situation."""
    if not provisions:
        return ""
    items = "".join(_tag("li", '<span class="helper-badge helper-badge-small helper-verdict-'
                         + esc(p["verdict"]) + '">' + esc(p["verdict_label"]) + '</span> '
                         + esc(p["answer"])) for p in provisions)
    return _tag("h3", "Also applies to your situation") + _tag("ul", items,
                                                               ' class="helper-provisions"')


def _list_section(title, texts):
    return (_tag("h3", esc(title)) + _items(texts)) if texts else ""


def order_name(order):
    return order["series"] + " " + order["number"]


def _quotes_section(quotes, sections, order, root):
    name = esc(order_name(order))
    if not quotes:
        return ('<p class="helper-not-policy">' + name + ' has no section on this. Check with '
                'your supervisor, or other General Orders.</p>')
    return (_tag("h3", "What " + name + " says")
            + "".join(quote_html(quote, sections, name, root) for quote in quotes)
            + '<p class="helper-not-policy">The quoted text is the policy; the summary above is '
              'Policy Desk’s plain-words reading of it.</p>')


def quote_html(quote, sections, name, root):
    """One cited section's quoted text (name: the order's name, escaped)."""
    paragraphs = sections[quote["id"]]["paragraphs"] if quote["id"] in sections else []
    shown = "".join(_tag("p", esc(display(text, paragraphs))) for text in quote["excerpts"])
    link = ('<a href="' + esc(root + quote["url"]) + '">' + esc(quote["heading"]) + '</a>')
    return ('<figure class="helper-quote"><blockquote>' + shown + '</blockquote>'
            '<figcaption>' + name + ', ' + link + '</figcaption></figure>')


# --- messages ---------------------------------------------------------------------------------

def notice_html(title, problems, role="alert"):
    return ('<div class="helper-notice" role="' + role + '"><p><strong>' + esc(title)
            + '</strong></p>' + _items(problems) + '</div>')


def bad_link_html(problems):
    return notice_html("The link you opened could not be used, so the helper started afresh.",
                       problems)


def ignored_html(names):
    return notice_html("Some answers in the link were not needed for this question and were "
                       "left out:", names, role="status")


def status_text(result, number):
    """The short sentence for the screen reader's live region after each step."""
    if result["complete"]:
        return "Answer ready: " + result["verdict_label"] + ". " + result["answer"]
    return "Question " + str(number) + ": " + result["questions"][0]["question"]
