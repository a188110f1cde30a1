// Offline use: registers the service worker (sw.js, written by build_scripts/offline.py),
// shows whether this site is saved for use without signal, and says when a new version of
// the site has replaced the old one. No request leaves the site's origin.
(() => {
  "use strict";

  // This script sits at <site>/assets/javascripts/offline.js: the worker and its scope are
  // found from our own URL, so the site works under any sub-path.
  const SCRIPT_URL = document.currentScript.src;
  const WORKER_URL = new URL("../../sw.js", SCRIPT_URL).href;
  const SCOPE = new URL("../../", SCRIPT_URL).href;
  const SEEN_BUILD_KEY = `policy-desk build ${new URL(SCOPE).pathname}`;
  const APP_READY_WAIT_MS = 15000;
  // A page running a Python app may hold work (a quiz answer, a chosen file): it is never
  // reloaded under the reader's feet; it offers a reload instead.
  const HOLDS_WORK = document.querySelector('script[type="mpy"]') !== null;

  let statusLine = null;
  let hadController = false;
  let reloadOnUpdate = !HOLDS_WORK;  // an app page reloads only when the reader says so
  const watched = new WeakSet();

  function showStatus(text, state) {
    if (!statusLine) {
      statusLine = document.createElement("p");
      statusLine.className = "policy-desk-offline";
      statusLine.setAttribute("role", "status");
      const footer = document.querySelector(".md-footer-meta__inner") || document.body;
      footer.appendChild(statusLine);
    }
    statusLine.textContent = text;
    statusLine.dataset.offline = state;
  }

  function showBanner(text, action) {
    // Material's own banner styles (.md-banner): no stylesheet of ours needed.
    let banner = document.getElementById("policy-desk-update");
    if (!banner) {
      banner = document.createElement("aside");
      banner.id = "policy-desk-update";
      banner.className = "md-banner";
      banner.setAttribute("role", "status");
      const header = document.querySelector("header.md-header");
      if (header) header.before(banner); else document.body.prepend(banner);
    }
    const inner = document.createElement("div");
    inner.className = "md-banner__inner md-grid md-typeset";
    inner.textContent = text;
    if (action) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = action.label;
      button.addEventListener("click", action.run);
      inner.append(" ", button);
    }
    banner.replaceChildren(inner);
  }

  function isDevServer() {
    // `mkdocs serve` injects its livereload poller: a worker there would keep showing
    // pages from before the last edit, so the preview runs without one.
    return typeof window.livereload === "function";
  }

  // PyScript announces on window when every Python script of the page has run: listen from
  // the start, as it may come before the page's load event.
  const appsDone = new Promise((resolve) => {
    window.addEventListener("py:all-done", resolve, {once: true});
    setTimeout(resolve, APP_READY_WAIT_MS);  // an app that never finishes must not block this
  });

  function whenPageSettled() {
    // Saving the whole site competes for a slow link with what the reader asked for: start
    // after the page has loaded and, on an app page, after its app has started (or gave up).
    const loaded = document.readyState === "complete" ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener("load", resolve, {once: true}));
    return loaded.then(() => (HOLDS_WORK ? appsDone : undefined));
  }

  function askWorker(worker) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage({type: "status"}, [channel.port2]);
    });
  }

  async function reportSaved() {
    const worker = navigator.serviceWorker.controller;
    if (!worker) return;
    const status = await askWorker(worker);
    if (status.saved >= status.total) {
      showStatus(`Ready for offline use: every page works without signal. Build ${status.build}.`, "ready");
    } else {
      showStatus(`Saving for offline use… ${Math.floor((100 * status.saved) / status.total)}% done.`, "saving");
    }
    announceUpdate(status.build);
  }

  function announceUpdate(build) {
    // The first page a reader sees from a new build says so, whichever tab or visit it is.
    let seen = null;
    try {
      seen = localStorage.getItem(SEEN_BUILD_KEY);
      localStorage.setItem(SEEN_BUILD_KEY, build);
    } catch (error) { return; } // storage disabled: the status line still shows the build
    if (seen && seen !== build) {
      showBanner(`Policy Desk was updated — you are reading the new version (build ${build}).`);
    }
  }

  function offerUpdate(registration) {
    const activate = () => {
      reloadOnUpdate = true;
      if (registration.waiting) registration.waiting.postMessage({type: "activate"});
    };
    if (!HOLDS_WORK) { activate(); return; }
    showBanner("A new version of Policy Desk is saved and ready.", {label: "Reload to use it", run: activate});
  }

  function onControllerChange() {
    if (!hadController) { hadController = true; reportSaved(); return; } // first install
    // This page came from the old build; reading on would mix the two: reload it whole.
    if (reloadOnUpdate) { location.reload(); return; }
    showBanner("Policy Desk was updated in another tab.", {label: "Reload to use it", run: () => location.reload()});
  }

  function watchUpdates(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
    // The browser checks for a new sw.js on every navigation: an install may already be
    // under way by the time this page has settled.
    if (registration.installing) watchInstall(registration, registration.installing);
    registration.addEventListener("updatefound", () => watchInstall(registration, registration.installing));
  }

  function watchInstall(registration, worker) {
    if (!worker || watched.has(worker)) return;
    watched.add(worker);
    installFailed = false;    // a new attempt (this visit's): its progress counts again
    savedQuarter = 0;
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(registration);
      // The worker's own "failed" message names the reason; this is for when none came.
      if (worker.state === "redundant" && !registration.active && !installFailed) showSaveFailed("download");
    });
  }

  let savedQuarter = 0;
  // Once saving has failed, a progress message still on its way (a download that was under
  // way when another failed) must not bring back "Saving… 75%" for good.
  let installFailed = false;

  function showSaveFailed(reason) {
    installFailed = true;
    const why = reason === "space"
      ? "this browser did not allow the storage space it needs"
      : "part of the site could not be downloaded";
    showStatus(`Not saved for offline use: ${why}. The site works online; saving will be tried again on your next visit.`, "failed");
  }

  function onWorkerMessage(event) {
    // The status line is read out by screen readers: say how far saving got in quarters,
    // not at every file.
    const message = event.data || {};
    if (navigator.serviceWorker.controller) return;
    if (message.type === "failed") { showSaveFailed(message.reason); return; }
    if (message.type !== "progress" || installFailed) return;
    const quarter = Math.floor((4 * message.done) / message.total);
    if (quarter > savedQuarter && quarter < 4) {
      savedQuarter = quarter;
      showStatus(`Saving for offline use… ${25 * quarter}% done.`, "saving");
    }
  }

  async function start() {
    if (!("serviceWorker" in navigator)) {
      showStatus("Offline use is not available in this browser.", "unsupported");
      return;
    }
    await whenPageSettled();
    if (isDevServer()) {
      const old = await navigator.serviceWorker.getRegistration(SCOPE);
      if (old) await old.unregister();
      showStatus("Offline use is off in this preview (mkdocs serve).", "off");
      return;
    }
    hadController = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener("controllerchange", onControllerChange);
    navigator.serviceWorker.addEventListener("message", onWorkerMessage);
    if (!hadController) showStatus("Saving for offline use…", "saving");
    try {
      const registration = await navigator.serviceWorker.register(WORKER_URL, {scope: SCOPE});
      watchUpdates(registration);
      await reportSaved();
    } catch (error) {
      console.warn("Policy Desk: service worker registration failed", error);
      showStatus("Not saved for offline use: this browser refused. The site still works online.", "failed");
    }
  }

  start();
})();
