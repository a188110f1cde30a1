"""One command for the whole benchmark (issue 5 item 4; issue 3 item 7):

    .venv/bin/python -m bench [--runs 5]

Builds the site with 1, 10 and 100 orders (bench/synthetic_orders.py, temporary folders),
serves each compressed on 127.0.0.1 (bench/server.py) and drives Chromium: helper and quiz
ready time cold, warm and offline, unthrottled and on Lighthouse's mobile profile, beside
their plain-JS floor (bench/floor.py); bytes and requests per page at 1 and 100 orders;
search latency at 1 and 100 orders. Writes bench/results/report.md and ready-times.svg.
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
PAGES = {"helper": "helper/" + QUERY, "helper-floor": "helper-floor/" + QUERY,
         "quiz": "quiz/", "quiz-floor": "quiz-floor/"}
APPS = ("helper", "quiz")
MANIFEST = re.compile(r"new Map\(Object\.entries\((\{.*?\})\)\)", re.S)


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- builds ---

def build_site(count, work):
    """Build the site with count orders into work; {site, policies, seconds, files}."""
    policies = synthetic_orders.write_orders(os.path.join(work, f"orders-{count}"), count)
    site = os.path.join(work, f"site-{count}")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=policies)
    start = time.perf_counter()
    # `python -m mkdocs`, as tests/conftest.py does: the repo root must be importable.
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT,
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

def cold_then_warm(browser, url, profile):
    """A fresh context (HTTP cache only, no worker): the first load, then a second one."""
    context = chromium.new_context(browser, service_workers=False)
    try:
        return chromium.timed_load(context, url, profile), chromium.timed_load(context, url, profile)
    finally:
        context.close()


def offline_load(browser, url, profile):
    """A visit that lets the worker save the site, then a load with the network off."""
    context = chromium.new_context(browser, service_workers=True)
    try:
        chromium.save_for_offline(context, url)
        context.set_offline(True)
        return chromium.timed_load(context, url, profile, offline=True)
    finally:
        context.close()


def ready_runs(browser, base_url, runs):
    """timings[(page, profile, mode)] -> loads; pages and profiles interleaved in every round."""
    timings = {}
    for round_number in range(runs):
        for profile_name, profile in chromium.PROFILES.items():
            order = list(PAGES) if round_number % 2 == 0 else list(PAGES)[::-1]
            for page in order:
                cold, warm = cold_then_warm(browser, base_url + PAGES[page], profile)
                timings.setdefault((page, profile_name, "cold"), []).append(cold)
                timings.setdefault((page, profile_name, "warm"), []).append(warm)
            for app in APPS:
                timings.setdefault((app, profile_name, "offline"), []).append(
                    offline_load(browser, base_url + PAGES[app], profile))
        log(f"  round {round_number + 1}/{runs} done")
    return timings


def scale_runs(browser, base_url, runs):
    """Cold loads of the app pages only, both profiles: {(app, profile): loads}."""
    loads = {}
    for _ in range(runs):
        for profile_name, profile in chromium.PROFILES.items():
            for app in APPS:
                cold = cold_then_warm(browser, base_url + PAGES[app], profile)[0]
                loads.setdefault((app, profile_name), []).append(cold)
    return loads


# --- checks the report states ---

def answers_agree(timings):
    """Each app and its floor show the same answer (the floor is only a floor if they do)."""
    problems = []
    for app in APPS:
        shown = {" ".join(r["answer"].split()) for key, loads in timings.items()
                 if key[0] in (app, app + "-floor") for r in loads}
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
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs per figure (≥ 5)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="policy-desk-bench-")
    try:
        run(args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(runs, work):
    builds = {}
    for count in ORDER_COUNTS:
        log(f"building {count} orders…")
        builds[count] = build_site(count, work)
    largest, smallest = builds[max(ORDER_COUNTS)], builds[min(ORDER_COUNTS)]
    floors = floor.write_floor_pages(largest["site"], os.path.join(work, "floor"), largest["policies"])
    searches, by_orders = {}, {}
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        with SiteServer(largest["site"], floors) as base_url:
            log(f"ready times on {max(ORDER_COUNTS)} orders, {runs} rounds…")
            timings = ready_runs(browser, base_url, runs)
            for profile_name, profile in chromium.PROFILES.items():
                log(f"search, {max(ORDER_COUNTS)} orders, {profile_name}…")
                searches[(max(ORDER_COUNTS), profile_name)] = search.search_latency(browser, base_url, profile, 2)
        with SiteServer(smallest["site"]) as base_url:
            log(f"pages and search on {min(ORDER_COUNTS)} order…")
            for (app, profile_name), loads in scale_runs(browser, base_url, runs).items():
                by_orders[(min(ORDER_COUNTS), app, profile_name)] = loads
            for profile_name, profile in chromium.PROFILES.items():
                searches[(min(ORDER_COUNTS), profile_name)] = search.search_latency(browser, base_url, profile, 2)
        browser.close()
    for app in APPS:
        for profile_name in chromium.PROFILES:
            by_orders[(max(ORDER_COUNTS), app, profile_name)] = timings[(app, profile_name, "cold")]
    write_results(runs, timings, by_orders, builds, searches)


def write_results(runs, timings, by_orders, builds, searches):
    notes = answers_agree(timings) + [f"request left 127.0.0.1: {url}" for url in requests_off_origin(timings)]
    notes += [f"fetched twice in one cold load: {url}" for url in fetched_twice(timings)]
    notes = notes or ["each app and its floor showed the same answer; no request left 127.0.0.1; "
                      "no file was fetched twice in a cold load"]
    load = os.getloadavg()
    notes.append(f"machine load average at the end: {load[0]:.1f} (1 min), {load[2]:.1f} (15 min) "
                 f"on {os.cpu_count()} CPUs — other work on the machine slows every figure")
    sections = [
        (f"Helper and quiz: ready to answer ({max(ORDER_COUNTS)} orders)", report.ready_table(timings, runs)),
        ("Where the time goes on the mobile profile", report.phases_table(timings)),
        ("App pages do not grow with the number of orders", report.scale_table(by_orders)),
        ("Build time", report.build_table(builds)),
        ("Search latency (Material's worker, in the page)", report.search_table(searches)),
        ("Checks", "\n".join(f"- {note}" for note in notes)),
    ]
    os.makedirs(RESULTS, exist_ok=True)
    text = report.markdown(sections)
    with open(os.path.join(RESULTS, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(os.path.join(RESULTS, "ready-times.svg"), "w", encoding="utf-8") as handle:
        handle.write(report.chart_svg(timings))
    print(text)
    log(f"written: {RESULTS}/report.md and ready-times.svg")


if __name__ == "__main__":
    main()
