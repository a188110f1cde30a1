"""The question bank's linter: surface cues a test-wise member could use without knowing the order.

CPython only. quiz/tools/bank.load_bank calls lint(doc) once, after the bank's shape and quotes
are valid; each problem comes back as (field path, message) and fails the build as
"quiz/bank/dgo-i-19.yaml:LINE: questions[i].options: message". `python -m quiz.tools.lint`
prints the full report (every finding, waived or not, and every bank-wide figure).
bench/guessing.py plays the same strategies against attempts drawn by the real engine.

A cue is something visible in an item that points to the key without knowledge of the order:
the correct option is the longest, the most qualified ("unless", "only if", brackets), the one
sharing most words with the stem, the one most like the other options, the one without
"always"/"never"; in true/false the usual answer; in select-all-that-apply the usual number
of correct options. Each cue is a *strategy*: for one question it gives the equally likely
selections a player using it would make (ties broken at random), so its hit rate on a
question is exact, not sampled.

Option *position* is not a cue here: the engine shuffles options on every draw (quiz.draw),
so the author's order is never seen; true/false keeps True, False order, and its cue is the
balance of answers instead.

Limits per question (fail unless the question carries `waive: {rule: reason}`; a waiver that
no longer fires is itself reported, so reasons do not go stale):
- option-count (never waived): single and multiple questions have at least 4 options.
  With 3, a blind pick is right one time in three; 4 keeps it at one in four.
- all-none-above (never waived): no "all/none/both of the above", "all of these" options.
  They reward partial knowledge and a reader who spots two true options.
- correct-longer: the correct option (multiple: the mean correct option) is at most 1.25 x
  the mean length of the wrong ones. Writers qualify the key until it is exact and leave
  distractors short; 25 % is about the difference one short clause makes in these items.
- correct-shorter: and at least 0.8 x (= 1 / 1.25): overcorrecting makes "shortest" the cue.
- short-option: no option under half the mean length of the others. A very short option
  among long ones is the classic throwaway ("A weather forecast"): nobody chooses it, so the
  item has one option fewer than it seems. It also flags a key shorter than the rest.
- qualified-correct: the correct options do not carry 2 or more qualifiers more than every
  wrong one. One extra "unless" is often the rule itself; two is a writer's signature.
- stem-overlap: the correct options do not share 2 or more content words more with the stem
  than every wrong one (echoing the stem is the easiest cue to see).

Limits for the bank (never waived: they are what a player exploits across attempts):
- each single-choice cue (longest, shortest, most qualified, most words shared with the stem,
  fewest absolutes, most like the others) hits at most 30 % of single-choice questions.
  Chance is 25 % with four options; 30 % leaves room for the odd item without a trend.
- each select-all-that-apply strategy (the longest two, all but the shortest, every option
  longer or shorter than average, sharing more stem words than average, carrying a qualifier, without
  an absolute, most like the others) is exactly right on at most 20 % of those questions;
  a blind random subset of four options is right 1 time in 15 (7 %).
- select-all-that-apply: correct counts vary — at least one question with exactly one
  correct option and one with all but one, no single count in more than 50 % of them, and
  "all but one" in at most 40 % (the habit of the bank before issue 11: 5 of its 7).
- true/false: between 40 % and 60 % of them are true (a test-wise member answers "true"),
  "false when the statement has an absolute" hits at most 65 %, and true/false questions are
  at most 25 % of the bank (each one is a coin toss for a guesser).
- at least 70 % of the questions are scenarios (issue 11: apply a rule to a deciding fact).
Together these keep a player who uses the best cue for each kind well under 1 % of attempts
at the 80 % pass mark: a 15-question draw with 4 true/false right 65 % of the time, 7 single
at 30 % and 4 multiple at 20 % (every limit reached at once) passes 0.04 % of the time, and
0.08 % with 5 true/false (Poisson-binomial, 12 of 15 needed). The per-question rules keep any
one item from giving itself away. bench/guessing.py measures the real figure against the
engine's own draws.
"""
import re
import sys
from itertools import combinations

# ---------------------------------------------------------------- limits (see the docstring)
MIN_OPTIONS = 4
MAX_LENGTH_RATIO = 1.25
MIN_LENGTH_RATIO = 0.8
SHORT_OPTION_RATIO = 0.5
QUALIFIER_GAP = 2
OVERLAP_GAP = 2
MAX_SINGLE_CUE_RATE = 0.30
MAX_MULTIPLE_CUE_RATE = 0.20
MAX_COUNT_SHARE = 0.50
MAX_ALL_BUT_ONE_SHARE = 0.40
TRUE_SHARE = (0.40, 0.60)
MAX_TRUE_FALSE_CUE_RATE = 0.65
MAX_TRUE_FALSE_SHARE = 0.25
MIN_SCENARIO_SHARE = 0.70
MIN_REASON_LENGTH = 20

RULES = {
    "option-count": f"single and multiple questions have at least {MIN_OPTIONS} options",
    "all-none-above": "no 'all of the above' / 'none of the above' options",
    "correct-longer": f"correct option at most {MAX_LENGTH_RATIO}x the mean wrong option",
    "correct-shorter": f"correct option at least {MIN_LENGTH_RATIO}x the mean wrong option",
    "short-option": f"no option under {SHORT_OPTION_RATIO}x the mean of the others",
    "qualified-correct": f"correct options not {QUALIFIER_GAP}+ qualifiers above every wrong one",
    "stem-overlap": f"correct options not {OVERLAP_GAP}+ stem words above every wrong one",
}
WAIVABLE = ("correct-longer", "correct-shorter", "short-option", "qualified-correct",
            "stem-overlap")

# ---------------------------------------------------------------- reading option text
QUALIFIER_RE = re.compile(r"\(|\b(?:unless|except|only|if|provided|as long as|but|however|"
                          r"when|while|until|after|before)\b")
ABSOLUTE_RE = re.compile(r"\b(?:always|never|all|any|every|everyone|anyone|none|nothing|"
                         r"nobody|whenever|wherever|without exception|no matter)\b")
ABOVE_RE = re.compile(r"\b(?:all|none|both|neither|either) of (?:the above|these|them)\b|"
                      r"\b(?:a|b|c) and (?:b|c|d)\b")
WORD_RE = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our out over own same she should so some
such than that the their them then there these they this those through to too true false
under until up very was we were what when where which while who whom why will with would you
your yours yes may must shall one two""".split())


def text_length(text: str) -> int:
    return len(" ".join(text.split()))


def content_words(text: str) -> frozenset:
    """Lower-case content words, crudely singular, so 'phones' in a stem matches 'phone'."""
    found = set()
    for word in WORD_RE.findall(text.lower().replace("’", "'")):
        if len(word) < 3 or word in STOPWORDS:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def qualifiers(text: str) -> int:
    return len(QUALIFIER_RE.findall(text.lower()))


def absolutes(text: str) -> int:
    return len(ABSOLUTE_RE.findall(text.lower()))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# ---------------------------------------------------------------- questions in one shape

def normalise(question: dict) -> dict:
    """{kind, prompt, options: [{text, correct}]} from a YAML question or a bank JSON one."""
    if question["kind"] == "true_false" and "options" not in question:
        options = [{"text": "True", "correct": question["answer"] is True},
                   {"text": "False", "correct": question["answer"] is False}]
    else:
        options = [{"text": o["text"], "correct": o.get("correct") is True}
                   for o in question["options"]]
    return {"id": question.get("id"), "kind": question["kind"], "style": question.get("style"),
            "prompt": question["prompt"], "options": options}


def correct_set(question: dict) -> tuple:
    return tuple(i for i, o in enumerate(question["options"]) if o["correct"])


def cue_scores(question: dict, cue: str) -> list:
    """One number per option; higher means 'looks more like the answer' for that cue."""
    texts = [o["text"] for o in question["options"]]
    if cue == "length":
        return [text_length(t) for t in texts]
    if cue == "qualifiers":
        return [qualifiers(t) for t in texts]
    if cue == "absolutes":
        return [absolutes(t) for t in texts]
    if cue == "overlap":
        stem = content_words(question["prompt"])
        return [len(content_words(t) & stem) for t in texts]
    if cue == "convergence":
        words = [content_words(t) for t in texts]
        return [sum(_jaccard(w, v) for j, v in enumerate(words) if j != i)
                for i, w in enumerate(words)]
    raise ValueError(f"unknown cue {cue!r}")


# ---------------------------------------------------------------- strategies
# A strategy maps a question to its equally likely selections (tuples of option indexes).

def top_k(scores: list, k: int) -> list:
    """Every way of taking the k highest scores, ties at the boundary broken at random."""
    k = max(1, min(k, len(scores)))
    ranked = sorted(scores, reverse=True)
    boundary = ranked[k - 1]
    above = tuple(i for i, s in enumerate(scores) if s > boundary)
    tied = [i for i, s in enumerate(scores) if s == boundary]
    return [tuple(sorted(above + extra)) for extra in combinations(tied, k - len(above))]


def above_mean(scores: list) -> list:
    """The options scoring above the question's mean; if none do, one of the top ones."""
    mean = sum(scores) / len(scores)
    chosen = tuple(i for i, s in enumerate(scores) if s > mean)
    return [chosen] if chosen else top_k(scores, 1)


def _negated(scores: list) -> list:
    return [-s for s in scores]


def _every_subset(question: dict) -> list:
    n = len(question["options"])
    return [c for size in range(1, n + 1) for c in combinations(range(n), size)]


SINGLE_STRATEGIES = {
    "random": lambda q: [(i,) for i in range(len(q["options"]))],
    "longest": lambda q: top_k(cue_scores(q, "length"), 1),
    "shortest": lambda q: top_k(_negated(cue_scores(q, "length")), 1),
    "most-qualified": lambda q: top_k(cue_scores(q, "qualifiers"), 1),
    "stem-overlap": lambda q: top_k(cue_scores(q, "overlap"), 1),
    "fewest-absolutes": lambda q: top_k(_negated(cue_scores(q, "absolutes")), 1),
    "convergence": lambda q: top_k(cue_scores(q, "convergence"), 1),
}
MULTIPLE_STRATEGIES = {
    "random": _every_subset,
    "longest-two": lambda q: top_k(cue_scores(q, "length"), 2),
    "all-but-shortest": lambda q: top_k(cue_scores(q, "length"), len(q["options"]) - 1),
    "above-mean-length": lambda q: above_mean(cue_scores(q, "length")),
    "below-mean-length": lambda q: above_mean(_negated(cue_scores(q, "length"))),
    "above-mean-overlap": lambda q: above_mean(cue_scores(q, "overlap")),
    "qualified": lambda q: above_mean([min(s, 1) for s in cue_scores(q, "qualifiers")]),
    "without-absolutes": lambda q: above_mean([-min(s, 1) for s in cue_scores(q, "absolutes")]),
    "convergence": lambda q: above_mean(cue_scores(q, "convergence")),
}
TRUE_FALSE_STRATEGIES = {
    "random": lambda q: [(0,), (1,)],
    "always-true": lambda q: [(0,)],
    "always-false": lambda q: [(1,)],
    "absolutes-false": lambda q: [(1,)] if absolutes(q["prompt"]) else [(0,)],
}
STRATEGIES = {"single": SINGLE_STRATEGIES, "multiple": MULTIPLE_STRATEGIES,
              "true_false": TRUE_FALSE_STRATEGIES}


def hit_rate(question: dict, strategy: str) -> float:
    """The chance that the named strategy answers this question exactly right."""
    selections = STRATEGIES[question["kind"]][strategy](question)
    key = correct_set(question)
    return len([s for s in selections if s == key]) / len(selections)


# ---------------------------------------------------------------- per question

def question_findings(question: dict) -> list:
    """[(rule, message)] for one normalised question."""
    if question["kind"] == "true_false":
        return []
    options, key = question["options"], correct_set(question)
    found = []
    if len(options) < MIN_OPTIONS:
        found.append(("option-count", f"{len(options)} options; give at least {MIN_OPTIONS} "
                                      "(with fewer a blind pick is right too often)"))
    for i, option in enumerate(options):
        if ABOVE_RE.search(option["text"].lower()):
            found.append(("all-none-above", f"option {i + 1} ({option['text']!r}) is an "
                                            "'all/none of the above' option; write a real one"))
    if len(options) < 2 or len(key) == len(options):
        return found
    found += _length_findings(options, key)
    found += _gap_finding(question, key, "qualifiers", QUALIFIER_GAP, "qualified-correct",
                          "qualifier(s) ('unless', 'only', 'if', brackets …)")
    found += _gap_finding(question, key, "overlap", OVERLAP_GAP, "stem-overlap",
                          "content word(s) shared with the stem")
    return found


def _length_findings(options, key):
    lengths = [text_length(o["text"]) for o in options]
    right = sum(lengths[i] for i in key) / len(key)
    wrong = [n for i, n in enumerate(lengths) if i not in key]
    ratio = right / (sum(wrong) / len(wrong))
    found = []
    if ratio > MAX_LENGTH_RATIO:
        found.append(("correct-longer", f"the correct option is {ratio:.2f}x the mean length "
                                        f"of the wrong ones (limit {MAX_LENGTH_RATIO}x)"))
    if ratio < MIN_LENGTH_RATIO:
        found.append(("correct-shorter", f"the correct option is {ratio:.2f}x the mean length "
                                         f"of the wrong ones (at least {MIN_LENGTH_RATIO}x)"))
    for i, length in enumerate(lengths):
        others = [n for j, n in enumerate(lengths) if j != i]
        if length < SHORT_OPTION_RATIO * sum(others) / len(others):
            found.append(("short-option", f"option {i + 1} ({options[i]['text']!r}) is under "
                                          f"{SHORT_OPTION_RATIO}x the others' mean length; a "
                                          "throwaway option nobody chooses"))
    return found


def _gap_finding(question, key, cue, gap, rule, what):
    scores = cue_scores(question, cue)
    wrong = [s for i, s in enumerate(scores) if i not in key]
    lead = min(scores[i] for i in key) - max(wrong)
    if lead >= gap:
        return [(rule, f"the correct option(s) carry {lead:g} more {what} than every wrong one "
                       f"(limit: fewer than {gap})")]
    return []


# ---------------------------------------------------------------- the bank

def _share(part, whole):
    return part / whole if whole else 0.0


def strategy_rates(questions: list, kind: str) -> dict:
    """{strategy: mean hit rate over the bank's questions of this kind}."""
    of_kind = [q for q in questions if q["kind"] == kind]
    if not of_kind:
        return {}
    return {name: sum(hit_rate(q, name) for q in of_kind) / len(of_kind)
            for name in STRATEGIES[kind]}


def bank_figures(questions: list) -> list:
    """Every bank-wide figure: {"rule", "value" (text), "limit" (text), "ok"}."""
    figures = []
    for kind, limit in (("single", MAX_SINGLE_CUE_RATE), ("multiple", MAX_MULTIPLE_CUE_RATE)):
        for name, rate in sorted(strategy_rates(questions, kind).items()):
            if name != "random":
                figures.append(_figure(f"{kind}: '{name}' hit rate", rate, f"<= {limit:.0%}",
                                       rate <= limit))
    figures += _true_false_figures(questions)
    figures += _count_figures([q for q in questions if q["kind"] == "multiple"])
    scenario = _share(len([q for q in questions if q["style"] == "scenario"]), len(questions))
    figures.append(_figure("scenario questions", scenario, f">= {MIN_SCENARIO_SHARE:.0%}",
                           scenario >= MIN_SCENARIO_SHARE))
    return figures


def _figure(rule, value, limit, ok):
    return {"rule": rule, "value": f"{value:.1%}" if isinstance(value, float) else str(value),
            "limit": limit, "ok": ok}


def _true_false_figures(questions):
    tf = [q for q in questions if q["kind"] == "true_false"]
    if not tf:
        return []
    rates = strategy_rates(questions, "true_false")
    low, high = TRUE_SHARE
    share = _share(len(tf), len(questions))
    return [_figure("true/false: answer is true", rates["always-true"],
                    f"{low:.0%}-{high:.0%}", low <= rates["always-true"] <= high),
            _figure("true/false: 'false when absolute' hit rate", rates["absolutes-false"],
                    f"<= {MAX_TRUE_FALSE_CUE_RATE:.0%}",
                    rates["absolutes-false"] <= MAX_TRUE_FALSE_CUE_RATE),
            _figure("true/false share of the bank", share, f"<= {MAX_TRUE_FALSE_SHARE:.0%}",
                    share <= MAX_TRUE_FALSE_SHARE)]


def correct_counts(multiple: list) -> dict:
    """{"k of n": how many multiple questions have k correct of n options}."""
    counts: dict[str, int] = {}
    for q in multiple:
        label = f"{len(correct_set(q))} of {len(q['options'])}"
        counts[label] = counts.get(label, 0) + 1
    return counts


def _count_figures(multiple):
    if not multiple:
        return []
    keys = [len(correct_set(q)) for q in multiple]
    spare = [len(q["options"]) - len(correct_set(q)) for q in multiple]
    top = max(keys.count(k) for k in set(keys))
    all_but_one = _share(spare.count(1), len(multiple))
    return [_figure("multiple: a question with exactly one correct", keys.count(1),
                    ">= 1", keys.count(1) >= 1),
            _figure("multiple: a question with all but one correct", spare.count(1),
                    ">= 1", spare.count(1) >= 1),
            _figure("multiple: most common number of correct options", _share(top, len(keys)),
                    f"<= {MAX_COUNT_SHARE:.0%}", _share(top, len(keys)) <= MAX_COUNT_SHARE),
            _figure("multiple: all but one correct", all_but_one,
                    f"<= {MAX_ALL_BUT_ONE_SHARE:.0%}", all_but_one <= MAX_ALL_BUT_ONE_SHARE)]


# ---------------------------------------------------------------- what the build calls

def lint(doc: dict) -> list:
    """[(field path, message)] that fail the build: unwaived findings, stale waivers and
    bank-wide figures beyond their limits. doc is a bank whose shape is already valid."""
    problems, questions = [], []
    for i, raw in enumerate(doc["questions"]):
        question = normalise(raw)
        questions.append(question)
        waived = raw.get("waive") or {}
        fired = set()
        for rule, message in question_findings(question):
            fired.add(rule)
            if rule not in waived:
                problems.append((_field(raw, i), f"{rule}: {message}"))
        for rule in sorted(set(waived) - fired):
            problems.append((("questions", i, "waive", rule),
                             f"waiver for {rule}, which no longer fires; remove it"))
    for figure in bank_figures(questions):
        if not figure["ok"]:
            problems.append((("questions",), f"bank: {figure['rule']} is {figure['value']} "
                                             f"(limit {figure['limit']})"))
    return problems


def _field(raw, i):
    return ("questions", i, "options" if "options" in raw else "answer")


def report(doc: dict) -> str:
    """The whole picture as Markdown: bank-wide figures, then every per-question finding."""
    questions = [normalise(q) for q in doc["questions"]]
    lines = ["| bank-wide figure | value | limit | ok |", "|---|---|---|---|"]
    lines += [f"| {f['rule']} | {f['value']} | {f['limit']} | {'yes' if f['ok'] else 'NO'} |"
              for f in bank_figures(questions)]
    multiple = [q for q in questions if q["kind"] == "multiple"]
    lines += ["", "Correct options in select-all-that-apply questions: "
              + ", ".join(f"{k}: {v}" for k, v in sorted(correct_counts(multiple).items()))]
    lines += ["", "Per-question findings:"]
    for raw, question in zip(doc["questions"], questions):
        waived = raw.get("waive") or {}
        for rule, message in question_findings(question):
            note = f" (waived: {waived[rule]})" if rule in waived else ""
            lines.append(f"- {question['id']}: {rule}: {message}{note}")
    if lines[-1] == "Per-question findings:":
        lines.append("- none")
    return "\n".join(lines) + "\n"


def main(argv: list) -> int:
    """python -m quiz.tools.lint [BANK.yaml]: print the report; exit 1 if the build would fail."""
    from model.tools.yaml_source import read_source
    path = argv[0] if argv else "quiz/bank/dgo-i-19.yaml"
    doc = read_source(path).data
    print(report(doc), end="")
    failing = lint(doc)
    for field, message in failing:
        print(f"FAIL {'.'.join(map(str, field))}: {message}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
