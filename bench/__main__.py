"""One command for the whole benchmark (issues 3, 5 and 15):

    .venv/bin/python -m bench [--runs 5] [--quick] [--out FOLDER]

Builds the site with 1, 10 and 100 orders (bench/synthetic_orders.py, temporary folders),
serves each compressed on 127.0.0.1 (bench/server.py) and drives Chromium (bench/browser.py)
cold, warm and offline, unthrottled and on Lighthouse's mobile profile: for the helper, quiz
and audit pages, the first screen painted and clickable, the interpreter started, the app
ready, the longest main-thread task while loading, and a click answered after ready; a
shared helper link and the quiz beside their plain-JS floor (bench/floor.py); bytes and
requests per page at 1 and 100 orders; search latency at 1 and 100 orders. Writes
report.md and ready-times.svg to bench/results/ (or --out).

--quick (a developer's check, a few minutes): the mobile profile and 100 orders only, 3 runs.
The report records the machine's load average: figures taken on a busy machine are slower.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from bench import browser as chromium
from bench import floor, report, search, synthetic_orders
from bench import server
from bench.server import SiteServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
ORDER_COUNTS = (1, 10, 100)
QUERY = "?" + urlencode(floor.BENCH_FACTS)


def choose_topic(page, arm):
    """The helper's first question: pick an answer, then Continue (the timed click)."""
    page.click('label[for="helper-opt-topic-driving"]')
    arm()
    page.click('#helper-form button[type="submit"]')


def start_quiz(page, arm):
    """The quiz's member form: type the details, then Start (the timed click)."""
    for field, value in (("name", "Alex Doe"), ("id", "9123"), ("unit", "Patrol Area 2")):
        page.fill(f"#quiz-{field}", value)
    arm()
    page.click('#quiz-app button[type="submit"]')


# path, the selector of the page's first screen (what a reader reads and clicks first), the
# interaction timed after ready. "helper-link" is a shared link to an answer, beside its floor.
PAGES = {
    "helper": ("helper/", '#helper-form input[type="radio"]', choose_topic),
    "quiz": ("quiz/", "#quiz-name", start_quiz),
    "audit": ("audit/", "#audit-record", None),
    "helper-link": ("helper/" + QUERY, None, None),
    "helper-floor": ("helper-floor/" + QUERY, None, None),
    "quiz-floor": ("quiz-floor/", "#quiz-name", None),
}
OFFLINE_PAGES = ("helper", "quiz", "audit")
# --baseline: these pages also from the other checkout's site, named "<page> (before)".
BEFORE = " (before)"
COMPARED = ("helper", "quiz", "audit", "helper-link")
# Pages whose shown answer must agree (the floor is only a floor if it shows the same).
SAME_ANSWER = (("helper-link", "helper-floor"), ("quiz", "quiz-floor"))
QUICK = {"runs": 3, "profiles": ("mobile",), "order_counts": (100,), "search_rounds": 1}
FULL = {"runs": 5, "profiles": tuple(chromium.PROFILES), "order_counts": ORDER_COUNTS,
        "search_rounds": 2}
FAILURES = []   # loads that never became ready: noted in the report, left out of the figures
MANIFEST = re.compile(r"new Map\(Object\.entries\((\{.*?\})\)\)", re.S)


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- builds ---

def build_site(count, work, root=ROOT, name=""):
    """Build the site of the checkout at root with count orders into work; {site, policies,
    seconds, files}."""
    policies = synthetic_orders.write_orders(os.path.join(work, f"orders-{count}"), count)
    site = os.path.join(work, f"site-{count}{name}")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=policies)
    start = time.perf_counter()
    # `python -m mkdocs`, as tests/conftest.py does: the repo root must be importable.
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=root,
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"building {count} orders failed:\n{done.stdout}\n{done.stderr}")
    files = sum(len(names) for _, _, names in os.walk(site))
    offline_bytes = server.compressed_bytes(server.load_site(site, precompress=False),
                                            offline_paths(site))
    return {"site": site, "policies": policies, "seconds": seconds, "files": files,
            "offline_bytes": offline_bytes}


def offline_paths(site):
    """The files the service worker precaches, read from the sw.js the build wrote."""
    with open(os.path.join(site, "sw.js"), encoding="utf-8") as handle:
        return list(json.loads(MANIFEST.search(handle.read()).group(1)))


# --- page loads ---

def spec(page):
    return PAGES[page[:-len(BEFORE)] if page.endswith(BEFORE) else page]


def url_of(page, urls):
    """urls: {"after": this checkout's site, "before": the baseline's (--baseline)}."""
    return urls["before" if page.endswith(BEFORE) else "after"] + spec(page)[0]


def cold_then_warm(browser, urls, page, profile):
    """A fresh context (HTTP cache only, no worker): the first load, then a second one."""
    _, first, interaction = spec(page)
    context = chromium.new_context(browser, service_workers=False, first_screen=first)
    try:
        return [chromium.timed_load(context, url_of(page, urls), profile, interaction=interaction)
                for _ in range(2)]
    finally:
        context.close()


def offline_loads(browser, urls, pages, profile):
    """A visit that lets the worker save the site, then a load of each page (all of one
    site) with the network off: {page: load}. One save serves every page (it holds the whole
    build; saving 3 MB on a busy machine takes a minute)."""
    context = chromium.new_context(browser, service_workers=True,
                                   first_screen=[spec(page)[1] for page in pages])
    try:
        chromium.save_for_offline(context, url_of(pages[0], urls))
        context.set_offline(True)
        return {page: chromium.timed_load(context, url_of(page, urls), profile, offline=True,
                                          interaction=spec(page)[2])
                for page in pages}
    finally:
        context.close()


def ready_runs(browser, urls, plan):
    """timings[(page, profile, mode)] -> loads; pages and profiles interleaved in every round
    (the order reversed every other round), so a slow minute on a busy machine touches every
    figure alike."""
    timings = {}
    for round_number in range(plan["runs"]):
        for profile_name in plan["profiles"]:
            profile = chromium.PROFILES[profile_name]
            pages = list(PAGES) + ([page + BEFORE for page in COMPARED] if "before" in urls else [])
            order = pages if round_number % 2 == 0 else pages[::-1]
            for page in order:
                try:
                    cold, warm = cold_then_warm(browser, urls, page, profile)
                except chromium.LoadFailed as exc:
                    FAILURES.append(str(exc))
                    log(f"  {exc}")
                    continue
                timings.setdefault((page, profile_name, "cold"), []).append(cold)
                timings.setdefault((page, profile_name, "warm"), []).append(warm)
            groups = [list(OFFLINE_PAGES)] + ([[page + BEFORE for page in OFFLINE_PAGES]]
                                              if "before" in urls else [])
            for group in (groups if round_number % 2 == 0 else groups[::-1]):
                group = group if round_number % 2 == 0 else group[::-1]
                try:
                    loads = offline_loads(browser, urls, group, profile)
                except chromium.LoadFailed as exc:
                    FAILURES.append(str(exc))
                    log(f"  {exc}")
                    continue
                for page, load in loads.items():
                    timings.setdefault((page, profile_name, "offline"), []).append(load)
        log(f"  round {round_number + 1}/{plan['runs']} done (load {os.getloadavg()[0]:.1f})")
    return timings


def scale_runs(browser, base_url, plan):
    """Cold loads of the app pages only: {(app, profile): loads}."""
    loads = {}
    for _ in range(plan["runs"]):
        for profile_name in plan["profiles"]:
            for app in OFFLINE_PAGES:
                cold = cold_then_warm(browser, {"after": base_url}, app,
                                      chromium.PROFILES[profile_name])[0]
                loads.setdefault((app, profile_name), []).append(cold)
    return loads


# --- checks the report states ---

def answers_agree(timings):
    """Each app and its floor show the same answer (the floor is only a floor if they do)."""
    problems = []
    for app, its_floor in SAME_ANSWER:
        shown = {" ".join(r["answer"].split()) for key, loads in timings.items()
                 if key[0] in (app, its_floor) for r in loads}
        if len(shown) != 1:
            problems.append(f"{app}: the app and its floor showed different answers: {sorted(shown)}")
    return problems


def requests_off_origin(timings):
    return sorted({url for loads in timings.values() for r in loads for url in r["off_origin"]})


def fetched_twice(timings):
    """URLs one cold load requested more than once (e.g. a preload the app did not reuse)."""
    doubles = set()
    for (page, _, mode), loads in timings.items():
        if mode == "cold":
            for r in loads:
                doubles |= {url for url in r["urls"] if r["urls"].count(url) > 1}
    return sorted(doubles)


# --- the run ---

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="interleaved runs per figure (default 5; "
                                                 "--quick: 3)")
    parser.add_argument("--quick", action="store_true",
                        help="a developer's check in a few minutes: the mobile profile only, "
                             "100 orders only, 3 runs, one round of search queries")
    parser.add_argument("--out", default=RESULTS, help="folder for report.md and the chart")
    parser.add_argument("--baseline", metavar="CHECKOUT",
                        help="another checkout (e.g. a git worktree of main, its node_modules "
                             "installed): its site is built and measured in the same runs, "
                             "interleaved, as \"<page> (before)\"")
    args = parser.parse_args()
    plan = dict(QUICK if args.quick else FULL)
    if args.runs:
        plan["runs"] = args.runs
    work = tempfile.mkdtemp(prefix="policy-desk-bench-")
    try:
        run(plan, work, args.out, args.baseline)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(plan, work, out, baseline=None):
    load_at_start = os.getloadavg()
    builds = {}
    for count in plan["order_counts"]:
        log(f"building {count} orders…")
        builds[count] = build_site(count, work)
    largest, smallest = max(builds), min(builds)
    with_pagefind = search.build_pagefind(builds[largest]["site"])
    before = None
    if baseline:
        log(f"building {largest} orders from {baseline}…")
        before = build_site(largest, work, root=os.path.abspath(baseline), name="-before")
    floors = floor.write_floor_pages(builds[largest]["site"], os.path.join(work, "floor"),
                                     builds[largest]["policies"])
    searches, by_orders, pagefinds = {}, {}, {}
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        with SiteServer(builds[largest]["site"], floors) as base_url, \
                SiteServer((before or builds[largest])["site"]) as before_url:
            urls = {"after": base_url, **({"before": before_url} if before else {})}
            log(f"page loads on {largest} orders, {plan['runs']} rounds…")
            timings = ready_runs(browser, urls, plan)
            for profile_name in plan["profiles"]:
                log(f"search, {largest} orders, {profile_name}…")
                searches[(largest, profile_name)] = search.search_latency(
                    browser, base_url, chromium.PROFILES[profile_name], plan["search_rounds"])
                if with_pagefind:
                    pagefinds[(largest, profile_name)] = search.pagefind_latency(
                        browser, base_url, chromium.PROFILES[profile_name])
                if before:
                    searches[(largest, profile_name + BEFORE)] = search.search_latency(
                        browser, before_url, chromium.PROFILES[profile_name],
                        plan["search_rounds"])
        if smallest != largest:
            with SiteServer(builds[smallest]["site"]) as base_url:
                log(f"pages and search on {smallest} order…")
                for (app, profile_name), loads in scale_runs(browser, base_url, plan).items():
                    by_orders[(smallest, app, profile_name)] = loads
                for profile_name in plan["profiles"]:
                    searches[(smallest, profile_name)] = search.search_latency(
                        browser, base_url, chromium.PROFILES[profile_name], plan["search_rounds"])
        browser.close()
    for app in OFFLINE_PAGES:
        for profile_name in plan["profiles"]:
            by_orders[(largest, app, profile_name)] = timings[(app, profile_name, "cold")]
    write_results(plan, timings, by_orders, builds, (searches, pagefinds),
                  (load_at_start, os.getloadavg()), out)


def write_results(plan, timings, by_orders, builds, all_searches, loads, out):
    searches, pagefinds = all_searches
    notes = answers_agree(timings) + [f"request left 127.0.0.1: {url}" for url in requests_off_origin(timings)]
    notes += [f"fetched twice in one cold load: {url}" for url in fetched_twice(timings)]
    notes += [f"left out (not ready in time): {failure}" for failure in FAILURES]
    notes = notes or ["each app and its floor showed the same answer; no request left 127.0.0.1; "
                      "no file was fetched twice in a cold load"]
    runs = plan["runs"]
    sections = [
        ("Machine", report.machine_note(loads, plan)),
        ("What a reader feels, mobile profile (targets of issue 15)",
         report.feel_table(timings, "mobile", runs)),
    ]
    if "unthrottled" in plan["profiles"]:
        sections.append(("The same, unthrottled", report.feel_table(timings, "unthrottled", runs)))
    sections += [
        ("Ready to answer beside the floor", report.ready_table(timings, runs, plan["profiles"])),
        ("Where the time goes on the mobile profile", report.phases_table(timings)),
    ]
    if len(builds) > 1:
        sections.append(("App pages do not grow with the number of orders",
                         report.scale_table(by_orders)))
    sections += [
        ("Build time", report.build_table(builds)),
        ("Search latency (in the page, as a reader types)", report.search_table(searches)),
        ("Pagefind beside it (not used by the site)", report.pagefind_table(pagefinds)),
        ("Checks", "\n".join(f"- {note}" for note in notes)),
    ]
    os.makedirs(out, exist_ok=True)
    text = report.markdown(sections)
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(os.path.join(out, "ready-times.svg"), "w", encoding="utf-8") as handle:
        handle.write(report.chart_svg(timings, plan["profiles"]))
    print(text)
    log(f"written: {out}/report.md and ready-times.svg")


if __name__ == "__main__":
    main()
