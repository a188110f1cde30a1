"""Search latency as a reader feels it: Material's own search worker, in the real page, and
Pagefind beside it (issue 15).

For each query the page's search box gets the text and a key-up (Material reads the query
on key-up), and the time runs until the result list has changed and the next frame is
painted: worker messaging, the lunr query and Material's rendering, all included. Also
reported: how long after navigation start the worker has built its index ("search ready").
"""
import json
import os
import subprocess

from bench import browser as chromium

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGEFIND = os.path.join(ROOT, "node_modules", ".bin", "pagefind")

QUERIES = ("phone", "exigent circumstances", "international travel", "social media",
           "SIM card", "inspection memorandum", "hands-free", "supervisor", "evidence",
           "lost or stolen", "personal business", "training division")
PLACEHOLDER = "Type to start searching"   # Material's text once its worker is ready

SEARCH_READY = """
async () => {
  const meta = document.querySelector(".md-search-result__meta");
  while (!meta.textContent.includes(%s)) await new Promise((r) => setTimeout(r, 10));
  return performance.now();
}
""" % json.dumps(PLACEHOLDER)

TIME_QUERY = """
async (query) => {
  const input = document.querySelector(".md-search__input");
  const result = document.querySelector(".md-search-result");
  const before = result.innerHTML;
  const start = performance.now();
  return await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (result.innerHTML === before) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    });
    observer.observe(result, {subtree: true, childList: true, characterData: true});
    input.value = query;
    input.dispatchEvent(new KeyboardEvent("keyup", {key: query.slice(-1), bubbles: true}));
  });
}
"""


def search_latency(browser, site_url, profile, rounds):
    """{"ready_ms": index ready after navigation start, "query_ms": [one per query and round]}."""
    context = chromium.new_context(browser, service_workers=False)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    chromium.apply_profile(cdp, profile)
    page.goto(site_url, timeout=chromium.TIMEOUT_MS)
    page.keyboard.press("/")                      # opens search as a reader would
    ready = page.evaluate(SEARCH_READY)
    timings = []
    for _ in range(rounds):
        # Consecutive queries always differ: Material ignores a repeated one.
        for query in QUERIES:
            timings.append(page.evaluate(TIME_QUERY, query))
    context.close()
    return {"ready_ms": ready, "query_ms": timings}


# Pagefind, side by side (not what the site uses: see the report). Its index is built into the
# bench's own copy of the site; the figure is a query's results with the data of the first
# five pages (their excerpts and sections), as a results list needs them, without drawing them.
PAGEFIND_QUERY = """
async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const times = [];
  for (const query of queries) {
    const start = performance.now();
    const found = await pagefind.search(query);
    await Promise.all(found.results.slice(0, 5).map((result) => result.data()));
    times.push(performance.now() - start);
  }
  return times;
}
"""


def build_pagefind(site_dir):
    """Index the built site with the pinned Pagefind binary (npm); False if it is missing."""
    if not os.path.exists(PAGEFIND):
        return False
    subprocess.run([PAGEFIND, "--site", site_dir, "--output-subdir", "pagefind"], check=True,
                   capture_output=True)
    return True


def pagefind_latency(browser, site_url, profile):
    """{"first": [ms per query, each word's index and excerpts fetched over the network],
    "again": [ms, the same queries once they are in memory]}."""
    context = chromium.new_context(browser, service_workers=False)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    chromium.apply_profile(cdp, profile)
    page.goto(site_url, timeout=chromium.TIMEOUT_MS)
    first = page.evaluate(PAGEFIND_QUERY, list(QUERIES))
    again = page.evaluate(PAGEFIND_QUERY, list(QUERIES))
    context.close()
    return {"first": first, "again": again}
