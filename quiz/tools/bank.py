"""Load and validate question banks (quiz/bank/<slug>.yaml) and build their JSON form.

CPython only (YAML, file:line errors). Problems are reported like the policy source's:
"quiz/bank/dgo-i-19.yaml:42: questions[3].quotes[0].text: message", all at once, raised as
model.tools.yaml_source.SourceError so a bad bank fails the site build.

Quotes are the heart of it: an explanation may quote the policy only through `quotes`, and
each quote must be an exact substring of one paragraph of the cited section's plain text
(the order model's ["sections"][id]["paragraphs"], checked by model.quotes), so the quiz never puts
Policy Desk's words in the policy's mouth.

A bank that is valid is then linted (quiz/tools/lint.py): surface cues that let a member
guess without reading the order fail the build too. A question may carry
`waive: {rule: reason}` to silence one linter rule, with its reason; it is not published.
"""
import os
import re
from typing import Any

# read_source, raise_problems: the policy source's YAML reader and error lines, so both
# report problems the same way.
from model import quotes
from model.tools.orders import Order
from model.tools.versions import renumbering_hint
from model.tools.yaml_source import SourceError, check_keys, raise_problems, read_source
from quiz.bank import KINDS, TRUE_FALSE_OPTIONS, bank_version, question_parts
from quiz.changes import bank_versions
from quiz.tools import lint as bank_lint
from quiz.tools.bank_settings import attempt_problems, attempts_json

BANK_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bank")
TOP_KEYS = ("order", "pass_mark", "draw", "attempts", "attestation", "xapi_home_page", "questions")
DRAW_KEYS = ("size", "per_part")
QUESTION_KEYS = ("id", "kind", "style", "cites", "prompt", "options", "answer",
                 "explanation", "quotes", "waive")
QUESTION_REQUIRED = ("id", "kind", "style", "cites", "prompt", "explanation", "quotes")
OPTION_KEYS = ("id", "text", "correct")
QUOTE_KEYS = ("section", "text")
STYLES = ("scenario", "knowledge")
QUESTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
OPTION_ID_RE = re.compile(r"^[a-z0-9]{1,8}$")


def bank_paths(folder: str = BANK_DIR) -> list[str]:
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))
            if name.endswith((".yaml", ".yml"))]


def load_banks(orders: list[Order], folder: str = BANK_DIR) -> dict[str, dict[str, Any]]:
    """{slug: bank JSON dict} for every bank in folder; SourceError lists every problem."""
    banks, errors = {}, []
    for path in bank_paths(folder):
        try:
            bank = load_bank(path, orders)
            banks[bank["slug"]] = bank
        except SourceError as exc:
            errors += exc.errors
    if errors:
        raise SourceError(errors)
    return banks


def load_bank(path: str, orders: list[Order], lint: bool = True) -> dict[str, Any]:
    """The bank JSON dict built from one YAML bank, checked against its order and, unless
    lint is False (bench/guessing.py measuring a bank that fails it), by the bank linter."""
    located = read_source(path)
    doc = located.data
    found = _check_top(doc)
    data = None
    if not found:
        order = _find_order(doc["order"], orders)
        if order is None:
            found.append((("order",), f"no order {doc['order']!r} among the policy sources; "
                                      "write it as series and number, e.g. 'DGO I-19'"))
        else:
            data = order.data
            found += _check_file_name(path, order)
            found += _check_questions(doc, data)
    if lint and not found:
        found += bank_lint.lint(doc)
    raise_problems(located, found)
    assert data is not None  # no problems found: the order was found
    return build_bank(doc, data)


def _find_order(name, orders):
    for order in orders:
        if order.name == name:
            return order
    return None


def _check_file_name(path, order):
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem != order.slug:
        return [(("order",), f"the bank for {order.name} must be named "
                             f"{order.slug}.yaml (the order's slug), not {stem}")]
    return []


# ---------------------------------------------------------------- shape of the document

def _text(value, path, what="text"):
    if not isinstance(value, str) or not value.strip():
        return [(path, f"{what} must be non-empty text")]
    return []


def _whole(value, path, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [(path, f"must be a whole number from {low} to {high}, got {value!r}")]
    return []


def _check_top(doc):
    if not isinstance(doc, dict):
        return [((), "the bank must be a mapping with " + ", ".join(TOP_KEYS))]
    problems = check_keys(doc, (), TOP_KEYS, TOP_KEYS)
    if problems:
        return problems
    problems += _text(doc["order"], ("order",))
    problems += _text(doc["attestation"], ("attestation",))
    problems += _whole(doc["pass_mark"], ("pass_mark",), 1, 100)
    if not str(doc["xapi_home_page"]).startswith("https://"):
        problems.append((("xapi_home_page",), "must be an https:// address (the account "
                                              "system that issues member IDs)"))
    problems += _check_draw(doc["draw"])
    problems += attempt_problems(doc["attempts"])
    if not isinstance(doc["questions"], list):
        problems.append((("questions",), "must be a list of questions"))
    return problems


def _check_draw(draw):
    if not isinstance(draw, dict):
        return [(("draw",), "must be a mapping with size and per_part")]
    problems = check_keys(draw, ("draw",), DRAW_KEYS, DRAW_KEYS)
    if not problems:
        problems += _whole(draw["size"], ("draw", "size"), 1, 100)
        problems += _whole(draw["per_part"], ("draw", "per_part"), 1, 20)
    return problems


# ---------------------------------------------------------------- questions

def _check_questions(doc, data):
    problems, seen = [], {}
    for i, question in enumerate(doc["questions"]):
        path = ("questions", i)
        if not isinstance(question, dict):
            problems.append((path, "each question must be a mapping with "
                                   + ", ".join(QUESTION_REQUIRED)))
            continue
        problems += _naming_question(_check_question(question, path, data["sections"]), question, data)
        qid = question.get("id")
        if isinstance(qid, str) and qid in seen:
            problems.append((path + ("id",), f"duplicate question id {qid!r} "
                                             f"(also questions[{seen[qid]}])"))
        seen.setdefault(qid, i)
    if not problems:
        problems += _check_coverage(doc, data)
    return problems


def _naming_question(found, question, data):
    """Citation and quote problems name the question and, when the cited id was renumbered
    in this version of the order, the id the section has now (a revised text fails the build
    on the question, not on an index)."""
    named = []
    for where, message in found:
        if len(where) > 3 and where[2] in ("cites", "quotes"):
            cited = question[where[2]][where[3]]
            section = cited.get("section") if isinstance(cited, dict) else cited
            message = (f"question {question.get('id')}: {message}"
                       f"{renumbering_hint(data, section) if isinstance(section, str) else ''}")
        named.append((where, message))
    return named


def _check_question(question, path, sections):
    problems = check_keys(question, path, QUESTION_KEYS, QUESTION_REQUIRED)
    if "id" in question and not (isinstance(question["id"], str)
                                 and QUESTION_ID_RE.match(question["id"])):
        problems.append((path + ("id",), f"malformed id {question['id']!r}; use lower-case "
                                         "letters, digits and hyphens, e.g. 'a2-lieutenant-leave'"))
    for field in ("prompt", "explanation"):
        if field in question:
            problems += _text(question[field], path + (field,))
    if question.get("style") is not None and question["style"] not in STYLES:
        problems.append((path + ("style",), f"unknown style {question['style']!r}; "
                                            f"allowed: {', '.join(STYLES)}"))
    problems += _check_cites(question.get("cites"), path + ("cites",), sections)
    problems += _check_waive(question.get("waive"), path + ("waive",))
    problems += _check_answers(question, path)
    problems += _check_quotes(question, path, sections)
    return problems


def _check_cites(cites, path, sections):
    if cites is None:
        return []
    if not isinstance(cites, list) or not cites:
        return [(path, "must be a non-empty list of section ids, e.g. [A-2]")]
    problems = []
    for j, cite in enumerate(cites):
        if cite not in sections:
            problems.append((path + (j,), f"unknown section id {cite!r}; the order has "
                                          f"{', '.join(sorted(sections))}"))
        elif cites.index(cite) != j:
            problems.append((path + (j,), f"section {cite} is cited twice"))
    return problems


def _check_waive(waive, path):
    """waive: {lint rule: reason} silences one linter rule on one question, with a reason."""
    if waive is None:
        return []
    if not isinstance(waive, dict) or not waive:
        return [(path, "must be a mapping of linter rule to reason, e.g. "
                       "{short-option: why this short option is a real mistake}")]
    problems = []
    for rule, reason in waive.items():
        if rule not in bank_lint.WAIVABLE:
            problems.append((path + (rule,), f"rule {rule!r} cannot be waived; waivable: "
                                             f"{', '.join(bank_lint.WAIVABLE)}"))
        elif not isinstance(reason, str) or len(reason.strip()) < bank_lint.MIN_REASON_LENGTH:
            problems.append((path + (rule,), f"give the reason in words (at least "
                                             f"{bank_lint.MIN_REASON_LENGTH} characters)"))
    return problems


def _check_answers(question, path):
    kind = question.get("kind")
    if kind is None:
        return []
    if kind not in KINDS:
        return [(path + ("kind",), f"unknown kind {kind!r}; allowed: {', '.join(KINDS)}")]
    if kind == "true_false":
        return _check_true_false(question, path)
    if "answer" in question:
        return [(path + ("answer",), f"'answer' is only for true_false questions; mark the "
                                     "correct options with 'correct: true'")]
    return _check_options(question.get("options"), path + ("options",), kind)


def _check_true_false(question, path):
    problems = []
    if "options" in question:
        problems.append((path + ("options",), "a true_false question has no options; "
                                              "give 'answer: true' or 'answer: false'"))
    if not isinstance(question.get("answer"), bool):
        problems.append((path + ("answer",), "a true_false question needs 'answer: true' or "
                                             f"'answer: false', got {question.get('answer')!r}"))
    return problems


def _check_options(options, path, kind):
    if not isinstance(options, list) or len(options) < 2:
        return [(path, f"a {kind} question needs a list of at least two options")]
    problems, ids, texts = [], {}, {}
    for j, option in enumerate(options):
        problems += _check_option(option, path + (j,), ids, texts)
    correct = len([o for o in options if isinstance(o, dict) and o.get("correct") is True])
    if correct == 0:
        problems.append((path, "no correct answer: mark one option with 'correct: true'"))
    elif kind == "single" and correct > 1:
        problems.append((path, f"a single-answer question has {correct} correct options; "
                               "make it kind: multiple or keep one correct"))
    elif kind == "multiple" and correct == len(options):
        problems.append((path, "every option is correct; a multiple-answer question needs "
                               "at least one wrong option"))
    return problems


def _check_option(option, path, ids, texts):
    if not isinstance(option, dict):
        return [(path, "each option must be a mapping with id, text and (for correct ones) "
                       "correct: true")]
    problems = check_keys(option, path, OPTION_KEYS, ("id", "text"))
    if "id" in option and not (isinstance(option["id"], str) and OPTION_ID_RE.match(option["id"])):
        problems.append((path + ("id",), f"malformed option id {option['id']!r}; use a short "
                                         "lower-case id like 'a'"))
    if "text" in option:
        problems += _text(option["text"], path + ("text",))
    if "correct" in option and not isinstance(option["correct"], bool):
        problems.append((path + ("correct",), f"must be true or false, got {option['correct']!r}"))
    problems += _duplicate_option(option, path, ids, texts)
    return problems


def _duplicate_option(option, path, ids, texts):
    problems = []
    oid, text = option.get("id"), option.get("text")
    if oid in ids:
        problems.append((path + ("id",), f"duplicate option id {oid!r} (also option {ids[oid]})"))
    if isinstance(text, str):
        key = " ".join(text.lower().split())
        if key in texts:
            problems.append((path + ("text",), f"duplicate option text (same as option "
                                               f"{texts[key]})"))
        texts.setdefault(key, path[-1])
    ids.setdefault(oid, path[-1])
    return problems


def _check_quotes(question, path, sections):
    quotes, cites = question.get("quotes"), question.get("cites") or []
    if quotes is None:
        return []
    if not isinstance(quotes, list) or not quotes:
        return [(path + ("quotes",), "must be a non-empty list of {section, text} quotes")]
    problems = []
    for j, quote in enumerate(quotes):
        qpath = path + ("quotes", j)
        if not isinstance(quote, dict):
            problems.append((qpath, "each quote must be a mapping with section and text"))
            continue
        problems += check_keys(quote, qpath, QUOTE_KEYS, QUOTE_KEYS)
        problems += _check_quote(quote, qpath, cites, sections)
    return problems


def _check_quote(quote, path, cites, sections):
    section, text = quote.get("section"), quote.get("text")
    if section is None or text is None:
        return []
    if section not in cites:
        return [(path + ("section",), f"quotes section {section!r}, which the question does "
                                      f"not cite ({', '.join(map(str, cites))})")]
    if section not in sections:
        return []  # reported under cites
    if not isinstance(text, str) or not text.strip():
        return [(path + ("text",), "text must be non-empty text")]
    problem = quotes.problem(sections, section, text)
    return [(path + ("text",), problem)] if problem else []


def _check_coverage(doc, data):
    """Every subsection is tested, and a draw can always satisfy per_part for every part."""
    cited = {cite for q in doc["questions"] for cite in q["cites"]}
    problems = []
    missing = [sid for sid in sorted(data["sections"]) if sid not in cited]
    if missing:
        problems.append((("questions",), "no question cites " + ", ".join(missing)
                         + "; the bank must cover every subsection"))
    draw = doc["draw"]
    for part in sorted(data["parts"]):
        count = len([q for q in doc["questions"] if part in question_parts(q)])
        if count < draw["per_part"]:
            problems.append((("draw", "per_part"), f"part {part} has {count} questions; a draw "
                                                   f"needs {draw['per_part']}"))
    if len(data["parts"]) * draw["per_part"] > draw["size"] or draw["size"] > len(doc["questions"]):
        problems.append((("draw", "size"), f"size {draw['size']} must be at least parts × "
                                           f"per_part ({len(data['parts']) * draw['per_part']}) "
                                           f"and at most the number of questions "
                                           f"({len(doc['questions'])})"))
    return problems


# ---------------------------------------------------------------- the JSON form

def build_bank(doc: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The browser's bank: questions with normalised options, plus what feedback links need."""
    bank = {
        "format": "policy-desk/quiz-bank", "slug": data["slug"],
        "order": {"series": data["series"], "number": data["number"], "title": data["title"],
                  "version": data["version"], "url": data["url"]},
        "parts": {pid: part["title"] for pid, part in data["parts"].items()},
        "sections": {sid: {"heading": s["heading"], "url": s["url"]}
                     for sid, s in data["sections"].items()},
        "pass_mark": doc["pass_mark"],
        "draw": {"size": doc["draw"]["size"], "per_part": doc["draw"]["per_part"]},
        "attempts": attempts_json(doc["attempts"]),
        "attestation": " ".join(doc["attestation"].split()),
        "xapi_home_page": doc["xapi_home_page"].rstrip("/"),
        "questions": [_question_json(q) for q in doc["questions"]],
    }
    bank.update(bank_versions(data, bank["questions"]))  # earlier versions: changes attempts
    bank["version"] = bank_version(bank)
    return bank


def _question_json(question):
    if question["kind"] == "true_false":
        options = [{"id": oid, "text": text, "correct": (oid == "true") == question["answer"]}
                   for oid, text in TRUE_FALSE_OPTIONS]
    else:
        options = [{"id": o["id"], "text": o["text"], "correct": o.get("correct") is True}
                   for o in question["options"]]
    return {"id": question["id"], "kind": question["kind"], "style": question["style"],
            "cites": list(question["cites"]), "prompt": question["prompt"], "options": options,
            "explanation": question["explanation"],
            "quotes": [{"section": q["section"], "text": q["text"]} for q in question["quotes"]]}
