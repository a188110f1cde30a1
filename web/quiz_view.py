"""HTML of the quiz page, one screen per session phase (plain Python: tested in CPython).

render(state, bank, ui) returns the markup for #quiz-app; ui carries what is not saved:
    root    relative way to the site root ("../"), so links work under any sub-path
    errors  {field: message} of the member form; error: a message for the current step
    notice  a message about restored progress; confirm: "abandon" | "clear" | None
Every value from the member or the bank passes through esc(). Buttons carry data-action,
forms data-form: web/quiz_app.py dispatches on them.
"""
from quiz.bank import correct_ids, question_map
from quiz.member import FIELDS, LABELS
from quiz.record import completed_at, short_id
from quiz.session import current, pending_downloads, progress
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
    screens = {"member": member_screen, "question": question_screen,
               "feedback": feedback_screen, "result": result_screen, "signed": signed_screen}
    return screens[state["phase"]](state, bank, ui)


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


# ---------------------------------------------------------------- 1. who is signing

def member_screen(state, bank, ui):
    member, errors = ui.get("fields") or state["member"] or {}, ui.get("errors") or {}
    draw = bank["draw"]
    parts = [_notice(ui), _heading("Your details"),
             "<p>%d questions drawn from all five parts of the order; the pass mark is %d %%. "
             "Your progress is saved on this device after every answer.</p>"
             % (draw["size"], bank["pass_mark"]),
             scope_view.binding(bank),
             '<form data-form="start" novalidate>']
    for field in FIELDS:
        parts.append(_field(field, member.get(field, ""), errors.get(field)))
    parts += [scope_view.choice(bank), _submit("Start the quiz"), "</form>"]
    return "".join(parts)


def _field(field, value, error):
    input_id = "quiz-" + field
    invalid = ' aria-invalid="true"' if error else ""
    return ('<div class="quiz-field"><label for="%s">%s</label>'
            '<p id="%s-help" class="quiz-help">%s</p>'
            '<input id="%s" name="%s" type="text" value="%s" autocomplete="%s" required '
            'aria-describedby="%s-help %s-error"%s%s>%s</div>'
            % (input_id, esc(LABELS[field]), input_id, esc(FIELD_HELP[field]), input_id, field,
               esc(value), AUTOCOMPLETE[field], input_id, input_id, invalid,
               ' autocapitalize="characters" spellcheck="false"' if field == "id" else "",
               _error(error, input_id + "-error")))


# ---------------------------------------------------------------- 2. a question

def _progress(state):
    number, total, answered = progress(state)
    return ('<div class="quiz-progress"><p id="quiz-progress-text">Question %d of %d</p>'
            '<progress max="%d" value="%d" aria-labelledby="quiz-progress-text"></progress></div>'
            % (number, total, total, answered))


def question_screen(state, bank, ui):
    question, item = current(state, bank)
    control = "checkbox" if question["kind"] == "multiple" else "radio"
    texts = {}
    for option in question["options"]:
        texts[option["id"]] = option["text"]
    options = "".join(
        '<label class="quiz-option"><input type="%s" name="quiz-answer" value="%s">'
        '<span>%s</span></label>' % (control, esc(oid), esc(texts[oid])) for oid in item["options"])
    return "".join([
        _notice(ui), _progress(state),
        '<form data-form="answer" data-question="%s" novalidate>' % esc(question["id"]),
        '<fieldset aria-describedby="quiz-hint quiz-answer-error"><legend>',
        _heading(question["prompt"]), "</legend>",
        '<p id="quiz-hint" class="quiz-help">%s</p>' % HINTS[question["kind"]],
        '<div class="quiz-options">%s</div></fieldset>' % options,
        _error(ui.get("error"), "quiz-answer-error"), _submit("Check answer"), "</form>",
        _abandon(ui)])


def _abandon(ui):
    if ui.get("confirm") != "abandon":
        return '<div class="quiz-secondary">%s</div>' % _button("Abandon this attempt", "abandon")
    return ('<div class="quiz-confirm" role="group" aria-labelledby="quiz-confirm-text">'
            '<p id="quiz-confirm-text"><strong>Abandon this attempt?</strong> Your answers and '
            'details are deleted from this device and the quiz starts again.</p>%s%s</div>'
            % (_button("Keep going", "keep", primary=True), _button("Yes, abandon", "abandon-yes")))


# ---------------------------------------------------------------- 3. feedback

def feedback_screen(state, bank, ui):
    question, item = current(state, bank)
    chosen = state["answers"][state["index"]]
    right = sorted(chosen) == correct_ids(question)
    last = state["index"] + 1 == len(state["drawn"])
    verdict = "\u2713 Correct" if right else "\u2717 Not quite"
    return "".join([
        _progress(state),
        _heading(verdict, ' class="quiz-verdict %s"' % ("is-right" if right else "is-wrong")),
        '<p class="quiz-prompt">%s</p>' % esc(question["prompt"]),
        _review(question, item, chosen),
        '<p><strong>Why:</strong> %s</p>' % esc(question["explanation"]),
        _quotes(question, bank, ui["root"]),
        '<div class="quiz-actions">%s</div>' % _button("See your result" if last else "Next question",
                                                      "next", primary=True)])


def _review(question, item, chosen):
    correct = correct_ids(question)
    texts = {}
    for option in question["options"]:
        texts[option["id"]] = option["text"]
    rows = []
    for oid in item["options"]:
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
             "<p>The pass mark is %d %% (%d of %d).</p>" % (bank["pass_mark"], needed, score["total"]),
             _review_sections(state, bank, ui["root"])]
    if passed:
        parts.append(_attestation_form(bank, ui))
    else:
        parts += ['<p>Read the sections above, then take the quiz again with a new set of '
                  'questions.</p><div class="quiz-actions">%s</div>'
                  % _button("Retake with new questions", "retake", primary=True), _abandon(ui)]
    return "".join(parts)


def _review_sections(state, bank, root):
    questions = question_map(bank)
    missed = []
    for item in state["record"]["questions"]:
        if not item["correct"]:
            missed += [sid for sid in questions[item["id"]]["cites"] if sid not in missed]
    if not missed:
        return "<p>You answered every question correctly.</p>"
    return ("<p>Sections to review (you missed questions on them):</p><ul>%s</ul>"
            % "".join("<li>%s</li>" % section_link(bank, sid, root) for sid in sorted(missed)))


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
    return "".join([
        _notice(ui), _heading("Signed off: download your record"), keep,
        '<div class="quiz-actions quiz-downloads">%s%s</div>' % (buttons, _button("Print the certificate", "print")),
        certificate_html(record, ui["root"]), _clear(state, ui)])


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


def _clear(state, ui):
    if ui.get("confirm") != "clear":
        return '<div class="quiz-secondary">%s</div>' % _button("Clear this record from the device", "clear")
    pending = pending_downloads(state)
    warning = ("You have not downloaded the %s. " % ", ".join(DOWNLOAD_NAMES[k] for k in pending)
               if pending else "")
    return ('<div class="quiz-confirm" role="group" aria-labelledby="quiz-confirm-text">'
            '<p id="quiz-confirm-text"><strong>Clear the record?</strong> %sOnce cleared it cannot '
            'be downloaded again from this device.</p>%s%s</div>'
            % (esc(warning), _button("Keep it", "keep", primary=True), _button("Yes, clear it", "clear-yes")))


def file_stem(record):
    """'dgo-i-19-sign-off-9123-2026-11-29': names the downloads so a folder of them sorts."""
    safe = "".join(ch if ch.isalpha() or ch.isdigit() or ch == "-" else "-" for ch in record["member"]["id"])
    return "%s-sign-off-%s-%s" % (record["order"]["slug"], safe, completed_at(record)[:10])
