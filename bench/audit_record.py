"""The audit page with large and hostile work phone records (issue 12), on a phone's CPU.

    .venv/bin/python -m bench.audit_record [--runs 5] [--baseline-site DIR] [--cpu 4]

Builds this checkout's site (or takes --site), serves it on 127.0.0.1, and for each record
below opens the audit page in a fresh Chromium context, slows the CPU down (CDP
Emulation.setCPUThrottlingRate; 4 = Lighthouse's mobile profile), chooses the file and
measures in the page, from the input's change event to the status line's verdict (the
record summary or its problems): the time, and the longest task that blocked the page in
between (what freezes the tab). --baseline-site runs another build (e.g. main's) in the same
runs, interleaved, so both see the same machine load. Medians of --runs runs; a run that
takes longer than --timeout seconds is reported as such. Prints a Markdown table.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench import browser as chromium
from bench.server import SiteServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = "Phone Number,Device Serial Number,Assigned Member,Unit,Model,Issued"

# Installed before the page's scripts: the change event's time, the verdict's time, and the
# longest task (PerformanceObserver "longtask") between them.
OBSERVER = """
(() => {
  window.__audit = {};
  window.__longTasks = [];
  document.addEventListener("change", (event) => {
    if (event.target.id === "audit-record") window.__audit = {start: performance.now()};
  }, true);
  // Entries arrive after their task ends: kept, and matched to the run when it is read.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({type: "longtask"});
  new MutationObserver(() => {
    const verdict = document.querySelector("#audit-record-status .audit-ok, #audit-record-status .audit-problems");
    if (verdict && window.__audit.start !== undefined && window.__audit.end === undefined)
      window.__audit.end = performance.now();
  }).observe(document, {subtree: true, childList: true});
})();
"""


def phones(count):
    """A realistic department record: quoted "Last, First #serial" names, as Excel saves."""
    lines = [HEADER]
    for i in range(count):
        lines.append(f'(510) 555-{i // 10000:01d}{i % 10000:04d},OPD-{i:06d}-{chr(65 + i % 26)},'
                     f'"Member{i}, Name #{8000 + i}",Patrol Area {i % 6 + 1},iPhone 13,2024-01-{i % 28 + 1:02d}')
    return "\r\n".join(lines) + "\r\n"


def records(folder):
    """{label: path} of the files measured."""
    made = {
        "5,000 phones (0.4 MB)": phones(5000),
        "20,000 phones (1.6 MB)": phones(20000),
        "header of 10,000 columns": ",".join(f"Column {i}" for i in range(10000)) + "\n1,2,3\n",
        "5 MB file (refused)": phones(60000)[:5_000_000],
    }
    paths = {}
    for label, text in made.items():
        path = os.path.join(folder, label.split(" (")[0].replace(" ", "-").replace(",", "") + ".csv")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        paths[label] = path
    return paths


def measure(browser, url, path, cpu, timeout):
    """(ms from choosing to verdict, longest blocking task in ms, verdict) for one run."""
    # bypass_csp: wait_for_function compiles its predicate with eval, which the page refuses
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block",
                                  bypass_csp=True)
    context.add_init_script(OBSERVER)
    page = context.new_page()
    try:
        page.goto(url + "audit/", timeout=60000)
        page.wait_for_selector('#audit-app[data-state="ready"]', state="attached", timeout=60000)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        page.set_input_files("#audit-record", path, timeout=timeout * 1000)
        try:
            page.wait_for_function("window.__audit.end !== undefined", timeout=timeout * 1000,
                                   polling=100)
        except PlaywrightTimeout:
            return None, None, f"no verdict after {timeout} s"
        page.wait_for_timeout(200)          # the last long task's entry
        result = page.evaluate("""() => ({...window.__audit, longest: Math.max(0, ...window.__longTasks
            .filter(([start, length]) => start + length >= window.__audit.start && start <= window.__audit.end)
            .map(([, length]) => length))})""")
        verdict = page.inner_text("#audit-record-status").strip().splitlines()[0][:90]
        return result["end"] - result["start"], result["longest"], verdict
    finally:
        context.close()


def build(destination):
    import subprocess
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", destination],
                   cwd=ROOT, env=env, check=True)
    return destination


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", type=float, default=4)
    parser.add_argument("--site", help="a built site (default: build this checkout)")
    parser.add_argument("--baseline-site", help="another build to measure beside it")
    parser.add_argument("--baseline-runs", type=int, help="runs of the baseline (default --runs)")
    parser.add_argument("--timeout", type=int, default=240)
    parser.add_argument("--only", help="measure only records whose label contains this")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-audit-")
    sites = {"this build": args.site or build(os.path.join(work, "site"))}
    if args.baseline_site:
        sites["baseline"] = args.baseline_site
    files = {label: path for label, path in records(work).items()
             if not args.only or args.only in label}
    servers = {name: SiteServer(site) for name, site in sites.items()}
    urls = {name: server.__enter__() for name, server in servers.items()}
    results = {(name, label): [] for name in sites for label in files}
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for run in range(args.runs):
            for label, path in files.items():
                for name, url in urls.items():
                    if name == "baseline" and run >= (args.baseline_runs or args.runs):
                        continue
                    ms, longest, verdict = measure(browser, url, path, args.cpu, args.timeout)
                    results[(name, label)].append((ms, longest, verdict))
                    print(f"run {run + 1} {name:10} {label:26} "
                          f"{'-' if ms is None else round(ms)} ms, longest task "
                          f"{'-' if longest is None else round(longest)} ms: {verdict}",
                          file=sys.stderr, flush=True)
        browser.close()
    for server in servers.values():
        server.__exit__(None, None, None)
    print(f"\nCPU slowed {args.cpu:g}x; median of the runs (longest blocking task in brackets)\n")
    print("| record | " + " | ".join(sites) + " |")
    print("|---|" + "---|" * len(sites))
    for label in files:
        cells = [_cell(results[(name, label)]) for name in sites]
        print(f"| {label} | " + " | ".join(cells) + " |")


def _cell(runs):
    done = [r for r in runs if r[0] is not None]
    if not done:
        return f"no verdict in time ({len(runs)} runs)" if runs else "not run"
    ms = statistics.median(r[0] for r in done)
    longest = statistics.median(r[1] for r in done)
    late = len(runs) - len(done)
    return (f"{ms / 1000:.2f} s [{longest / 1000:.2f} s] ({len(done)} runs"
            + (f", {late} timed out" if late else "") + f"): {done[0][2][:60]}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"\n({time.monotonic() - started:.0f} s in all)", file=sys.stderr)
