"""The one module that touches the browser (JS). Everything else is plain Python.

Keeping DOM, storage and download calls here means every other module can be imported and
tested in CPython. Engineers add functions here; nothing else imports `js` or `jsffi`.
`js` (the page's globalThis) and `jsffi` are MicroPython's own modules in the browser (the
page loads MicroPython directly: model/tools/app_page.js, the loader).
"""
import sys

import js
from jsffi import create_proxy, to_js

window = js
document = js.document

from model.canonical import sha256_hex

# JS keeps calling our handlers after the function that registered them returns; the
# proxies must stay referenced or MicroPython may collect them.
_proxies = []


def element(selector):
    return document.querySelector(selector)


def set_html(selector, html):
    written = _first_screen.pop(selector, None) if _first_screen else None
    if written is not None and written == sha256_hex(html):
        return  # the build wrote this very HTML here: keep it, and what the reader did in it
    element(selector).innerHTML = html


def set_text(selector, text):
    element(selector).textContent = text


def text(selector):
    """The text content of the element matching selector ("" when there is none)."""
    node = element(selector)
    return "" if node is None else str(node.textContent)


def show(selector, visible=True):
    element(selector).hidden = not visible


def value(selector):
    node = element(selector)
    return "" if node is None else str(node.value)


def checked_value(name):
    """Value of the checked radio button of a group, or None."""
    node = document.querySelector(f'input[name="{name}"]:checked')
    return None if node is None else str(node.value)


def focus(selector):
    node = element(selector)
    if node is not None:
        node.focus()


def on(selector, event, handler):
    """Call handler(js_event) on every `event` at the element matching selector."""
    proxy = create_proxy(handler)
    _proxies.append(proxy)
    element(selector).addEventListener(event, proxy)


def storage_get(key):
    """Text saved under key in localStorage, or None (also when storage is unavailable)."""
    try:
        text = window.localStorage.getItem(key)
    except Exception:  # storage disabled by the browser: behave as empty
        return None
    return None if text is None else str(text)


def storage_set(key, text):
    """Save text; False when the browser refuses (full or disabled), so callers can say so."""
    try:
        window.localStorage.setItem(key, text)
        return True
    except Exception:
        return False


def storage_remove(key):
    try:
        window.localStorage.removeItem(key)
    except Exception:
        pass


def query_string():
    """The page URL's query without the leading '?'."""
    search = str(window.location.search)
    return search[1:] if search.startswith("?") else search


def replace_query(query):
    """Put query ('' to clear) in the address bar without reloading or adding history."""
    path = str(window.location.pathname)
    window.history.replaceState(None, "", path + ("?" + query if query else ""))


def download(filename, text, mime="application/json"):
    """Offer text as a file download (no server involved: the data stays on the device)."""
    blob = window.Blob.new([text], to_js({"type": mime + ";charset=utf-8"}))
    url = window.URL.createObjectURL(blob)
    link = document.createElement("a")
    link.href = url
    link.download = filename
    document.body.appendChild(link)
    link.click()
    link.remove()
    window.setTimeout(create_proxy(lambda: window.URL.revokeObjectURL(url)), 1000)


def log_exception(exc):
    """exc with its traceback in the browser console, for whoever debugs (a page shows people
    a sentence, never a traceback)."""
    if hasattr(sys, "print_exception"):
        sys.print_exception(exc)
    else:
        print(repr(exc))


def now_iso():
    """Current time as ISO 8601 UTC, from the browser clock."""
    return str(window.Date.new().toISOString())


def random_bytes(count):
    """count bytes from the browser's cryptographic generator."""
    array = window.Uint8Array.new(count)
    window.crypto.getRandomValues(array)
    return bytes(array[i] for i in range(count))


def print_page():
    window.print()


# --- added for the audit kit (web/audit_app.py) ---

async def read_file_bytes(selector):
    """(name, bytes) of the file chosen in a file input, or None; read locally, never uploaded.
    Bytes, not text: the audit memo records the SHA-256 of the exact file."""
    node = element(selector)
    if node is None or node.files.length == 0:
        return None
    chosen = node.files.item(0)
    buffer = await chosen.arrayBuffer()
    return str(chosen.name), bytes(window.Uint8Array.new(buffer))


def on_async(selector, event, handler):
    """Like on(), for an `async def` handler: MicroPython ignores coroutines returned to a
    JS listener, so each event starts the handler as an asyncio task."""
    import asyncio
    on(selector, event, lambda js_event: asyncio.create_task(handler(js_event)))


def is_checked(selector):
    node = element(selector)
    return node is not None and bool(node.checked)


def set_value(selector, text):
    element(selector).value = text


def set_attribute(selector, name, text):
    """Set an attribute (e.g. aria-invalid on a form field); text None removes it."""
    node = element(selector)
    if text is None:
        node.removeAttribute(name)
    else:
        node.setAttribute(name, text)


def local_date():
    """Today on the device's clock and time zone, "YYYY-MM-DD" (a memo is dated locally;
    now_iso() is UTC, a day ahead in Oakland every evening)."""
    now = window.Date.new()
    return "%04d-%02d-%02d" % (int(now.getFullYear()), int(now.getMonth()) + 1, int(now.getDate()))


# --- added for the decision helper (web/helper_app.py) ---

def expose_methods(name, methods):
    """window[name] = a JS object whose properties call the Python functions in methods
    ({js name: function}); e.g. window.policyDeskHelper.decide(text) for browser tests."""
    target = window.Object.new()
    for method_name in sorted(methods):
        proxy = create_proxy(methods[method_name])
        _proxies.append(proxy)
        setattr(target, method_name, proxy)
    setattr(window, name, target)


def event_data(event, attribute):
    """The value of attribute (e.g. "data-action") on the event's target or its nearest
    ancestor that has it, or None: one listener on a container serves all its buttons."""
    target = event.target
    if target is None or not hasattr(target, "closest"):
        return None
    node = target.closest("[" + attribute + "]")
    return None if node is None else str(node.getAttribute(attribute))


def cancel(event):
    """Stop the browser's default action (a form submit reloading the page)."""
    event.preventDefault()


# --- added for the quiz (web/quiz_app.py) ---

def checked_values(name):
    """Values of every checked input (checkboxes or radios) named name, in page order."""
    nodes = document.querySelectorAll(f'input[name="{name}"]:checked')
    return [str(nodes.item(i).value) for i in range(nodes.length)]


def get_attribute(selector, name):
    """An attribute as written in the page (not resolved to an absolute URL), or None."""
    node = element(selector)
    text = None if node is None else node.getAttribute(name)
    return None if text is None else str(text)


# --- added for hostile input (issue 12): files are sized before they are read ---

FILE_CHUNK_BYTES = 131072
_SCRATCH = "/.policy-desk-chunk"


def chosen_file(selector):
    """(name, size in bytes) of the file chosen in a file input, or None. Nothing is read: a
    page can refuse a file that is too large before spending any time on it."""
    node = element(selector)
    if node is None or node.files.length == 0:
        return None
    chosen = node.files.item(0)
    return str(chosen.name), int(chosen.size)


async def read_file_chunks(selector, size, progress=None):
    """The first `size` bytes of the file chosen in a file input, read FILE_CHUNK_BYTES at a
    time. progress(done, size) is called after each chunk; each read awaits the browser, so
    the page repaints and stays responsive while a large file is read. Raises (OSError, or
    the browser's error) when the file can no longer be read whole."""
    chosen = element(selector).files.item(0)
    if size == 0:
        await chosen.arrayBuffer()   # an empty file reads as empty; a vanished one raises
    parts, done = [], 0
    while done < size:
        end = min(done + FILE_CHUNK_BYTES, size)
        buffer = await chosen.slice(done, end).arrayBuffer()
        part = _to_bytes(window.Uint8Array.new(buffer))
        if not part:               # moved, deleted or cut short since it was chosen
            raise OSError("the file is shorter than when it was chosen")
        parts.append(part)
        done += len(part)
        if progress is not None:
            progress(done, size)
    return b"".join(parts)


def _to_bytes(array):
    """A JS Uint8Array as bytes. bytes(array) crosses into JS once per byte (a 5 MB file took
    30 s); handing the array to the interpreter's own file system and reading it back copies
    it in one go. If that file system is not reachable, the slow way still gives the bytes."""
    fs = _interpreter_fs()
    if fs is not None:
        try:
            fs.writeFile(_SCRATCH, array)
            with open(_SCRATCH, "rb") as handle:
                data = handle.read(int(array.length))
            fs.unlink(_SCRATCH)
            return data
        except Exception:  # not the file system this interpreter reads: use the slow way
            _fs_state["usable"] = False
    return bytes(array)


_fs_state = {"usable": True}


def _interpreter_fs():
    # The MicroPython build keeps its Emscripten module (and its in-memory file system) on
    # window.Module; checked by use (_to_bytes), so another build only costs speed.
    if not _fs_state["usable"]:
        return None
    module = getattr(window, "Module", None)
    return getattr(module, "FS", None) if module is not None else None


async def set_text_and_paint(selector, text):
    """Set an element's text and let the browser paint it before the interpreter gets busy
    (a status line saying what is being done)."""
    import asyncio
    set_text(selector, text)
    await asyncio.sleep(0.02)


def set_timeout(seconds, callback):
    """Call callback() once, seconds from now; returns an id for clear_timeout."""
    holder = []

    def fire(*_args):
        if holder and holder[0] in _proxies:
            _proxies.remove(holder[0])
        callback()
    proxy = create_proxy(fire)
    holder.append(proxy)
    _proxies.append(proxy)
    return window.setTimeout(proxy, int(seconds * 1000))


def clear_timeout(timer):
    window.clearTimeout(timer)


def local_time_text(iso):
    """A moment (ISO UTC text) as the device shows dates and times, e.g. "Nov 30, 2026, 7:35 PM"."""
    date = window.Date.new(iso)
    return str(date.toLocaleString(window.navigator.language,
                                   to_js({"dateStyle": "medium", "timeStyle": "short"})))


# --- added for the first screen in the page (issue 15; web/runner.py) ---

# {"#id": digest of the HTML the build wrote into that element}, until the app first writes it
_first_screen = {}


def take_over(digests):
    """The build wrote the app's first screen into these elements (web/first_screen.py): the
    app's first set_html of the same HTML keeps the page's element instead of writing it
    again, so an answer chosen or a name typed before Python was ready stays."""
    _first_screen.clear()
    _first_screen.update(digests or {})


def hand_over(outcome):
    """Tell the page's early script (model/tools/app_page.js) that the app is "ready" (it
    does what the reader did meanwhile) or has "failed" (it drops that)."""
    _first_screen.clear()
    early = _early_script()
    if early is not None:
        getattr(early, outcome)()


async def next_task():
    """Let the browser have a turn (the reader's tap, a paint) before the next piece of work:
    web/runner.py starts an app in steps, so no one step holds the page for long."""
    early = _early_script()
    if early is not None:
        await early.nextTask()
    else:  # MicroPython's asyncio runs a sleep(0) at once, without giving the browser a turn
        import asyncio
        await asyncio.sleep(0.001)


def _early_script():
    """The page's early script's object (model/tools/app_page.js), or None without it."""
    try:
        early = window.policyDeskApp
    except AttributeError:
        return None
    return early if early is not None and str(early) != "undefined" else None


# --- added for the quiz in a learning system (web/lms.py) ---

SCORM_APIS = (("2004", "API_1484_11"), ("1.2", "API"))
API_SEARCH_LIMIT = 500  # frames searched, as in ADL's discovery algorithm


def scorm_api(version=None):
    """(version, call) for the learning system's SCORM API object, or None; call(method,
    *args) calls one of its methods. Found the standard way: this window and each parent up
    to the top, then the top window's opener and its parents; version ("1.2" or "2004") limits
    the search to that version's object (API or API_1484_11)."""
    for api_version, name in SCORM_APIS:
        if version not in (None, api_version):
            continue
        api = _find_api(window, name)
        if api is None:
            api = _find_api(_opener(), name)
        if api is not None:
            return api_version, lambda method, *args: getattr(api, method)(*args)
    return None


def _opener():
    try:
        return window.top.opener
    except Exception:  # another origin's window: no API of ours there
        return None


def _find_api(start, name):
    current = start
    for _ in range(API_SEARCH_LIMIT):
        if current is None:
            return None
        try:
            api = getattr(current, name, None)
            parent = current.parent
        except Exception:  # a frame of another origin: the search ends there
            return None
        if api is not None:
            return api
        if parent is None or _same(parent, current):
            return None
        current = parent
    return None


def _same(one, other):
    # JavaScript's Object.is ("is" is a keyword in Python): the top window is its own parent.
    return bool(getattr(window.Object, "is")(one, other))


def log_error(text):
    """text as an error in the browser console (for whoever debugs; tests fail on one)."""
    window.console.error(text)


def on_page_exit(handler):
    """handler(event), once, when the page goes away: closed, reloaded, navigated away or its
    frame removed (pagehide; beforeunload too, which some frames only get)."""
    done = []

    def once(event):
        if not done:
            done.append(True)
            handler(event)
    proxy = create_proxy(once)
    _proxies.append(proxy)
    window.addEventListener("pagehide", proxy)
    window.addEventListener("beforeunload", proxy)


def rewrite_links(selector, rewrite):
    """Keep every link inside selector pointing at rewrite(href) and opening in a new window,
    also after its content is replaced (a MutationObserver)."""
    root = element(selector)

    def fix(*_):
        links = root.querySelectorAll("a[href]")
        for i in range(links.length):
            link = links.item(i)
            link.setAttribute("href", rewrite(str(link.getAttribute("href"))))
            link.setAttribute("target", "_blank")
            link.setAttribute("rel", "noopener")
    proxy = create_proxy(fix)
    _proxies.append(proxy)
    window.MutationObserver.new(proxy).observe(root, to_js({"childList": True, "subtree": True}))
    fix()
