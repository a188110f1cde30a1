"""Serve a built site on 127.0.0.1 the way a static host does: gzip, keep-alive, validators.

Like GitHub Pages: text and wasm are sent gzip-compressed when the browser accepts it, every
response may be cached 10 minutes (Cache-Control: max-age=600) and carries an ETag, so a warm
visit within 10 minutes makes no request at all. Files are read and compressed once, at
start, so the server's own speed is not what the benchmark measures. `extra` maps URL paths
(e.g. "/helper-floor/") to files outside the site: the floor pages, never published.
"""
import gzip
import hashlib
import http.server
import mimetypes
import os
import threading
from urllib.parse import unquote, urlparse

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
         ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
         ".py": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".xml": "application/xml"}
COMPRESSED = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".py", ".svg", ".xml", ".txt")
MAX_AGE = 600


class Entry:
    """One file, ready to send: raw and gzip bytes, type and ETag."""
    __slots__ = ("body", "gzipped", "type", "etag")

    def __init__(self, path):
        with open(path, "rb") as handle:
            self.body = handle.read()
        extension = os.path.splitext(path)[1]
        self.type = TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.gzipped = gzip.compress(self.body, 6, mtime=0) if extension in COMPRESSED else None
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def load_site(site_dir, extra=None):
    """{URL path: Entry}: '/orders/x/index.html' and also '/orders/x/' for each index.html."""
    entries = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            full = os.path.join(folder, name)
            url = "/" + os.path.relpath(full, site_dir).replace(os.sep, "/")
            entries[url] = Entry(full)
            if name == "index.html":
                entries[url[:-len("index.html")]] = entries[url]
    for url, path in (extra or {}).items():
        entries[url] = Entry(path)
    return entries


def handler_for(entries):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"   # keep-alive: a real host does not reconnect per file

        def do_GET(self):
            self.respond(send_body=True)

        def do_HEAD(self):
            self.respond(send_body=False)

        def respond(self, send_body):
            path = unquote(urlparse(self.path).path)
            entry = entries.get(path)
            if entry is None and (path + "/") in entries:
                self.send_empty(301, {"Location": path + "/"})
            elif entry is None:
                self.send_empty(404, {})
            elif self.headers.get("If-None-Match") == entry.etag:
                self.send_empty(304, {"ETag": entry.etag, "Cache-Control": f"max-age={MAX_AGE}"})
            else:
                self.send_entry(entry, send_body)

        def send_entry(self, entry, send_body):
            use_gzip = entry.gzipped is not None and "gzip" in self.headers.get("Accept-Encoding", "")
            body = entry.gzipped if use_gzip else entry.body
            self.send_response(200)
            self.send_header("Content-Type", entry.type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.send_header("ETag", entry.etag)
            self.send_header("Vary", "Accept-Encoding")
            if use_gzip:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def send_empty(self, status, headers):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


class SiteServer:
    """`with SiteServer(site_dir, extra) as url:` serves on a free loopback port."""

    def __init__(self, site_dir, extra=None):
        self.entries = load_site(site_dir, extra)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self.entries))
        self.server.daemon_threads = True

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def compressed_bytes(entries, paths):
    """What sending these site paths costs on the wire (gzip where the server uses it)."""
    total = 0
    for path in paths:
        entry = entries["/" + path]
        total += len(entry.gzipped if entry.gzipped is not None else entry.body)
    return total
