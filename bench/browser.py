"""Chromium driven over CDP: network and CPU profiles, and one timed page load.

The metric is navigation start → the app's own "ready to answer" signal, read in the page
(performance.now() is measured from navigation start) by an observer installed before any
page script runs, so Playwright's polling never adds to the figure.
"""
import json
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]
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

READY_OBSERVER = """
(() => {
  // Also kept: when the HTML and the theme were done (DOMContentLoaded) and when the Python
  // interpreter had started (PyScript's mpy:ready), to say what a slow load waited for.
  window.__benchPhases = {};
  const phase = (name) => () => { window.__benchPhases[name] ??= performance.now(); };
  document.addEventListener("DOMContentLoaded", phase("html_theme_ms"), true);
  document.addEventListener("mpy:ready", phase("interpreter_ms"), true);
  const bytesSoFar = () => {
    const [navigation] = performance.getEntriesByType("navigation");
    return performance.getEntriesByType("resource").reduce(
      (sum, entry) => sum + entry.transferSize, navigation ? navigation.transferSize : 0);
  };
  const mark = () => {
    if (window.__benchReady === undefined && document.querySelector(%s)) {
      window.__benchReady = performance.now();
      window.__benchBytes = bytesSoFar();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, {subtree: true, attributes: true,
                              attributeFilter: ["data-state"]});
})();
""" % json.dumps(READY_SELECTOR)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_context(browser, service_workers):
    """A fresh context (empty caches); service_workers False for the HTTP-cache-only runs."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  service_workers="allow" if service_workers else "block")
    context.add_init_script(READY_OBSERVER)
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


def timed_load(context, url, profile, offline=False):
    """{ready_ms, bytes, requests, phases, answer, off_origin} for one navigation to url.

    bytes: what the page had received (transferSize, headers included) when it became ready:
    later downloads (the search index, the offline copy) do not count."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests = Requests(cdp)
    apply_profile(cdp, profile, offline)
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__benchReady !== undefined", timeout=TIMEOUT_MS, polling=50)
    result = page.evaluate("({ready_ms: window.__benchReady, bytes: window.__benchBytes, "
                           "phases: window.__benchPhases})")
    result.update(requests=len(requests.urls), urls=list(requests.urls),
                  answer=page.inner_text(ANSWER_SELECTOR).strip(), off_origin=requests.off_origin())
    page.close()
    return result


def save_for_offline(context, url):
    """A first, unmeasured visit; returns once the worker holds the whole build."""
    page = context.new_page()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_selector(OFFLINE_READY, state="attached", timeout=TIMEOUT_MS)
    page.close()
