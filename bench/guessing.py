"""How often a member who has not read the order passes the sign-off quiz by surface cues
(issue 11 item 2):

    .venv/bin/python -m bench.guessing [--bank quiz/bank/dgo-i-19.yaml] [--baseline main]
                                       [--attempts 20000] [--sequences 5000]

Plays no-knowledge strategies against attempts drawn by the real engine (quiz.draw_questions
with quiz.Random seeds, graded by quiz.grade): the longest option, the most words shared with
the stem, the most qualified option, always "true", "all but the shortest" and "the longest
two" in select-all-that-apply, random, and a best-cue player that uses, for each kind of
question, whichever cue hits most often in this bank (an upper bound: a member who has
learned the bank's habits). The cues and per-kind strategies are quiz/tools/lint.py's, so the
linter's limits and this benchmark measure the same thing.

Reported per strategy: the pass rate per attempt, simulated (passes / attempts, with the 95 %
upper bound) and exact (each drawn attempt's pass probability from the per-question hit
rates, averaged over the draws: it stays precise where passes are too rare to count); within
five attempts as 1-(1-p)^5, and simulated as five-attempt sequences that retake the way the
page does (each retake drawn with `avoid` = every question already seen, quiz/session.py).

The baseline (another git revision's bank, default `main`) is measured in the same run, side
by side. Writes bench/results/guessing.md. Target: every strategy at most 1 % per attempt.
"""
import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time

from bench.report import table
from model.tools.orders import load_orders
from model.tools.yaml_source import read_source
from quiz import Random, draw_questions, grade, passes
from quiz.tools.bank import load_bank
from quiz.tools import lint

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BANK = os.path.join("quiz", "bank", "dgo-i-19.yaml")
RESULTS = os.path.join(ROOT, "bench", "results")
TARGET = 0.01
ATTEMPTS_PER_SEQUENCE = 5
SEQUENCE_SEED_BASE = 10_000_000

# name: the per-kind strategy (quiz/tools/lint.STRATEGIES) it plays on each kind of question
STRATEGIES = {
    "random": {"single": "random", "multiple": "random", "true_false": "random"},
    "longest option": {"single": "longest", "multiple": "above-mean-length",
                       "true_false": "always-true"},
    "shortest option": {"single": "shortest", "multiple": "below-mean-length",
                        "true_false": "always-true"},
    "most words shared with the stem": {"single": "stem-overlap",
                                        "multiple": "above-mean-overlap",
                                        "true_false": "always-true"},
    "most qualified option": {"single": "most-qualified", "multiple": "qualified",
                              "true_false": "always-true"},
    "fewest absolutes": {"single": "fewest-absolutes", "multiple": "without-absolutes",
                         "true_false": "absolutes-false"},
    "most like the other options": {"single": "convergence", "multiple": "convergence",
                                    "true_false": "always-true"},
    "always true": {"single": "random", "multiple": "random", "true_false": "always-true"},
    "multiple: all but the shortest": {"single": "longest", "multiple": "all-but-shortest",
                                       "true_false": "always-true"},
    "multiple: the longest two": {"single": "longest", "multiple": "longest-two",
                                  "true_false": "always-true"},
}
BEST = "best cue for each kind"


def best_cue(bank: dict) -> dict:
    """The per-kind strategy with the highest hit rate over this bank's questions."""
    questions = [lint.normalise(q) for q in bank["questions"]]
    plan = {}
    for kind in lint.STRATEGIES:
        rates = lint.strategy_rates(questions, kind)
        plan[kind] = max(sorted(rates), key=lambda name: rates[name]) if rates else "random"
    return plan


class Player:
    """One strategy's answers: equally likely selections per question, sampled by its own rng."""

    def __init__(self, bank: dict, plan: dict, seed: int) -> None:
        self.plan, self.rng = plan, random.Random(seed)
        self.selections, self.hits = {}, {}
        for question in bank["questions"]:
            normal = lint.normalise(question)
            strategy = plan[question["kind"]]
            self.selections[question["id"]] = [
                [question["options"][i]["id"] for i in chosen]
                for chosen in lint.STRATEGIES[question["kind"]][strategy](normal)]
            self.hits[question["id"]] = lint.hit_rate(normal, strategy)

    def answers(self, drawn: list) -> list:
        return [self.rng.choice(self.selections[item["id"]]) for item in drawn]

    def pass_probability(self, drawn: list, pass_mark: int) -> float:
        """Exact chance of passing this draw: P(at least `need` hits), hits independent."""
        total = len(drawn)
        need = next(c for c in range(total + 1) if passes(c, total, pass_mark))
        spread = [1.0] + [0.0] * total  # spread[c] = P(c hits so far)
        for item in drawn:
            p = self.hits[item["id"]]
            spread = [spread[c] * (1 - p) + (spread[c - 1] * p if c else 0.0)
                      for c in range(total + 1)]
        return sum(spread[need:])


def wilson_upper(successes: int, trials: int, z: float = 1.96) -> float:
    """Upper end of the 95 % Wilson interval: what 0 passes in N attempts still allows."""
    if trials == 0:
        return 1.0
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return (centre + spread) / (1 + z * z / trials)


def measure(bank: dict, attempts: int, sequences: int) -> dict:
    """{strategy: figures} for one bank."""
    plans = dict(STRATEGIES)
    plans[BEST] = best_cue(bank)
    players = {name: Player(bank, plan, seed=i) for i, (name, plan) in enumerate(plans.items())}
    single = {name: {"passed": 0, "exact": 0.0} for name in plans}
    for seed in range(attempts):
        drawn = draw_questions(bank, Random(seed))
        for name, player in players.items():
            single[name]["passed"] += grade(bank, drawn, player.answers(drawn))["passed"]
            single[name]["exact"] += player.pass_probability(drawn, bank["pass_mark"])
    five = {name: {"passed": 0, "exact": 0.0} for name in plans}
    for index in range(sequences):
        draws, seen = [], []
        for attempt in range(ATTEMPTS_PER_SEQUENCE):
            seed = SEQUENCE_SEED_BASE + index * ATTEMPTS_PER_SEQUENCE + attempt
            drawn = draw_questions(bank, Random(seed), avoid=seen)
            seen = seen + [item["id"] for item in drawn if item["id"] not in seen]
            draws.append(drawn)
        for name, player in players.items():
            five[name]["passed"] += any(grade(bank, d, player.answers(d))["passed"] for d in draws)
            failing_all = 1.0
            for drawn in draws:
                failing_all *= 1 - player.pass_probability(drawn, bank["pass_mark"])
            five[name]["exact"] += 1 - failing_all
    return {name: {"plan": plans[name],
                   "passed": single[name]["passed"], "attempts": attempts,
                   "exact": single[name]["exact"] / attempts,
                   "five_passed": five[name]["passed"], "sequences": sequences,
                   "five_exact": five[name]["exact"] / sequences} for name in plans}


def percent(value: float) -> str:
    if value == 0:
        return "0 %"
    if value < 0.0001:
        return f"{value * 100:.1e} %"
    return f"{value:.2%}".replace("%", " %")


def strategy_table(results: dict) -> str:
    rows = []
    for name, r in results.items():
        exact = r["exact"]
        within_five = 1 - (1 - exact) ** ATTEMPTS_PER_SEQUENCE
        plan = " / ".join(r["plan"][kind] for kind in ("single", "multiple", "true_false"))
        rows.append([name, plan,
                     f"{r['passed']}/{r['attempts']} (≤ {percent(wilson_upper(r['passed'], r['attempts']))})",
                     percent(exact), "✅" if exact <= TARGET else "❌",
                     percent(within_five),
                     f"{r['five_passed']}/{r['sequences']}", percent(r["five_exact"])])
    return table(["strategy", "plays (single / multiple / true-false)",
                  "passed, simulated (95 % upper):", "pass per attempt, exact:", "≤ 1 %",
                  "within 5: 1-(1-p)^5:", "5-attempt sequences passed:",
                  "within 5 retakes, exact:"], rows)


def bank_summary(bank: dict) -> str:
    kinds, styles, parts = {}, {}, {}
    for q in bank["questions"]:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        styles[q["style"]] = styles.get(q["style"], 0) + 1
        for part in sorted({c.split("-")[0] for c in q["cites"]}):
            parts[part] = parts.get(part, 0) + 1

    def fmt(counts):
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return (f"{len(bank['questions'])} questions (kinds: {fmt(kinds)}; styles: {fmt(styles)}; "
            f"questions testing each part: {fmt(parts)}); draw {bank['draw']['size']}, at least "
            f"{bank['draw']['per_part']} per part; pass mark {bank['pass_mark']} %; "
            f"bank version {bank['version']}")


def baseline_bank(revision: str, orders: list, work: str) -> tuple:
    """The bank as it is at a git revision, loaded without the linter (it may fail it)."""
    text = subprocess.run(["git", "show", f"{revision}:{BANK}"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = os.path.join(work, "dgo-i-19.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return load_bank(path, orders, lint=False), lint.report(_yaml(path))


def _yaml(path):
    return read_source(path).data


def section(title: str, bank: dict, lint_report: str, results: dict, seconds: float) -> str:
    return "\n".join([f"## {title}", "", bank_summary(bank), "",
                      strategy_table(results), "",
                      f"Measured in {seconds:.0f} s.", "",
                      "<details><summary>Linter report for this bank</summary>", "",
                      lint_report, "</details>", ""])


def main(argv: list = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bank", default=os.path.join(ROOT, BANK))
    parser.add_argument("--baseline", default="main",
                        help="git revision whose bank is measured side by side ('' for none)")
    parser.add_argument("--attempts", type=int, default=20000)
    parser.add_argument("--sequences", type=int, default=5000)
    args = parser.parse_args(argv)
    orders = load_orders(os.path.join(ROOT, "policies"))
    runs = [("This bank: " + os.path.relpath(args.bank, ROOT),
             load_bank(args.bank, orders, lint=False), lint.report(_yaml(args.bank)))]
    with tempfile.TemporaryDirectory() as work:
        if args.baseline:
            runs.insert(0, (f"Baseline: {BANK} at {args.baseline}",)
                        + baseline_bank(args.baseline, orders, work))
        sections = []
        for title, bank, lint_report in runs:
            print(f"measuring {title} …", file=sys.stderr, flush=True)
            start = time.perf_counter()
            results = measure(bank, args.attempts, args.sequences)
            sections.append(section(title, bank, lint_report, results,
                                    time.perf_counter() - start))
    text = "\n".join(["# Guessing benchmark (issue 11)", "",
                      f"{args.attempts} attempts and {args.sequences} five-attempt sequences per "
                      "strategy, drawn by quiz.draw_questions and graded by quiz.grade. Target: "
                      f"at most {TARGET:.0%} per attempt for every strategy.", ""] + sections)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "guessing.md"), "w", encoding="utf-8") as handle:
        handle.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
