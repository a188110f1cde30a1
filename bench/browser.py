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
# The DOM signals the apps set once they can answer (web/helper_app.py, web/quiz_app.py);
# the floor pages set the same ones.
READY_SELECTOR = '#helper-app[data-state="ready"], #quiz-app[data-ready="true"]'
ANSWER_SELECTOR = "#helper-result-heading, #quiz-app h2"
OFFLINE_READY = '.policy-desk-offline[data-offline="ready"]'
TIMEOUT_MS = 60000

READY_OBSERVER = """
(() => {
  const mark = () => {
    if (window.__benchReady === undefined && document.querySelector(%s)) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, {subtree: true, attributes: true,
                              attributeFilter: ["data-state", "data-ready"]});
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


class Traffic:
    """Requests and bytes (as sent on the wire) of one page, from CDP network events."""

    def __init__(self, cdp):
        self.urls, self.bytes = [], 0
        cdp.on("Network.requestWillBeSent", lambda event: self.urls.append(event["request"]["url"]))
        cdp.on("Network.loadingFinished", self.finished)

    def finished(self, event):
        self.bytes += event.get("encodedDataLength", 0)

    def off_origin(self):
        return [url for url in self.urls
                if urlparse(url).scheme in ("http", "https") and urlparse(url).hostname != "127.0.0.1"]


def timed_load(context, url, profile, offline=False):
    """{ready_ms, bytes, requests, answer, off_origin} for one navigation to url."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    traffic = Traffic(cdp)
    apply_profile(cdp, profile, offline)
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__benchReady !== undefined", timeout=TIMEOUT_MS, polling=50)
    result = {"ready_ms": page.evaluate("window.__benchReady"), "bytes": traffic.bytes,
              "requests": len(traffic.urls), "urls": list(traffic.urls),
              "answer": page.inner_text(ANSWER_SELECTOR).strip(), "off_origin": traffic.off_origin()}
    page.close()
    return result


def save_for_offline(context, url):
    """A first, unmeasured visit; returns once the worker holds the whole build."""
    page = context.new_page()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_selector(OFFLINE_READY, state="attached", timeout=TIMEOUT_MS)
    page.close()
