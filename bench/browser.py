"""Chromium driven over CDP: network and CPU profiles, and one timed page load.

Every figure is read in the page (performance.now() counts from navigation start) by an
observer installed before any page script runs, so Playwright's polling never adds to it:
- first_screen_ms: the app's first screen (the helper's first question, the quiz's member
  form, the audit kit's file chooser) is in the page and a frame with it has been painted:
  from then on the reader can read it and click it;
- interpreter_ms: the loader's `mpy:ready` (MicroPython started);
- ready_ms: the app's one ready signal, data-state="ready" (web/runner.py);
- longest_task_ms: the longest main-thread task (Long Tasks API: tasks over 50 ms) from first
  paint until a second after ready — what would hold back the reader's first tap;
- click_ms (with an interaction, a second after ready): a real click (CDP input) on the app's first action →
  the app's answer painted, from the event's own timestamp, so input delay counts.
"""
import json
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]
# Headless Chromium starts a renderer for the omnibox pop-up (a WebUI) with every new page:
# ~0.6 s of CPU each time, on the same two cores as the page measured. Chromium keeps only
# the last --disable-features it is given, so Playwright's own list is repeated here.
PLAYWRIGHT_DISABLED = ("AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,"
                       "HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,"
                       "PaintHolding,ThirdPartyStoragePartitioning,"
                       "AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,"
                       "NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch")
OMNIBOX_DISABLED = "WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,WebUIOmniboxPopup,PreloadTopChromeWebUI"
BENCH_ARGS = CHROMIUM_ARGS + [f"--disable-features={PLAYWRIGHT_DISABLED},{OMNIBOX_DISABLED}"]
# Lighthouse's mobile profile: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU slowdown.
PROFILES = {
    "unthrottled": None,
    "mobile": {"latency": 150, "down_bits": 1.6e6, "up_bits": 750e3, "cpu": 4},
}
# The one ready signal every app sets once it can answer (web/runner.py); the floor pages set
# the same one.
READY_SELECTOR = '[id$="-app"][data-state="ready"]'
ANSWER_SELECTOR = "#helper-result-heading, #quiz-app h2"
OFFLINE_READY = '.policy-desk-offline[data-offline="ready"]'
TIMEOUT_MS = 60000
SAVE_TIMEOUT_MS = 240000  # saving 3 MB for offline use, digests checked, on a busy machine
SETTLE_MS = 1000      # long tasks are watched until this long after ready

OBSERVER = """
(() => {
  const bench = window.__bench = {phases: {}, longTasks: [], paints: {}};
  const FIRST_SCREEN = %(first)s, READY = %(ready)s;
  const phase = (name) => () => { bench.phases[name] ??= performance.now(); };
  document.addEventListener("DOMContentLoaded", phase("html_theme_ms"), true);
  document.addEventListener("mpy:ready", phase("interpreter_ms"), true);
  // After a requestAnimationFrame callback the frame is painted; a task queued from it runs
  // once that paint is done.
  const afterPaint = (done) => requestAnimationFrame(() => setTimeout(done, 0));
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({type: "longtask", buffered: true});
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.paints[entry.name] = entry.startTime;
    }).observe({type: "paint", buffered: true});
  } catch (error) { bench.observerError = String(error); }
  const bytesSoFar = () => {
    const [navigation] = performance.getEntriesByType("navigation");
    return performance.getEntriesByType("resource").reduce(
      (sum, entry) => sum + entry.transferSize, navigation ? navigation.transferSize : 0);
  };
  const check = () => {
    if (FIRST_SCREEN && bench.firstSeen === undefined && document.querySelector(FIRST_SCREEN)) {
      bench.firstSeen = performance.now();
      afterPaint(() => { bench.firstScreen = performance.now(); });
    }
    if (bench.ready === undefined && document.querySelector(READY)) {
      bench.ready = performance.now();
      bench.bytes = bytesSoFar();
      afterPaint(() => { bench.readyPainted = performance.now(); });
    }
    if (bench.ready !== undefined && (!FIRST_SCREEN || bench.firstSeen !== undefined)) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ["data-state"]});
})();
"""

# Measures one interaction: from the click's own timestamp (set when the input event was
# created, so time spent queued behind a long task counts) to the painted frame after the
# app root changed.
ARM_CLICK = """
(root) => {
  const bench = window.__bench;
  bench.click = undefined;
  document.addEventListener("click", (event) => {
    const start = event.timeStamp;
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { bench.click = performance.now() - start; }, 0));
    });
    observer.observe(document.querySelector(root), {subtree: true, childList: true, characterData: true});
  }, {capture: true, once: true});
}
"""


class LoadFailed(RuntimeError):
    """A page that did not become ready in time: the run notes it and goes on."""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_ARGS)


def new_context(browser, service_workers, first_screen=None):
    """A fresh context (empty caches); service_workers False for the HTTP-cache-only runs.
    first_screen: the selector of the page's first screen, when it has one to time (a list:
    the context loads several pages, each with one of them)."""
    # bypass_csp: the bench's own probes (Playwright's wait_for_function compiles its predicate
    # with eval) would be refused by the pages' policy, which allows no eval; the pages' own
    # code needs nothing the policy refuses (tests/test_csp.py), so timings are unchanged.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True,
                                  service_workers="allow" if service_workers else "block")
    if isinstance(first_screen, list):  # one context for several pages: any of them
        first_screen = ", ".join(first_screen)
    context.add_init_script(OBSERVER % {"first": json.dumps(first_screen),
                                        "ready": json.dumps(READY_SELECTOR)})
    return context


def apply_profile(cdp, profile, offline=False):
    cdp.send("Network.enable")
    if profile is None and not offline:
        return
    throttle = profile or {"latency": 0, "down_bits": -8, "up_bits": -8}
    cdp.send("Network.emulateNetworkConditions", {
        "offline": offline, "latency": throttle["latency"],
        "downloadThroughput": throttle["down_bits"] / 8, "uploadThroughput": throttle["up_bits"] / 8})
    if profile:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})


class Requests:
    """Every URL one page requested, from CDP network events (to find double fetches and
    anything leaving the machine)."""

    def __init__(self, cdp):
        self.urls = []
        cdp.on("Network.requestWillBeSent", lambda event: self.urls.append(event["request"]["url"]))

    def off_origin(self):
        return [url for url in self.urls
                if urlparse(url).scheme in ("http", "https") and urlparse(url).hostname != "127.0.0.1"]


def timed_load(context, url, profile, offline=False, interaction=None):
    """One navigation to url: {ready_ms, first_screen_ms, interpreter_ms, fcp_ms,
    longest_task_ms, click_ms, bytes, requests, phases, answer, off_origin}.

    bytes: what the page had received (transferSize, headers included) when it became ready:
    later downloads (the search index, the offline copy) do not count. interaction: a
    function(page, arm) that does the app's first action, calling arm() just before the
    click to time."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests = Requests(cdp)
    apply_profile(cdp, profile, offline)
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    try:
        page.wait_for_function("window.__bench && window.__bench.readyPainted !== undefined",
                               timeout=TIMEOUT_MS, polling=50)
    except Exception as exc:
        shown = page.evaluate("""() => [...document.querySelectorAll('[id$="-app"][data-state]')]
            .map((root) => root.id + ' ' + root.dataset.state + ': '
                 + (document.getElementById(root.id + '-status') || {}).textContent)""")
        page.close()
        raise LoadFailed(f"{url} did not become ready ({shown}): {str(exc).splitlines()[0]}") from None
    page.wait_for_timeout(SETTLE_MS)
    bench = page.evaluate("window.__bench")
    answer = page.locator(ANSWER_SELECTOR)
    shown = answer.first.inner_text().strip() if answer.count() else ""
    click_ms = None
    if interaction is not None:   # after the long tasks' window: its own work is not loading
        root = "#" + page.get_attribute(READY_SELECTOR, "id")
        interaction(page, lambda: page.evaluate(ARM_CLICK, root))
        page.wait_for_function("window.__bench.click !== undefined", timeout=TIMEOUT_MS, polling=50)
        click_ms = page.evaluate("window.__bench.click")
        # What the interaction saved (the quiz's progress) must not change the next load.
        page.evaluate("localStorage.clear()")
    result = {
        "ready_ms": bench["ready"], "bytes": bench.get("bytes"), "phases": bench["phases"],
        "first_screen_ms": bench.get("firstScreen"),
        "interpreter_ms": bench["phases"].get("interpreter_ms"),
        "fcp_ms": bench["paints"].get("first-contentful-paint"),
        "longest_task_ms": longest_task(bench),
        "click_ms": click_ms,
    }
    result.update(requests=len(requests.urls), urls=list(requests.urls), answer=shown,
                  off_origin=requests.off_origin())
    page.close()
    return result


def longest_task(bench):
    """The longest task from first paint to SETTLE_MS after ready (0: none over 50 ms)."""
    start = bench["paints"].get("first-paint", 0)
    end = bench["ready"] + SETTLE_MS
    durations = [duration for begin, duration in bench["longTasks"] if start <= begin <= end]
    return max(durations, default=0)


def save_for_offline(context, url):
    """A first, unmeasured visit; returns once the worker holds the whole build."""
    page = context.new_page()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_selector(OFFLINE_READY, state="attached", timeout=SAVE_TIMEOUT_MS)
    page.close()
