"""HTML of the quiz page, one screen per session phase (plain Python: tested in CPython and
under MicroPython, and callable at build time: member_screen(new_state(bank), bank, {}) is
the first screen, with no clock and nothing saved).

render(state, bank, ui) returns the markup for #quiz-app; ui carries what is not saved:
    root    relative way to the site root ("../"), so links work under any sub-path
    now     the time (ISO UTC) for waiting times; local_time(ISO UTC) -> that moment as the
            device shows times (default: the UTC time)
    errors  {field: message} of the member form; error: a message for the current step
    notice  a message (restored progress, a step refused); confirm: "start-over" | None
    set_aside  saved text that could not be used, kept for the member to download
    fixed   {field: value} of the member's details a learning system gives (shown, not asked)
    saved_in  where progress is kept ("on this device", the default)
    recorded  what the signed screen says of the record when a learning system keeps it
Every value from the member or the bank passes through esc(). Buttons carry data-action,
forms data-form: web/quiz_app.py dispatches on them.
"""
from quiz import attempts
from quiz.bank import correct_ids, question_map
from quiz.clock import iso_from_epoch, wait_text
from quiz.member import FIELDS, LABELS
from quiz.record import completed_at, short_id
from quiz.session import (attempts_left, current, entry, finished, held_back, pending_downloads,
                          progress, wait_left)
from model.escape import html as esc
from web import quiz_scope_view as scope_view

HINTS = {"single": "Choose one answer.", "multiple": "Select all that apply.",
         "true_false": "Choose True or False."}
DOWNLOADS = (("json", "Download the record (JSON)"), ("csv", "Download a CSV row"),
             ("xapi", "Download an xAPI statement"))
DOWNLOAD_NAMES = {"json": "record (JSON)", "csv": "CSV row", "xapi": "xAPI statement"}
AUTOCOMPLETE = {"name": "name", "id": "off", "unit": "organization-title"}
FIELD_HELP = {"name": "As on the Department roster.",
              "id": "Your serial number (sworn) or employee ID (professional staff).",
              "unit": "e.g. Patrol Area 2, Training Division."}


def render(state, bank, ui):
    screens = {"member": member_screen, "review": review_screen, "question": question_screen,
               "feedback": feedback_screen, "result": result_screen, "signed": signed_screen}
    return _notice(ui) + _set_aside(ui) + screens[state["phase"]](state, bank, ui)


def _heading(text, extra=""):
    # tabindex=-1: the app moves focus here after each step so screen readers read it.
    return '<h2 id="quiz-heading" tabindex="-1"%s>%s</h2>' % (extra, esc(text))


def _button(label, action, primary=False):
    kind = "md-button md-button--primary" if primary else "md-button"
    return '<button type="button" class="%s" data-action="%s">%s</button>' % (kind, action, esc(label))


def _submit(label):
    return '<button type="submit" class="md-button md-button--primary">%s</button>' % esc(label)


def _error(message, element_id):
    return '<p id="%s" class="quiz-error" role="alert">%s</p>' % (element_id, esc(message or ""))


def _notice(ui):
    return '<p class="quiz-notice" role="status">%s</p>' % esc(ui["notice"]) if ui.get("notice") else ""


def _set_aside(ui):
    if not ui.get("set_aside"):
        return ""
    return ('<div class="quiz-set-aside" role="group" aria-labelledby="quiz-set-aside-text">'
            '<p id="quiz-set-aside-text">Saved progress that could not be used is kept on this '
            'device (%d characters) until you delete it.</p>%s%s</div>'
            % (len(ui["set_aside"]), _button("Download the set-aside progress", "download-set-aside"),
               _button("Delete it", "discard-set-aside")))


# ---------------------------------------------------------------- 1. who is signing

def attempt_rules(bank):
    """The bank's attempt settings in words (the member screen; docs/quiz.md)."""
    allowed, first, later = attempts.settings(bank)
    if allowed == 1:
        return "You have one attempt."
    wait = "the next attempt can begin " + _after(first)
    if later != first and allowed > 2:
        wait += " (%s after a second one)" % (wait_text(later * 60) if later else "straight away")
    return ("You have %d attempts. After an attempt that does not pass you are shown the "
            "sections to read again, and %s." % (allowed, wait))


def _after(minutes):
    return "%s later" % wait_text(minutes * 60) if minutes else "straight away"


def member_screen(state, bank, ui):
    member, errors = ui.get("fields") or state["member"] or {}, ui.get("errors") or {}
    parts = [_heading("Your details"),
             "<p>%d questions drawn from every part of the order; the pass mark is %d %%. "
             "Your progress is saved %s after every answer.</p>"
             % (bank["draw"]["size"], bank["pass_mark"],
                esc(ui.get("saved_in") or "on this device")),
             '<p id="quiz-attempt-rules">%s Whether an answer was right is shown as you go, '
             'except for questions that can come back in a later attempt: their answers and '
             'explanations are shown at the end.</p>' % esc(attempt_rules(bank)),
             scope_view.binding(bank),
             '<form data-form="start" novalidate>']
    fixed = ui.get("fixed") or {}
    for field in FIELDS:
        parts.append(_fixed(field, fixed[field], errors.get(field)) if field in fixed
                     else _field(field, member.get(field, ""), errors.get(field)))
    parts += [scope_view.choice(bank), _submit("Start the quiz"), "</form>"]
    if state["member"] or ui.get("set_aside"):
        parts.append(_start_over(state, bank, ui))
    return "".join(parts)


def _field(field, value, error):
    input_id = "quiz-" + field
    invalid = ' aria-invalid="true"' if error else ""
    return ('<div class="quiz-field"><label for="%s">%s</label>'
            '<p id="%s-help" class="quiz-help">%s</p>'
            # No name attribute: a form sent natively (before the page's script could stop
            # it) must not put a member's name and ID into a URL, where server logs and the
            # browser history would keep them; it lands on the quiz page again (issue 15).
            '<input id="%s" type="text" value="%s" autocomplete="%s" required '
            'aria-describedby="%s-help %s-error"%s%s>%s</div>'
            % (input_id, esc(LABELS[field]), input_id, esc(FIELD_HELP[field]), input_id,
               esc(value), AUTOCOMPLETE[field], input_id, input_id, invalid,
               ' autocapitalize="characters" spellcheck="false"' if field == "id" else "",
               _error(error, input_id + "-error")))


def _fixed(field, value, error):
    """A detail the learning system gives: shown as text, sent with the form unchanged."""
    input_id = "quiz-" + field
    return ('<div class="quiz-field"><p class="quiz-fixed"><span class="quiz-fixed-label">%s</span> '
            '<span id="%s-value">%s</span> <span class="quiz-help">(from your learning system)'
            '</span></p><input id="%s" name="%s" type="hidden" value="%s">%s</div>'
            % (esc(LABELS[field]), input_id, esc(value), input_id, field, esc(value),
               _error(error, input_id + "-error")))


# ---------------------------------------------------------------- 2. a question

def _progress(state, bank):
    number, total, answered = progress(state)
    return ('<div class="quiz-progress"><p id="quiz-progress-text">Question %d of %d</p>'
            '<progress max="%d" value="%d" aria-labelledby="quiz-progress-text"></progress></div>'
            '<p class="quiz-attempt" id="quiz-attempt">Attempt %d of %d</p>'
            % (number, total, total, answered, state["attempt"], attempts.settings(bank)[0]))


def question_screen(state, bank, ui):
    question, item = current(state, bank)
    control = "checkbox" if question["kind"] == "multiple" else "radio"
    texts = _option_texts(question)
    options = "".join(
        '<label class="quiz-option"><input type="%s" name="quiz-answer" value="%s">'
        '<span>%s</span></label>' % (control, esc(oid), esc(texts[oid])) for oid in item["options"])
    return "".join([
        _progress(state, bank),
        '<form data-form="answer" data-question="%s" novalidate>' % esc(question["id"]),
        '<fieldset aria-describedby="quiz-hint quiz-answer-error"><legend>',
        _heading(question["prompt"]), "</legend>",
        '<p id="quiz-hint" class="quiz-help">%s</p>' % HINTS[question["kind"]],
        '<div class="quiz-options">%s</div></fieldset>' % options,
        _error(ui.get("error"), "quiz-answer-error"), _submit("Check answer"), "</form>",
        _start_over(state, bank, ui)])


def _option_texts(question):
    texts = {}
    for option in question["options"]:
        texts[option["id"]] = option["text"]
    return texts


# ---------------------------------------------------------------- 3. feedback

def feedback_screen(state, bank, ui):
    question, item = current(state, bank)
    chosen = state["answers"][state["index"]]
    last = state["index"] + 1 == len(state["drawn"])
    next_button = '<div class="quiz-actions">%s</div>' % _button(
        "See your result" if last else "Next question", "next", primary=True)
    if question["id"] in held_back(state, bank):
        return "".join([
            _progress(state, bank), _heading("Answer saved", ' class="quiz-verdict is-held"'),
            '<p class="quiz-prompt">%s</p>' % esc(question["prompt"]),
            '<p class="quiz-held">This question can come back in a later attempt, so whether '
            'your answer was right, the right answer and the explanation are shown at the end '
            'of the quiz.</p>', next_button, _start_over(state, bank, ui)])
    right = sorted(chosen) == correct_ids(question)
    verdict = "\u2713 Correct" if right else "\u2717 Not quite"
    return "".join([
        _progress(state, bank),
        _heading(verdict, ' class="quiz-verdict %s"' % ("is-right" if right else "is-wrong")),
        '<p class="quiz-prompt">%s</p>' % esc(question["prompt"]),
        _explained(question, item["options"], chosen, bank, ui), next_button,
        _start_over(state, bank, ui)])


def _explained(question, shown, chosen, bank, ui):
    """The options with the right ones (and the member's) marked, the explanation, the quotes."""
    return (_review(question, shown, chosen)
            + '<p><strong>Why:</strong> %s</p>' % esc(question["explanation"])
            + _quotes(question, bank, ui.get("root", "")))


def _review(question, shown, chosen):
    correct = correct_ids(question)
    texts = _option_texts(question)
    rows = []
    for oid in shown:
        tags = (["Your answer"] if oid in chosen else []) + (["Correct answer"] if oid in correct else [])
        classes = " ".join((["is-correct"] if oid in correct else []) + (["is-chosen"] if oid in chosen else []))
        rows.append('<li class="%s">%s%s</li>' % (classes, esc(texts[oid]), "".join(
            ' <span class="quiz-tag">%s</span>' % tag for tag in tags)))
    return '<ul class="quiz-review" aria-label="Answers">%s</ul>' % "".join(rows)


def section_link(bank, section_id, root, label=None):
    section = bank["sections"][section_id]
    return '<a href="%s">%s</a>' % (esc(root + section["url"]), esc(label or section["heading"]))


def _quotes(question, bank, root):
    order = bank["order"]
    quotes = "".join(
        '<blockquote class="quiz-quote"><p>%s</p><p class="quiz-source">%s %s, %s</p></blockquote>'
        % (esc(q["text"]), esc(order["series"]), esc(order["number"]),
           section_link(bank, q["section"], root)) for q in question["quotes"])
    cites = ", ".join(section_link(bank, sid, root, sid) for sid in question["cites"])
    return ('<p class="quiz-quote-intro">What the policy says (quoted from the order; read the '
            'section in full: %s):</p>%s' % (cites, quotes))


# ---------------------------------------------------------------- 4. result

def result_screen(state, bank, ui):
    record = state["record"]
    score, passed = record["score"], record["result"] == "passed"
    needed = (bank["pass_mark"] * score["total"] + 99) // 100
    title = "%s: %d of %d (%s %%)" % ("Passed" if passed else "Not passed yet", score["correct"],
                                      score["total"], score["percent"])
    parts = [_heading(title),
             "<p>The pass mark is %d %% (%d of %d).</p>" % (bank["pass_mark"], needed, score["total"])]
    if passed:
        parts.append(_attestation_form(bank, ui))
    else:
        parts += [_sections_to_review(entry(state, bank)["review"], bank, ui), _next_attempt(state, bank, ui),
                  '<p class="quiz-secondary">This attempt is a record too: the Training Division '
                  'may ask for it. %s</p>' % _button("Download this attempt's record (JSON)",
                                                    "download-attempt")]
    parts += [_answers(state, bank, ui), _start_over(state, bank, ui)]
    return "".join(parts)


def review_screen(state, bank, ui):
    """A member with earlier attempts, back on this device: what to read, and when to retake."""
    known = entry(state, bank)
    title = "Before your next attempt" if attempts.left(known, bank) else "No attempts left"
    parts = [_heading(title),
             "<p>%s, you have begun %d of %d attempts on this device.</p>"
             % (esc(state["member"]["name"]), known["used"], attempts.settings(bank)[0]),
             _sections_to_review(known["review"], bank, ui), _next_attempt(state, bank, ui)]
    if finished(state, bank):
        parts.append(_earlier(known["held"], bank, ui))
    parts.append(_start_over(state, bank, ui))
    return "".join(parts)


def _sections_to_review(section_ids, bank, ui):
    root = ui.get("root", "")
    if not section_ids:
        return ('<p>Read the order again before your next attempt: %s.</p>'
                % '<a href="%s">%s</a>' % (esc(root + bank["order"]["url"]), esc(
                    bank["order"]["series"] + " " + bank["order"]["number"])))
    return ('<h3 id="quiz-review-heading">Sections to read again</h3><p>You missed questions on '
            'these sections; read them before your next attempt:</p><ul class="quiz-sections">%s</ul>'
            % "".join("<li>%s</li>" % section_link(bank, sid, root)
                      for sid in section_ids if sid in bank["sections"]))


def _next_attempt(state, bank, ui):
    allowed = attempts.settings(bank)[0]
    if not attempts_left(state, bank):
        return ('<p class="quiz-notice" id="quiz-next">You have used all %d attempts. The '
                'Training Division decides what happens next; tell them.</p>' % allowed)
    number = entry(state, bank)["used"] + 1
    wait = wait_left(state, bank, ui["now"]) if ui.get("now") else 0
    if wait:
        at = attempts.retake_at(entry(state, bank), bank)
        return ('<p class="quiz-wait" id="quiz-next">You can begin attempt %d of %d at '
                '<strong>%s</strong> (in %s). Use the time to read the sections above.</p>'
                % (number, allowed, esc(_local_time(ui, at)), esc(wait_text(wait))))
    return ('<div class="quiz-actions" id="quiz-next">%s</div>'
            % _button("Begin attempt %d of %d with new questions" % (number, allowed), "retake",
                      primary=True))


def _local_time(ui, seconds):
    text = iso_from_epoch(seconds)
    if ui.get("local_time"):
        return ui["local_time"](text)
    return text[:10] + " " + text[11:16] + " UTC"


def _answers(state, bank, ui):
    """Each question of the attempt with the member's answer; the right answer and the
    explanation for those not held back (all of them once the quiz is over)."""
    held = [] if finished(state, bank) else held_back(state, bank)
    questions = question_map(bank)
    items = []
    for n, item in enumerate(state["record"]["questions"]):
        question = questions[item["id"]]
        head = '<h4>Question %d</h4><p class="quiz-prompt">%s</p>' % (n + 1, esc(question["prompt"]))
        if item["id"] in held:
            body = ('<p class="quiz-held">Held back: this question can come back in your next '
                    'attempt, so its answer is shown at the end.</p>')
        else:
            body = ('<p class="quiz-mark">%s</p>' % ("\u2713 Correct" if item["correct"] else "\u2717 Not quite")
                    + _explained(question, item["options"], item["answer"], bank, ui))
        items.append('<li class="quiz-answer" data-question="%s">%s%s</li>' % (esc(item["id"]), head, body))
    parts = ['<h3 id="quiz-answers-heading">Your answers</h3><ol class="quiz-answers">%s</ol>'
             % "".join(items)]
    if finished(state, bank):
        parts.append(_earlier([qid for qid in entry(state, bank)["held"]
                               if qid not in [i["id"] for i in state["record"]["questions"]]], bank, ui))
    return "".join(parts)


def _earlier(question_ids, bank, ui):
    """At the end: questions of earlier attempts whose answers were held back."""
    questions = question_map(bank)
    shown = [qid for qid in question_ids if qid in questions]
    if not shown:
        return ""
    items = "".join(
        '<li class="quiz-answer" data-question="%s"><p class="quiz-prompt">%s</p>%s</li>'
        % (esc(qid), esc(questions[qid]["prompt"]),
           _explained(questions[qid], [o["id"] for o in questions[qid]["options"]], [], bank, ui))
        for qid in shown)
    return ('<h3 id="quiz-earlier-heading">Questions from earlier attempts</h3><p>Their answers '
            'were held back while they could come back; here they are.</p>'
            '<ol class="quiz-answers">%s</ol>' % items)


def _attestation_form(bank, ui):
    return "".join([
        '<form data-form="sign" class="quiz-attest" novalidate>',
        '<h3 id="quiz-attest-heading">Sign-off</h3>',
        '<p class="quiz-attestation" id="quiz-attestation-text">%s</p>' % esc(bank["attestation"]),
        '<label class="quiz-option"><input type="checkbox" id="quiz-confirm" name="confirm" '
        'aria-describedby="quiz-attestation-text quiz-sign-error"><span>I confirm the statement '
        'above.</span></label>',
        _error(ui.get("error"), "quiz-sign-error"), _submit("Sign off"), "</form>"])


# ---------------------------------------------------------------- 5. signed: downloads, certificate

def signed_screen(state, bank, ui):
    record = state["record"]
    pending = pending_downloads(state)
    buttons = "".join(_button(label + (" \u2713" if kind in state["downloaded"] else ""),
                              "download-" + kind, primary=kind == "json") for kind, label in DOWNLOADS)
    keep = ("<p class=\"quiz-notice\">Send the JSON record to the Training Division. It stays "
            "saved on this device until you clear it%s.</p>"
            % (" (not yet downloaded: %s)" % ", ".join(DOWNLOAD_NAMES[k] for k in pending)
               if pending else ""))
    if ui.get("recorded"):  # in a learning system, which keeps the sign-off
        keep = '<p class="quiz-notice">%s</p>' % esc(ui["recorded"])
    return "".join([
        _heading("Signed off: download your record"), keep,
        '<div class="quiz-actions quiz-downloads">%s%s</div>' % (buttons, _button("Print the certificate", "print")),
        certificate_html(record, ui.get("root", "")), _start_over(state, bank, ui)])


# ---------------------------------------------------------------- start over (every screen)

def _start_over(state, bank, ui):
    """The way out of any screen: a button, then a confirmation saying what is lost and kept."""
    label = "Clear this record from the device" if state["phase"] == "signed" else "Start over"
    if ui.get("confirm") != "start-over":
        return '<div class="quiz-secondary">%s</div>' % _button(label, "start-over")
    return ('<div class="quiz-confirm" role="group" aria-labelledby="quiz-confirm-text">'
            '<p id="quiz-confirm-text"><strong>%s?</strong> %s</p>%s%s</div>'
            % (esc(label), esc(_start_over_effect(state, bank)),
               _button("Keep going" if state["phase"] != "signed" else "Keep it", "keep", primary=True),
               _button("Yes, clear it" if state["phase"] == "signed" else "Yes, start over",
                       "start-over-yes")))


def _start_over_effect(state, bank):
    phase = state["phase"]
    kept = "Attempts used and any waiting time stay as they are."
    if phase == "signed":
        pending = pending_downloads(state)
        return (("You have not downloaded the %s. " % ", ".join(DOWNLOAD_NAMES[k] for k in pending)
                 if pending else "") + "Once cleared it cannot be downloaded again from this device.")
    if phase in ("question", "feedback"):
        return ("This attempt ends now and counts as attempt %d of %d, as an attempt that did "
                "not pass. Your details and answers are deleted from this device. %s"
                % (state["attempt"], attempts.settings(bank)[0], kept))
    if phase == "result" and state["record"]["result"] == "passed":
        return ("You have passed but not signed off: the pass is deleted from this device and "
                "the attempt still counts. " + kept)
    return "Your details, answers and any set-aside progress are deleted from this device. " + kept


def certificate_html(record, root):
    order, member, score = record["order"], record["member"], record["score"]
    return "".join([
        '<section class="quiz-certificate" aria-labelledby="quiz-certificate-title">',
        '<h3 id="quiz-certificate-title">Certificate of sign-off</h3>',
        "<p>This certifies that</p><p class=\"quiz-certificate-name\">%s</p>" % esc(member["name"]),
        "<p>Serial / ID %s, %s,</p>" % (esc(member["id"]), esc(member["unit"])),
        "<p>passed the sign-off quiz on <strong>%s %s %s</strong> on %s with %d of %d correct "
        "(%s %%; pass mark %d %%) and confirmed:</p>"
        % (esc(order["series"]), esc(order["number"]), esc(order["title"]),
           esc(completed_at(record)[:10]), score["correct"], score["total"], esc(score["percent"]),
           record["pass_mark"]),
        '<blockquote>%s</blockquote>' % esc(record["attestation"]["text"]),
        scope_view.certificate_note(record),
        '<dl class="quiz-certificate-ids"><dt>Order version (the text signed)</dt><dd>%s</dd><dt>Question bank '
        'version</dt><dd>%s</dd><dt>Completed</dt><dd>%s</dd><dt>Record</dt><dd>%s</dd></dl>'
        % (esc(order["version"]), esc(record["bank_version"]), esc(completed_at(record)),
           esc(short_id(record))),
        '<p class="quiz-fingerprint">Digest: <code>%s</code></p></section>' % esc(record["digest"])])


def file_stem(record):
    """'dgo-i-19-sign-off-9123-2026-11-29': names the downloads so a folder of them sorts."""
    safe = "".join(ch if ch.isalpha() or ch.isdigit() or ch == "-" else "-" for ch in record["member"]["id"])
    return "%s-sign-off-%s-%s" % (record["order"]["slug"], safe, completed_at(record)[:10])


def storage_key(bank):
    """Where the quiz keeps its progress on the device (web/quiz_app.py); the page's early
    script looks for it to know whether the quiz resumes (web/first_screen.py)."""
    return "policy-desk:quiz:" + bank["slug"]
