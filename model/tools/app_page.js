// An app page before its Python has started (issue 15): the loader of every app, on the site
// and in the quiz's SCORM package (model/tools/runtime.py). The site inlines it in the page's
// <head> (build_scripts/apps.py), after the app's settings block (#policy-desk-app), so it runs
// before the first screen is even parsed; the package's launch page loads it as a file
// (quiz/tools/package_pages.py), after its settings too. The build has written the app's first
// screen into a site page with the app's own view code (web/first_screen.py); this script makes
// it usable at once and hands over to web/runner.py, which calls window.policyDeskApp.ready()
// (or .failed()):
//  1. the first screen shows only when it is this visit's (settings.first_screen.unless);
//  2. what the reader does in the app meanwhile (a form sent, a button pressed, a file
//     chosen) is held, with a visible "Working…", and done again once the app is ready;
//  3. MicroPython starts after the first paint, so the interpreter never delays the first screen;
//  4. Material's script (search and the rest of the header) loads only when the reader reaches
//     for it: evaluating it is a 200–350 ms task on a mid-range phone, which would hold back
//     the first answer. Links and the menu work as plain HTML; the theme toggle works before
//     it (overrides/main.html). A page without Material (settings.theme null: the package)
//     leaves the reader's keys alone.
(() => {
  "use strict";
  const settings = JSON.parse(document.getElementById("policy-desk-app").textContent);
  const ROOT = settings.app + "-app";
  const STATUS = ROOT + "-status";
  const WORKING = "Working…";
  const html = document.documentElement;
  const held = [];
  let outcome = "loading";
  let themeLoaded = false;   // Material's script asked for (4.)
  // Material's stylesheet hides search from a page without JavaScript ("no-js", which its
  // script replaces): this page has JavaScript, and its search loads Material on first use.
  html.classList.replace("no-js", "js");

  // --- 1. the first screen, or "loading" when this visit opens elsewhere ---

  function firstScreenFits(first) {
    const unless = first.unless || {};
    if (unless.query && location.search.length > 1) return false;
    try {
      if (unless.storage && localStorage.getItem(unless.storage) !== null) return false;
    } catch (error) { /* storage disabled: nothing saved to resume */ }
    return true;
  }

  if (settings.first_screen) {
    html.setAttribute("data-first-screen", firstScreenFits(settings.first_screen) ? "shown" : "hidden");
  }

  // --- 2. what the reader does before the app is ready ---

  function appRoot(node) {
    const root = document.getElementById(ROOT);
    return root && node instanceof Node && root.contains(node) ? root : null;
  }

  function hold(event) {
    const root = outcome === "loading" ? appRoot(event.target) : null;
    if (!root) return;
    let entry = null;
    if (event.type === "submit") {
      event.preventDefault();
      entry = {type: "submit", target: event.target, control: event.submitter || null};
    } else if (event.type === "click") {
      const button = event.target.closest('button[type="button"], [data-action]');
      if (button && root.contains(button)) entry = {type: "click", target: button, control: button};
    } else if (event.type === "change" && event.target.type === "file") {
      entry = {type: "change", target: event.target, control: event.target};
    }
    if (!entry) return;
    // Pressed twice: done once.
    for (let i = held.length - 1; i >= 0; i -= 1) if (held[i].target === entry.target) held.splice(i, 1);
    held.push(entry);
    showWorking(root, entry.control);
  }

  function showWorking(root, control) {
    root.setAttribute("aria-busy", "true");
    if (control) control.setAttribute("data-working", "");
    const status = document.getElementById(STATUS);
    if (status) {
      status.textContent = WORKING;
      status.setAttribute("data-working", "");
      status.hidden = false;
    }
  }

  function settle() {
    html.removeAttribute("data-first-screen");
    for (const node of document.querySelectorAll("[data-working]")) node.removeAttribute("data-working");
    const root = document.getElementById(ROOT);
    if (root) root.removeAttribute("aria-busy");
  }

  async function replay() {
    for (const entry of held.splice(0)) {
      // One at a time: an app handler still at work (a file being read) marks the app root
      // aria-busy (web/runner.py), and what comes next may need its result.
      await whenIdle(document.getElementById(ROOT));
      if (!entry.target.isConnected) continue;   // the app has moved on from it
      if (entry.type === "submit") send(entry.target, entry.control);
      else if (entry.type === "click") entry.target.click();
      else entry.target.dispatchEvent(new Event("change", {bubbles: true}));
    }
  }

  function whenIdle(root) {
    return new Promise((resolve) => {
      if (!root || root.getAttribute("aria-busy") !== "true") { resolve(); return; }
      const watch = new MutationObserver(() => {
        if (root.getAttribute("aria-busy") !== "true") { watch.disconnect(); resolve(); }
      });
      watch.observe(root, {attributes: true, attributeFilter: ["aria-busy"]});
    });
  }

  function send(form, submitter) {
    if (typeof form.requestSubmit !== "function") {
      form.dispatchEvent(new Event("submit", {bubbles: true, cancelable: true}));
    } else if (submitter && submitter.isConnected && submitter.form === form) {
      form.requestSubmit(submitter);
    } else {
      form.requestSubmit();
    }
  }

  for (const type of ["submit", "click", "change"]) document.addEventListener(type, hold, true);

  // Buttons that must not work without JavaScript (their form would put what was typed into
  // a URL) are disabled in the HTML and enabled here: their presses are held until ready.
  function enableEarlyButtons() {
    for (const button of document.querySelectorAll(`#${ROOT} [data-enable-early][disabled]`)) {
      button.disabled = false;
    }
  }

  // --- 3. the interpreter, after the first paint ---
  // MicroPython's own loader, with no framework around it: the app's modules and data files
  // (listed in the app's <script type="mpy" config>, preloaded by the page) are written into
  // its file system, then the app's script runs. Python reaches the page through MicroPython's
  // `js` and `jsffi` modules (web/browser.py). Events as PyScript named them: "mpy:ready" when
  // the interpreter has started, "py:all-done" (on window) once the app has started or failed
  // to (web/runner.py starts it over several tasks, after the script itself has returned).

  let pythonStarted = false;
  function startPython() {
    const script = document.querySelector('script[type="mpy"]');
    if (pythonStarted || !script || !settings.interpreter) return;
    pythonStarted = true;
    runApp(script).catch(failedToStart);
  }

  let announced = false;
  function announceDone() {
    if (announced) return;
    announced = true;
    dispatchEvent(new Event("py:all-done"));
  }

  function fetchBytes(url) {
    return fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.arrayBuffer();
    });
  }

  async function runApp(script) {
    const config = JSON.parse(script.getAttribute("config"));
    // Asked for at once (the preloads answer them), written once the interpreter is up.
    const files = Object.entries(config.files).map(([url, path]) => fetchBytes(url).then((bytes) => [path, bytes]));
    const main = fetchBytes(script.src);
    // Resolved against the page, as every other address in the settings and the config: a
    // module specifier would resolve against this script's own address when it is a file.
    const {loadMicroPython} = await import(new URL(settings.interpreter, document.baseURI).href);
    const python = await loadMicroPython({
      url: config.wasm, linebuffer: true,
      stdout: (line) => console.log(line), stderr: (line) => console.error(line),
    });
    script.dispatchEvent(new Event("mpy:ready", {bubbles: true}));
    for (const [path, bytes] of await Promise.all(files)) {
      const folder = path.split("/").slice(0, -1).join("/");
      if (folder) python.FS.mkdirTree(folder);
      python.FS.writeFile(path, new Uint8Array(bytes));
    }
    // One module per task, each after what it imports: between them the browser handles
    // the reader's taps and paints (the app's own imports then find them loaded).
    for (const name of config.imports || []) {
      await nextTask();
      python.runPython(`import ${name}`);
    }
    await nextTask();
    python.runPython(new TextDecoder().decode(await main));
  }

  function nextTask() {
    if (window.scheduler && typeof scheduler.yield === "function") return scheduler.yield();
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  }

  function failedToStart(error) {
    // The runtime or the app's script could not load (web/runner.py handles failures after).
    console.error("Policy Desk: the app could not start", error);
    announceDone();
    const root = document.getElementById(ROOT);
    if (!root || root.getAttribute("data-state") !== "loading") return;
    root.setAttribute("data-state", "failed");
    const status = document.getElementById(STATUS);
    if (status) {
      status.textContent = "Sorry, this page could not start. Reload the page to try again.";
      status.setAttribute("role", "alert");
      status.hidden = false;
    }
    window.policyDeskApp.failed();
  }

  function whenParsed(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, {once: true});
    else run();
  }

  // A code block wider than the screen scrolls: keyboard users must be able to reach it.
  // Material's script does this; on an app page it may never load (4.).
  function focusableCodeBlocks() {
    for (const code of document.querySelectorAll(".md-typeset pre > code")) {
      if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
      else if (!themeLoaded) code.removeAttribute("tabindex");
    }
  }

  whenParsed(() => {
    enableEarlyButtons();
    focusableCodeBlocks();
    addEventListener("resize", focusableCodeBlocks);
    // The frame after a requestAnimationFrame callback is painted; a task queued from it runs
    // after that paint. A hidden tab paints nothing: start anyway after a while.
    requestAnimationFrame(() => setTimeout(startPython, 0));
    setTimeout(startPython, 1000);
  });

  // --- 4. Material's script ---

  function loadTheme() {
    if (themeLoaded || !settings.theme) return;
    themeLoaded = true;
    // Material starts on DOMContentLoaded, long past by now: while its script runs, a
    // DOMContentLoaded listener it adds is called at once instead (then the patch is gone).
    const own = Object.prototype.hasOwnProperty.call(document, "addEventListener");
    document.addEventListener = function (type, listener, options) {
      if (type !== "DOMContentLoaded") return EventTarget.prototype.addEventListener.call(this, type, listener, options);
      setTimeout(() => (typeof listener === "function" ? listener.call(document, new Event(type))
        : listener.handleEvent(new Event(type))), 0);
      return undefined;
    };
    const script = document.createElement("script");
    script.src = settings.theme;
    script.onload = script.onerror = () => { if (!own) delete document.addEventListener; };
    document.body.append(script);
  }

  // The reader reaching for search (or anything else Material runs in the header or the
  // menu) needs Material now.
  const HEADER = ".md-header, .md-search, .md-sidebar";
  function reachesForTheme(event) {
    const target = event.target instanceof Element ? event.target : null;
    // The theme toggle works without Material's script (overrides/main.html).
    if (target && target.closest(HEADER) && !target.closest("[data-md-component=palette]")) loadTheme();
  }
  function searchKey(event) {
    const field = event.target;
    const typing = field instanceof HTMLElement && (field.isContentEditable || /^(TEXTAREA|SELECT)$/.test(field.tagName)
      || (field.tagName === "INPUT" && !/^(radio|checkbox|button|submit|reset)$/.test(field.type)));
    if (!settings.theme || typing || themeLoaded || !["/", "s", "f"].includes(event.key)) return;
    // Material's search keys, before Material listens: open search as it would.
    event.preventDefault();
    loadTheme();
    const toggle = document.getElementById("__search");
    if (toggle) toggle.checked = true;
    const input = document.querySelector(".md-search__input");
    if (input) input.focus();
  }
  document.addEventListener("pointerdown", reachesForTheme, true);
  document.addEventListener("focusin", reachesForTheme, true);
  document.addEventListener("keydown", searchKey, true);

  // --- the hand-over (web/runner.py) ---

  window.policyDeskApp = {
    ready() {
      outcome = "ready";
      settle();
      announceDone();
      // After the Python call that said so has returned: what the reader did is handled by
      // the app's own listeners, in the order it was done.
      setTimeout(replay, 0);
    },
    failed() {
      outcome = "failed";
      held.length = 0;
      settle();
      announceDone();
    },
    // web/runner.py awaits this between the steps of the app's start: a tap or a paint is
    // handled in between, so no step holds the page for long.
    nextTask,
  };
})();
