"""The quiz page's words about versions: which version a record binds to, the choice between
a full sign-off and one on what changed since an earlier version, and what the certificate
says of a changes sign-off (plain Python: tested in CPython, run in MicroPython).

The inputs are named quiz-scope: an empty value is the full quiz, otherwise the order
version id the member signed before (web/quiz_app.py passes it to quiz.session.start).
"""
from model.escape import html as esc
from quiz import changes


def binding(bank):
    """One line saying which text the member signs and what the record binds to."""
    order, versions = bank["order"], bank.get("versions")
    which = "version %d of " % versions["number"] if versions else ""
    return ('<p class="quiz-binding">You sign %s%s %s, %s. Your record binds to its version id '
            '<code>%s</code>, a digest of the text as you read it.</p>'
            % (which, esc(order["series"]), esc(order["number"]), esc(order["title"]),
               esc(order["version"])))


def choice(bank):
    """The full-or-changes choice, when the order has earlier versions ("" otherwise)."""
    offered = changes.offers(bank)
    if not offered:
        return ""
    order = bank["order"]
    options = [_option("", "My first sign-off on %s %s: the full quiz, %d questions"
                       % (order["series"], order["number"], bank["draw"]["size"]), True)]
    for entry in reversed(offered):
        options.append(_option(entry["id"], "I signed version %d (id %s): a short quiz on what "
                                            "changed since, %d questions on %s"
                               % (entry["number"], entry["id"],
                                  changes.changes_size(bank, entry["changed"]),
                                  ", ".join(entry["changed"])), False))
    return ('<fieldset class="quiz-scope" aria-describedby="quiz-scope-help"><legend>'
            '<strong>Which sign-off?</strong></legend><div class="quiz-options">%s</div>'
            '<p id="quiz-scope-help" class="quiz-help">Your record says which you took. The '
            'Training Division accepts a sign-off on the changes only with your sign-off on '
            'the earlier version.</p></fieldset>' % "".join(options))


def _option(value, label, checked):
    return ('<label class="quiz-option"><input type="radio" name="quiz-scope" value="%s"%s>'
            '<span>%s</span></label>' % (esc(value), " checked" if checked else "", esc(label)))


def certificate_note(record):
    """The certificate's line on a changes sign-off ("" for a full one)."""
    scope = record.get("scope") or {}
    if not changes.is_changes(scope):
        return ""
    return ('<p class="quiz-certificate-scope">A sign-off on the changes since order version '
            '<code>%s</code>: sections %s.</p>'
            % (esc(scope["since"]), esc(", ".join(scope["sections"]))))
